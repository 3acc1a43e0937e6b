"""A parent cancelled between inserting a child and recording it: the cancel's cascade lists
children before the child exists, so the child must be cancelled by the parent's own start
path (found by the long chaos form under SQLite lock faults: the child ran to the end)."""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import context, starts
from exchange.workflows.engine.persistence import runs

import helpers as h


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


def test_a_child_started_as_its_parent_is_cancelled_is_cancelled_too(wf, monkeypatch):
    h.reset()
    real_insert = starts.insert

    def insert_then_cancel_parent(rt, row, policy):
        out = real_insert(rt, row, policy)
        if row.get("parent_workflow_id"):
            # the operator's cancel lands here: the parent row is CANCELLED, the child row
            # exists, the parent has not recorded it (what the cascade would have listed)
            runs.cancel(rt.dbName, row["parent_workflow_id"], '{"type": "cancelled"}', 0)
        return out
    monkeypatch.setattr(starts, "insert", insert_then_cancel_parent)
    wid = wf.startWorkflow("race.parent", {}).workflowId
    h.wait_status(wid)
    rows = h.q("SELECT workflow_id FROM workflow_status WHERE parent_workflow_id = ?", [wid])
    assert len(rows) == 1
    assert h.wait_status(rows[0]["workflow_id"]) == "CANCELLED"
    assert h.count("race.work") == 0
