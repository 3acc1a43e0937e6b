"""Vertical slice: registry, migrations, enqueue -> event-driven dispatch -> SUCCESS, replay."""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import getWorkflows, step, workflow

CALLS = {"a": 0, "b": 0}


@step("slice.add")
def add(x, y):
    CALLS["a"] += 1
    return x + y


@step("slice.mul")
def mul(x, y):
    CALLS["b"] += 1
    return x * y


@workflow("slice.calc")
def calc(x=1, y=2):
    s = add(x, y)
    return {"sum": s, "prod": mul(s, y)}


def test_enqueue_runs_to_success(wf):
    CALLS.update(a=0, b=0)
    wid = wf.enqueue("slice.calc", {"x": 2, "y": 3})
    assert wf.getResult(wid, 10) == {"sum": 5, "prod": 15}
    st = wf.getStatus(wid)
    assert st["status"] == "SUCCESS"
    steps = wf.listRunSteps(wid)
    assert [(s["seq"], s["name"], s["status"]) for s in steps] == [
        (1, "slice.add", "SUCCESS"), (2, "slice.mul", "SUCCESS")]
    assert CALLS == {"a": 1, "b": 1}


def test_replay_does_not_rerun_steps(wf, gateway):
    import system
    CALLS.update(a=0, b=0)
    wid = wf.enqueue("slice.calc", {"x": 1, "y": 1})
    wf.getResult(wid, 10)
    from exchange.workflows.engine.persistence import names
    system.db.runPrepUpdate(names.qualify("UPDATE workflow_status SET status='ENQUEUED', "
                                          "claimed_by=NULL, completed_at_epoch_ms=NULL WHERE "
                                          "workflow_id=?", "WorkflowsDB"), [wid], "WorkflowsDB")
    wf.dispatch()
    assert wf.getResult(wid, 10) == {"sum": 2, "prod": 2}
    assert CALLS == {"a": 1, "b": 1}


def test_facade_is_ephemeral(wf):
    other = getWorkflows()
    assert other is not wf and other.kernel is wf.kernel and other.executor_id == wf.executor_id
    assert "slice.calc" in wf.listWorkflows() and "slice.add" in wf.listSteps()
