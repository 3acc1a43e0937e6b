"""Control: cancel, timeout, handles, listRuns, resume, fork, maintenance, retention,
reload safety (new interpreter takes over the loops), kernel contents, faults."""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from exchange.workflows import settings
from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import dispatcher, faults, host, kernel as K
from exchange.workflows.engine.runtime import WorkflowsRuntime
from exchange.workflows.errors import Cancelled, ResultTimeout, WorkflowFailed

import helpers as h


@step("c.step")
def cstep(i):
    h.bump("c%d" % i)
    return i


@workflow("c.loop")
def loop(n=1000):
    rt = WorkflowsRuntime.getCurrentRuntime()
    for i in range(n):
        rt.checkCancelled()
        rt.sleep(0.01)
    return "finished"


@workflow("c.steps")
def steps(fail_at=None):
    out = []
    for i in range(1, 4):
        if fail_at == i and h.count("allow") == 0:
            raise ValueError("fail at %d" % i)
        out.append(cstep(i))
    return out


def test_cancel_running_run(wf):
    wid = wf.enqueue("c.loop")
    h.wait_for(lambda: h.status(wid) == "RUNNING", what="running")
    assert wf.cancelWorkflow(wid, "operator") == 1
    assert h.wait_status(wid) == "CANCELLED"
    with pytest.raises(Cancelled):
        wf.getResult(wid, 1)
    assert wf.getStatus(wid)["error"]["reason"] == "operator"


def test_timeout_cancels_with_type_timeout(wf):
    wid = wf.enqueue("c.loop", timeoutSeconds=0.2)
    assert h.wait_status(wid) == "CANCELLED"
    assert wf.getStatus(wid)["error"]["type"] == "timeout"


def test_result_timeout_and_failure(wf):
    wf.enterMaintenance("drain")
    wid = wf.enqueue("c.steps", allowDuringMaintenance=True)
    with pytest.raises(ResultTimeout):
        wf.getResult(wid, 0.05)
    wf.exitMaintenance()
    assert wf.retrieve(wid).getResult(10) == [1, 2, 3]
    h.reset()
    bad = wf.enqueue("c.steps", {"fail_at": 2})
    with pytest.raises(WorkflowFailed) as ei:
        wf.getResult(bad, 10)
    assert ei.value.status == "ERROR" and "fail at 2" in str(ei.value)


def test_list_runs_filters(wf):
    a = wf.enqueue("c.steps", queueName="qa")
    b = wf.enqueue("c.steps", queueName="qb")
    h.wait_status(a)
    h.wait_status(b)
    assert [r["workflowId"] for r in wf.listRuns(queueName="qa")] == [a]
    assert set(r["workflowId"] for r in wf.listRuns(status="SUCCESS", workflowName="c.steps")) == {a, b}
    assert wf.listRuns(status=["ERROR"]) == []
    assert len(wf.listRuns(limit=1)) == 1


def test_resume_failed_run_from_last_checkpoint(wf):
    h.reset()
    wid = wf.enqueue("c.steps", {"fail_at": 3})
    assert h.wait_status(wid) == "ERROR"
    h.bump("allow")
    assert wf.resumeWorkflow(wid)
    assert wf.getResult(wid, 10) == [1, 2, 3]
    assert (h.count("c1"), h.count("c2"), h.count("c3")) == (1, 1, 1)


def test_fork_from_step_n(wf):
    h.reset()
    wid = wf.enqueue("c.steps")
    assert wf.getResult(wid, 10) == [1, 2, 3]
    fork = wf.forkWorkflow(wid, 3)
    assert wf.getResult(fork, 10) == [1, 2, 3]
    assert (h.count("c1"), h.count("c2"), h.count("c3")) == (1, 1, 2)
    assert wf.getStatus(fork)["forkedFrom"] == wid


def test_maintenance_cancel_and_swap(wf):
    wid = wf.enqueue("c.loop")
    h.wait_for(lambda: h.status(wid) == "RUNNING", what="running")
    assert wf.swapIfDrained()["reason"] == "maintenance_required"
    out = wf.enterMaintenance("cancel", "deploy")
    assert out["ok"] and out["cancelled"]["running"] == 1
    assert h.wait_status(wid) == "CANCELLED"
    h.wait_for(lambda: wf.getMaintenanceStatus()["inFlightWorkflows"] == 0, what="drained")
    gen = wf.getGeneration()
    res = wf.swapIfDrained()
    assert res["ok"] and res["generation"] == gen + 1
    wf.exitMaintenance()
    from exchange.workflows.bootstrap import getWorkflows
    rt = getWorkflows()
    assert rt.getResult(rt.enqueue("c.steps"), 10) == [1, 2, 3]


def test_retention_deletes_old_terminal_runs(wf):
    wid = wf.enqueue("c.steps")
    h.wait_status(wid)
    h.u("UPDATE workflow_status SET completed_at_epoch_ms = 1 WHERE workflow_id = ?", [wid])
    wf.setRetentionConfig(timeThresholdHours=1)
    out = wf.applyRetention()
    assert out["deletedByTime"] == 1
    assert wf.getStatus(wid) is None and wf.listRunSteps(wid) == []


def test_reload_new_interpreter_takes_over_loops(wf):
    """After a script reload (new token) the old interpreter's loops retire."""
    k = wf.kernel
    old_token = wf._token
    new = WorkflowsRuntime(wf.dbName, k)
    new._token = "new-interpreter"
    dispatcher.ensure_threads(new)
    assert K.get(k, "loopOwner") == "new-interpreter"
    assert not dispatcher._alive(k, old_token)
    assert new.getResult(new.enqueue("c.steps"), 10) == [1, 2, 3]


def test_kernel_holds_only_java_or_stdlib_objects(wf):
    k = wf.kernel
    for key in K.compat.map_keys(k):
        v = K.get(k, key)
        mod = type(v).__module__ or ""
        assert not mod.startswith("exchange."), "kernel[%s] is a %s" % (key, type(v))
    g = host.globals_map()
    assert g[settings.KERNEL_KEY] is k


def test_fault_plan_parsing(monkeypatch):
    monkeypatch.setenv(faults.ENV_VAR, "after_step_commit@3, after_claim_commit")
    faults.reset()
    assert faults._plan == {"after_step_commit": 3, "after_claim_commit": 1}
    faults.point("after_step_commit")  # 1st hit of a @3 point: no crash
    monkeypatch.setenv(faults.ENV_VAR, "x@zero")
    with pytest.raises(ValueError):
        faults.reset()
    monkeypatch.delenv(faults.ENV_VAR)
    faults.reset()
