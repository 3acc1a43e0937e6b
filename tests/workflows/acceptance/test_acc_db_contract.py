"""Acceptance checklist, suite ``db_contract`` (upstream 4), through public behaviour.

Upstream pinned its internal DB adapter; ours differs (leases, DB partition locks),
so each case checks the same guarantee from the outside.
"""
from exchange.workflows.api import admin, service

from acceptance_helpers import row, start, status, wait_status


def test_claim_does_not_set_started(wf):
    assert admin.enterMaintenance("drain")["ok"]
    wid = start("tests.fast_enqueue_target", allowDuringMaintenance=True)
    r = row(wid)
    assert r["status"] == "ENQUEUED"
    assert r["started_at_epoch_ms"] is None and r["deadline_epoch_ms"] is None


def test_mark_running_sets_started_and_deadline(wf):
    wid = start("tests.partition_sleep", {"sleep_ms": 10}, timeoutSeconds=2)
    r = wait_status(wid)
    assert r["status"] == "SUCCESS"
    assert r["deadline_epoch_ms"] == r["started_at_epoch_ms"] + 2000


def test_release_claim_clears_claim_fields(wf):
    first = start("tests.maintenance_long_running", {"sleep_s": 60}, partitionKey="k")
    second = start("tests.partition_sleep", {"sleep_ms": 10}, partitionKey="k")
    wait_status(first, ("RUNNING",))  # runs until cancelled below
    r = row(second)
    assert r["status"] == "ENQUEUED"
    for col in ("claimed_by", "claimed_at_epoch_ms", "started_at_epoch_ms", "deadline_epoch_ms"):
        assert r[col] is None, (col, r)
    service.cancel(first, "done")
    assert wait_status(second)["status"] == "SUCCESS"


def test_terminal_guard_blocks_overwrite(wf):
    wid = start("tests.fast_enqueue_target", {"value": 1})
    assert wait_status(wid)["status"] == "SUCCESS"
    resp = service.cancel(wid, "too late")
    assert resp["ok"] and resp["cancelledCount"] == 0
    assert status(wid) == "SUCCESS"


def test_priority_ordering_contract(wf):
    assert admin.enterMaintenance("drain")["ok"]
    low = start("tests.partition_sleep", {"sleep_ms": 10}, queueName="prio-q", priority=10,
                partitionKey="one-at-a-time", allowDuringMaintenance=True)
    high = start("tests.partition_sleep", {"sleep_ms": 10}, queueName="prio-q", priority=1,
                 partitionKey="one-at-a-time", allowDuringMaintenance=True)
    assert admin.exitMaintenance()["ok"]
    a, b = wait_status(high), wait_status(low)
    assert a["status"] == b["status"] == "SUCCESS"
    assert a["started_at_epoch_ms"] <= b["started_at_epoch_ms"]
    assert a["completed_at_epoch_ms"] <= b["started_at_epoch_ms"]


def test_dedup_active_window(wf):
    assert admin.enterMaintenance("drain")["ok"]
    first = start("tests.fast_enqueue_target", deduplicationId="batch-42",
                  allowDuringMaintenance=True)
    dup = service.start("tests.fast_enqueue_target", deduplicationId="batch-42",
                        allowDuringMaintenance=True)
    assert dup["ok"] is False and dup["code"] == "DEDUPLICATION_CONFLICT", dup
    assert dup["existingWorkflowId"] == first
    same = service.start("tests.fast_enqueue_target", deduplicationId="batch-42",
                         allowDuringMaintenance=True, dedupPolicy="return_existing")
    assert same["ok"] and same["workflowId"] == first, same
    assert admin.exitMaintenance()["ok"]
    assert wait_status(first)["status"] == "SUCCESS"
    again = service.start("tests.fast_enqueue_target", deduplicationId="batch-42")
    assert again["ok"], again
    assert status(again["workflowId"]) in ("ENQUEUED", "PENDING", "RUNNING", "SUCCESS")
