"""Administrative API: schema check, retention, maintenance and generation swap.

Same envelope and never-raise rule as ``api.service``; codes are upstream's (1.6).
``meta.generation`` is copied from the runtime's status dict when present.

Differences from upstream (deliberate fixes):

* ``applyRetention`` returns ``RETENTION_FAILED`` (data ``{error}``) when retention
  itself fails; upstream reported ``RETENTION_APPLIED`` because the runtime
  swallowed the error.
* ``enterMaintenance`` with ``queueName=None`` passes None to the engine, so cancel
  mode cancels every queue (all named queues are dispatched now); pass a queue
  name to scope it, as the upstream UI does with ``"default"``.
* ``checkSchema`` also fails (``SCHEMA_CHECK_FAILED``) when the schema is absent.

May import: ``exchange.workflows`` (compat, util.response, api.service helpers)
and, lazily, the engine.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.api import service as _service
from exchange.workflows.api.service import baseMeta, errorText, guarded, logFailure
from exchange.workflows.util.response import makeErr, makeOk, nowMs

MAINTENANCE_MODES = ("drain", "cancel")


def _meta(dbName, result=None, rt=None, queueName=None, withQueue=False):
    meta = baseMeta(dbName, rt, queueName, withQueue)
    if isinstance(result, dict) and result.get("generation") is not None:
        meta["generation"] = result.get("generation")
    return meta


@guarded("SCHEMA_CHECK_FAILED")
def checkSchema(dbName=None):
    """``SCHEMA_OK`` with ``schemaVersion`` (the applied migration number)."""
    started = nowMs()
    rt = None
    try:
        rt = _service.getRuntime(dbName)
        version = rt.getSchemaVersion()
        if version is None:
            return makeErr("SCHEMA_CHECK_FAILED",
                           "No schema version recorded in %s; start the runtime once so the "
                           "migrations run" % (_meta(dbName)["dbName"],),
                           {"schemaVersion": None}, _meta(dbName, None, rt), started)
        return makeOk("SCHEMA_OK", "Schema present", {"schemaVersion": version},
                      _meta(dbName, None, rt), started)
    except compat.CATCHABLE as exc:
        logFailure("checkSchema", exc)
        return makeErr("SCHEMA_CHECK_FAILED", "Schema check failed: %s" % errorText(exc),
                       {"error": errorText(exc)}, _meta(dbName, None, rt), started)


@guarded("RETENTION_FAILED")
def applyRetention(dbName=None):
    """Apply the three retention policies now; ``RETENTION_FAILED`` when they fail."""
    started = nowMs()
    rt = None
    try:
        rt = _service.getRuntime(dbName)
        result = rt.applyRetention()
        data = dict(result) if isinstance(result, dict) else {}
        if data.get("ok") is False:
            error = data.get("error") or "retention failed (see the gateway log)"
            data["error"] = error
            return makeErr("RETENTION_FAILED", "Retention failed: %s" % error, data,
                           _meta(dbName, None, rt), started)
        return makeOk("RETENTION_APPLIED", "Retention applied", data, _meta(dbName, None, rt),
                      started)
    except compat.CATCHABLE as exc:
        logFailure("applyRetention", exc)
        return makeErr("RETENTION_FAILED", "Retention failed: %s" % errorText(exc),
                       {"error": errorText(exc)}, _meta(dbName, None, rt), started)


@guarded("MAINTENANCE_ENABLE_FAILED")
def enterMaintenance(mode="drain", reason="", queueName=None, dbName=None):
    """Enter maintenance: ``drain`` stops new starts/claims; ``cancel`` also cancels work."""
    started = nowMs()
    norm = compat.to_text(mode).strip().lower() if mode is not None else "drain"
    if norm not in MAINTENANCE_MODES:
        return makeErr("INVALID_MODE",
                       "Invalid maintenance mode %r; use 'drain' or 'cancel'" % (mode,),
                       {"mode": mode}, _meta(dbName, queueName=queueName, withQueue=True),
                       started)
    rt = None
    try:
        rt = _service.getRuntime(dbName)
        result = rt.enterMaintenance(mode=norm, reason=reason or "", queueName=queueName)
        return makeOk("MAINTENANCE_ENABLED", "Maintenance enabled (%s)" % norm, result,
                      _meta(dbName, result, rt, queueName, True), started)
    except compat.CATCHABLE as exc:
        logFailure("enterMaintenance", exc)
        return makeErr("MAINTENANCE_ENABLE_FAILED", "Enter maintenance failed: %s" % errorText(exc),
                       {"error": errorText(exc), "mode": norm},
                       _meta(dbName, None, rt, queueName, True), started)


@guarded("MAINTENANCE_DISABLE_FAILED")
def exitMaintenance(dbName=None):
    """Leave maintenance; dispatch resumes."""
    started = nowMs()
    rt = None
    try:
        rt = _service.getRuntime(dbName)
        result = rt.exitMaintenance()
        return makeOk("MAINTENANCE_DISABLED", "Maintenance disabled", result,
                      _meta(dbName, result, rt), started)
    except compat.CATCHABLE as exc:
        logFailure("exitMaintenance", exc)
        return makeErr("MAINTENANCE_DISABLE_FAILED", "Exit maintenance failed: %s" % errorText(exc),
                       {"error": errorText(exc)}, _meta(dbName, None, rt), started)


@guarded("MAINTENANCE_STATUS_FAILED")
def getMaintenanceStatus(dbName=None):
    """Status snapshot (maintenance flag/mode, generation, in-flight, queue depths)."""
    started = nowMs()
    rt = None
    try:
        rt = _service.getRuntime(dbName)
        result = rt.getMaintenanceStatus()
        return makeOk("MAINTENANCE_STATUS", "Maintenance status", result,
                      _meta(dbName, result, rt), started)
    except compat.CATCHABLE as exc:
        logFailure("getMaintenanceStatus", exc)
        return makeErr("MAINTENANCE_STATUS_FAILED", "Status failed: %s" % errorText(exc),
                       {"error": errorText(exc)}, _meta(dbName, None, rt), started)


@guarded("SWAP_FAILED")
def swapIfDrained(dbName=None):
    """Swap to a new executor generation once maintenance has drained all work."""
    started = nowMs()
    rt = None
    try:
        rt = _service.getRuntime(dbName)
        result = rt.swapIfDrained()
        data = dict(result) if isinstance(result, dict) else {"ok": bool(result)}
        if data.get("ok"):
            return makeOk("MAINTENANCE_SWAP_OK", "Executors swapped", data,
                          _meta(dbName, data, rt), started)
        reason = data.get("reason")
        if reason == "maintenance_required":
            code, text = "MAINTENANCE_REQUIRED", "Enter maintenance (drain) before swapping"
        elif reason == "not_drained":
            code, text = "NOT_DRAINED", "Work is still running; wait for it to drain"
        else:
            code, text = "SWAP_FAILED", "Swap failed: %s" % (reason or "unknown reason")
        return makeErr(code, text, data, _meta(dbName, data, rt), started)
    except compat.CATCHABLE as exc:
        logFailure("swapIfDrained", exc)
        return makeErr("SWAP_FAILED", "Swap failed: %s" % errorText(exc),
                       {"error": errorText(exc)}, _meta(dbName, None, rt), started)
