"""A parent cancelled while it starts a child: the cancel (with its cascade) commits, the
cascade lists the parent's children, and only then does the child's row land. The cascade
could not see the child, so the child must never run its body (found by the long chaos form
under SQLite lock faults: the child ran to the end; CI later showed the first fix, which
cancelled the child only after the parent's failed record, left a window where a fast
dispatcher ran the child to SUCCESS first)."""
from __future__ import absolute_import, division, print_function

import threading

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import context, starts

import helpers as h

_gate = threading.Event()


@step("race.work")
def work():
    return h.bump("race.work")


@workflow("race.child")
def child():
    return work()


@workflow("race.parent")
def parent():
    wf = context.current().runtime
    return wf.getResult(wf.enqueue("race.child", {}), 30)


@workflow("race.keeper")
def keeper():
    wf = context.current().runtime
    cid = wf.enqueue("race.child", {}, delaySeconds=0.5)
    _gate.wait(60)
    return cid


def test_a_child_inserted_after_its_parent_was_cancelled_never_runs(wf, monkeypatch):
    h.reset()
    real_insert = starts.insert

    def cancel_then_insert(rt, row, policy):
        if row.get("parent_workflow_id"):
            # the operator's cancel lands first, cascade included: no child row to list yet
            wf.cancelWorkflow(row["parent_workflow_id"], "operator")
            out = real_insert(rt, row, policy)
            # the worst case: a dispatcher claims the child before the parent goes on to
            # record its start (and learns of the cancel there)
            h.wait_status(out)
            return out
        return real_insert(rt, row, policy)
    monkeypatch.setattr(starts, "insert", cancel_then_insert)
    wid = wf.startWorkflow("race.parent", {}).workflowId
    assert h.wait_status(wid) == "CANCELLED"
    rows = h.q("SELECT workflow_id FROM workflow_status WHERE parent_workflow_id = ?", [wid])
    assert len(rows) == 1
    assert h.wait_status(rows[0]["workflow_id"]) == "CANCELLED"
    assert h.count("race.work") == 0


def test_an_abandoned_child_whose_start_was_recorded_keeps_running(wf):
    """The orphan check must not touch a child its parent recorded and an operator
    abandoned (children='abandon'): the child, started DELAYED, is claimed only after the
    parent is CANCELLED and still runs."""
    h.reset()
    _gate.clear()
    wid = wf.startWorkflow("race.keeper", {}).workflowId
    kid = wid + "-c1"
    try:
        assert h.wait_for(lambda: h.q("SELECT call_seq FROM operation_outputs WHERE workflow_id = ? "
                                      "AND child_workflow_id = ?", [wid, kid]))
        assert h.status(kid) == "DELAYED"
        wf.cancelWorkflow(wid, "operator", children="abandon")
    finally:
        _gate.set()
    assert h.wait_status(wid) == "CANCELLED"
    assert h.wait_status(kid) == "SUCCESS"
    assert h.count("race.work") == 1
