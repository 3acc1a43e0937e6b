"""Shared helpers for engine tests (plain functions; no pytest fixtures)."""
from __future__ import absolute_import, division, print_function

import threading
import time

from exchange.workflows.engine import host

COUNTS = {}
_lock = threading.Lock()


def bump(name):
    with _lock:
        COUNTS[name] = COUNTS.get(name, 0) + 1
        return COUNTS[name]


def count(name):
    return COUNTS.get(name, 0)


def reset():
    COUNTS.clear()


def q(sql, args=None, db="WorkflowsDB"):
    return host.db_query(sql, args or [], db)


def u(sql, args=None, db="WorkflowsDB"):
    return host.db_update(sql, args or [], db)


def status(wid):
    rows = q("SELECT status FROM workflow_status WHERE workflow_id = ?", [wid])
    return rows[0]["status"] if rows else None


def wait_for(pred, timeout=10.0, what="condition"):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.01)
    raise AssertionError("timed out waiting for %s" % what)


def wait_status(wid, statuses=("SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"),
                timeout=10.0):
    wait_for(lambda: status(wid) in statuses, timeout, "%s in %s" % (wid, statuses))
    return status(wid)


def force_reenqueue(wid):
    u("UPDATE workflow_status SET status='ENQUEUED', claimed_by=NULL, completed_at_epoch_ms=NULL, "
      "result_json=NULL, error_json=NULL WHERE workflow_id=?", [wid])
