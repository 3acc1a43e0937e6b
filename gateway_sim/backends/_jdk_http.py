"""``JythonHttpClient`` for gateway_sim on Jython, over the JDK's ``java.net.http.HttpClient``
(what Ignition itself wraps). Failures are the real Java exceptions
(``java.net.http.HttpTimeoutException``, ``java.net.ConnectException``...).
Stub routes of ``gw.net`` answer before the network, as on CPython.

Jython only at run time (imports ``java.*``); single-source syntax.
May import: the standard library, ``java.*``, ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import json as _json

from gateway_sim._compat import string_types
from gateway_sim.backends._http_common import (  # noqa: F401
    ClientSettings,
    COOKIE_POLICIES, METHODS, REDIRECT_POLICIES, VERSIONS, Promise, RequestInfo, Response,
    _choice, _ms, add_verbs, encode_body)
from gateway_sim.jvm import IllegalArgumentException, make_java_exception


def _java():
    from java.net import URI, CookieManager, CookiePolicy, ProxySelector, InetSocketAddress
    from java.net.http import HttpClient, HttpRequest, HttpResponse
    from java.time import Duration
    return locals()


def _query(url, params):
    if not params:
        return url
    try:
        from urllib import urlencode
    except ImportError:  # pragma: no cover
        from urllib.parse import urlencode
    q = urlencode(sorted((str(k), u"%s" % (v,)) for k, v in params.items()))
    return url + ("&" if "?" in url else "?") + q


def _to_bytes(java_bytes):
    return bytes(bytearray(b & 0xFF for b in java_bytes)) if java_bytes is not None else b""


class JdkJythonHttpClient(ClientSettings):
    """Same interface as the CPython client (``gateway_sim.backends._httpx_client``)."""

    def __init__(self, backend, timeout=None, bypass_cert_validation=False, username=None,
                 password=None, proxy=None, cookie_policy="ACCEPT_ORIGINAL_SERVER",
                 redirect_policy="NORMAL", version="HTTP_2", customizer=None):
        j = _java()
        self._j = j
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
        HttpClient = j["HttpClient"]
        builder = HttpClient.newBuilder()
        builder.connectTimeout(j["Duration"].ofMillis(int(self._connect_ms)))
        builder.followRedirects(getattr(HttpClient.Redirect, self._redirect_policy))
        builder.version(getattr(HttpClient.Version, self._version))
        cm = j["CookieManager"]()
        cm.setCookiePolicy(getattr(j["CookiePolicy"], self._cookie_policy))
        builder.cookieHandler(cm)
        self._cookies = cm
        if proxy:
            host, _, port = proxy.replace("http://", "").partition(":")
            builder.proxy(j["ProxySelector"].of(j["InetSocketAddress"](host, int(port or 80))))
        if bypass_cert_validation:
            builder.sslContext(_trust_all_context())
        if customizer is not None:
            customizer(builder)
        self._client = builder.build()

    def getCookieManager(self):
        return self._cookies

    def getJavaClient(self):
        return self._client

    javaClient = property(getJavaClient)

    def request(self, method, url, params=None, data=None, file=None, headers=None,
                username=None, password=None, timeout=None):
        method = _choice("method", method, METHODS)
        if not isinstance(url, string_types) or not url:
            raise make_java_exception(IllegalArgumentException,
                                      "url must be a non-empty string, got %r" % (url,))
        if params is not None and not isinstance(params, dict):
            raise make_java_exception(IllegalArgumentException, "params must be a dict")
        if headers is not None and not isinstance(headers, dict):
            raise make_java_exception(IllegalArgumentException, "headers must be a dict")
        hdrs = dict((str(k), u"%s" % (v,)) for k, v in (headers or {}).items())
        body, ctype = encode_body(data, file, hdrs)
        if ctype:
            hdrs["Content-Type"] = ctype
        auth = (username, password) if username is not None else self._auth
        if auth is not None:
            import base64
            token = base64.b64encode(("%s:%s" % auth).encode("utf-8")).decode("ascii")
            hdrs["Authorization"] = "Basic " + token
        full = _query(url, params)
        req_ms = _ms("timeout", timeout)
        self._backend.record(method, full, dict(hdrs), body or b"")
        route = self._backend.find_route(method, full)
        info = RequestInfo(method, full, hdrs, req_ms, self._version)
        if route is not None:
            return _route_response(route, method, full, body, hdrs, info, self._backend)
        if not self._backend.passthrough:
            from java.net import ConnectException
            raise ConnectException("no stub route for %s %s and passthrough is off"
                                   % (method, full))
        j = self._j
        try:
            uri = j["URI"].create(full)
        except Exception as exc:  # noqa - Python-side errors from the URI coercion
            raise make_java_exception(IllegalArgumentException, "invalid URI %r: %s" % (full, exc))
        rb = j["HttpRequest"].newBuilder(uri)
        for k, v in hdrs.items():
            rb.header(k, v)
        pub = j["HttpRequest"].BodyPublishers
        rb.method(method, pub.ofByteArray(body) if body else pub.noBody())
        if req_ms is not None:
            rb.timeout(j["Duration"].ofMillis(int(req_ms)))
        resp = self._client.send(rb.build(), j["HttpResponse"].BodyHandlers.ofByteArray())
        out_headers = {}
        m = resp.headers().map()
        for k in m.keySet():
            out_headers[str(k).lower()] = [u"%s" % v for v in m.get(k)]
        return Response(resp.statusCode(), out_headers, _to_bytes(resp.body()),
                        str(resp.uri().toString()), info)

    def requestAsync(self, method, url, params=None, data=None, file=None, headers=None,
                     username=None, password=None, timeout=None):
        return Promise(lambda: self.request(method, url, params, data, file, headers,
                                            username, password, timeout))

    def _close(self):
        return None

    def __repr__(self):
        return "JythonHttpClient[connectTimeout=%d ms, redirect=%s, version=%s]" % (
            self._connect_ms, self._redirect_policy, self._version)


add_verbs(JdkJythonHttpClient)


def _route_response(route, method, url, body, hdrs, info, backend):
    route.hits += 1
    spec = {"status": route.status, "json": route.json, "text": route.text, "body": route.body,
            "headers": route.headers}
    if route.handler is not None:
        from gateway_sim.backends.net import RecordedRequest
        out = route.handler(RecordedRequest(method, url, hdrs, body or b""))
        if isinstance(out, dict):
            spec.update(out)
    if route.delay_ms:
        if info.timeout is not None and route.delay_ms > info.timeout:
            from java.net.http import HttpTimeoutException
            raise HttpTimeoutException("request timed out")
        import time
        time.sleep(route.delay_ms / 1000.0)
    headers = dict((k.lower(), [v]) for k, v in (spec.get("headers") or {}).items())
    if spec.get("json") is not None:
        content = _json.dumps(spec["json"]).encode("utf-8")
        headers.setdefault("content-type", ["application/json"])
    elif spec.get("text") is not None:
        content = spec["text"].encode("utf-8")
        headers.setdefault("content-type", ["text/plain; charset=utf-8"])
    else:
        content = spec.get("body") or b""
    return Response(int(spec.get("status", 200)), headers, content, url, info)


def _trust_all_context():
    from javax.net.ssl import SSLContext, X509TrustManager

    class TrustAll(X509TrustManager):
        def checkClientTrusted(self, chain, auth):
            pass

        def checkServerTrusted(self, chain, auth):
            pass

        def getAcceptedIssuers(self):
            return None
    ctx = SSLContext.getInstance("TLS")
    ctx.init(None, [TrustAll()], None)
    return ctx


def legacy_request(backend, method, url, content_type=None, body=None, connect_timeout=10000,
                   read_timeout=60000, username=None, password=None, header_values=None,
                   bypass_cert=None, throw_on_error=True):
    """The old calls on Jython: body text; non-2xx raise FileNotFoundException (404) or IOException."""
    from java.io import FileNotFoundException, IOException
    client = JdkJythonHttpClient(backend, timeout=connect_timeout,
                                 bypass_cert_validation=bool(bypass_cert), username=username,
                                 password=password, redirect_policy="NORMAL", version="HTTP_1_1")
    hdrs = dict(header_values or {})
    if content_type:
        hdrs["Content-Type"] = content_type
    data = body if body is not None else None
    resp = client.request(method, url, data=data, headers=hdrs, timeout=read_timeout)
    if resp.statusCode >= 400 and throw_on_error:
        if resp.statusCode == 404:
            raise FileNotFoundException(url)
        raise IOException("Server returned HTTP response code: %d for URL: %s"
                          % (resp.statusCode, url))
    return resp.text
