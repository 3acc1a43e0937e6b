"""Cancel and resume of a run: the rules that keep ONE execution of a run at a time.

An execution is owned by the executor (one kernel: one process incarnation) that
claimed it and lives until its worker thread returns. ``cancel`` only asks it to
stop (DB status + the in-memory flag it checks at every operation boundary); the
flag stays until that execution ends. ``resume`` therefore waits, bounded by
``waitSeconds`` (default ``RESUME_WAIT_SECONDS``), until the run's cancelled
execution has stopped: locally (not in ``activeWorkflows``) and in the database
(``lease_expires_at`` cleared by that execution, or expired because its gateway
stopped heartbeating). If it has not stopped in time it refuses with
``ExecutionStillRunning`` (code ``EXECUTION_STILL_RUNNING``). Not resumable (any
status but CANCELLED / ERROR / MAX_RECOVERY_ATTEMPTS_EXCEEDED, or unknown id):
False, and nothing is changed. The status write and the removal of a trailing
failed op happen in ONE transaction, the status write first, so a refused resume
never touches the operation log.
May import: ``compat``, ``errors``, ``settings``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import host, kernel as K, leases, serialization as ser
from exchange.workflows.engine.persistence import oplog, runs
from exchange.workflows.engine.persistence import tx as txm
from exchange.workflows.errors import ExecutionStillRunning, InvalidArgument

RESUME_WAIT_SECONDS = 10.0
_SLICE = 0.05  # real seconds between re-checks while waiting (also woken by terminal writes)


def cancel(rt, workflow_id, reason="", actor=None):
    """Cancel an active run; 1 if it was active. A run executing here stops at its next
    operation boundary; elsewhere the owner's heartbeat brings it the cancel."""
    err = ser.safe_dumps({"type": "cancelled", "reason": reason or "cancelled", "actor": actor})
    n = runs.cancel(rt.dbName, workflow_id, err, host.now_ms())
    if n:
        k = rt.kernel
        active = K.get(k, "activeWorkflows")
        token = compat.map_get(active, workflow_id)
        if token is not None:
            leases.flag_execution(active, K.get(k, "cancelRequests"), workflow_id, token,
                                  reason or "cancelled")
        K.notify(k, "done")
        K.notify(k, "mail")
    return n


def _wait_seconds(value):
    if value is None:
        return RESUME_WAIT_SECONDS
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = -1.0
    if v < 0:
        raise InvalidArgument("resumeWorkflow: waitSeconds must be a number >= 0 (seconds to wait "
                              "for a cancelled execution to stop), got %r" % (value,))
    return v


def resume(rt, workflow_id, wait_seconds=None):
    """See the module docstring; True if the run was re-enqueued."""
    wait = _wait_seconds(wait_seconds)
    db = rt.dbName
    k = rt.kernel
    end = compat.monotonic() + wait
    counted = False
    lost_races = 0
    while True:
        row = runs.get(db, workflow_id)
        if row is None or compat.to_text(row["status"]) not in runs.RESUMABLE:
            rt._log.info("evt=wf.resume_refused wf=%s status=%s reason=not_resumable"
                         % (workflow_id, None if row is None else compat.to_text(row["status"])))
            return False
        now = host.now_ms()
        lease = row.get("lease_expires_at")
        here = compat.map_get(K.get(k, "activeWorkflows"), workflow_id) is not None
        if not here and (lease is None or int(lease) < now):
            if _resume_now(db, workflow_id, now):
                K.wake(k)
                return True
            lost_races += 1  # changed under us (another resume, a cancel landing): re-read
            if lost_races < 20:
                continue
            rt._log.warn("evt=wf.resume_refused wf=%s reason=row_keeps_changing" % workflow_id)
            return False
        if compat.monotonic() >= end:
            owner = compat.to_text(row.get("claimed_by")) if row.get("claimed_by") else "?"
            raise ExecutionStillRunning(
                "resumeWorkflow(%s) refused: the run's cancelled execution on executor %s has not "
                "stopped after %.1f s (it stops at its next operation boundary; if its gateway is "
                "gone, its lease expires at %s ms). Retry later, or pass waitSeconds=<seconds> to "
                "wait longer." % (workflow_id, owner, wait, lease))
        if not counted:
            counted = True
            K.count(k, "resume.waiting_for_execution")
            rt._log.info("evt=wf.resume_waiting wf=%s owner=%s" % (workflow_id, row.get("claimed_by")))
        done = K.get(k, "done")
        with done:
            done.wait(max(0.001, min(_SLICE, end - compat.monotonic())))


def _resume_now(db, workflow_id, now):
    def work(tx):
        n = runs.resume(db, workflow_id, now, tx)
        if n == 1:
            oplog.drop_trailing_error(db, workflow_id, tx)
        return n
    return txm.in_tx(db, work) == 1
