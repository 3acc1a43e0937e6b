"""Steps: replay a recorded outcome, or run with retry/backoff and record it once.

Also the shared machinery of every checkpointed op (``take_seq``/``replayed``/
``record``/``checkpoint``): an op takes the next sequence number; if the log
already holds it, the recorded name/kind must match (else NonDeterminismError)
and the recorded outcome is returned; otherwise the op runs and its outcome is
written by one guarded statement (see persistence/oplog.py).

Retry (upstream 2.6 options) with its bugs fixed: nothing is recorded before the
final attempt (a crash during backoff just retries), the backoff wait is
cancel-aware and host-timed, Java exceptions are retried like Python ones and
the recorded error names the Java class. A ``BaseException`` that is not an
``Exception`` (``SystemExit``, ``KeyboardInterrupt``, a custom one) asks to stop: it
is recorded as the step's ERROR at once (no retry) and re-raised; the runner then
ends the run in ERROR (it never reaches the worker thread). A nested step (called
from inside a step) runs inline without a checkpoint: the outer step is the unit of replay.
May import: ``compat``, ``errors``, ``settings``, ``engine.*`` (not runtime/instance).
"""
from __future__ import absolute_import, division, print_function

import sys

from exchange.workflows import compat, settings
from exchange.workflows.engine import context, faults, host, registry, serialization as ser
from exchange.workflows.engine.persistence import oplog, runs
from exchange.workflows.engine.persistence import tx as txm
from exchange.workflows.errors import (Cancelled, LeaseLost, NonDeterminismError, NotInWorkflow,
                                       PersistenceError, ReplayedStepError, SerializationError)

OK, ERR = "SUCCESS", "ERROR"


def require_context(what):
    ctx = context.current()
    if ctx is None:
        raise NotInWorkflow("%s must be called from inside a running workflow (no workflow "
                            "context on this thread)" % what)
    return ctx


def take_seq(ctx):
    context.check(ctx)
    return ctx.next_seq()


def replayed(ctx, seq, kind, name):
    """The recorded row for ``seq`` (checked against kind/name), or None."""
    rec = ctx.ops.get(seq) if ctx.ops else None
    if rec is None:
        return None
    rkind, rname = compat.to_text(rec["kind"]), compat.to_text(rec["step_name"])
    if rkind != kind or rname != name:
        err = NonDeterminismError(
            "workflow %s (%s) is not deterministic: operation #%d was recorded as %s '%s' but the "
            "code now calls %s '%s'. A workflow must issue the same operations in the same order "
            "when it is replayed; to run changed code start a new run (or fork before #%d)."
            % (ctx.workflowName, ctx.workflowId, seq, rkind, rname, kind, name, seq))
        ctx.fatal = err
        raise err
    return rec


def lost(ctx):
    """A guarded write matched no row: find out why and raise accordingly."""
    try:
        st = runs.statuses(ctx.db, [ctx.workflowId]).get(ctx.workflowId)
    except compat.CATCHABLE:
        st = None
    if st is not None and st[0] == settings.STATUS_CANCELLED:
        context.flag_cancel(ctx, "cancelled in database")
        raise Cancelled("workflow %s was cancelled" % ctx.workflowId)
    ctx.lease_lost = True
    raise LeaseLost("workflow %s is no longer owned by executor %s (status %s); stopping"
                    % (ctx.workflowId, ctx.executor_id, st[0] if st else "missing"))


def _already_recorded(ctx, seq):
    try:
        return oplog.load(ctx.db, ctx.workflowId).get(seq)
    except compat.CATCHABLE:
        return None


def db_retry(ctx, fn, what, no_retry=()):
    """Run an engine DB operation for a workflow op, retrying DB errors (``dbRetries``).

    A final failure raises ``PersistenceError`` and marks the context, so the runner
    hands the run back to the queue instead of failing it (even if user code
    swallowed the exception): a database outage is not a workflow error.
    """
    from exchange.workflows.engine import kernel as K
    try:
        return txm.retrying(fn, what, int(K.config(ctx.kernel, "dbRetries")), ctx.runtime._log,
                            no_retry=(Cancelled, LeaseLost, NonDeterminismError, SerializationError,
                                      _Rollback) + tuple(no_retry))
    except (Cancelled, LeaseLost, NonDeterminismError, SerializationError, _Rollback):
        raise
    except tuple(no_retry):
        raise
    except compat.CATCHABLE as exc:
        ctx.persistence_failed = True
        raise PersistenceError("database error during %s of workflow %s: %s"
                               % (what, ctx.workflowId, compat.exception_text(exc)))


def record(ctx, seq, kind, name, status, output_json=None, error_json=None, started=None,
           attempts=1, child_id=None):
    """Write one op outcome (retrying DB failures); raises if the run is no longer ours."""
    now = host.now_ms()
    found = []

    def once():
        try:
            return oplog.record(ctx.db, ctx.dialect, ctx.workflowId, ctx.executor_id, seq, kind,
                                name, status, output_json, error_json, started if started else now,
                                now, attempts, child_id)
        except compat.CATCHABLE:
            rec = _already_recorded(ctx, seq)  # an earlier, ambiguous commit may have landed
            if rec is not None and compat.to_text(rec["step_name"]) == name:
                found.append(rec)
                return 1
            raise
    n = db_retry(ctx, once, "record op #%d (%s)" % (seq, name))
    if n != 1:
        lost(ctx)
    return found[0] if found else None


def checkpoint(ctx, kind, name, effect):
    """Run ``effect(tx, seq) -> value`` and record its JSON output in ONE transaction.

    Replays return the recorded value without running ``effect``.
    """
    seq = take_seq(ctx)
    rec = replayed(ctx, seq, kind, name)
    if rec is not None:
        return ser.loads(rec["output_json"])
    started = host.now_ms()
    marker = []

    def work(tx):
        if marker:  # a retry: the failed attempt's commit may have landed after all
            done = oplog.load_one(ctx.db, ctx.workflowId, seq, tx)
            if done is not None:
                return ser.loads(done["output_json"])
        marker.append(False)
        # Return what a replay will decode, so first run and replay see the same value.
        out, value = ser.encode(effect(tx, seq), "%s output" % kind)
        n = oplog.record(ctx.db, ctx.dialect, ctx.workflowId, ctx.executor_id, seq, kind, name, OK,
                         out, None, started, host.now_ms(), 1, None, tx)
        if n != 1:
            raise _Rollback()
        return value
    try:
        value = db_retry(ctx, lambda: txm.in_tx(ctx.db, work), "%s op #%d" % (kind, seq))
    except _Rollback:
        lost(ctx)
    return value


class _Rollback(Exception):
    pass


def _error_json(exc, name, seq, attempt, kind="step_error"):
    return ser.safe_dumps(ser.error_payload(exc, kind, step=name, call_seq=seq, attempt=attempt))


def run_step(info, args, kwargs):
    """What a ``@step`` wrapper does when called."""
    name = info["name"]
    ctx = require_context("step %r" % name)
    if ctx.step_depth > 0:
        return info["fn"](*args, **kwargs)
    seq = take_seq(ctx)
    rec = replayed(ctx, seq, "step", name)
    if rec is not None:
        if compat.to_text(rec["status"]) == OK:
            ctx.runtime._count("step.cache_hit")
            return ser.loads(rec["output_json"])
        err = ser.loads(rec["error_json"], {}) or {}
        raise ReplayedStepError("Replayed step error: step %s (seq %d) failed before: %s"
                                % (name, seq, err.get("message", "")))
    opts = info.get("resolved")
    if opts is None:  # resolved once per step definition
        opts = info["resolved"] = registry.resolve_options(info.get("options"))
    attempts = opts["max_attempts"]
    delay = opts["interval_seconds"]
    started = host.now_ms()
    attempt = 0
    log = ctx.runtime._log
    while True:
        attempt += 1
        if attempt > 1:
            context.check(ctx)
        ctx.step_depth += 1
        failure = None
        stop = False
        try:
            value = info["fn"](*args, **kwargs)
        except (Cancelled, LeaseLost, NonDeterminismError):
            raise
        except compat.CATCHABLE as exc:
            failure = exc
        except:  # noqa: E722 - SystemExit & co.: record, no retry
            failure, stop = sys.exc_info()[1], True
            if compat.is_java_exception(failure):
                raise  # Java exceptions are compat.CATCHABLE's (the interpreter seam), not ours
        finally:
            ctx.step_depth -= 1
        if failure is None:
            try:
                out, result = ser.encode(value, "output of step %s" % name)
            except SerializationError as exc:
                record(ctx, seq, "step", name, ERR, None,
                       _error_json(exc, name, seq, attempt, "step_output_not_serializable"),
                       started, attempt)
                raise
            faults.point("before_step_commit")
            record(ctx, seq, "step", name, OK, out, None, started, attempt)
            faults.point("after_step_commit")
            return result
        if attempt >= attempts or stop:
            log.error("evt=step.error wf=%s step=%s seq=%d attempt=%d/%d error=%s"
                      % (ctx.workflowId, name, seq, attempt, attempts, compat.exception_text(failure)))
            record(ctx, seq, "step", name, ERR, None, _error_json(failure, name, seq, attempt),
                   started, attempt)
            faults.point("after_step_commit")
            raise failure
        log.warn("evt=step.retry wf=%s step=%s seq=%d attempt=%d/%d delay_s=%s error=%s"
                 % (ctx.workflowId, name, seq, attempt, attempts, delay,
                    compat.exception_text(failure)))
        if delay > 0:
            context.wait_until(host.now_ms() + int(delay * 1000), ctx)
        delay = min(settings.RETRY_DELAY_CAP_SECONDS, delay * opts["backoff_rate"])
