"""Execution of one claimed run on a worker thread, start to terminal status.

The claim already made the run RUNNING for this executor (persistence/claims.py);
a run cancelled through this gateway while it waited for a worker is not started.
Loads its recorded ops in ONE query (skipped for a first execution), binds the context,
calls the workflow function, then writes the terminal status with a guarded
UPDATE retried on DB errors. Outcomes: return -> SUCCESS (a non-JSON result is
stored as a ``result_serialize_error`` payload, as upstream); Cancelled ->
CANCELLED (type ``timeout`` for a passed deadline); LeaseLost -> no write (the new
owner finishes it); a DB failure while recording -> the run is handed back to the
queue (or, if even that fails, left to lease expiry: never silently stuck);
any other Python or Java exception, and any ``BaseException`` user code raises
(``SystemExit`` ...: the gateway is not exiting) -> ERROR. The worker thread always
survives. An execution that ends without its own terminal write (cancelled from
outside, lease lost, failure) clears its fence (``runs.release_execution``) before
it leaves ``activeWorkflows``, so a resume waiting for it proceeds (engine/control.py).
May import: ``compat``, ``errors``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

import sys

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import context, faults, host, kernel as K, registry
from exchange.workflows.engine import serialization as ser
from exchange.workflows.engine.persistence import oplog, runs
from exchange.workflows.engine.persistence import tx as txm
from exchange.workflows.errors import (Cancelled, LeaseLost, NonDeterminismError,
                                       PersistenceError)

# Work item handed from the dispatcher to a worker (a plain tuple: kernel-safe).
ITEM_FIELDS = ("db", "workflow_id", "workflow_name", "queue_name", "partition_key",
               "inputs_json", "timeout_ms", "deadline_ms", "executions", "forked_from",
               "parent_workflow_id")


def make_item(db, row):
    def opt_int(v):
        return None if v is None else int(v)
    return (db, compat.to_text(row["workflow_id"]), compat.to_text(row["workflow_name"]),
            compat.to_text(row["queue_name"]),
            None if row.get("partition_key") is None else compat.to_text(row["partition_key"]),
            row.get("inputs_json"), opt_int(row.get("timeout_ms")),
            opt_int(row.get("deadline_epoch_ms")), int(row.get("executions") or 0),
            row.get("forked_from"),
            None if row.get("parent_workflow_id") is None else compat.to_text(row["parent_workflow_id"]))


def call_workflow(fn, resolved):
    if isinstance(resolved, dict):
        return fn(**dict((str(k), v) for k, v in resolved.items()))
    return fn(resolved)


def execute(rt, item):
    """Run one work item to a terminal state (never raises)."""
    db, wid, name, queue, pkey, inputs_json, timeout_ms, deadline, executions, forked, parent = item
    k = rt.kernel
    log = rt._log
    ex = rt.executor_id
    fenced = False  # the row may still carry this execution's lease
    try:
        if compat.map_get(K.get(k, "cancelRequests"), wid) is not None:
            # cancelled through this gateway while it waited for a worker: never started
            log.warn("evt=wf.start_skipped wf=%s reason=cancelled_before_start" % wid)
            fenced = True  # its lease must go
            return
        if compat.map_get(K.get(k, "leaseLost"), wid) is not None:
            log.warn("evt=wf.start_skipped wf=%s reason=lease_lost_before_start" % wid)
            return  # another executor owns the row now
        faults.point("after_running_commit")
        if parent is not None and _orphaned(rt, db, wid, parent):
            return
        ops = oplog.load(db, wid) if (executions or forked) else {}
        env = ser.loads(inputs_json, {})
        resolved = env.get("resolved", {}) if isinstance(env, dict) else env
        if resolved is None:
            resolved = {}
        ctx = context.RunContext(rt, k, db, rt._dialect(db), ex, wid, name, env, deadline, ops,
                                 queue, pkey)
        ctx.exec_token = compat.map_get(K.get(k, "activeWorkflows"), wid)
        fenced = not _run(rt, ctx, resolved)
    except compat.CATCHABLE as exc:
        log.error("evt=wf.runner_failure wf=%s error=%s\n%s"
                  % (wid, compat.exception_text(exc), compat.format_exc_text()))
        _hand_back(rt, db, wid)
        fenced = True
    except:  # noqa: E722 - engine code interrupted (SystemExit & co.): hand the run back
        exc = sys.exc_info()[1]
        if compat.is_java_exception(exc):
            raise  # only compat.CATCHABLE handles Java exceptions (the interpreter seam)
        log.error("evt=wf.runner_failure wf=%s error=%r" % (wid, exc))
        _hand_back(rt, db, wid)
        fenced = True
    finally:
        context.unbind()
        if fenced:
            _release_fence(rt, db, wid)
        _release_local(rt, db, wid, queue, pkey)


def _orphaned(rt, db, wid, parent):
    """A child whose parent was cancelled before it recorded starting it (the cancel's
    cascade listed the parent's children before this row existed): cancel it before its
    body runs. True if the run was settled here."""
    from exchange.workflows.engine import children
    why = children.orphan_reason(db, wid, parent)
    if why is None:
        return False
    err = ser.safe_dumps({"type": "cancelled", "reason": why})
    n = txm.retrying(lambda: runs.finish(db, wid, rt.executor_id, S.STATUS_CANCELLED, None, err,
                                         host.now_ms()),
                     "cancel orphan %s" % wid, int(K.config(rt.kernel, "dbRetries")), rt._log)
    rt._log.warn("evt=wf.orphan_cancelled wf=%s parent=%s settled=%d" % (wid, parent, n))
    if n != 1:
        _release_fence(rt, db, wid)
    return True


def _run(rt, ctx, resolved):
    """Run the workflow body and settle the row; True if a write of this execution
    cleared its lease (terminal write won), False if the fence may remain."""
    log = rt._log
    wid = ctx.workflowId
    context.bind(ctx)
    log.debug("evt=wf.start wf=%s name=%s" % (wid, ctx.workflowName))
    try:
        fn = registry.workflow_fn(ctx.workflowName)
        result = call_workflow(fn, resolved)
    except Cancelled as exc:
        return _cancelled(rt, ctx, exc)
    except LeaseLost:
        if ctx.abandoned:
            log.warn("evt=wf.abandoned wf=%s: runtime shutting down; handing it back" % wid)
            _hand_back(rt, ctx.db, wid, attempts=1)
            return False
        log.warn("evt=wf.lease_lost wf=%s: another executor owns it now; stopping quietly" % wid)
        return False
    except PersistenceError as exc:
        log.error("evt=wf.persistence_failure wf=%s error=%s; handing the run back"
                  % (wid, compat.exception_text(exc)))
        _hand_back(rt, ctx.db, wid)
        return False
    except compat.CATCHABLE as exc:
        if ctx.persistence_failed:  # user code turned our DB failure into its own error
            _hand_back(rt, ctx.db, wid)
            return False
        return _failed(rt, ctx, exc)
    except:  # noqa: E722 - SystemExit & co. from user code: a failure of the run
        exc = sys.exc_info()[1]
        if compat.is_java_exception(exc):
            raise  # Java exceptions are compat.CATCHABLE's (the interpreter seam), not ours
        if ctx.persistence_failed:
            _hand_back(rt, ctx.db, wid)
            return False
        return _failed(rt, ctx, exc)
    if ctx.persistence_failed:
        log.error("evt=wf.persistence_failure wf=%s: an operation could not be recorded; "
                  "handing the run back" % wid)
        _hand_back(rt, ctx.db, wid)
        return False
    if ctx.fatal is not None:  # user code swallowed a NonDeterminismError
        return _failed(rt, ctx, ctx.fatal)
    try:
        out = ser.dumps_or_none(result, "workflow result")
    except compat.CATCHABLE as exc:
        out = ser.safe_dumps({"type": "result_serialize_error", "message": compat.exception_text(exc),
                              "value": compat.to_text(result)[:2000]})
    faults.point("before_status_commit")
    return _terminal(rt, ctx, S.STATUS_SUCCESS, out, None)


def _failed(rt, ctx, exc):
    kind = "non_determinism" if isinstance(exc, NonDeterminismError) else "workflow_error"
    rt._log.error("evt=wf.exception wf=%s name=%s error=%s"
                  % (ctx.workflowId, ctx.workflowName, compat.exception_text(exc)))
    return _terminal(rt, ctx, S.STATUS_ERROR, None, ser.safe_dumps(ser.error_payload(exc, kind)))


def _cancelled(rt, ctx, exc):
    kind = "timeout" if ctx.timed_out or getattr(exc, "reason_type", "") == "timeout" else "cancelled"
    reason = compat.map_get(K.get(ctx.kernel, "cancelRequests"), ctx.workflowId) or compat.to_text(exc)
    return _terminal(rt, ctx, S.STATUS_CANCELLED, None,
                     ser.safe_dumps({"type": kind, "reason": reason}))


def _terminal(rt, ctx, status, result_json, error_json):
    """Guarded terminal write; True if it won (it also cleared the lease)."""
    k = rt.kernel
    wid = ctx.workflowId
    try:
        n = txm.retrying(lambda: runs.finish(ctx.db, wid, ctx.executor_id, status, result_json,
                                             error_json, host.now_ms()),
                         "terminal %s of %s" % (status, wid), int(K.config(k, "dbRetries")), rt._log)
    except compat.CATCHABLE as exc:
        rt._log.error("evt=wf.terminal_write_failed wf=%s status=%s error=%s; the run stays RUNNING "
                      "until its lease expires, then it is recovered and replayed"
                      % (wid, status, compat.exception_text(exc)))
        return False
    faults.point("after_status_commit")
    if n != 1:
        rt._log.warn("evt=wf.skipped_terminal wf=%s status=%s reason=no_longer_running_for_us"
                     % (wid, status))
        return False
    else:
        K.count(k, "wf.%s" % status.lower())
        rt._log.debug("evt=wf.%s wf=%s" % (status.lower(), wid))
        return True


def _release_fence(rt, db, wid):
    """This execution stopped without clearing its lease: clear it (only on a row that is
    no longer active and still names this executor; see runs.release_execution)."""
    try:
        txm.retrying(lambda: runs.release_execution(db, wid, rt.executor_id),
                     "release execution %s" % wid, int(K.config(rt.kernel, "dbRetries")), rt._log)
    except compat.CATCHABLE as exc:
        rt._log.warn("evt=wf.fence_release_failed wf=%s error=%s; the lease expires on its own"
                     % (wid, compat.exception_text(exc)))


def _hand_back(rt, db, wid, attempts=None):
    try:
        txm.retrying(lambda: runs.requeue_own(db, wid, rt.executor_id, host.now_ms()),
                     "requeue %s" % wid, attempts or int(K.config(rt.kernel, "dbRetries")), rt._log)
    except compat.CATCHABLE as exc:
        rt._log.error("evt=wf.requeue_failed wf=%s error=%s; lease expiry will recover it"
                      % (wid, compat.exception_text(exc)))


def _release_local(rt, db, wid, queue, pkey):
    k = rt.kernel
    if pkey is not None:
        compat.map_remove(K.get(k, "activePartitions"), "%s\x1f%s" % (queue, pkey))
    compat.map_remove(K.get(k, "activeWorkflows"), wid)
    compat.map_remove(K.get(k, "cancelRequests"), wid)
    compat.map_remove(K.get(k, "leaseLost"), wid)
    qa = compat.map_get(K.get(k, "queueActive"), queue)
    if qa is not None:
        compat.atomic_add(qa, -1)
    compat.atomic_add(K.get(k, "inFlightWorkflows"), -1)
    K.notify(k, "done")
    K.wake(k)
