"""The current run's context (thread-local) and cancel-aware, host-timed waiting.

A ``RunContext`` exists only while a run executes on a worker thread; it is never
stored in the kernel. ``check(ctx)`` is the operation-boundary check: the kernel's
in-memory cancel flag (set by a local cancel or by the heartbeat when another
gateway cancelled), the deadline (host clock) and lease loss. ``sleep`` waits in
short real-time slices re-reading the host clock, so a simulator's virtual clock
drives it and a cancel interrupts it within one slice.
May import: ``compat``, ``errors``, ``settings``, ``engine.host``, ``engine.kernel``.
"""
from __future__ import absolute_import, division, print_function

import threading
import time

from exchange.workflows import compat, settings
from exchange.workflows.engine import host, kernel as K
from exchange.workflows.errors import Cancelled, LeaseLost

_local = threading.local()
DB_CHECK_PERIOD = 0.25  # real seconds between DB cancel checks of isCancelled()


class RunContext(object):
    """State of one executing run (upstream-compatible attribute names)."""

    def __init__(self, runtime, kernel, db, dialect, executor_id, workflow_id, workflow_name,
                 inputs, deadline_ms, ops, queue_name=None, partition_key=None):
        self.runtime = runtime
        self.kernel = kernel
        self.db = db
        self.dialect = dialect
        self.executor_id = executor_id
        self.workflowId = workflow_id
        self.workflowName = workflow_name
        self.inputs = inputs
        self.deadlineEpochMs = deadline_ms
        self.ops = ops
        self.queueName = queue_name
        self.partitionKey = partition_key
        self.exec_token = None  # this execution's activeWorkflows token (runner sets it)
        self.seq = 0
        self.step_depth = 0
        self.fatal = None          # a NonDeterminismError user code must not swallow
        self.lease_lost = False
        self.timed_out = False
        self.persistence_failed = False  # an op could not be recorded: hand the run back
        self.abandoned = False           # runtime shutdown interrupted the run
        self._last_db_check = 0.0
        # The kernel's flag and maps that ``check`` reads at every operation boundary: the
        # kernel creates each once and never replaces it, so one lookup per run suffices.
        self._k_lease_lost = K.get(kernel, "leaseLost")
        self._k_cancels = K.get(kernel, "cancelRequests")
        self._k_shutdown = K.get(kernel, "shutdown")
        # Lease freshness (monotonic s): when this run last knew its lease was good (the
        # claim just before it started, or a confirmation), and the heartbeats' renewals.
        self._lease_checked = compat.monotonic()
        self._k_renewed = K.get(kernel, "leaseRenewed")
        self._lease_half_s = float(K.config(kernel, "leaseMs")) / 2000.0

    @property
    def callSeq(self):
        return self.seq

    def next_seq(self):
        self.seq += 1
        return self.seq


def current():
    """The context of the run executing on this thread, or None."""
    return getattr(_local, "ctx", None)


def bind(ctx):
    _local.ctx = ctx


def unbind():
    _local.ctx = None


def cancel_reason(ctx):
    return compat.map_get(ctx._k_cancels, ctx.workflowId)


def flag_cancel(ctx, reason):
    """Set the run's cancel flag for this execution, never for a later execution of the
    run (a thread of this one may outlive it; see leases.flag_execution)."""
    if ctx.exec_token is None:
        compat.map_put(ctx._k_cancels, ctx.workflowId, reason)
        return
    from exchange.workflows.engine import leases
    leases.flag_execution(K.get(ctx.kernel, "activeWorkflows"), ctx._k_cancels, ctx.workflowId,
                          ctx.exec_token, reason)


def check(ctx, now_ms=None):
    """Raise ``Cancelled``/``LeaseLost`` if the run must stop.

    No DB access, except after a silence: when neither the claim nor a heartbeat renewed
    the lease for half a lease (the gateway was frozen: a GC pause, SIGSTOP), a peer may
    have taken the run over, so one guarded renewal confirms the lease before the next
    operation starts (a step started after the pause never runs on a lost lease)."""
    if ctx is None:
        return
    if ctx.lease_lost or compat.map_get(ctx._k_lease_lost, ctx.workflowId) is not None:
        raise LeaseLost("executor %s lost the lease of workflow %s" % (ctx.executor_id, ctx.workflowId))
    now = compat.monotonic()
    fresh = ctx._lease_checked
    if now - fresh > ctx._lease_half_s:
        renewed = compat.map_get(ctx._k_renewed, ctx.db) if ctx._k_renewed is not None else None
        if renewed is None or now - renewed > ctx._lease_half_s:
            _confirm_lease(ctx, now)
    if compat.atomic_get(ctx._k_shutdown):
        ctx.abandoned = True  # the runtime is stopping: leave the run for recovery
        raise LeaseLost("runtime shut down; workflow %s is handed back for recovery"
                        % ctx.workflowId)
    reason = cancel_reason(ctx)
    if reason is not None:
        raise Cancelled("workflow %s cancelled: %s" % (ctx.workflowId, reason))
    if ctx.deadlineEpochMs:
        now = host.now_ms() if now_ms is None else now_ms
        if now > ctx.deadlineEpochMs:
            ctx.timed_out = True
            raise Cancelled("workflow %s timed out (deadline %d ms passed)"
                            % (ctx.workflowId, ctx.deadlineEpochMs), "timeout")


def _confirm_lease(ctx, now):
    """One guarded renewal of this run's lease; LeaseLost when another executor owns it."""
    from exchange.workflows.engine.persistence import runs
    try:
        n = runs.renew_leases(ctx.db, ctx.executor_id, [ctx.workflowId], host.now_ms(),
                              int(ctx._lease_half_s * 2000))
    except compat.CATCHABLE:
        return  # DB trouble is not a lost lease; the op's own guarded writes will notice
    if n:
        ctx._lease_checked = now
        return
    ctx.lease_lost = True
    raise LeaseLost("executor %s lost the lease of workflow %s while it was not heartbeating"
                    % (ctx.executor_id, ctx.workflowId))


def is_cancelled_db(ctx, force=False):
    """Also ask the database (throttled): True if the run is no longer RUNNING for us."""
    if cancel_reason(ctx) is not None:
        return True
    now = compat.monotonic()
    if not force and now - ctx._last_db_check < DB_CHECK_PERIOD:
        return False
    ctx._last_db_check = now
    from exchange.workflows.engine.persistence import runs
    try:
        row = runs.statuses(ctx.db, [ctx.workflowId]).get(ctx.workflowId)
    except compat.CATCHABLE:
        return False  # DB trouble is not a cancel; the op writes will notice
    if row is None:
        return False
    status, owner = row
    if status == settings.STATUS_CANCELLED:
        flag_cancel(ctx, "cancelled in database")
        return True
    if owner is not None and compat.to_text(owner) != ctx.executor_id:
        ctx.lease_lost = True
    return False


def wait_until(target_ms, ctx=None, wake=None):
    """Block until host time reaches ``target_ms``; cancel-aware when ``ctx`` is given.

    ``wake()`` (optional) is polled each slice; a truthy result ends the wait early
    and is returned.
    """
    while True:
        if ctx is not None:
            check(ctx)
        if wake is not None:
            got = wake()
            if got:
                return got
        now = host.now_ms()
        if now >= target_ms:
            return None
        time.sleep(max(0.0005, min((target_ms - now) / 1000.0, settings.MAILBOX_POLL_SECONDS)))


def sleep(seconds):
    """Cancel-aware sleep timed by the host clock (raises Cancelled if the run is cancelled)."""
    try:
        ms = max(0, int(round(float(seconds) * 1000)))
    except (TypeError, ValueError):
        raise ValueError("sleep needs a number of seconds, got %r" % (seconds,))
    wait_until(host.now_ms() + ms, current())
