"""Recovery: startup re-enqueue of this node's runs, lease-expiry takeover by any
gateway, heartbeat renewal, recovery cap -> MAX_RECOVERY_ATTEMPTS_EXCEEDED."""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import host, kernel as K, leases, recovery, starts
from exchange.workflows.engine.runtime import WorkflowsRuntime

import helpers as h


@step("rec.s1")
def s1():
    return h.bump("s1")


@step("rec.s2")
def s2():
    return h.bump("s2")


@workflow("rec.two")
def two():
    return [s1(), s2()]


def _orphan(rt, claimed_by, node, lease_expires_at, recovery_attempts=0):
    """A RUNNING run whose step 1 completed on a (now dead) executor."""
    row = starts.build_row(rt, "rec.two", {})
    rt.enterMaintenance("drain")
    starts.insert(rt, row)
    wid = row["workflow_id"]
    h.u("UPDATE workflow_status SET status='RUNNING', claimed_by=?, claimed_node=?, executions=1, "
        "started_at_epoch_ms=?, lease_expires_at=?, recovery_attempts=? WHERE workflow_id=?",
        [claimed_by, node, host.now_ms(), lease_expires_at, recovery_attempts, wid])
    h.u("INSERT INTO operation_outputs (workflow_id, call_seq, kind, step_name, status, output_json, "
        "started_at, completed_at, attempts) VALUES (?, 1, 'step', 'rec.s1', 'SUCCESS', '41', 1, 1, 1)", [wid])
    rt.exitMaintenance()
    return wid


def test_startup_recovers_own_node_runs_without_rerunning_completed_steps(wf):
    h.reset()
    node = K.get(wf.kernel, "nodeId")
    wid = _orphan(wf, node + ":dead-executor", node, host.now_ms() + 600000)
    assert recovery.startup(wf) == 1
    assert wf.getResult(wid, 10) == [41, 1]
    assert h.count("s1") == 0 and h.count("s2") == 1
    assert wf.getStatus(wid)["recoveryAttempts"] == 1


def test_other_gateway_run_with_live_lease_is_left_alone(wf):
    wid = _orphan(wf, "other-gw:exec", "other-gw", host.now_ms() + 600000)
    assert recovery.startup(wf) == 0
    assert recovery.recover_expired(wf) == 0
    assert h.status(wid) == "RUNNING"


def test_expired_lease_is_taken_over(wf):
    h.reset()
    wid = _orphan(wf, "other-gw:exec", "other-gw", host.now_ms() - 1)
    assert recovery.recover_expired(wf) == 1
    assert wf.getResult(wid, 10) == [41, 1]
    assert h.count("s1") == 0


def test_recovery_cap_dead_letters(wf):
    wf.configure(maxRecoveryAttempts=2)
    wid = _orphan(wf, "other-gw:exec", "other-gw", host.now_ms() - 1, recovery_attempts=2)
    recovery.recover_expired(wf)
    assert h.status(wid) == "MAX_RECOVERY_ATTEMPTS_EXCEEDED"
    assert wf.getStatus(wid)["error"]["type"] == "max_recovery_attempts_exceeded"
    wf.configure(maxRecoveryAttempts=10)
    assert wf.resumeWorkflow(wid)
    assert h.wait_status(wid) == "SUCCESS"


@workflow("rec.wait")
def waiting():
    rt = WorkflowsRuntime.getCurrentRuntime()
    return rt.recv("go", 30)


def test_heartbeat_renews_lease_and_syncs_remote_cancel(wf):
    wid = wf.enqueue("rec.wait")
    h.wait_for(lambda: h.status(wid) == "RUNNING", what="running")
    h.u("UPDATE workflow_status SET lease_expires_at = 5 WHERE workflow_id = ?", [wid])
    assert leases.beat(wf) == 1
    assert h.q("SELECT lease_expires_at FROM workflow_status WHERE workflow_id=?", [wid])[0][
        "lease_expires_at"] > host.now_ms()
    # a cancel written by another gateway (DB only) reaches the run through the heartbeat
    h.u("UPDATE workflow_status SET status='CANCELLED' WHERE workflow_id=?", [wid])
    leases.beat(wf)
    assert h.wait_status(wid) == "CANCELLED"


def test_a_run_past_its_recovery_cap_is_never_claimable(wf, monkeypatch):
    """The re-enqueue of a run whose execution is gone and its dead-lettering past the cap
    are one transaction: no dispatcher can claim the run between the two (seen in a full
    run: a run past its cap was claimed there and ran to SUCCESS)."""
    from exchange.workflows.engine.persistence import claims
    wf.configure(maxRecoveryAttempts=2)
    wid = _orphan(wf, "other-gw:exec", "other-gw", host.now_ms() - 1, recovery_attempts=2)
    wf.enterMaintenance("drain")  # only this test's look may claim
    seen = []
    real = recovery.runs.dead_letter_over_cap

    def look_then_cap(*args, **kw):  # what a concurrent dispatcher sees at that moment
        seen.extend(r["workflow_id"] for r in claims.candidates(wf.dbName, 10))
        return real(*args, **kw)
    monkeypatch.setattr(recovery.runs, "dead_letter_over_cap", look_then_cap)
    assert recovery.recover_expired(wf) == 1
    assert wid not in seen
    assert h.status(wid) == "MAX_RECOVERY_ATTEMPTS_EXCEEDED"
    wf.exitMaintenance()
