"""Envelope validation and failure paths of api.service / api.admin, on a fake runtime.

These pin the surface (codes, data keys, never-raise, type-based error codes)
independently of the engine; the acceptance suite runs the same calls for real.
"""
import pytest

from exchange.workflows import errors
from exchange.workflows.api import admin, service
from exchange.workflows.util.response import isEnvelope


class FakeRuntime(object):
    """Records calls; behaviour per test through attributes."""

    def __init__(self):
        self.calls = []
        self.raise_on = {}
        self.registered = {"demo.x"}
        self.runs = {"run-1": "RUNNING"}
        self.maintenance = {"generation": 7, "maintenanceEnabled": False}
        self.retention = None
        self.swap = {"ok": False, "reason": "maintenance_required", "generation": 7}

    def _maybe_raise(self, name):
        exc = self.raise_on.get(name)
        if exc is not None:
            raise exc

    def getGeneration(self):
        return 7

    def dispatch(self, **kw):
        self.calls.append(("dispatch", kw))
        self._maybe_raise("dispatch")
        return 3

    def enqueue(self, name, inputs, **kw):
        self.calls.append(("enqueue", name, inputs, kw))
        self._maybe_raise("enqueue")
        return "wf-1"

    def getWorkflowFn(self, name):
        if name not in self.registered:
            raise errors.WorkflowNotFound("Workflow not registered: %s" % name)
        return lambda: None

    def enqueueInMemory(self, name, inputs, **kw):
        self.calls.append(("enqueueInMemory", name, inputs, kw))
        self._maybe_raise("enqueueInMemory")
        return getattr(self, "ack", {"accepted": True, "queueDepth": 1})

    def getStatus(self, wid):
        return self.runs.get(wid)

    def send(self, wid, message, topic="cmd", messageUUID=None):
        self.calls.append(("send", wid, message, topic))
        self._maybe_raise("send")

    def cancelWorkflow(self, wid, reason="", actor=None):
        self.calls.append(("cancel", wid, reason))
        self._maybe_raise("cancel")
        return 1

    def listWorkflows(self):
        self._maybe_raise("listWorkflows")
        return sorted(self.registered)

    def getSchemaVersion(self):
        self._maybe_raise("schema")
        return 3

    def applyRetention(self):
        self._maybe_raise("retention")
        return self.retention

    def enterMaintenance(self, mode="drain", reason="", queueName=None):
        self.calls.append(("enter", mode, reason, queueName))
        self._maybe_raise("enter")
        return dict(self.maintenance, ok=True, maintenanceEnabled=True)

    def exitMaintenance(self):
        return dict(self.maintenance, ok=True)

    def getMaintenanceStatus(self):
        self._maybe_raise("status")
        return dict(self.maintenance)

    def swapIfDrained(self):
        self._maybe_raise("swap")
        return dict(self.swap)


@pytest.fixture
def fake(monkeypatch):
    rt = FakeRuntime()
    monkeypatch.setattr(service, "getRuntime", lambda dbName=None: rt)
    return rt


def java_error(message="boom"):
    from java.lang import IllegalStateException
    return IllegalStateException(message)


def check(resp, ok, code):
    assert isEnvelope(resp), resp
    assert resp["ok"] is ok and resp["code"] == code, resp
    return resp


# --- validation (no runtime needed) -------------------------------------------

def test_service_envelopes_validation_errors(fake):
    assert check(service.start(), False, "INVALID_WORKFLOW_NAME")["data"] == {}
    check(service.start("   "), False, "INVALID_WORKFLOW_NAME")
    check(service.enqueueInMemory(), False, "INVALID_WORKFLOW_NAME")
    check(service.sendCommand(), False, "INVALID_ARGUMENTS")
    check(service.sendCommand("run-1"), False, "INVALID_ARGUMENTS")
    check(service.cancel(), False, "INVALID_ARGUMENTS")
    assert fake.calls == []


def test_bad_numbers_are_invalid_inputs(fake):
    resp = check(service.start("demo.x", priority="high"), False, "INVALID_INPUTS")
    assert "priority" in resp["message"]
    check(service.enqueueInMemory("demo.x", timeoutSeconds="soon"), False, "INVALID_INPUTS")
    assert fake.calls == []


def test_admin_envelopes_validation_errors(fake):
    resp = check(admin.enterMaintenance("bogus"), False, "INVALID_MODE")
    assert resp["data"]["mode"] == "bogus"
    check(admin.swapIfDrained(), False, "MAINTENANCE_REQUIRED")
    fake.swap = {"ok": False, "reason": "not_drained", "generation": 7, "inFlightWorkflows": 1}
    resp = check(admin.swapIfDrained(), False, "NOT_DRAINED")
    assert resp["inFlightWorkflows"] == 1 and resp["meta"]["generation"] == 7
    fake.swap = {"ok": False, "reason": "weird"}
    check(admin.swapIfDrained(), False, "SWAP_FAILED")
    fake.swap = {"ok": True, "generation": 8, "lastSwapAtMs": 5}
    assert check(admin.swapIfDrained(), True, "MAINTENANCE_SWAP_OK")["meta"]["generation"] == 8


# --- success shapes -----------------------------------------------------------

def test_service_success_shapes(fake):
    resp = check(service.dispatch(maxToClaim=0), True, "DISPATCH_OK")
    assert resp["claimedCount"] == 3 and resp["meta"]["generation"] == 7
    assert fake.calls[-1] == ("dispatch", {"queueName": None, "maxToClaim": 0,
                                           "flushMaxItems": None, "flushMaxMs": None})
    resp = check(service.start("demo.x", None, priority="2"), True, "WORKFLOW_ENQUEUED")
    assert resp["workflowId"] == "wf-1" and resp["workflowName"] == "demo.x"
    assert "generation" in resp["meta"] and resp["meta"]["dbName"] == "WorkflowsDB"
    name, inputs, kw = fake.calls[-1][1:]
    assert inputs == {} and kw["priority"] == 2 and "workflowId" not in kw
    service.start("demo.x", {"a": 1}, workflowId="mine")
    assert fake.calls[-1][3]["workflowId"] == "mine"
    resp = check(service.cancel("run-1", "why"), True, "CANCEL_REQUESTED")
    assert resp["cancelledCount"] == 1
    resp = check(service.listWorkflows(), True, "WORKFLOW_OPTIONS_OK")
    assert resp["options"] == [{"label": "demo.x", "value": "demo.x"}] and resp["count"] == 1


def test_enqueue_in_memory_paths(fake):
    resp = check(service.enqueueInMemory("demo.x", {"v": 1}), True, "IN_MEMORY_ENQUEUE_ACCEPTED")
    assert resp["accepted"] is True
    fake.ack = {"accepted": False, "reason": "maintenance", "queueDepth": 0}
    resp = check(service.enqueueInMemory("demo.x"), False, "IN_MEMORY_ENQUEUE_REJECTED")
    assert resp["data"]["reason"] == "maintenance"
    resp = check(service.enqueueInMemory("nope"), False, "WORKFLOW_NOT_REGISTERED")
    assert resp["data"]["reason"] == "workflow_not_registered"
    fake.raise_on["enqueueInMemory"] = java_error()
    check(service.enqueueInMemory("demo.x"), False, "IN_MEMORY_ENQUEUE_FAILED")


def test_send_command_validates_command_and_workflow(fake):
    resp = check(service.sendCommand("run-1", "abort"), False, "UNKNOWN_COMMAND")
    assert resp["data"]["allowed"] == ["HOLD", "RESUME", "STOP", "RESET"]
    check(service.sendCommand("missing", "HOLD"), False, "WORKFLOW_NOT_FOUND")
    resp = check(service.sendCommand("run-1", "stop", reason="operator"), True, "COMMAND_SENT")
    assert resp["cmd"] == "STOP" and resp["topic"] == "cmd"
    assert fake.calls[-1] == ("send", "run-1", {"cmd": "STOP", "reason": "operator"}, "cmd")
    service.sendCommand("run-1", "hold", topic=None)
    assert fake.calls[-1] == ("send", "run-1", {"cmd": "HOLD"}, "cmd")


# --- failure codes by exception type -------------------------------------------

@pytest.mark.parametrize("exc,code", [
    (errors.MaintenanceActive("rejected"), "MAINTENANCE_ACTIVE"),
    (errors.WorkflowNotFound("x"), "WORKFLOW_NOT_REGISTERED"),
    (errors.DuplicateWorkflow("dup"), "DEDUPLICATION_CONFLICT"),
    (errors.SerializationError("set is not JSON"), "INVALID_INPUTS"),
    # Substrings must NOT decide the code (upstream bug): generic text -> START_FAILED.
    (RuntimeError("Maintenance enabled: start rejected"), "START_FAILED"),
    (RuntimeError("Workflow not registered: x"), "START_FAILED"),
])
def test_start_codes_by_type(fake, exc, code):
    fake.raise_on["enqueue"] = exc
    resp = check(service.start("demo.x"), False, code)
    assert resp["workflowName"] == "demo.x" and resp["error"]


def test_java_exceptions_become_envelopes(fake):
    for name in ("dispatch", "enqueue", "send", "cancel", "listWorkflows"):
        fake.raise_on[name] = java_error("java says no")
    assert check(service.dispatch(), False, "DISPATCH_FAILED")["error"]
    check(service.start("demo.x"), False, "START_FAILED")
    check(service.sendCommand("run-1", "HOLD"), False, "COMMAND_SEND_FAILED")
    check(service.cancel("run-1"), False, "CANCEL_FAILED")
    check(service.listWorkflows(), False, "WORKFLOW_OPTIONS_FAILED")
    for name in ("schema", "retention", "enter", "status", "swap"):
        fake.raise_on[name] = java_error()
    check(admin.checkSchema(), False, "SCHEMA_CHECK_FAILED")
    check(admin.applyRetention(), False, "RETENTION_FAILED")
    check(admin.enterMaintenance("drain"), False, "MAINTENANCE_ENABLE_FAILED")
    check(admin.getMaintenanceStatus(), False, "MAINTENANCE_STATUS_FAILED")
    check(admin.swapIfDrained(), False, "SWAP_FAILED")


def test_runtime_unavailable_is_an_envelope(monkeypatch):
    def broken(dbName=None):
        raise java_error("no datasource")
    monkeypatch.setattr(service, "getRuntime", broken)
    check(service.dispatch(), False, "DISPATCH_FAILED")
    check(admin.exitMaintenance(), False, "MAINTENANCE_DISABLE_FAILED")


def test_admin_success_and_retention_failure(fake):
    resp = check(admin.checkSchema("OtherDB"), True, "SCHEMA_OK")
    assert resp["schemaVersion"] == 3 and resp["meta"]["dbName"] == "OtherDB"
    check(admin.applyRetention(), True, "RETENTION_APPLIED")
    fake.retention = {"ok": False, "error": "disk full"}
    assert check(admin.applyRetention(), False, "RETENTION_FAILED")["error"] == "disk full"
    resp = check(admin.enterMaintenance(" Cancel ", "deploy"), True, "MAINTENANCE_ENABLED")
    assert fake.calls[-1] == ("enter", "cancel", "deploy", None)
    assert resp["meta"]["generation"] == 7 and resp["maintenanceEnabled"] is True
    check(admin.exitMaintenance(), True, "MAINTENANCE_DISABLED")
    check(admin.getMaintenanceStatus(), True, "MAINTENANCE_STATUS")


def test_guard_catches_bugs_in_the_surface(fake, monkeypatch):
    def bad_meta(*a, **k):
        raise TypeError("bug")
    monkeypatch.setattr(service, "baseMeta", bad_meta)
    resp = service.cancel("run-1")
    check(resp, False, "CANCEL_FAILED")
