"""Acceptance checklist, suite ``concurrency`` (upstream 4, all [smoke])."""
import json

from exchange.workflows.api import service

from acceptance_helpers import poll, q, start, status, wait_status


def _history(wid, key):
    return [json.loads(r["value_json"]) for r in q(
        "SELECT value_json FROM workflow_events_history WHERE workflow_id = ? AND event_key = ? "
        "ORDER BY event_id", [wid, key])]


def test_mailbox_hold_resume(wf):
    wid = start("tests.hold_resume", {"hold_seconds": 0.5})
    wait_status(wid, ("RUNNING",))
    assert service.sendCommand(wid, "HOLD")["ok"]
    poll(lambda: "HELD" in _history(wid, "phase.state"), what="HELD event")
    assert service.sendCommand(wid, "RESUME")["ok"]
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    assert "HELD" in _history(wid, "phase.state")


def test_partition_serializes_same_key(wf):
    first = start("tests.partition_sleep", {"sleep_ms": 1500}, partitionKey="line-7")
    second = start("tests.partition_sleep", {"sleep_ms": 1500}, partitionKey="line-7")
    a, b = wait_status(first), wait_status(second)
    assert a["status"] == b["status"] == "SUCCESS", (a, b)
    # Serialized: the second started only after the first completed (whatever the load).
    assert b["started_at_epoch_ms"] >= a["completed_at_epoch_ms"], (a, b)


def test_partition_holds_back_while_running(wf):
    blocker = start("tests.maintenance_long_running", {"sleep_s": 60}, partitionKey="line-8")
    waiting = start("tests.partition_sleep", {"sleep_ms": 10}, partitionKey="line-8")
    wait_status(blocker, ("RUNNING",))  # it keeps running until cancelled
    assert status(waiting) in ("ENQUEUED", "PENDING")
    service.cancel(blocker, "let the next one in")
    assert wait_status(waiting)["status"] == "SUCCESS"


def test_streams_log_written(wf):
    wid = start("tests.fast_enqueue_target", {"value": "s"})
    assert wait_status(wid)["status"] == "SUCCESS"
    rows = q("SELECT * FROM streams WHERE workflow_id = ? AND stream_key = 'log'", [wid])
    assert len(rows) >= 1


def test_cancel_cooperative(wf):
    wid = start("tests.cancel_cooperative", {"sleep_s": 60})
    wait_status(wid, ("RUNNING",))
    assert service.cancel(wid, "operator")["cancelledCount"] == 1
    r = wait_status(wid)
    assert r["status"] == "CANCELLED" and r["error_json"], r


def test_timeout_deadline_cancel(wf):
    wid = start("tests.timeout_short", {"sleep_s": 60}, timeoutSeconds=1)
    r = wait_status(wid)
    assert r["status"] == "CANCELLED", r
    assert json.loads(r["error_json"])["type"] in ("timeout", "cancelled")
