"""Input validation of the engine's public entry points (issue 11: bugs 6, 7, 8, 9, 10).

Every bad argument is refused up front with an error naming it; nothing is stored.
"""
from __future__ import absolute_import, division, print_function

import pytest

from exchange.workflows.bootstrap import workflow
from exchange.workflows.errors import (InputTooLarge, InvalidArgument, InvalidInputs, RunNotFound,
                                       SerializationError, WorkflowConflict)

import helpers as h


@workflow("val.echo")
def echo(x=None):
    return x


# --- bug 6: configure() validates everything first, applies all or nothing -------------

@pytest.mark.parametrize("values, named", [
    ({"workflowWorkers": "abc"}, "workflowWorkers"),
    ({"workflowWorkers": 0}, "workflowWorkers"),
    ({"leaseMs": "abc"}, "leaseMs"),
    ({"leaseMs": -5}, "leaseMs"),
    ({"pollMs": 1.5}, "pollMs"),
    ({"dbRetries": True}, "dbRetries"),
    ({"dedupPolicy": "bogus"}, "dedupPolicy"),
    ({"overflowMode": None}, "overflowMode"),
    ({"inMemoryQueueMaxDepth": "10"}, "inMemoryQueueMaxDepth"),
    ({"inMemoryQueueAcceptDuringMaintenance": "false"}, "inMemoryQueueAcceptDuringMaintenance"),
    ({"noSuchSetting": 1}, "noSuchSetting"),
])
def test_configure_rejects_bad_values(wf, values, named):
    before = wf.configure()
    with pytest.raises(InvalidArgument) as err:
        wf.configure(**values)
    assert named in str(err.value)
    assert wf.configure() == before


def test_configure_is_all_or_nothing(wf):
    before = wf.configure()
    with pytest.raises(InvalidArgument):
        wf.configure(leaseMs=12345, sweepMs=250, workflowWorkers="abc")
    assert wf.configure() == before
    # the engine still works after the refused call
    assert wf.getResult(wf.enqueue("val.echo", {"x": 1}), 10) == 1


def test_configure_accepts_good_values(wf):
    out = wf.configure(workflowWorkers=2, leaseMs=20000.0, dedupPolicy="return_existing")
    assert out["workflowWorkers"] == 2 and out["leaseMs"] == 20000
    assert out["dedupPolicy"] == "return_existing"
    wf.configure(workflowWorkers=4, leaseMs=30000, dedupPolicy="reject")


# --- bug 7: an existing workflowId with another workflow / other inputs is a conflict ----

@workflow("val.other")
def other(x=None):
    return x


def test_same_start_twice_is_idempotent(wf):
    a = wf.enqueue("val.echo", {"x": 1}, workflowId="idem-1")
    assert wf.enqueue("val.echo", {"x": 1}, workflowId="idem-1") == a == "idem-1"


def test_existing_id_with_another_workflow_conflicts(wf):
    wf.enqueue("val.echo", {"x": 1}, workflowId="conf-1")
    with pytest.raises(WorkflowConflict) as err:
        wf.enqueue("val.other", {"x": 1}, workflowId="conf-1")
    assert "val.echo" in str(err.value) and err.value.existing_name == "val.echo"
    assert h.q("SELECT workflow_name FROM workflow_status WHERE workflow_id = 'conf-1'")[0][
        "workflow_name"] == "val.echo"


def test_existing_id_with_other_inputs_conflicts(wf):
    wf.enqueue("val.echo", {"x": 1}, workflowId="conf-2")
    with pytest.raises(WorkflowConflict):
        wf.enqueue("val.echo", {"x": 2}, workflowId="conf-2")


def test_service_answers_workflow_conflict(wf):
    from exchange.workflows.api import service
    assert service.start("val.echo", {"x": 1}, workflowId="conf-3")["ok"]
    resp = service.start("val.other", {"x": 1}, workflowId="conf-3")
    assert not resp["ok"] and resp["code"] == "WORKFLOW_CONFLICT"
    assert resp["data"]["existingWorkflowName"] == "val.echo"
    assert resp["data"]["workflowId"] == "conf-3"


# --- bug 8: inputs stored once, size limit, no bound values echoed ----------------------

def test_inputs_are_stored_once(wf):
    wf.enterMaintenance("drain")
    wid = wf.enqueue("val.echo", {"x": "Q" * 5000}, allowDuringMaintenance=True)
    text = h.q("SELECT inputs_json FROM workflow_status WHERE workflow_id = ?", [wid])[0][
        "inputs_json"]
    assert text.count("Q" * 5000) == 1 and len(text) < 5100
    wf.exitMaintenance()
    assert wf.getResult(wid, 10) == "Q" * 5000


def test_input_over_limit_is_refused_with_the_limit(wf):
    from exchange.workflows.api import service
    wf.configure(maxInputBytes=1000)
    try:
        with pytest.raises(InputTooLarge) as err:
            wf.enqueue("val.echo", {"x": "a" * 2000})
        assert "1000" in str(err.value) and err.value.limit == 1000
        # multi-byte text is measured in UTF-8 bytes
        with pytest.raises(InputTooLarge):
            wf.enqueue("val.echo", {"x": u"\u00e9" * 600})
        resp = service.start("val.echo", {"x": "a" * 2000})
        assert resp["code"] == "INPUT_TOO_LARGE" and resp["data"]["limitBytes"] == 1000
        assert len(repr(resp)) < 4000
        assert h.q("SELECT COUNT(*) AS n FROM workflow_status")[0]["n"] == 0
    finally:
        wf.configure(maxInputBytes=4194304)


def test_database_error_envelope_does_not_echo_the_inputs(wf, gateway):
    """A failed insert's text carries every bound parameter: envelope and log are clipped."""
    from exchange.workflows.api import service
    # the INSERT fails (its text lists the bound values), reads still work
    h.u("CREATE TRIGGER val_no_insert BEFORE INSERT ON workflow_status "
        "BEGIN SELECT RAISE(ABORT, 'simulated full disk'); END")
    gateway.util.clear_records()
    resp = service.start("val.echo", {"x": "B" * 200000})
    assert not resp["ok"] and resp["code"] == "START_FAILED"
    assert "simulated full disk" in resp["error"]
    assert len(repr(resp)) < 10000 and "B" * 3000 not in repr(resp)
    logged = gateway.util.records_for(logger="exchange")
    assert logged and max(len(r.message) for r in logged) < 5000


# --- bug 9: vague or silent answers become clear errors naming the argument ------------

def _nested(levels):
    v = 1
    for _ in range(levels):
        v = [v]
    return v


@pytest.mark.parametrize("kwargs, named", [
    ({"priority": float("inf")}, "priority"),
    ({"priority": float("nan")}, "priority"),
    ({"priority": 10 ** 30}, "priority"),
    ({"timeoutSeconds": 1e300}, "timeoutSeconds"),
    ({"timeoutSeconds": float("nan")}, "timeoutSeconds"),
    ({"timeoutSeconds": -1}, "timeoutSeconds"),
    ({"timeoutSeconds": float("inf")}, "timeoutSeconds"),
    ({"workflowId": "w" * 65}, "workflowId"),
    ({"workflowId": 12}, "workflowId"),
    ({"queueName": "q" * 191}, "queueName"),
    ({"deduplicationId": "d" * 191}, "deduplicationId"),
    ({"dedupPolicy": "bogus"}, "dedupPolicy"),
])
def test_bad_start_arguments_are_named(wf, kwargs, named):
    with pytest.raises(InvalidArgument) as err:
        wf.enqueue("val.echo", {"x": 1}, **kwargs)
    assert named in str(err.value)
    assert h.q("SELECT COUNT(*) AS n FROM workflow_status")[0]["n"] == 0


@pytest.mark.parametrize("kwargs, code", [
    ({"priority": float("inf")}, "INVALID_INPUTS"),
    ({"priority": 10 ** 30}, "INVALID_INPUTS"),
    ({"timeoutSeconds": 1e300}, "INVALID_INPUTS"),
    ({"timeoutSeconds": -1}, "INVALID_INPUTS"),
    ({"workflowId": "w" * 65}, "INVALID_ARGUMENTS"),
    ({"dedupPolicy": "bogus"}, "INVALID_ARGUMENTS"),
    ({"inputs": {"x": _nested(995)}}, "INVALID_INPUTS"),
])
def test_service_start_codes_for_bad_arguments(wf, kwargs, code):
    from exchange.workflows.api import service
    kwargs.setdefault("inputs", {"x": 1})
    resp = service.start("val.echo", **kwargs)
    assert not resp["ok"] and resp["code"] == code, resp


def test_deep_nesting_is_a_serialization_error(wf):
    with pytest.raises(SerializationError) as err:
        wf.enqueue("val.echo", {"x": _nested(995)})
    assert "nested more than" in str(err.value)


def test_numeric_text_timeout_still_accepted(wf):
    """Upstream parsed timeoutSeconds text ("5"); text that is not a number is refused."""
    wid = wf.enqueue("val.echo", {"x": 1}, timeoutSeconds="5")
    assert h.q("SELECT timeout_ms FROM workflow_status WHERE workflow_id = ?", [wid])[0][
        "timeout_ms"] == 5000
    with pytest.raises(InvalidArgument):
        wf.enqueue("val.echo", {"x": 1}, timeoutSeconds="nan")


def test_long_workflow_id_refused_on_sqlite_too(wf):
    with pytest.raises(InvalidArgument):
        wf.startWorkflow("val.echo", {"x": 1}, workflowId="z" * 65)
    assert wf.enqueue("val.echo", {"x": 1}, workflowId="z" * 64) == "z" * 64


def test_fork_onto_an_existing_id_conflicts(wf):
    a = wf.enqueue("val.echo", {"x": 1})
    wf.getResult(a, 10)
    b = wf.enqueue("val.echo", {"x": 2})
    with pytest.raises(WorkflowConflict):
        wf.forkWorkflow(a, 0, newWorkflowId=b)
    with pytest.raises(InvalidArgument):
        wf.forkWorkflow(a, 0, newWorkflowId="f" * 65)
    with pytest.raises(RunNotFound):
        wf.forkWorkflow("no-such-run", 0)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1, "soon"])
def test_get_result_timeout_is_checked(wf, value):
    wid = wf.enqueue("val.echo", {"x": 1})
    with pytest.raises(InvalidArgument) as err:
        wf.getResult(wid, value)
    assert "timeoutSeconds" in str(err.value)
    with pytest.raises(InvalidArgument):
        wf.retrieve(wid).getResult(value)


@workflow("val.waits")
def waits(kind=None):
    from exchange.workflows.engine import instance
    rt = instance.getWorkflows()
    try:
        if kind == "recv":
            rt.recv("t", float("inf"))
        elif kind == "recvCommand":
            rt.recvCommand(None, "t", float("nan"))
        else:
            rt.sleep(float("inf"))
    except InvalidArgument as exc:
        return "refused: %s" % exc
    return "accepted"


@pytest.mark.parametrize("kind, named", [("recv", "timeoutSeconds"),
                                         ("recvCommand", "timeoutSeconds"),
                                         ("sleep", "seconds")])
def test_waits_refuse_infinite_or_nan(wf, kind, named):
    out = wf.getResult(wf.enqueue("val.waits", {"kind": kind}), 10)
    assert out.startswith("refused") and named in out


def test_send_to_a_missing_run_is_refused(wf):
    with pytest.raises(RunNotFound):
        wf.send("no-such-run", {"cmd": "HOLD"})
    assert h.q("SELECT COUNT(*) AS n FROM notifications")[0]["n"] == 0


def test_cancel_and_command_to_missing_or_finished_runs(wf):
    from exchange.workflows.api import service
    resp = service.cancel("no-such-run")
    assert not resp["ok"] and resp["code"] == "WORKFLOW_NOT_FOUND"
    wid = wf.enqueue("val.echo", {"x": 1})
    wf.getResult(wid, 10)
    resp = service.sendCommand(wid, "HOLD")
    assert not resp["ok"] and resp["code"] == "WORKFLOW_NOT_ACTIVE"
    assert resp["data"]["status"] == "SUCCESS"
    assert h.q("SELECT COUNT(*) AS n FROM notifications")[0]["n"] == 0


# --- bug 10: inputs checked against the workflow's signature at start ------------------

@workflow("val.two")
def two(a, b=2):
    return a + b


@workflow("val.none")
def takes_nothing():
    return "ok"


@pytest.mark.parametrize("name, inputs, parameter", [
    ("val.two", {"a": 1, "c": 3}, "c"),
    ("val.two", {"b": 3}, "a"),
    ("val.none", [1, 2], None),
    ("val.none", "text", None),
    ("val.none", {"a": 1}, "a"),
])
def test_inputs_not_fitting_the_signature_are_refused(wf, name, inputs, parameter):
    with pytest.raises(InvalidInputs) as err:
        wf.enqueue(name, inputs)
    assert err.value.parameter == parameter
    if parameter:
        assert repr(parameter) in str(err.value)
    assert h.q("SELECT COUNT(*) AS n FROM workflow_status")[0]["n"] == 0


def test_service_answers_invalid_inputs_naming_the_parameter(wf):
    from exchange.workflows.api import service
    resp = service.start("val.two", {"a": 1, "zzz": 3})
    assert resp["code"] == "INVALID_INPUTS" and resp["data"]["parameter"] == "zzz"


def test_fitting_inputs_still_run(wf):
    assert wf.getResult(wf.enqueue("val.two", {"a": 1}), 10) == 3
    assert wf.getResult(wf.enqueue("val.echo", [1, 2]), 10) == [1, 2]
    assert wf.getResult(wf.enqueue("val.echo", "text"), 10) == "text"


# --- the in-memory start path applies the same checks at offer time ------------------

@pytest.mark.parametrize("args, kwargs, reason", [
    (("val.two", {"a": 1, "c": 3}), {}, "invalid_inputs"),
    (("val.none", [1]), {}, "invalid_inputs"),
    (("val.echo", {"x": 1}), {"priority": float("inf")}, "invalid_arguments"),
    (("val.echo", {"x": 1}), {"timeoutSeconds": -1}, "invalid_arguments"),
    (("val.echo", {"x": 1}), {"workflowId": "w" * 65}, "invalid_arguments"),
    (("val.echo", {"x": "a" * 5000}), {}, "input_too_large"),
])
def test_in_memory_offer_refuses_what_a_start_would(wf, args, kwargs, reason):
    wf.configure(maxInputBytes=4000)
    try:
        ack = wf.enqueueInMemory(*args, **kwargs)
    finally:
        wf.configure(maxInputBytes=4194304)
    assert ack["accepted"] is False and ack["reason"] == reason, ack
    assert ack["error"]


def test_in_memory_service_answers_rejected_with_the_reason(wf):
    from exchange.workflows.api import service
    resp = service.enqueueInMemory("val.two", {"zzz": 1})
    assert resp["code"] == "IN_MEMORY_ENQUEUE_REJECTED" and resp["data"]["reason"] == "invalid_inputs"
    resp = service.enqueueInMemory("val.echo", {"x": 1}, priority=float("inf"))
    assert not resp["ok"] and resp["code"] == "INVALID_INPUTS"


def test_stored_error_message_is_clipped(wf):
    """A step error whose text holds a huge value is stored clipped, not whole."""
    wid = wf.enqueue("val.huge_error")
    assert h.wait_status(wid) == "ERROR"
    err = wf.getStatus(wid)["error"]
    assert len(err["message"]) < 9000 and "left out" in err["message"]


@workflow("val.huge_error")
def huge_error():
    raise ValueError("bad value " + "H" * 100000)
