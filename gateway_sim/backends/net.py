"""State behind ``system.net``: HTTP clients over httpx (CPython only).

``NetBackend`` makes ``JythonHttpClient`` look-alikes (``gateway_sim.backends._httpx_client``)
and holds optional *stub routes* so scripts can run offline: a route answers a
method + URL with a canned status/body (or a Python handler) before any network
is touched; ``passthrough=False`` makes unknown URLs fail like a refused
connection. Every request is recorded in ``gw.net.requests`` for assertions.

Config section ``http``::

    {"defaultTimeout": 10000, "passthrough": true,
     "routes": [{"method": "GET", "url": "http://mes/api/orders", "status": 200,
                 "json": {"orders": []}, "headers": {"X-Id": "1"}, "delayMs": 0}]}

On Jython the client is the JDK's ``java.net.http.HttpClient`` (``_jdk_http``), as
in Ignition. May import: the standard library, ``gateway_sim`` core; ``httpx``
(CPython) or ``java.*`` (Jython) lazily.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim._compat import IS_JYTHON, string_types
from gateway_sim.errors import ConfigError

CONFIG_KEYS = ("defaultTimeout", "passthrough", "routes")
ROUTE_KEYS = ("method", "url", "status", "json", "text", "body", "headers", "delayMs")


class Route(object):
    """A canned answer for ``method`` + ``url`` (``url`` exact, or a prefix ending in ``*``)."""

    def __init__(self, method, url, status=200, json=None, text=None, body=None, headers=None,
                 delay_ms=0, handler=None):
        self.method = (method or "*").upper()
        self.url = url
        self.status = int(status)
        self.json = json
        self.text = text
        self.body = body
        self.headers = dict(headers or {})
        self.delay_ms = delay_ms or 0
        self.handler = handler
        self.hits = 0

    def matches(self, method, url):
        if self.method not in ("*", method.upper()):
            return False
        if self.url.endswith("*"):
            return url.startswith(self.url[:-1])
        return url == self.url or url.split("?", 1)[0] == self.url


class RecordedRequest(object):
    """What a script sent: ``method``, ``url``, ``headers`` (dict), ``body`` (bytes)."""

    def __init__(self, method, url, headers, body):
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body

    def json(self):
        import json
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<RecordedRequest %s %s>" % (self.method, self.url)


class NetBackend(object):
    """Per-gateway HTTP state: stub routes, recorded requests, open clients."""

    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.RLock()
        self.routes = []
        self.requests = []
        self.passthrough = True
        self.default_timeout = None  # ms; None -> the version default (8.1: 60000, 8.3: 10000)
        self._clients = []
        self._shared = None

    # --- configuration --------------------------------------------------------------
    def configure(self, section, base_dir=None):
        if not isinstance(section, dict):
            raise ConfigError("the http section must be a mapping, got %s" % type(section).__name__,
                              node="http")
        unknown = [k for k in section if k not in CONFIG_KEYS]
        if unknown:
            raise ConfigError("unknown key(s) %s; known: %s" % (", ".join(sorted(unknown)),
                                                               ", ".join(CONFIG_KEYS)), node="http")
        if "defaultTimeout" in section:
            t = section["defaultTimeout"]
            if isinstance(t, bool) or not isinstance(t, (int, float)) or t <= 0:
                raise ConfigError("defaultTimeout must be a positive number of ms, got %r" % (t,),
                                  node="http.defaultTimeout")
            self.default_timeout = t
        if "passthrough" in section:
            self.passthrough = bool(section["passthrough"])
        for i, r in enumerate(section.get("routes") or []):
            node = "http.routes[%d]" % i
            if not isinstance(r, dict) or not isinstance(r.get("url"), string_types):
                raise ConfigError("a route needs at least a 'url' string", node=node)
            bad = [k for k in r if k not in ROUTE_KEYS]
            if bad:
                raise ConfigError("unknown route key(s) %s; known: %s"
                                  % (", ".join(sorted(bad)), ", ".join(ROUTE_KEYS)), node=node)
            self.add_route(r.get("method", "*"), r["url"], status=r.get("status", 200),
                           json=r.get("json"), text=r.get("text"), body=r.get("body"),
                           headers=r.get("headers"), delay_ms=r.get("delayMs", 0))

    def add_route(self, method, url, status=200, json=None, text=None, body=None, headers=None,
                  delay_ms=0, handler=None):
        """Answer ``method url`` with a canned response, or ``handler(request) -> dict``
        (keys status/json/text/body/headers). Later routes win over earlier ones."""
        route = Route(method, url, status, json, text, body, headers, delay_ms, handler)
        with self._lock:
            self.routes.insert(0, route)
        return route

    def find_route(self, method, url):
        with self._lock:
            for r in self.routes:
                if r.matches(method, url):
                    return r
        return None

    def record(self, method, url, headers, body):
        rec = RecordedRequest(method, url, headers, body)
        with self._lock:
            self.requests.append(rec)
        return rec

    def version_default_timeout(self):
        if self.default_timeout is not None:
            return self.default_timeout
        return 10000 if self.gateway.version == "8.3" else 60000

    # --- clients ---------------------------------------------------------------------
    def make_client(self, **options):
        """A new ``JythonHttpClient`` (options as ``system.net.httpClient``)."""
        if IS_JYTHON:  # pragma: no cover - the JDK's java.net.http client, as Ignition
            from gateway_sim.backends._jdk_http import JdkJythonHttpClient as client_cls
        else:
            from gateway_sim.backends._httpx_client import JythonHttpClient as client_cls
        client = client_cls(self, **options)
        with self._lock:
            self._clients.append(client)
        return client

    def shared_client(self):
        """The client behind 8.3's ``system.net.httpClient.get(...)`` form."""
        with self._lock:
            if self._shared is None:
                self._shared = self.make_client()
            return self._shared

    def close(self):
        with self._lock:
            clients, self._clients = self._clients, []
            self._shared = None
        for c in clients:
            c._close()
