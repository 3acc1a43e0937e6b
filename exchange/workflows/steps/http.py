"""Built-in HTTP step: ``http.request``.

Uses the gateway's HTTP client through the host seam (``host.http_client``).
HTTP error statuses are returned, not raised; network failures and timeouts
(Python or Java exceptions) propagate as step errors so retries apply.

May import: the standard library, ``exchange.workflows`` (bootstrap, compat,
steps.common) and, lazily, ``engine.host``.
"""
from __future__ import absolute_import, division, print_function

import json

from exchange.workflows import compat
from exchange.workflows.bootstrap import step
from exchange.workflows.steps import common

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE")


def _has_header(headers, name):
    return any(compat.to_text(k).lower() == name for k in headers)


def _response_headers(resp):
    raw = getattr(resp, "headers", None)
    if raw is None:
        getter = getattr(resp, "getHeaders", None)
        raw = getter() if callable(getter) else {}
    safe = common.jsonSafe(raw)
    return safe if isinstance(safe, dict) else {}


def _response_text(resp):
    try:
        text = getattr(resp, "text", None)
        if text is None and callable(getattr(resp, "getText", None)):
            text = resp.getText()
    except compat.CATCHABLE:  # a binary body that does not decode
        return None
    text = compat.to_text(text) if text is not None else None
    return text or None  # an empty body (HEAD, 204) reads as "no text", like upstream


@step(name="http.request")
def request(method, url, headers=None, params=None, data=None, json_body=None, timeout_ms=10000):
    """Send one HTTP request: ``{status (int), text (or None), headers (dict)}``.

    ``method`` is upper-cased (empty -> GET). ``json_body`` wins over ``data`` and
    is sent as JSON with ``Content-Type: application/json`` unless a content type
    is given. ``headers`` in the result map each name to the client's value (a
    list of strings with Ignition's client).
    """
    verb = compat.to_text(method or "GET").strip().upper() or "GET"
    if verb not in METHODS:
        raise ValueError("http.request: unsupported method %r; use one of %s"
                         % (method, ", ".join(METHODS)))
    if not isinstance(url, compat.string_types) or not url.strip():
        raise ValueError("http.request: url must be an absolute http(s) URL, got %r" % (url,))
    timeout = common.requireMs("http.request", "timeout_ms", timeout_ms, allowZero=False)
    if headers is not None and not isinstance(headers, dict):
        raise ValueError("http.request: headers must be a dict of name -> value, got %r"
                         % (headers,))
    headers = dict(headers or {})
    body = data
    if json_body is not None:
        body = json.dumps(json_body)
        if not _has_header(headers, "content-type"):
            headers["Content-Type"] = "application/json"
    from exchange.workflows.engine import host
    client = host.http_client(int(timeout))
    kwargs = {"headers": headers or None, "timeout": int(timeout)}
    if params:
        kwargs["params"] = params
    if body is not None:
        kwargs["data"] = body
    resp = getattr(client, verb.lower())(url, **kwargs)
    status = getattr(resp, "statusCode", None)
    if status is None:
        status = resp.getStatusCode()
    return {"status": int(status), "text": _response_text(resp),
            "headers": _response_headers(resp)}
