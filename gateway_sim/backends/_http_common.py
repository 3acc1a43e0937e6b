"""Pieces of ``system.net`` shared by the httpx client (CPython) and the JDK client
(Jython): ``Response``, ``Promise``, ``RequestInfo``, argument checks, body encoding.

Single-source 2.7/3.x. May import: the standard library, ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import json as _json
import os
import threading
import time

from gateway_sim import jvm
from gateway_sim._compat import IS_JYTHON, PY2, string_types, text_type
from gateway_sim.jvm import IllegalArgumentException, make_java_exception

if IS_JYTHON:  # pragma: no cover
    from java.util.concurrent import CancellationException, TimeoutException
else:
    from gateway_sim.java.util.concurrent import CancellationException, TimeoutException

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")
COOKIE_POLICIES = ("ACCEPT_ALL", "ACCEPT_NONE", "ACCEPT_ORIGINAL_SERVER")
REDIRECT_POLICIES = ("NEVER", "NORMAL", "ALWAYS")
VERSIONS = ("HTTP_2", "HTTP_1_1")
CATCH_ALL = (BaseException,) + jvm.JAVA_EXCEPTIONS


def _ms(name, value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise make_java_exception(IllegalArgumentException,
                                  "%s must be a number of milliseconds >= 0, got %r" % (name, value))
    return float(value)


def _choice(name, value, choices):
    v = str(value).upper() if value is not None else None
    if v not in choices:
        raise make_java_exception(IllegalArgumentException,
                                  "%s must be one of %s, got %r" % (name, ", ".join(choices), value))
    return v



class ClientSettings(object):
    """The settings getters both JythonHttpClient implementations answer (Java getter names)."""

    def getConnectTimeout(self):
        return int(self._connect_ms)

    def getRedirectPolicy(self):
        return self._redirect_policy

    def getCookiePolicy(self):
        return self._cookie_policy

    def getVersion(self):
        return self._version

class RequestInfo(object):
    """``response.request``: method, url, headers, timeout (ms), version."""

    def __init__(self, method, url, headers, timeout, version):
        self.method, self.url, self.headers, self.timeout, self.version = \
            method, url, headers, timeout, version

    def getMethod(self):
        return self.method

    def getUrl(self):
        return self.url

    def getHeaders(self):
        return self.headers

    def getTimeout(self):
        return self.timeout

    def getVersion(self):
        return self.version


class Response(object):
    """Ignition's ``Response``: attributes and Java getters."""

    def __init__(self, status, headers, body, url, request, encoding=None):
        self.statusCode = status
        self.headers = headers
        self.body = body
        self.url = url
        self.request = request
        self.cookieManager = None
        self.javaResponse = None
        self._encoding = encoding

    @property
    def good(self):
        return 200 <= self.statusCode < 300

    @property
    def clientError(self):
        return 400 <= self.statusCode < 500

    @property
    def serverError(self):
        return 500 <= self.statusCode < 600

    @property
    def text(self):
        return self.getText()

    @property
    def json(self):
        return self.getJson()

    def getText(self, charset=None):
        enc = charset or self._encoding or "utf-8"
        try:
            return self.body.decode(enc, "replace")
        except LookupError:
            raise make_java_exception(IllegalArgumentException, "unknown charset %r" % (charset,))

    def getJson(self, charset=None):
        text = self.getText(charset)
        try:
            return _json.loads(text)
        except ValueError as exc:
            ctype = (self.headers.get("content-type") or ["?"])[0]
            raise make_java_exception(
                IllegalArgumentException,
                "response body of %s is not JSON (content-type %s, %s): %r"
                % (self.url, ctype, exc, text[:80]))

    def getStatusCode(self):
        return self.statusCode

    def isGood(self):
        return self.good

    def isClientError(self):
        return self.clientError

    def isServerError(self):
        return self.serverError

    def getBody(self):
        return self.body

    def getHeaders(self):
        return self.headers

    def getUrl(self):
        return self.url

    def getRequest(self):
        return self.request

    def getCookieManager(self):
        return None

    def __repr__(self):
        return "Response[statusCode=%d, url=%s]" % (self.statusCode, self.url)

    __str__ = __repr__


class Promise(object):
    """Ignition's ``Promise``: ``get(timeout_seconds=60)``, ``then``, ``handleException``,
    ``whenComplete``, ``isDone``, ``cancel``, ``getFuture``."""

    def __init__(self, fn=None):
        self._cond = threading.Condition()
        self._state = "PENDING"
        self._value = None
        self._error = None
        self._listeners = []
        if fn is not None:
            t = threading.Thread(target=self._run, args=(fn,), name="gateway-sim-http-async")
            t.daemon = True
            t.start()

    def _run(self, fn):
        try:
            self._settle(fn(), None)
        except CATCH_ALL as exc:  # noqa - Java and Python alike go into the promise
            self._settle(None, exc)

    def _settle(self, value, error):
        with self._cond:
            if self._state != "PENDING":
                return
            self._state = "FAILED" if error is not None else "DONE"
            self._value, self._error = value, error
            listeners, self._listeners = self._listeners, []
            self._cond.notify_all()
        for fn in listeners:
            fn()

    def _listen(self, fn):
        with self._cond:
            if self._state == "PENDING":
                self._listeners.append(fn)
                return
        fn()

    def get(self, timeout=60):
        """Block up to ``timeout`` seconds for the Response; re-raise the request's error."""
        end = None if timeout is None else time.time() + timeout
        with self._cond:
            while self._state == "PENDING":
                left = None if end is None else end - time.time()
                if left is not None and left <= 0:
                    raise make_java_exception(TimeoutException,
                                              "promise not completed within %s s" % timeout)
                self._cond.wait(0.05 if left is None else min(left, 0.05))
            if self._state == "CANCELLED":
                raise make_java_exception(CancellationException, "promise was cancelled")
            if self._error is not None:
                raise self._error
            return self._value

    def then(self, callback):
        """New Promise of ``callback(value)`` -- or ``callback(value, error)`` if it takes two
        arguments, which then also sees failures."""
        two = _arity(callback) >= 2
        nxt = Promise()

        def fire():
            if self._error is not None and not two:
                nxt._settle(None, self._error)
                return
            try:
                res = callback(self._value, self._error) if two else callback(self._value)
                nxt._settle(res, None)
            except CATCH_ALL as exc:  # noqa
                nxt._settle(None, exc)
        self._listen(fire)
        return nxt

    def handleException(self, callback):
        """New Promise that turns a failure into ``callback(error)``'s value."""
        nxt = Promise()

        def fire():
            if self._error is None:
                nxt._settle(self._value, None)
                return
            try:
                nxt._settle(callback(self._error), None)
            except CATCH_ALL as exc:  # noqa
                nxt._settle(None, exc)
        self._listen(fire)
        return nxt

    def whenComplete(self, callback):
        """Call ``callback(value, error)`` when done; the new Promise keeps the outcome."""
        nxt = Promise()

        def fire():
            try:
                callback(self._value, self._error)
            except CATCH_ALL as exc:  # noqa
                nxt._settle(None, exc)
                return
            nxt._settle(self._value, self._error)
        self._listen(fire)
        return nxt

    def isDone(self):
        with self._cond:
            return self._state != "PENDING"

    def cancel(self):
        with self._cond:
            if self._state != "PENDING":
                return False
            self._state = "CANCELLED"
            self._error = make_java_exception(CancellationException, "promise was cancelled")
            listeners, self._listeners = self._listeners, []
            self._cond.notify_all()
        for fn in listeners:
            fn()
        return True

    def getFuture(self):
        return self


def _arity(fn):
    """Positional parameters ``fn`` accepts (2 for ``*args``)."""
    import inspect
    try:
        if hasattr(inspect, "signature"):
            sig = inspect.signature(fn)
            n = 0
            for p in sig.parameters.values():
                if p.kind == p.VAR_POSITIONAL:
                    return 2
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                    n += 1
            return n
        target = fn if inspect.isfunction(fn) or inspect.ismethod(fn) else \
            getattr(fn, "__call__", fn)
        spec = inspect.getargspec(target)
        if spec.varargs:
            return 2
        return len(spec.args) - (1 if inspect.ismethod(target) else 0)
    except (TypeError, ValueError):
        return 1


def encode_body(data, file, headers):
    """Body bytes and content type for Ignition's ``data``/``file`` arguments."""
    has_ctype = any(k.lower() == "content-type" for k in headers)
    if data is not None and file is not None:
        raise make_java_exception(IllegalArgumentException, "pass either data or file, not both")
    if file is not None:
        if not os.path.isfile(str(file)):
            raise make_java_exception(IllegalArgumentException, "file %r does not exist" % (file,))
        with open(str(file), "rb") as f:
            return f.read(), None if has_ctype else "application/octet-stream"
    if data is None:
        return None, None
    if isinstance(data, (dict, list)):
        from gateway_sim.system._json import jsonEncode
        return jsonEncode(data).encode("utf-8"), None if has_ctype else "application/json"
    if isinstance(data, string_types):  # text (on Jython a plain str is text, as in Ignition)
        return _utf8(data), None if has_ctype else "text/plain; charset=utf-8"
    if isinstance(data, bytearray) or (not PY2 and isinstance(data, bytes)) or _is_java_bytes(data):
        return bytes(bytearray(data)), None if has_ctype else "application/octet-stream"
    raise make_java_exception(IllegalArgumentException,
                              "data must be a dict/list (sent as JSON), a str (text) or bytes, "
                              "got %s" % type(data).__name__)


def _verb(method):
    def call(self, url, params=None, data=None, file=None, headers=None, username=None,
             password=None, timeout=None):
        return self.request(method, url, params, data, file, headers, username, password, timeout)
    call.__name__ = method.lower()
    call.__doc__ = "%s ``url``; returns a Response." % method

    def call_async(self, url, params=None, data=None, file=None, headers=None, username=None,
                   password=None, timeout=None):
        return self.requestAsync(method, url, params, data, file, headers, username, password,
                                 timeout)
    call_async.__name__ = method.lower() + "Async"
    call_async.__doc__ = "%s ``url`` without blocking; returns a Promise." % method
    return call, call_async


def add_verbs(cls):
    """Give a client class ``get``/``post``/... and ``getAsync``/``postAsync``/... over
    its ``request``/``requestAsync``."""
    for m in METHODS:
        sync, async_ = _verb(m)
        setattr(cls, m.lower(), sync)
        setattr(cls, m.lower() + "Async", async_)
    return cls


def _utf8(text):
    if isinstance(text, text_type):
        return text.encode("utf-8")
    return text


def _is_java_bytes(data):
    return IS_JYTHON and type(data).__name__ == "array" and getattr(data, "typecode", "") == "b"
