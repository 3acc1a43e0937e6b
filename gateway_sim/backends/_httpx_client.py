"""``JythonHttpClient``, ``Response`` and ``Promise`` over httpx (CPython only).

Failure modes as scripts see them on a gateway: non-2xx statuses do not raise;
a connect timeout raises ``java.net.http.HttpConnectTimeoutException``, a request
timeout ``java.net.http.HttpTimeoutException``, a refused/unresolvable host
``java.net.ConnectException``, a malformed URL ``java.lang.IllegalArgumentException``
(the CPython stand-ins from ``gateway_sim.java``). Timeouts are in milliseconds.
May import: the standard library, httpx, ``gateway_sim``.
"""
from __future__ import absolute_import, division, print_function

import json as _json
import threading
import time

import httpx

from gateway_sim.java.io import IOException
from gateway_sim.java.lang import IllegalArgumentException, Throwable, make_java_exception
from gateway_sim.java.net import ConnectException
from gateway_sim.java.net.http import HttpConnectTimeoutException, HttpTimeoutException
from gateway_sim.backends._http_common import (  # noqa: F401 (re-exported)
    ClientSettings,
    COOKIE_POLICIES, METHODS, REDIRECT_POLICIES, VERSIONS, Promise, RequestInfo, Response,
    _choice, _ms, add_verbs, encode_body)

class _RoutingTransport(httpx.BaseTransport):
    """Stub routes first; then the real network unless passthrough is off."""

    def __init__(self, backend, real):
        self._backend = backend
        self._real = real

    def handle_request(self, request):
        url = str(request.url)
        method = request.method
        body = request.read()
        self._backend.record(method, url, dict(request.headers), body)
        route = self._backend.find_route(method, url)
        if route is not None:
            route.hits += 1
            return _route_response(route, request, method, url, body)
        if not self._backend.passthrough:
            raise httpx.ConnectError("no stub route for %s %s and passthrough is off" % (method, url),
                                     request=request)
        return self._real.handle_request(request)

    def close(self):
        self._real.close()


def _route_response(route, request, method, url, body):
    spec = {"status": route.status, "json": route.json, "text": route.text, "body": route.body,
            "headers": route.headers}
    if route.handler is not None:
        from gateway_sim.backends.net import RecordedRequest
        out = route.handler(RecordedRequest(method, url, dict(request.headers), body))
        if isinstance(out, dict):
            spec.update(out)
    delay = route.delay_ms / 1000.0
    timeout = request.extensions.get("timeout", {}).get("read")
    if delay:
        if timeout is not None and delay > timeout:
            time.sleep(timeout)
            raise httpx.ReadTimeout("stub route %s %s delayed %d ms" % (method, url, route.delay_ms),
                                    request=request)
        time.sleep(delay)
    headers = dict(spec.get("headers") or {})
    if spec.get("json") is not None:
        content = _json.dumps(spec["json"]).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    elif spec.get("text") is not None:
        content = spec["text"].encode("utf-8")
        headers.setdefault("Content-Type", "text/plain; charset=utf-8")
    else:
        content = spec.get("body") or b""
        if isinstance(content, str):
            content = content.encode("utf-8")
    return httpx.Response(int(spec.get("status", 200)), headers=headers, content=content,
                          request=request)


def map_error(exc, url, legacy=False):
    """The Java exception a gateway would raise for an httpx error."""
    if isinstance(exc, Throwable):
        return exc
    if isinstance(exc, httpx.ConnectTimeout):
        if legacy:
            from gateway_sim.java.net import SocketTimeoutException
            return make_java_exception(SocketTimeoutException, "connect timed out", exc)
        return make_java_exception(HttpConnectTimeoutException, "HTTP connect timed out", exc)
    if isinstance(exc, httpx.TimeoutException):
        if legacy:
            from gateway_sim.java.net import SocketTimeoutException
            return make_java_exception(SocketTimeoutException, "Read timed out", exc)
        return make_java_exception(HttpTimeoutException, "request timed out", exc)
    if isinstance(exc, (httpx.ConnectError, httpx.RemoteProtocolError)) and \
            isinstance(exc, httpx.ConnectError):
        return make_java_exception(ConnectException, "%s (%s)" % (exc, url), exc)
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return make_java_exception(IllegalArgumentException, "invalid URI %r: %s" % (url, exc), exc)
    if isinstance(exc, httpx.HTTPError):
        return make_java_exception(IOException, "%s: %s (%s)" % (type(exc).__name__, exc, url), exc)
    return exc


class JythonHttpClient(ClientSettings):
    """``system.net.httpClient(...)`` result. Reuse one client: it keeps connections."""

    def __init__(self, backend, timeout=None, bypass_cert_validation=False, username=None,
                 password=None, proxy=None, cookie_policy="ACCEPT_ORIGINAL_SERVER",
                 redirect_policy="NORMAL", version="HTTP_2", customizer=None):
        if customizer is not None:
            from gateway_sim.errors import NotImplementedInSimulator
            raise NotImplementedInSimulator("system.net.httpClient(customizer=...) (there is no "
                                            "java.net.http.HttpClient.Builder to customise)")
        self._backend = backend
        self._connect_ms = _ms("timeout", timeout if timeout is not None
                               else backend.version_default_timeout())
        self._cookie_policy = _choice("cookie_policy", cookie_policy, COOKIE_POLICIES)
        self._redirect_policy = _choice("redirect_policy", redirect_policy, REDIRECT_POLICIES)
        self._version = _choice("version", version, VERSIONS)
        if (username is None) != (password is None):
            raise make_java_exception(IllegalArgumentException,
                                      "give both username and password for basic auth, or neither")
        self._auth = (username, password) if username is not None else None
        real = httpx.HTTPTransport(verify=not bypass_cert_validation,
                                   proxy=("http://" + proxy if proxy and "://" not in proxy else proxy))
        self._client = httpx.Client(transport=_RoutingTransport(backend, real),
                                    follow_redirects=self._redirect_policy != "NEVER")
        self._lock = threading.Lock()

    # --- getters ----------------------------------------------------------------------
    def getCookieManager(self):
        return None

    def getJavaClient(self):
        from gateway_sim.errors import NotImplementedInSimulator
        raise NotImplementedInSimulator("JythonHttpClient.getJavaClient() (no Java HttpClient "
                                        "under CPython)")

    javaClient = property(getJavaClient)

    # --- requests ----------------------------------------------------------------------
    def request(self, method, url, params=None, data=None, file=None, headers=None,
                username=None, password=None, timeout=None):
        """Send ``method url`` and return the Response (non-2xx statuses do not raise)."""
        method = _choice("method", method, METHODS)
        if not isinstance(url, str) or not url:
            raise make_java_exception(IllegalArgumentException, "url must be a non-empty string, "
                                      "got %r" % (url,))
        if params is not None and not isinstance(params, dict):
            raise make_java_exception(IllegalArgumentException, "params must be a dict, got %r"
                                      % (params,))
        if headers is not None and not isinstance(headers, dict):
            raise make_java_exception(IllegalArgumentException, "headers must be a dict, got %r"
                                      % (headers,))
        hdrs = dict((str(k), str(v)) for k, v in (headers or {}).items())
        body, ctype = encode_body(data, file, hdrs)
        if ctype:
            hdrs["Content-Type"] = ctype
        req_ms = _ms("timeout", timeout)
        connect_s = self._connect_ms / 1000.0
        if req_ms is not None:
            tmo = httpx.Timeout(req_ms / 1000.0, connect=min(connect_s, req_ms / 1000.0))
        else:
            tmo = httpx.Timeout(None, connect=connect_s)
        auth = (username, password) if username is not None else self._auth
        try:
            resp = self._client.request(method, url, params=params, content=body, headers=hdrs,
                                        auth=auth, timeout=tmo)
        except BaseException as exc:  # noqa
            raise map_error(exc, url)
        if self._cookie_policy == "ACCEPT_NONE":
            self._client.cookies.clear()
        out_headers = {}
        for k, v in resp.headers.multi_items():
            out_headers.setdefault(k.lower(), []).append(v)
        info = RequestInfo(method, str(resp.request.url), hdrs, req_ms, self._version)
        return Response(resp.status_code, out_headers, resp.content, str(resp.url), info,
                        resp.charset_encoding)

    def requestAsync(self, method, url, params=None, data=None, file=None, headers=None,
                     username=None, password=None, timeout=None):
        return Promise(lambda: self.request(method, url, params, data, file, headers,
                                            username, password, timeout))

    def _close(self):
        try:
            self._client.close()
        except Exception:
            pass

    def __repr__(self):
        return "JythonHttpClient[connectTimeout=%d ms, redirect=%s, version=%s]" % (
            self._connect_ms, self._redirect_policy, self._version)


add_verbs(JythonHttpClient)


# --- legacy system.net.http* ------------------------------------------------------------
def legacy_request(backend, method, url, content_type=None, body=None, connect_timeout=10000,
                   read_timeout=60000, username=None, password=None, header_values=None,
                   bypass_cert=None, throw_on_error=True):
    """The old HttpURLConnection-style calls: return the body text; non-2xx raise
    (``java.io.FileNotFoundException`` for 404, ``java.io.IOException`` otherwise)."""
    from gateway_sim.java.io import FileNotFoundException
    if not isinstance(url, str) or not url:
        raise make_java_exception(IllegalArgumentException, "url must be a non-empty string")
    hdrs = dict((str(k), str(v)) for k, v in (header_values or {}).items())
    if content_type:
        hdrs["Content-Type"] = content_type
    if isinstance(body, str):
        body = body.encode("utf-8")
    tmo = httpx.Timeout(_ms("readTimeout", read_timeout) / 1000.0 if read_timeout else None,
                        connect=_ms("connectTimeout", connect_timeout) / 1000.0
                        if connect_timeout else None)
    auth = (username, password) if username is not None else None
    transport = _RoutingTransport(backend, httpx.HTTPTransport(verify=not bypass_cert))
    with httpx.Client(transport=transport, follow_redirects=True) as client:
        try:
            resp = client.request(method, url, content=body, headers=hdrs, auth=auth, timeout=tmo)
        except BaseException as exc:  # noqa
            raise map_error(exc, url, legacy=True)
    text = resp.text
    if resp.status_code >= 400 and throw_on_error:
        if resp.status_code == 404:
            raise make_java_exception(FileNotFoundException, url)
        raise make_java_exception(IOException, "Server returned HTTP response code: %d for URL: %s"
                                  % (resp.status_code, url))
    return text


__all__ = ["JythonHttpClient", "Response", "Promise", "legacy_request", "map_error"]
