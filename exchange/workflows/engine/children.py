"""Child workflows: listing a run's children and cancelling a run with its children.

A child is a run started from a workflow body (``enqueue`` / ``startWorkflow`` at op
level): its start is an op of the parent (kind ``child``) under the id
``<parent>-c<seq>`` unless the caller chose one, so a crash between the child's insert
and the parent's record finds the same child again (never two). Its row carries
``parent_workflow_id`` / ``parent_seq``; ``listRuns(parentWorkflowId=...)`` and
``listChildren`` read them (indexed since schema version 3). ``handle.getResult()``
inside the parent is itself an op (``getResult``), so a replay returns the recorded
outcome without waiting again.

Cancel policy (``cancelWorkflow(..., children=...)``): ``"cancel"`` (default) cancels
the run's active descendants (DELAYED/ENQUEUED/PENDING/RUNNING), depth first from the
parent down, every generation; ``"abandon"`` leaves them running. Unverified choice:
only an explicit cancel cascades; a parent ended by its timeout or by an error leaves
its children running (cancel it explicitly to stop them).
May import: ``compat``, ``errors``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import control, host
from exchange.workflows.engine.persistence import runs
from exchange.workflows.errors import InvalidArgument

POLICIES = ("cancel", "abandon")
MAX_DESCENDANTS = 100000


def check_policy(policy):
    if policy not in POLICIES:
        raise InvalidArgument("children must be 'cancel' (cancel the run's active children too) "
                              "or 'abandon' (leave them running), got %r" % (policy,))
    return policy


def list_children(rt, workflowId):
    """The run's children, oldest first, as ``listRuns`` dicts."""
    from exchange.workflows.engine import handles
    rows = runs.list_runs(rt.dbName, parentWorkflowId=workflowId, limit=MAX_DESCENDANTS,
                          newestFirst=False)
    return [handles.run_info(r) for r in rows]


def _children(db, wid):
    return [(compat.to_text(r["workflow_id"]), compat.to_text(r["status"])) for r in host.db_query(
        "SELECT workflow_id, status FROM workflow_status WHERE parent_workflow_id = ?", [wid], db)]


def orphan_reason(db, child_id, parent_id):
    """Why a child about to run must not: its parent is CANCELLED and never recorded
    starting it (the cancel landed between the child's insert and the parent's record, so
    the cascade could not list it). None when it may run: the parent is active, finished
    otherwise, gone, or recorded the start (a child kept by ``children="abandon"``)."""
    rows = host.db_query("SELECT status FROM workflow_status WHERE workflow_id = ?", [parent_id], db)
    if not rows or compat.to_text(rows[0]["status"]) != "CANCELLED":
        return None
    if host.db_query("SELECT call_seq FROM operation_outputs WHERE workflow_id = ? AND "
                     "child_workflow_id = ?", [parent_id, child_id], db):
        return None
    return ("parent %s was cancelled before it recorded starting this child; it never ran"
            % parent_id)


def cancel_descendants(rt, workflowId, reason="", actor=None):
    """Cancel every active descendant of ``workflowId`` (also below a finished child);
    how many were cancelled."""
    why = "parent %s cancelled%s" % (workflowId, (": " + reason) if reason else "")
    seen = set([workflowId])
    todo = [workflowId]
    n = 0
    while todo and len(seen) < MAX_DESCENDANTS:
        wid = todo.pop()
        for child, status in _children(rt.dbName, wid):
            if child in seen:
                continue
            seen.add(child)
            if "'%s'" % status in runs.ACTIVE_IN:
                n += control.cancel(rt, child, why, actor)
            todo.append(child)
    return n
