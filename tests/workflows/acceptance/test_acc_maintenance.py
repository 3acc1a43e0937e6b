"""Acceptance checklist, suite ``maintenance`` (upstream 4, all [smoke])."""
import time

from exchange.workflows.api import admin, service

from acceptance_helpers import poll, start, status, tick, wait_status


def test_drain_blocks_dispatch_and_start(wf):
    assert admin.enterMaintenance("drain", "deploy")["ok"]
    resp = service.start("tests.fast_enqueue_target", {"value": 1})
    assert resp["ok"] is False and resp["code"] == "MAINTENANCE_ACTIVE", resp
    wid = start("tests.fast_enqueue_target", {"value": 2}, allowDuringMaintenance=True)
    end = time.time() + 1.0
    while time.time() < end:  # a window of dispatch ticks: nothing may be claimed
        tick()
        assert status(wid) == "ENQUEUED"
        time.sleep(0.1)
    assert admin.exitMaintenance()["ok"]
    assert wait_status(wid)["status"] == "SUCCESS"


def test_cancel_cancels_queued_and_running(wf):
    first = start("tests.maintenance_long_running", {"sleep_s": 60}, partitionKey="tank-1")
    second = start("tests.maintenance_long_running", {"sleep_s": 60}, partitionKey="tank-1")
    wait_status(first, ("RUNNING",))
    assert status(second) in ("ENQUEUED", "PENDING")
    resp = admin.enterMaintenance("cancel", "shift change")
    assert resp["ok"], resp
    assert wait_status(first)["status"] == "CANCELLED"
    assert wait_status(second)["status"] == "CANCELLED"


def test_swap_if_drained_contract(wf):
    before = admin.getMaintenanceStatus()["generation"]
    wid = start("tests.maintenance_long_running", {"sleep_s": 60})
    wait_status(wid, ("RUNNING",))
    assert admin.enterMaintenance("drain")["ok"]
    resp = admin.swapIfDrained()
    assert resp["ok"] is False and resp["code"] == "NOT_DRAINED", resp
    service.cancel(wid, "swap test")
    assert wait_status(wid)["status"] == "CANCELLED"

    def swapped():
        r = admin.swapIfDrained()
        assert r["ok"] or r["code"] == "NOT_DRAINED", r
        return r if r["ok"] else None
    resp = poll(swapped, what="swap after drain", dispatch=False)
    assert resp["code"] == "MAINTENANCE_SWAP_OK"
    assert resp["generation"] > before
    assert admin.exitMaintenance()["ok"]
