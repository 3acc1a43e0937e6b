"""Recovery of interrupted runs, deadline sweeps and scheduled retention.

* Startup (``startup``, then sweeps until ``silence_ms`` after start): a gateway re-enqueues the PENDING/RUNNING
  runs its node claimed under an earlier executor (a previous JVM) once that executor
  is silent: no heartbeat since before this kernel was created AND for ``silence_ms``
  (two heartbeat periods, at least half a lease, of this gateway's settings: a loaded
  live twin is not taken for dead). They replay from the log. CANCELLED runs
  such an executor was executing lose their fence (a resume need not wait for it).
* Duplicate gateway names: an executor of this node name that heartbeats AFTER this
  kernel was created is alive, so it is a second gateway configured with the same name
  on this database. It is reported (ERROR log ``evt=node.duplicate_name``, counter
  ``node.duplicate_name``, kernel map ``duplicateExecutors``) and its runs are left
  alone (only lease expiry takes them over). Unverified assumption: gateways sharing
  a name also share ``heartbeatMs``/``leaseMs``; a twin that stalls for ``silence_ms``
  right when we start is indistinguishable from a dead predecessor.
* Takeover (``sweeps``, every ``sweepMs`` of host time, on any gateway): runs whose
  lease expired (their gateway stopped heartbeating) are re-enqueued.
* Both count ``recovery_attempts`` for runs that had started (a claim starts a run: a
  gateway that dies between its claim and a worker taking the run counts one); a run recovered more
  than ``maxRecoveryAttempts`` times goes to the dead-letter status
  ``MAX_RECOVERY_ATTEMPTS_EXCEEDED`` (resumable with ``resumeWorkflow``).
Re-enqueueing (rather than running directly) lets the normal claim decide who
runs it, so concurrent recoveries are harmless (the DBOS approach).
May import: ``compat``, ``settings``, ``engine.*`` except runtime/instance/dispatcher.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import faults, host, kernel as K, serialization as ser
from exchange.workflows.engine.persistence import runs
from exchange.workflows.engine.persistence import tx as txm


def _recover_then_cap(rt, now, recover):
    """Run ``recover(tx)`` (a re-enqueue of runs whose execution is gone; it returns their
    count) and dead-letter the runs past the recovery cap in ONE transaction: a run taken
    past its cap is never visible as ENQUEUED, so no dispatcher can claim it in between
    (seen: such a run claimed between the two statements ran to SUCCESS)."""
    cap = int(K.config(rt.kernel, "maxRecoveryAttempts"))
    err = ser.safe_dumps(
        {"type": "max_recovery_attempts_exceeded",
         "reason": "recovered more than %d times (each a crash or lost lease); inspect it and "
                   "call resumeWorkflow() to try again" % cap})
    out = [0, 0]

    def work(tx):
        out[0] = recover(tx)
        out[1] = runs.dead_letter_over_cap(rt.dbName, cap, err, now, tx) if out[0] else 0
    txm.in_tx(rt.dbName, work)
    if out[1]:
        rt._log.error("evt=recovery.dead_letter count=%d cap=%d" % (out[1], cap))
    return out[0]


def startup(rt, now=None):
    """Re-enqueue this node's runs left by a silent earlier executor; returns the count."""
    return _recover_predecessors(rt, host.now_ms() if now is None else now, True)


def recover_predecessors(rt, now=None):
    """The sweep's part of start-up recovery: a predecessor that heartbeated shortly
    before this kernel was created only becomes silent enough a little later. Useless
    (and skipped) once a pass ran after ``createdAtMs + silence_ms``: every executor
    silent since before our creation has been handled then."""
    k = rt.kernel
    now = host.now_ms() if now is None else now
    key = rt.dbName + ":predecessorsDone"
    timers = K.get(k, "timers")
    if compat.map_get(timers, key) is not None:
        return 0
    final = now >= compat.atomic_get(K.get(k, "createdAtMs")) + silence_ms(k)
    n = _recover_predecessors(rt, now, False)
    if final:
        compat.map_put(timers, key, now)
    return n


def _recover_predecessors(rt, now, at_start):
    k = rt.kernel
    created = compat.atomic_get(K.get(k, "createdAtMs"))
    silent_before = min(created, now - silence_ms(k))
    node = K.get(k, "nodeId")
    n = _recover_then_cap(rt, now, lambda tx: runs.recover_own(rt.dbName, node, rt.executor_id,
                                                               now, silent_before, tx))
    if at_start or n:
        faults.point("after_recovery_commit")
    runs.release_silent_fences(rt.dbName, node, rt.executor_id, silent_before)
    if n:
        rt._log.warn("evt=recovery.%s count=%d node=%s"
                     % ("startup" if at_start else "predecessor", n, node))
        K.count(k, "recovery.startup" if at_start else "recovery.predecessor", n)
        K.wake(k)
    return n


def silence_ms(k):
    """How long an earlier executor of this node must have been silent to count as dead."""
    return max(2 * int(K.config(k, "heartbeatMs")), int(K.config(k, "leaseMs")) // 2)


def detect_twins(rt, now=None):
    """Report executors of this node name that are alive (see the module docstring);
    returns the ids newly reported. Sweeps run it at most once per heartbeat period."""
    k = rt.kernel
    seen = K.get(k, "duplicateExecutors")
    if seen is None:
        compat.map_put_if_absent(k, "duplicateExecutors", compat.new_map())
        seen = K.get(k, "duplicateExecutors")
    node = K.get(k, "nodeId")
    new = []
    for other in runs.live_twins(rt.dbName, node, rt.executor_id,
                                 compat.atomic_get(K.get(k, "createdAtMs"))):
        if compat.map_put_if_absent(seen, other, host.now_ms() if now is None else now) is None:
            new.append(other)
            K.count(k, "node.duplicate_name")
            rt._log.error(
                "evt=node.duplicate_name node=%s this_executor=%s other_executor=%s: two gateways "
                "use the gateway name %r on datasource %s. Each gateway needs its own name (Gateway "
                "Settings > System Name); until then their runs are only taken over on lease expiry"
                % (node, rt.executor_id, other, node, rt.dbName))
    return new


def recover_expired(rt, now=None):
    """Re-enqueue runs of any OTHER executor whose lease expired; returns the count."""
    now = host.now_ms() if now is None else now
    n = _recover_then_cap(rt, now, lambda tx: host.db_update(
        runs._RECOVER + "lease_expires_at IS NOT NULL AND lease_expires_at < ? AND "
        "(claimed_by IS NULL OR claimed_by <> ?)", [now, now, rt.executor_id], rt.dbName, tx))
    if n:
        faults.point("after_recovery_commit")
        rt._log.warn("evt=recovery.lease_expired count=%d" % n)
        K.count(rt.kernel, "recovery.lease_expired", n)
        K.wake(rt.kernel)
    return n


def recover_own_orphans(rt, now=None):
    """Re-enqueue runs claimed by THIS executor that it is not executing (e.g. a claim
    whose commit looked failed but landed): their lease ran out and nobody renews it."""
    now = host.now_ms() if now is None else now
    active = K.get(rt.kernel, "activeWorkflows")
    rows = host.db_query("SELECT workflow_id FROM workflow_status WHERE status IN ('PENDING','RUNNING') "
                         "AND claimed_by = ? AND lease_expires_at < ?", [rt.executor_id, now], rt.dbName)
    n = 0
    for r in rows:
        wid = compat.to_text(r["workflow_id"])
        if compat.map_get(active, wid) is None:
            n += _recover_then_cap(rt, now, lambda tx, wid=wid: runs.recover_own_orphan(
                rt.dbName, wid, rt.executor_id, now, tx))
    if n:
        rt._log.warn("evt=recovery.own_orphans count=%d" % n)
        K.count(rt.kernel, "recovery.own_orphans", n)
        K.wake(rt.kernel)
    return n


def sweep_deadlines(rt, now=None):
    now = host.now_ms() if now is None else now
    return runs.cancel_expired(rt.dbName, now, ser.safe_dumps(
        {"type": "timeout", "reason": "deadline passed (swept by dispatcher)"}))


def sweeps(rt, now):
    """Periodic maintenance done by dispatch cycles (each throttled by host time)."""
    k = rt.kernel
    db = rt.dbName
    if K.due(k, db + ":sweep", int(K.config(k, "sweepMs")), now):
        todo = [sweep_deadlines, recover_expired, recover_own_orphans, recover_predecessors]
        if K.due(k, db + ":twins", int(K.config(k, "heartbeatMs")), now):
            todo.append(detect_twins)
        for fn in todo:
            try:
                fn(rt, now)
            except compat.CATCHABLE as exc:
                rt._log.error("evt=sweep.failed what=%s error=%s"
                              % (fn.__name__, compat.exception_text(exc)))
    period = int(K.config(k, "retentionIntervalMs") or 0)
    if period > 0 and K.due(k, db + ":retention", period, now):
        try:
            rt.applyRetention()
        except compat.CATCHABLE as exc:
            rt._log.error("evt=retention.scheduled_failed error=%s" % compat.exception_text(exc))
