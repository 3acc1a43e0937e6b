"""Operation log: replay, non-determinism, checkpointed events/streams/progress/sleep,
serialization, retry semantics (upstream bugs fixed)."""
from __future__ import absolute_import, division, print_function

import json

import pytest

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine.runtime import WorkflowsRuntime
from exchange.workflows.errors import SerializationError

import helpers as h

SHAPE = {"mode": "a"}


@step("op.count")
def counted(name):
    return h.bump(name)


@workflow("op.shape")
def shape_wf():
    rt = WorkflowsRuntime.getCurrentRuntime()
    counted("x")
    if SHAPE["mode"] == "a":
        counted("y")
    else:
        rt.setEvent("other", 1)
    return "done"


@workflow("op.events")
def events_wf():
    rt = WorkflowsRuntime.getCurrentRuntime()
    rt.setEvent("phase.state", "RUNNING")
    off = rt.writeStream("data", {"i": 1})
    rt.progress("half", {"pct": 50})
    counted("ev")
    return off


def test_nondeterminism_fails_clearly(wf):
    h.reset()
    SHAPE["mode"] = "a"
    wid = wf.enqueue("op.shape")
    assert h.wait_status(wid) == "SUCCESS"
    SHAPE["mode"] = "b"
    h.force_reenqueue(wid)
    assert h.wait_status(wid) == "ERROR"
    err = json.loads(h.q("SELECT error_json FROM workflow_status WHERE workflow_id=?", [wid])[0]["error_json"])
    assert err["type"] == "non_determinism"
    assert "operation #2 was recorded as step 'op.count'" in err["message"]
    assert "setEvent 'other'" in err["message"]


def test_events_streams_progress_are_checkpointed(wf):
    h.reset()
    wid = wf.enqueue("op.events")
    assert wf.getResult(wid, 10) == 0
    h.force_reenqueue(wid)
    assert wf.getResult(wid, 10) == 0
    assert h.count("ev") == 1
    assert len(wf.getEventHistory(wid, "phase.state")) == 1
    assert [e["value"] for e in wf.readStream(wid, "data")] == [{"i": 1}]
    assert len(wf.readStream(wid, "log")) == 1
    assert wf.getEvent(wid, "phase.last_message")["message"] == "half"
    kinds = [(s["kind"], s["name"]) for s in wf.listRunSteps(wid)]
    assert kinds == [("setEvent", "phase.state"), ("writeStream", "data"), ("progress", "log"),
                     ("step", "op.count")]


@workflow("op.sleeper")
def sleeper_wf(seconds=30):
    rt = WorkflowsRuntime.getCurrentRuntime()
    counted("before")
    rt.sleep(seconds)
    counted("after")
    return "woke"


def test_durable_sleep_records_wakeup_and_uses_host_clock(vwf, virtual_gateway):
    h.reset()
    wid = vwf.enqueue("op.sleeper", {"seconds": 30})
    h.wait_for(lambda: any(s["kind"] == "sleep" for s in vwf.listRunSteps(wid)), what="sleep op")
    wake = [s for s in vwf.listRunSteps(wid) if s["kind"] == "sleep"][0]["output"]["wakeAtMs"]
    import system
    assert wake - system.date.now().getTime() == 30000
    assert h.status(wid) == "RUNNING"
    virtual_gateway.clock.advance(31)
    assert h.wait_status(wid) == "SUCCESS"
    assert h.count("after") == 1


def test_durable_sleep_after_restart_sleeps_only_the_remainder(vwf, virtual_gateway):
    """A replayed sleep whose wake-up time passed does not sleep again."""
    h.reset()
    wid = vwf.enqueue("op.sleeper", {"seconds": 30})
    h.wait_for(lambda: any(s["kind"] == "sleep" for s in vwf.listRunSteps(wid)), what="sleep op")
    virtual_gateway.clock.advance(31)
    assert h.wait_status(wid) == "SUCCESS"
    h.force_reenqueue(wid)
    assert h.wait_status(wid) == "SUCCESS"  # no clock advance needed: remainder is <= 0
    assert h.count("before") == 1 and h.count("after") == 1


@step("op.bad_output")
def bad_output():
    h.bump("bad")
    return {"s": set([1])}


@workflow("op.bad_output_wf")
def bad_output_wf():
    return bad_output()


def test_nonserializable_input_rejected_at_start(wf):
    with pytest.raises(SerializationError) as ei:
        wf.enqueue("op.shape", {"x": object()})
    assert "inputs of op.shape" in str(ei.value) and "not JSON-serializable" in str(ei.value)
    assert h.q("SELECT COUNT(*) AS n FROM workflow_status")[0]["n"] == 0


def test_nonserializable_step_output_fails_step_not_recorded_success(wf):
    h.reset()
    wid = wf.enqueue("op.bad_output_wf")
    assert h.wait_status(wid) == "ERROR"
    steps = wf.listRunSteps(wid)
    assert steps[0]["status"] == "ERROR"
    assert steps[0]["error"]["type"] == "step_output_not_serializable"


FLAKY = {"fail": 0}


@step("op.flaky", options={"retries_allowed": True, "max_attempts": 4, "interval_seconds": 0.01,
                           "backoff_rate": 2.0})
def flaky():
    n = h.bump("flaky")
    if n <= FLAKY["fail"]:
        raise ValueError("boom %d" % n)
    return n


@workflow("op.flaky_wf")
def flaky_wf():
    return flaky()


def test_retry_records_only_final_outcome(wf):
    h.reset()
    FLAKY["fail"] = 2
    wid = wf.enqueue("op.flaky_wf")
    assert wf.getResult(wid, 10) == 3
    steps = wf.listRunSteps(wid)
    assert len(steps) == 1 and steps[0]["status"] == "SUCCESS" and steps[0]["attempts"] == 3


def test_retry_exhausted_records_error_once(wf):
    h.reset()
    FLAKY["fail"] = 99
    wid = wf.enqueue("op.flaky_wf")
    assert h.wait_status(wid) == "ERROR"
    steps = wf.listRunSteps(wid)
    assert steps[0]["status"] == "ERROR" and steps[0]["attempts"] == 4
    assert steps[0]["error"]["message"] == "ValueError: boom 4"
    h.force_reenqueue(wid)
    assert h.wait_status(wid) == "ERROR"
    assert h.count("flaky") == 4  # replayed error, body not run again
    err = json.loads(h.q("SELECT error_json FROM workflow_status WHERE workflow_id=?", [wid])[0]["error_json"])
    assert "Replayed step error" in err["message"]


@step("op.java_flaky", options={"retries_allowed": True, "max_attempts": 3})
def java_flaky():
    from java.lang import IllegalStateException
    n = h.bump("java")
    if n < 3:
        raise IllegalStateException("java boom")
    return "ok"


@step("op.java_fail")
def java_fail():
    from java.lang import IllegalStateException
    raise IllegalStateException("always")


@workflow("op.java_wf")
def java_wf(fail=False):
    return java_fail() if fail else java_flaky()


def test_java_exceptions_are_retried_and_named(wf):
    h.reset()
    wid = wf.enqueue("op.java_wf")
    assert wf.getResult(wid, 10) == "ok"
    assert wf.listRunSteps(wid)[0]["attempts"] == 3
    wid2 = wf.enqueue("op.java_wf", {"fail": True})
    assert h.wait_status(wid2) == "ERROR"
    err = wf.listRunSteps(wid2)[0]["error"]
    assert err["exceptionType"] == "java.lang.IllegalStateException" and err["javaException"]
    assert wf.getStatus(wid2)["error"]["exceptionType"] == "java.lang.IllegalStateException"


@step("op.slow_retry", options={"retries_allowed": True, "max_attempts": 5, "interval_seconds": 3600})
def slow_retry():
    h.bump("slow")
    raise ValueError("never")


@workflow("op.slow_retry_wf")
def slow_retry_wf():
    return slow_retry()


def test_backoff_wait_is_cancel_aware(wf):
    h.reset()
    wid = wf.enqueue("op.slow_retry_wf")
    h.wait_for(lambda: h.count("slow") == 1, what="first attempt")
    assert wf.cancelWorkflow(wid, "stop it") == 1
    assert h.wait_status(wid) == "CANCELLED"
    assert wf.listRunSteps(wid) == []  # no ERROR recorded before the final attempt
