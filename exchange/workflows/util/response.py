"""Response envelope shared by ``api.service`` and ``api.admin`` (upstream 1.5 / 1.10).

Every API function returns::

    {"ok": bool, "code": str, "message": str, "data": dict, "meta": dict, ...data keys}

``meta`` always holds ``tsMs`` (gateway clock) and, when the caller says when it
started, ``durationMs`` (clamped >= 0). Keys of ``data`` that do not collide with
the five envelope keys are mirrored at the top level, because upstream callers
read ``resp["workflowId"]`` directly.

May import: the standard library, ``exchange.workflows.compat`` and (lazily)
``exchange.workflows.engine.host`` for the gateway clock.
"""
from __future__ import absolute_import, division, print_function

import time

from exchange.workflows import compat

ENVELOPE_KEYS = ("ok", "code", "message", "data", "meta")

_DEFAULT_OK = ("OK", "Success")
_DEFAULT_ERR = ("ERROR", "Request failed")


def nowMs():
    """Gateway epoch milliseconds; the wall clock if no gateway answers.

    An envelope builder must never raise (it is what reports errors), so a
    missing host falls back to the process clock instead of propagating.
    """
    try:
        from exchange.workflows.engine import host
        return int(host.now_ms())
    except compat.CATCHABLE:
        return int(time.time() * 1000)


def _text(value, fallback):
    if value is None:
        return fallback
    try:
        text = compat.to_text(value)
    except compat.CATCHABLE:
        text = fallback
    return text if text else fallback


def _build(ok, code, message, data, meta, startedMs, defaults):
    data = dict(data) if isinstance(data, dict) else {}
    meta = dict(meta) if isinstance(meta, dict) else {}
    now = nowMs()
    meta["tsMs"] = now
    if startedMs is not None:
        try:
            meta["durationMs"] = max(0, int(now - int(startedMs)))
        except (TypeError, ValueError):
            meta["durationMs"] = 0
    resp = {}
    # Mirror data first so the envelope keys always win a collision.
    for key in data:
        if key not in ENVELOPE_KEYS:
            resp[key] = data[key]
    resp["ok"] = bool(ok)
    resp["code"] = _text(code, defaults[0])
    resp["message"] = _text(message, defaults[1])
    resp["data"] = data
    resp["meta"] = meta
    return resp


def makeOk(code, message, data=None, meta=None, startedMs=None):
    """Success envelope. Non-dict ``data`` becomes ``{}``; empty code -> ``OK``."""
    return _build(True, code, message, data, meta, startedMs, _DEFAULT_OK)


def makeErr(code, message, data=None, meta=None, startedMs=None):
    """Failure envelope (``ok`` False). Empty code -> ``ERROR``."""
    return _build(False, code, message, data, meta, startedMs, _DEFAULT_ERR)


def isEnvelope(resp):
    """True when ``resp`` has the upstream envelope shape (used by tests and callers)."""
    if not isinstance(resp, dict):
        return False
    if not isinstance(resp.get("ok"), bool):
        return False
    if not isinstance(resp.get("code"), compat.string_types):
        return False
    if not isinstance(resp.get("message"), compat.string_types):
        return False
    if not isinstance(resp.get("data"), dict) or not isinstance(resp.get("meta"), dict):
        return False
    return "tsMs" in resp["meta"]
