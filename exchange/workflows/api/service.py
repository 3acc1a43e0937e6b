"""Operator/script-facing service API: start, dispatch, command, cancel, list.

Every function returns the envelope of ``util.response`` and never raises:
Python and Java exceptions alike (``compat.CATCHABLE``) become a failure
envelope. Codes are upstream's (1.5); a failure code is chosen by exception
TYPE (``exchange.workflows.errors``), never by matching message text.

Codes added here (upstream callers that only test ``ok`` keep working):

* ``UNKNOWN_COMMAND``  sendCommand with a command outside ``is88.models.ALL_COMMANDS``
  (data ``{workflowId, cmd, allowed}``).
* ``WORKFLOW_NOT_FOUND`` sendCommand to a workflow id that has no run row
  (data ``{workflowId, topic, cmd}``).
* ``INVALID_INPUTS``   start/enqueueInMemory with inputs that are not JSON
  serializable, or a bad priority/timeout (data ``{error, workflowName}``).
* ``DEDUPLICATION_CONFLICT`` start whose deduplication id is already active and
  the engine's policy is to reject (data ``{error, workflowName, deduplicationId}``).
* ``WORKFLOW_CONFLICT`` start with an existing ``workflowId`` but another workflow or
  other inputs (DBOS's "conflicting workflow"; data ``{error, workflowName,
  workflowId, existingWorkflowName}``). The same start repeated stays ``ok``.
* ``INPUT_TOO_LARGE`` inputs whose JSON is over the engine's ``maxInputBytes``
  (data ``{error, workflowName, sizeBytes, limitBytes}``).
* ``INVALID_INPUTS`` also when the inputs do not fit the workflow's signature
  (unknown or missing parameter; data adds ``parameter``), nest too deep, or the
  priority/timeout is out of range (inf, NaN, negative, beyond the column).
* ``INVALID_ARGUMENTS`` start with a bad ``workflowId`` (too long for the column),
  queue/partition/dedup text over 190 characters or an unknown ``dedupPolicy``.
* ``WORKFLOW_NOT_FOUND`` also for ``cancel`` of an id that has no run.
* ``WORKFLOW_NOT_ACTIVE`` sendCommand to a run that already ended (data adds ``status``).
* Error texts in envelopes and logs are clipped (``errors.clip``): a database error
  can carry every bound parameter.
* ``WORKFLOW_NOT_REGISTERED`` is now also returned by ``enqueueInMemory`` for an
  unknown name (upstream accepted it and the run failed later).

``meta`` carries ``tsMs``, ``durationMs``, ``dbName``, ``queueName`` where relevant
and ``generation`` (upstream never set it in service responses: bug fixed).

May import: ``exchange.workflows`` (compat, settings, errors, util.response,
is88.models) and, lazily, ``exchange.workflows.engine.instance`` and the pure checks
of ``exchange.workflows.engine.validate``.
"""
from __future__ import absolute_import, division, print_function

import functools

from exchange.workflows import compat, errors
from exchange.workflows.is88 import models as is88
from exchange.workflows.util.response import makeErr, makeOk, nowMs

# Failure code of ``start`` by exception type; first match wins (no message matching).
START_ERROR_CODES = (
    (errors.MaintenanceActive, "MAINTENANCE_ACTIVE"),
    (errors.WorkflowNotFound, "WORKFLOW_NOT_REGISTERED"),
    (errors.DuplicateWorkflow, "DEDUPLICATION_CONFLICT"),
    (errors.WorkflowConflict, "WORKFLOW_CONFLICT"),
    (errors.SerializationError, "INVALID_INPUTS"),
    (errors.InputTooLarge, "INPUT_TOO_LARGE"),
    (errors.InvalidInputs, "INVALID_INPUTS"),
    (errors.InvalidArgument, "INVALID_ARGUMENTS"),
)


# --- shared helpers (admin.py uses them too) ---------------------------------

def codeForException(exc, table, default):
    """Envelope code for ``exc`` from ``(exception class, code)`` pairs, by isinstance."""
    for cls, code in table:
        if isinstance(exc, cls):
            return code
    return default


def getRuntime(dbName=None):
    """A runtime facade bound to ``dbName`` (engine imported lazily: no import cycle)."""
    from exchange.workflows.engine import instance
    return instance.getWorkflows(dbName)


def resolveDbName(dbName):
    try:
        from exchange.workflows import settings
        return settings.resolveDbName(dbName)
    except compat.CATCHABLE:
        return dbName or "WorkflowsDB"


def generationOf(rt):
    """The runtime generation for ``meta.generation``; None if it cannot be read."""
    try:
        return int(rt.getGeneration())
    except compat.CATCHABLE:
        return None


def baseMeta(dbName, rt=None, queueName=None, withQueue=False):
    meta = {"dbName": resolveDbName(dbName)}
    if withQueue:
        meta["queueName"] = queueName
    if rt is not None:
        generation = generationOf(rt)
        if generation is not None:
            meta["generation"] = generation
    return meta


def logFailure(where, exc):
    """Log a failure without letting logging itself fail the call (text clipped)."""
    try:
        from exchange.workflows import settings
        from exchange.workflows.engine import host
        host.logger(settings.getLoggerName("api")).warn(
            "evt=api.failure where=%s error=%s" % (where, errorText(exc)))
    except compat.CATCHABLE:
        pass


def errorText(exc):
    """The exception's text, clipped (``errors.clip``): a database error can carry every
    bound parameter, and an envelope must never echo a whole input back."""
    return errors.clip(compat.exception_text(exc))


def guarded(failureCode):
    """Decorator: whatever escapes the body (a bug included) becomes ``failureCode``."""
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            started = nowMs()
            try:
                return fn(*args, **kwargs)
            except compat.CATCHABLE as exc:
                logFailure(fn.__name__, exc)
                return makeErr(failureCode, "%s failed: %s" % (fn.__name__, errorText(exc)),
                               {"error": errorText(exc)}, {"dbName": kwargs.get("dbName")},
                               started)
        return wrapper
    return decorate


def _isName(value):
    return isinstance(value, compat.string_types) and bool(value.strip())



def _precheck(workflowName, priority, timeoutSeconds, dbName, queueName, started):
    """The failure envelope for a missing name or non-numeric priority/timeout, else None."""
    if not _isName(workflowName):
        return makeErr("INVALID_WORKFLOW_NAME",
                       "workflowName is required: pass a registered workflow name "
                       "(see listWorkflows())", {}, baseMeta(dbName, None, queueName, True),
                       started)
    problem = _checkNumbers(priority, timeoutSeconds)
    if problem:
        return makeErr("INVALID_INPUTS", problem, {"error": problem, "workflowName": workflowName},
                       baseMeta(dbName, None, queueName, True), started)
    return None

def _checkNumbers(priority, timeoutSeconds):
    """Return an error text for a bad priority/timeout (the engine's rules), else None."""
    from exchange.workflows.engine import validate  # pure checks: no engine state
    try:
        validate.priority(priority)
        if timeoutSeconds is not None:
            validate.seconds("timeoutSeconds", timeoutSeconds, allow_zero=False)
    except errors.InvalidArgument as exc:
        return errorText(exc)
    return None


# --- public API --------------------------------------------------------------

@guarded("DISPATCH_FAILED")
def dispatch(queueName=None, maxToClaim=None, dbName=None, flushMaxItems=None, flushMaxMs=None):
    """Run one dispatch cycle (flush in-memory starts, claim and start runs).

    ``queueName`` None lets the engine dispatch every queue (upstream only ever
    dispatched ``default`` from the timer). Returns ``DISPATCH_OK`` with
    ``claimedCount`` or ``DISPATCH_FAILED`` with ``error``.
    """
    started = nowMs()
    rt = None
    try:
        rt = getRuntime(dbName)
        claimed = rt.dispatch(queueName=queueName, maxToClaim=maxToClaim,
                              flushMaxItems=flushMaxItems, flushMaxMs=flushMaxMs)
        return makeOk("DISPATCH_OK", "Dispatch cycle complete",
                      {"claimedCount": int(claimed or 0)},
                      baseMeta(dbName, rt, queueName, True), started)
    except compat.CATCHABLE as exc:
        logFailure("dispatch", exc)
        return makeErr("DISPATCH_FAILED", "Dispatch failed: %s" % errorText(exc),
                       {"error": errorText(exc)}, baseMeta(dbName, rt, queueName, True), started)


@guarded("START_FAILED")
def start(workflowName=None, inputs=None, queueName=None, partitionKey=None, priority=0,
          deduplicationId=None, applicationVersion=None, timeoutSeconds=None,
          allowDuringMaintenance=False, dbName=None, workflowId=None, dedupPolicy=None):
    """Durably enqueue a run; returns ``WORKFLOW_ENQUEUED`` with ``workflowId``.

    New optional arguments, passed to the engine only when given: ``workflowId``
    (caller-chosen id, so a retried start is idempotent) and ``dedupPolicy``
    (``"reject"`` or ``"return_existing"`` for an active ``deduplicationId``).
    """
    started = nowMs()
    bad = _precheck(workflowName, priority, timeoutSeconds, dbName, queueName, started)
    if bad is not None:
        return bad
    rt = None
    try:
        rt = getRuntime(dbName)
        kwargs = dict(queueName=queueName, partitionKey=partitionKey,
                      priority=_priority(priority),
                      deduplicationId=deduplicationId, applicationVersion=applicationVersion,
                      timeoutSeconds=timeoutSeconds,
                      allowDuringMaintenance=bool(allowDuringMaintenance))
        if workflowId is not None:
            kwargs["workflowId"] = workflowId
        if dedupPolicy is not None:
            kwargs["dedupPolicy"] = dedupPolicy
        wid = rt.enqueue(workflowName, inputs or {}, **kwargs)
        return makeOk("WORKFLOW_ENQUEUED", "Workflow enqueued",
                      {"workflowId": wid, "workflowName": workflowName},
                      baseMeta(dbName, rt, queueName, True), started)
    except compat.CATCHABLE as exc:
        code = codeForException(exc, START_ERROR_CODES, "START_FAILED")
        logFailure("start", exc)
        data = {"error": errorText(exc), "workflowName": workflowName}
        if code == "DEDUPLICATION_CONFLICT":
            data["deduplicationId"] = deduplicationId
            data["existingWorkflowId"] = getattr(exc, "existing_id", None)
        elif code == "WORKFLOW_CONFLICT":
            data["workflowId"] = getattr(exc, "existing_id", None) or workflowId
            data["existingWorkflowName"] = getattr(exc, "existing_name", None)
        elif code == "INPUT_TOO_LARGE":
            data["sizeBytes"] = getattr(exc, "size", None)
            data["limitBytes"] = getattr(exc, "limit", None)
        elif code == "INVALID_INPUTS" and getattr(exc, "parameter", None) is not None:
            data["parameter"] = exc.parameter
        return makeErr(code, "Start failed: %s" % errorText(exc), data,
                       baseMeta(dbName, rt, queueName, True), started)


@guarded("IN_MEMORY_ENQUEUE_FAILED")
def enqueueInMemory(workflowName=None, inputs=None, queueName=None, partitionKey=None, priority=0,
                    deduplicationId=None, applicationVersion=None, timeoutSeconds=None,
                    allowDuringMaintenance=None, dbName=None):
    """Fast, volatile start for tag-event threads; flushed durably by ``dispatch``.

    Returns ``IN_MEMORY_ENQUEUE_ACCEPTED`` (data = the engine's ack) or
    ``IN_MEMORY_ENQUEUE_REJECTED`` (ok False, data.reason e.g. maintenance,
    overflow, invalid_payload).
    """
    started = nowMs()
    bad = _precheck(workflowName, priority, timeoutSeconds, dbName, queueName, started)
    if bad is not None:
        return bad
    rt = None
    try:
        rt = getRuntime(dbName)
        # Validate the name now: upstream accepted unknown names and the run
        # surfaced later as an ERROR row nobody asked for.
        try:
            rt.getWorkflowFn(workflowName)
        except errors.WorkflowNotFound as exc:
            return makeErr("WORKFLOW_NOT_REGISTERED",
                           "Workflow not registered: %s" % workflowName,
                           {"accepted": False, "reason": "workflow_not_registered",
                            "workflowName": workflowName, "error": errorText(exc)},
                           baseMeta(dbName, rt, queueName, True), started)
        ack = rt.enqueueInMemory(workflowName, inputs or {}, queueName=queueName,
                                 partitionKey=partitionKey,
                                 priority=_priority(priority),
                                 deduplicationId=deduplicationId,
                                 applicationVersion=applicationVersion,
                                 timeoutSeconds=timeoutSeconds,
                                 allowDuringMaintenance=allowDuringMaintenance)
        ack = dict(ack) if isinstance(ack, dict) else {"accepted": bool(ack)}
        if ack.get("accepted"):
            return makeOk("IN_MEMORY_ENQUEUE_ACCEPTED", "Accepted into the in-memory queue", ack,
                          baseMeta(dbName, rt, queueName, True), started)
        return makeErr("IN_MEMORY_ENQUEUE_REJECTED",
                       "In-memory enqueue rejected: %s" % ack.get("reason", "unknown"), ack,
                       baseMeta(dbName, rt, queueName, True), started)
    except compat.CATCHABLE as exc:
        logFailure("enqueueInMemory", exc)
        return makeErr("IN_MEMORY_ENQUEUE_FAILED", "In-memory enqueue failed: %s" % errorText(exc),
                       {"error": errorText(exc), "workflowName": workflowName},
                       baseMeta(dbName, rt, queueName, True), started)


def _priority(priority):
    from exchange.workflows.engine import validate
    return validate.priority(priority)


def workflowExists(rt, workflowId):
    """True/False when the engine can tell whether a run row exists; None if it cannot."""
    getter = getattr(rt, "getStatus", None)
    if getter is None:
        return None
    return getter(workflowId) is not None


def runStatus(rt, workflowId):
    """(exists, status text or None); exists is None when the engine cannot tell."""
    getter = getattr(rt, "getStatus", None)
    if getter is None:
        return None, None
    info = getter(workflowId)
    if info is None:
        return False, None
    status = info.get("status") if isinstance(info, dict) else info
    return True, (compat.to_text(status) if status is not None else None)


TERMINAL_STATUSES = ("SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED")


@guarded("COMMAND_SEND_FAILED")
def sendCommand(workflowId=None, cmd=None, reason=None, topic="cmd", dbName=None):
    """Send an ISA-88 command (HOLD/RESUME/STOP/RESET) to a run's mailbox.

    The message body is ``{"cmd": CMD}`` plus ``reason`` when given. Unlike
    upstream the command must be known (``UNKNOWN_COMMAND``) and the run must
    exist (``WORKFLOW_NOT_FOUND``).
    """
    started = nowMs()
    topic = topic or "cmd"
    if not _isName(workflowId) or cmd is None:
        return makeErr("INVALID_ARGUMENTS",
                       "workflowId and cmd are required, e.g. sendCommand(workflowId, 'HOLD')",
                       {"workflowId": workflowId}, baseMeta(dbName), started)
    norm = is88.normalizeCommand(cmd)
    if norm is None:
        return makeErr("UNKNOWN_COMMAND",
                       "Unknown command %r; use one of %s" % (cmd, ", ".join(is88.ALL_COMMANDS)),
                       {"workflowId": workflowId, "cmd": compat.to_text(cmd),
                        "allowed": list(is88.ALL_COMMANDS)}, baseMeta(dbName), started)
    rt = None
    try:
        rt = getRuntime(dbName)
        exists, status = runStatus(rt, workflowId)
        if exists is False:
            return makeErr("WORKFLOW_NOT_FOUND", "No workflow run with id %s" % workflowId,
                           {"workflowId": workflowId, "topic": topic, "cmd": norm},
                           baseMeta(dbName, rt), started)
        if status in TERMINAL_STATUSES:
            return makeErr("WORKFLOW_NOT_ACTIVE",
                           "Workflow %s already ended (%s): nothing will read the command; "
                           "start or resume a run first" % (workflowId, status),
                           {"workflowId": workflowId, "topic": topic, "cmd": norm,
                            "status": status}, baseMeta(dbName, rt), started)
        message = {"cmd": norm}
        if reason:
            message["reason"] = reason
        rt.send(workflowId, message, topic=topic)
        return makeOk("COMMAND_SENT", "Command %s sent" % norm,
                      {"workflowId": workflowId, "topic": topic, "cmd": norm},
                      baseMeta(dbName, rt), started)
    except compat.CATCHABLE as exc:
        logFailure("sendCommand", exc)
        return makeErr("COMMAND_SEND_FAILED", "Command send failed: %s" % errorText(exc),
                       {"workflowId": workflowId, "error": errorText(exc)},
                       baseMeta(dbName, rt), started)


@guarded("CANCEL_FAILED")
def cancel(workflowId=None, reason=None, dbName=None):
    """Cancel an active run; ``CANCEL_REQUESTED`` (count 0 when it had already ended);
    ``WORKFLOW_NOT_FOUND`` when no run has that id (upstream answered ok, count 0)."""
    started = nowMs()
    if not _isName(workflowId):
        return makeErr("INVALID_ARGUMENTS", "workflowId is required, e.g. cancel(workflowId)",
                       {"workflowId": workflowId}, baseMeta(dbName), started)
    rt = None
    try:
        rt = getRuntime(dbName)
        if workflowExists(rt, workflowId) is False:
            return makeErr("WORKFLOW_NOT_FOUND", "No workflow run with id %s; check the "
                           "workflowId" % workflowId, {"workflowId": workflowId},
                           baseMeta(dbName, rt), started)
        count = rt.cancelWorkflow(workflowId, reason or "")
        return makeOk("CANCEL_REQUESTED", "Cancel requested",
                      {"workflowId": workflowId, "cancelledCount": int(count or 0)},
                      baseMeta(dbName, rt), started)
    except compat.CATCHABLE as exc:
        logFailure("cancel", exc)
        return makeErr("CANCEL_FAILED", "Cancel failed: %s" % errorText(exc),
                       {"workflowId": workflowId, "error": errorText(exc)},
                       baseMeta(dbName, rt), started)


@guarded("WORKFLOW_OPTIONS_FAILED")
def listWorkflows(dbName=None):
    """Registered workflow names as dropdown options ``[{label, value}]``."""
    started = nowMs()
    rt = None
    try:
        rt = getRuntime(dbName)
        names = sorted(rt.listWorkflows())
        options = [{"label": n, "value": n} for n in names]
        return makeOk("WORKFLOW_OPTIONS_OK", "Workflow options loaded",
                      {"options": options, "count": len(options)}, baseMeta(dbName, rt), started)
    except compat.CATCHABLE as exc:
        logFailure("listWorkflows", exc)
        return makeErr("WORKFLOW_OPTIONS_FAILED", "Listing workflows failed: %s" % errorText(exc),
                       {"error": errorText(exc)}, baseMeta(dbName, rt), started)
