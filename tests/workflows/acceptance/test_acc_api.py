"""Acceptance checklist, suite ``api`` (upstream 4) on the real engine, plus our new codes."""
from exchange.workflows.api import admin, service
from exchange.workflows.util.response import isEnvelope, makeErr, makeOk

from acceptance_helpers import poll, q, start, wait_status


def ok(resp, code):
    assert isEnvelope(resp), resp
    assert resp["ok"] is True and resp["code"] == code, resp
    return resp


def err(resp, code):
    assert isEnvelope(resp), resp
    assert resp["ok"] is False and resp["code"] == code, resp
    return resp


def test_service_envelopes_success(wf):
    resp = ok(service.listWorkflows(), "WORKFLOW_OPTIONS_OK")
    assert resp["count"] >= 1
    resp = ok(service.start("tests.cancel_cooperative", {"sleep_s": 30}), "WORKFLOW_ENQUEUED")
    wid = resp["workflowId"] or resp["data"]["workflowId"]
    assert isinstance(resp["meta"].get("generation"), int)  # upstream bug fixed
    ok(service.sendCommand(wid, "STOP"), "COMMAND_SENT")
    ok(service.cancel(wid, "api test"), "CANCEL_REQUESTED")
    ok(service.dispatch(), "DISPATCH_OK")
    resp = service.enqueueInMemory("tests.fast_enqueue_target", {"value": "api"})
    assert isEnvelope(resp) and resp["code"] == "IN_MEMORY_ENQUEUE_ACCEPTED", resp
    ok(service.dispatch(maxToClaim=0), "DISPATCH_OK")
    poll(lambda: q("SELECT workflow_id FROM workflow_status WHERE workflow_name = ?",
                   ["tests.fast_enqueue_target"]), what="flushed in-memory row")


def test_service_envelopes_validation_errors(wf):
    err(service.start(), "INVALID_WORKFLOW_NAME")
    err(service.enqueueInMemory(), "INVALID_WORKFLOW_NAME")
    err(service.sendCommand(), "INVALID_ARGUMENTS")
    err(service.cancel(), "INVALID_ARGUMENTS")


def test_new_failure_codes(wf):
    err(service.start("no.such.workflow"), "WORKFLOW_NOT_REGISTERED")
    err(service.enqueueInMemory("no.such.workflow"), "WORKFLOW_NOT_REGISTERED")
    err(service.sendCommand("00000000-0000-0000-0000-000000000000", "HOLD"), "WORKFLOW_NOT_FOUND")
    wid = start("tests.cancel_cooperative", {"sleep_s": 30})
    err(service.sendCommand(wid, "ABORT"), "UNKNOWN_COMMAND")
    err(service.start("tests.fast_enqueue_target", {"value": set([1])}), "INVALID_INPUTS")
    service.cancel(wid)
    wait_status(wid)


def test_admin_envelopes_success(wf):
    ok(admin.checkSchema(), "SCHEMA_OK")
    resp = ok(admin.getMaintenanceStatus(), "MAINTENANCE_STATUS")
    assert "generation" in resp["meta"]
    ok(admin.applyRetention(), "RETENTION_APPLIED")
    resp = ok(admin.enterMaintenance("drain"), "MAINTENANCE_ENABLED")
    assert resp["maintenanceEnabled"] is True
    resp = ok(admin.exitMaintenance(), "MAINTENANCE_DISABLED")
    assert resp["maintenanceEnabled"] is False


def test_admin_envelopes_validation_errors(wf):
    err(admin.enterMaintenance("sideways"), "INVALID_MODE")
    resp = admin.swapIfDrained()
    assert resp["ok"] is False and resp["code"] in ("MAINTENANCE_REQUIRED", "SWAP_FAILED"), resp


def test_response_helper_contract():
    resp = makeOk("X", "y", {"k": 1}, startedMs=0)
    assert isEnvelope(resp) and resp["k"] == 1 and resp["meta"]["durationMs"] >= 0
    assert isEnvelope(makeErr("E", "m")) and makeErr("E", "m")["ok"] is False
