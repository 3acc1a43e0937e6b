"""Acceptance checklist, suite ``steps`` (upstream 4)."""
import json

from exchange.workflows.tests import fixtures as workflow_fixtures
from acceptance_helpers import force_reenqueue, start, step_rows, wait_status


def test_operation_outputs_persisted(wf):
    wid = start("tests.step_persist_smoke")
    assert wait_status(wid)["status"] == "SUCCESS"
    rows = [r for r in step_rows(wid) if r["step_name"] == "tests.counting_step"]
    assert len(rows) == 1 and rows[0]["status"] == "SUCCESS" and rows[0]["attempts"] == 1


def test_retry_policy_dbos(wf):
    wid = start("tests.retry_workflow", {"fail_until": 4})
    assert wait_status(wid)["status"] == "SUCCESS"
    rows = [r for r in step_rows(wid) if r["step_name"] == "tests.unstable_step"]
    assert rows[0]["status"] == "SUCCESS" and rows[0]["attempts"] >= 4


def test_error_replay_does_not_rerun(wf):
    wid = start("tests.replay_error_workflow", {"marker": "m1"})
    assert wait_status(wid)["status"] == "ERROR"
    assert workflow_fixtures.counter("always_fail:m1") == 1
    force_reenqueue(wid)
    r = wait_status(wid)
    assert r["status"] == "ERROR", r
    assert workflow_fixtures.counter("always_fail:m1") == 1
    assert "Replayed step error" in r["error_json"]


def test_success_replay_does_not_rerun(wf):
    wid = start("tests.replay_success_workflow", {"payload": {"a": 1}})
    assert wait_status(wid)["status"] == "SUCCESS"
    assert workflow_fixtures.counter("counting:replay_success") == 1
    force_reenqueue(wid)
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    assert workflow_fixtures.counter("counting:replay_success") == 1
    assert json.loads(r["result_json"])["payload"] == {"a": 1}


def test_nonserializable_result_fallback(wf):
    wid = start("tests.nonserializable_result")
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    assert json.loads(r["result_json"])["type"] == "result_serialize_error"
