"""Helpers for the acceptance checklist (upstream 4): start, tick dispatch, poll, read rows.

Polling only: every wait has a generous deadline and asserts on the final state,
never on elapsed time. Rows are read with plain SQL through the host seam using
upstream's column names (the schema keeps them).
"""
import time

from exchange.workflows.api import service
from exchange.workflows.engine import host

TERMINAL = ("SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED")
ACTIVE = ("ENQUEUED", "PENDING", "RUNNING")
DEFAULT_TIMEOUT_S = 60.0


def rt(dbName=None):
    from exchange.workflows.bootstrap import getWorkflows
    return getWorkflows(dbName)


def q(sql, args=None):
    return host.db_query(sql, list(args or []))


def row(wid):
    rows = q("SELECT * FROM workflow_status WHERE workflow_id = ?", [wid])
    return rows[0] if rows else None


def status(wid):
    r = row(wid)
    return None if r is None else r["status"]


def start(name, inputs=None, timeoutSeconds=30, **kw):
    """``service.start`` that must succeed; returns the workflow id."""
    resp = service.start(name, inputs, timeoutSeconds=timeoutSeconds, **kw)
    assert resp["ok"], resp
    return resp["workflowId"]


def tick():
    """One timer-style dispatch (the engine also dispatches on its own)."""
    resp = service.dispatch()
    assert resp["ok"], resp
    return resp


def poll(predicate, timeout=DEFAULT_TIMEOUT_S, interval=0.05, what="condition", dispatch=True):
    """Call ``predicate`` (ticking dispatch) until it returns a truthy value."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        if dispatch:
            tick()
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError("timed out after %ss waiting for %s (last=%r)" % (timeout, what, last))


def wait_status(wid, statuses=TERMINAL, timeout=DEFAULT_TIMEOUT_S, dispatch=True):
    """Poll until the run's status is in ``statuses``; returns the row."""
    if isinstance(statuses, str):
        statuses = (statuses,)
    poll(lambda: status(wid) in statuses, timeout, what="%s in %s (now %s)"
         % (wid, statuses, status(wid)), dispatch=dispatch)
    return row(wid)


def step_rows(wid):
    return q("SELECT * FROM operation_outputs WHERE workflow_id = ? ORDER BY call_seq", [wid])


def force_reenqueue(wid):
    """Upstream's replay helper: put a finished run back to ENQUEUED by raw SQL."""
    n = host.db_update(
        "UPDATE workflow_status SET status = 'ENQUEUED', claimed_by = NULL, claimed_node = NULL, "
        "claimed_at_epoch_ms = NULL, started_at_epoch_ms = NULL, deadline_epoch_ms = NULL, "
        "completed_at_epoch_ms = NULL, lease_expires_at = NULL, result_json = NULL, "
        "error_json = NULL WHERE workflow_id = ?", [wid])
    assert n == 1
    try:  # wake the local dispatcher at once if the engine offers it
        rt().dispatch()
    except Exception:
        pass
