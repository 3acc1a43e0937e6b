"""``system.net``: ``httpClient`` (Ignition's JythonHttpClient) and the legacy
``httpGet``/``httpPost``/``httpPut``/``httpDelete``.

Delegates to ``gw.net`` (``gateway_sim.backends.net``: httpx on CPython, the JDK's
``java.net.http`` client on Jython).
``system.net.httpClient`` is callable (``httpClient(timeout=5000)``) and, as in
8.3, also usable directly as a shared client (``system.net.httpClient.get(url)``).
Single-source 2.7/3.x. May import: ``gateway_sim`` core (the backend lazily).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim import catalog as _catalog
from gateway_sim.registry import declare_missing, implements

_module_globals = globals()


def _backend():
    return runtime.current().net


class _HttpClientFactory(object):
    """``system.net.httpClient``: call it for a new client; use its methods for the shared one."""

    __name__ = "httpClient"

    def __call__(self, timeout=None, bypass_cert_validation=False, username=None, password=None,
                 proxy=None, cookie_policy="ACCEPT_ORIGINAL_SERVER", redirect_policy="NORMAL",
                 version="HTTP_2", customizer=None):
        """A new JythonHttpClient. ``timeout`` is the connect timeout in ms (default 60000 on
        8.1, 10000 on 8.3). Create one and reuse it."""
        return _backend().make_client(
            timeout=timeout, bypass_cert_validation=bypass_cert_validation, username=username,
            password=password, proxy=proxy, cookie_policy=cookie_policy,
            redirect_policy=redirect_policy, version=version, customizer=customizer)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(_backend().shared_client(), name)

    def __repr__(self):
        return "<system.net.httpClient>"


httpClient = implements("system.net.httpClient")(_HttpClientFactory())


def _legacy(method, url, contentType=None, data=None, connectTimeout=10000, readTimeout=60000,
            username=None, password=None, headerValues=None, bypassCertValidation=None,
            throwOnError=True):
    from gateway_sim._compat import IS_JYTHON
    if IS_JYTHON:  # pragma: no cover
        from gateway_sim.backends._jdk_http import legacy_request
    else:
        from gateway_sim.backends._httpx_client import legacy_request
    return legacy_request(_backend(), method, url, contentType, data, connectTimeout, readTimeout,
                          username, password, headerValues, bypassCertValidation, throwOnError)


@implements("system.net.httpGet")
def httpGet(url, connectTimeout=10000, readTimeout=60000, username=None, password=None,
            headerValues=None, bypassCertValidation=None, useCaches=True, throwOnError=True):
    """GET ``url`` and return the body text (deprecated in 8.3, still works)."""
    return _legacy("GET", url, None, None, connectTimeout, readTimeout, username, password,
                   headerValues, bypassCertValidation, throwOnError)


@implements("system.net.httpPost")
def httpPost(url, contentType=None, postData=None, connectTimeout=10000, readTimeout=60000,
             username=None, password=None, headerValues=None, bypassCertValidation=None,
             throwOnError=True, postParams=None):
    """POST and return the body text. ``httpPost(url, {"k": "v"})`` sends a form;
    ``httpPost(url, contentType, postData)`` sends ``postData`` as is."""
    if isinstance(contentType, dict) and postData is None:
        postParams, contentType = contentType, None
    if postParams is not None:
        try:
            from urllib.parse import urlencode
        except ImportError:  # pragma: no cover
            from urllib import urlencode
        postData = urlencode(sorted(postParams.items()))
        contentType = "application/x-www-form-urlencoded"
    return _legacy("POST", url, contentType, postData, connectTimeout, readTimeout, username,
                   password, headerValues, bypassCertValidation, throwOnError)


@implements("system.net.httpPut")
def httpPut(url, contentType=None, putData=None, connectTimeout=10000, readTimeout=60000,
            username=None, password=None, headerValues=None, bypassCertValidation=None,
            throwOnError=True):
    """PUT ``putData`` and return the body text."""
    return _legacy("PUT", url, contentType, putData, connectTimeout, readTimeout, username,
                   password, headerValues, bypassCertValidation, throwOnError)


@implements("system.net.httpDelete")
def httpDelete(url, contentType=None, connectTimeout=10000, readTimeout=60000, username=None,
               password=None, headerValues=None, bypassCertValidation=None, throwOnError=True):
    """DELETE ``url`` and return the body text."""
    return _legacy("DELETE", url, contentType, None, connectTimeout, readTimeout, username,
                   password, headerValues, bypassCertValidation, throwOnError)


@implements("system.net.getHostName")
def getHostName():
    """This machine's host name."""
    import socket
    runtime.current()
    return socket.gethostname()


@implements("system.net.getIpAddress")
def getIpAddress():
    """This machine's IP address (best effort; 127.0.0.1 if it cannot be resolved)."""
    import socket
    runtime.current()
    try:
        return socket.gethostbyname(socket.gethostname())
    except (socket.error, OSError):
        return "127.0.0.1"


@implements("system.net.getExternalIpAddress")
def getExternalIpAddress():
    """Not reachable offline: returns the local address (the real call asks an Internet service)."""
    return getIpAddress()


from gateway_sim.system._net_gateway import getRemoteServers, sendEmail  # noqa: E402,F401

declare_missing(_module_globals, "system.net", _catalog.names("system.net"))
