"""Acceptance checklist, suite ``in_memory_queue`` (upstream 4)."""
from exchange.workflows.api import admin, service

from acceptance_helpers import poll, q, wait_status

# A flush stops at its time budget (25 ms by default); a loaded CI machine must not
# turn that into a different count, so the counting cases give it a generous budget.
BUDGET_MS = 30000


def _rows(name):
    return q("SELECT workflow_id, status FROM workflow_status WHERE workflow_name = ?", [name])


def test_enqueue_and_timer_flush_roundtrip(wf):
    resp = service.enqueueInMemory("tests.fast_enqueue_target", {"value": "mem"})
    assert resp["ok"] and resp["code"] == "IN_MEMORY_ENQUEUE_ACCEPTED", resp
    rows = poll(lambda: _rows("tests.fast_enqueue_target"), what="flushed row")
    assert wait_status(rows[0]["workflow_id"])["status"] == "SUCCESS"


def test_maintenance_rejects_by_default(wf):
    assert admin.enterMaintenance("drain")["ok"]
    resp = service.enqueueInMemory("tests.fast_enqueue_target", {"value": 1})
    assert resp["ok"] is False and resp["code"] == "IN_MEMORY_ENQUEUE_REJECTED", resp
    assert resp["data"]["reason"] == "maintenance"


def _set_max_depth(rt, depth):
    configure = getattr(rt, "configure", None)
    try:
        configure(inMemoryQueueMaxDepth=depth)
    except Exception:
        rt.kernel.get("inMemoryQueueMaxDepth").set(depth)


def test_overflow_rejects_and_counts(wf):
    assert admin.enterMaintenance("drain")["ok"]  # keeps the item in memory (no flush)
    before = admin.getMaintenanceStatus()["inMemoryQueueOverflowCount"]
    _set_max_depth(wf, 1)
    first = service.enqueueInMemory("tests.fast_enqueue_target", {"value": 1},
                                    allowDuringMaintenance=True)
    second = service.enqueueInMemory("tests.fast_enqueue_target", {"value": 2},
                                     allowDuringMaintenance=True)
    assert first["ok"] and first["accepted"], first
    assert second["ok"] is False and second["data"]["reason"] == "overflow", second
    after = admin.getMaintenanceStatus()["inMemoryQueueOverflowCount"]
    assert after >= before + 1


def test_flush_respects_max_items(wf):
    assert admin.enterMaintenance("drain")["ok"]
    for i in range(3):
        assert service.enqueueInMemory("tests.fast_enqueue_target", {"value": i},
                                       allowDuringMaintenance=True)["ok"]
    assert wf.flushInMemoryQueue(maxItems=2, maxMs=BUDGET_MS, allowDuringMaintenance=True) == 2
    assert wf.flushInMemoryQueue(maxItems=10, maxMs=BUDGET_MS, allowDuringMaintenance=True) >= 1
    assert len(_rows("tests.fast_enqueue_target")) >= 3


def test_in_memory_flush_dedup_failure_does_not_poison_queue(wf):
    assert admin.enterMaintenance("drain")["ok"]
    held = service.start("tests.fast_enqueue_target", {"value": "held"}, deduplicationId="dup-1",
                         allowDuringMaintenance=True)
    assert held["ok"], held
    assert service.enqueueInMemory("tests.fast_enqueue_target", {"value": "dup"},
                                   deduplicationId="dup-1", allowDuringMaintenance=True)["ok"]
    assert service.enqueueInMemory("tests.fast_enqueue_target", {"value": "good"},
                                   allowDuringMaintenance=True)["ok"]
    assert wf.flushInMemoryQueue(maxMs=BUDGET_MS, allowDuringMaintenance=True) == 1
    for _ in range(4):
        wf.flushInMemoryQueue(maxMs=BUDGET_MS, allowDuringMaintenance=True)
    snap = admin.getMaintenanceStatus()
    assert snap["inMemoryQueueDepth"] == 0, snap
    assert snap["inMemoryQueueDeadLetterCount"] >= 1, snap
    assert snap["inMemoryQueueDeadLetterDepth"] >= 1, snap
    assert len(_rows("tests.fast_enqueue_target")) == 2  # the held row and the good one
