"""Built-in steps inside real runs: checkpointed outputs, cancel-aware waits, retries apply.

Runs go through ``api.service`` on a real-clock gateway; every wait polls with a
generous deadline (no timed assertions).
"""
import json
import time

import pytest

from exchange.workflows.api import service
from exchange.workflows.bootstrap import workflow
from exchange.workflows.engine import host
from exchange.workflows.steps import db as db_steps
from exchange.workflows.steps import http as http_steps
from exchange.workflows.steps import sleep as sleep_steps
from exchange.workflows.steps import tags as tag_steps
from exchange.workflows.steps import wait as wait_steps

@workflow(name="tests.steps.tag_roundtrip")
def tag_roundtrip(path, value):
    w = tag_steps.write_confirm(path, value, timeout_ms=5000, poll_ms=20)
    r = tag_steps.read(path)
    return {"confirm": w, "read": r["value"]}


@workflow(name="tests.steps.long_sleep")
def long_sleep(total_ms=600000):
    return sleep_steps.sleep_chunked(total_ms, 100)


@workflow(name="tests.steps.long_wait")
def long_wait(path):
    return wait_steps.until_tag_equals(path, 12345, timeout_ms=600000, poll_ms=50)


@workflow(name="tests.steps.db_roundtrip")
def db_roundtrip():
    db_steps.update("", "CREATE TABLE IF NOT EXISTS wf_notes (id INTEGER PRIMARY KEY, note TEXT)")
    db_steps.update("", "INSERT INTO wf_notes (note) VALUES (?)", ["from a step"])
    return db_steps.query("", "SELECT note FROM wf_notes")


@workflow(name="tests.steps.http_get")
def http_get(url):
    return http_steps.request("GET", url, timeout_ms=2000)


@pytest.fixture
def wf(gateway):
    from exchange.workflows import apps
    from exchange.workflows.bootstrap import getWorkflows
    from exchange.workflows.engine import instance
    apps.load()
    rt = getWorkflows()
    try:
        yield rt
    finally:
        instance.shutdownRuntime(5)


def _status(wid):
    rows = host.db_query("SELECT * FROM workflow_status WHERE workflow_id = ?", [wid])
    return rows[0] if rows else None


def _wait(wid, statuses=("SUCCESS", "ERROR", "CANCELLED"), timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        service.dispatch()
        r = _status(wid)
        if r and r["status"] in statuses:
            return r
        time.sleep(0.05)
    raise AssertionError("run %s never reached %s: %r" % (wid, statuses, _status(wid)))


def _start(name, inputs):
    resp = service.start(name, inputs)
    assert resp["ok"], resp
    return resp["workflowId"]


def _steps(wid):
    return host.db_query("SELECT step_name, status, attempts, output_json FROM operation_outputs "
                         "WHERE workflow_id = ? ORDER BY call_seq", [wid])


def test_tag_steps_checkpointed(wf, memory_tags):
    wid = _start("tests.steps.tag_roundtrip", {"path": "[default]Level", "value": 11})
    r = _wait(wid)
    assert r["status"] == "SUCCESS", r
    assert json.loads(r["result_json"]) == {
        "confirm": {"ok": True, "write_quality": "Good", "confirmed": True}, "read": 11}
    names = [s["step_name"] for s in _steps(wid)]
    assert names == ["tags.write_confirm", "tags.read"]


@pytest.mark.parametrize("name,inputs", [
    ("tests.steps.long_sleep", {}),
    ("tests.steps.long_wait", {"path": "[default]Level"}),
])
def test_wait_loops_are_cancel_aware(wf, memory_tags, name, inputs):
    wid = _start(name, inputs)
    _wait(wid, ("RUNNING",))
    assert service.cancel(wid, "operator")["ok"]
    assert _wait(wid)["status"] == "CANCELLED"


def test_db_steps_in_a_run(wf):
    wid = _start("tests.steps.db_roundtrip", {})
    r = _wait(wid)
    assert r["status"] == "SUCCESS", r
    assert json.loads(r["result_json"]) == [{"note": "from a step"}]


def test_http_in_a_run(wf, http_server):
    wid = _start("tests.steps.http_get", {"url": http_server + "/missing"})
    r = _wait(wid)
    assert r["status"] == "SUCCESS", r  # an HTTP error status is a result, not a failure
    assert json.loads(r["result_json"])["status"] == 404


def test_http_network_error_is_a_step_error(wf):
    wid = _start("tests.steps.http_get", {"url": "http://127.0.0.1:1/unreachable"})
    r = _wait(wid)
    assert r["status"] == "ERROR", r
    rows = host.db_query("SELECT status, error_json FROM operation_outputs WHERE workflow_id = ?",
                         [wid])
    assert rows and rows[0]["status"] == "ERROR" and rows[0]["error_json"]
