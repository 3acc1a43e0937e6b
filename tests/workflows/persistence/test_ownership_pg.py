"""Issue 11 bug 1 on PostgreSQL: cancel + resume while a step runs never gives the run a
second, concurrent execution (SKIP LOCKED claims, real row locks, a real server).

Skipped, saying why, when PostgreSQL is absent; fails when GATEWAY_SIM_REQUIRE_SERVICES=1.
The SQLite version and the rest of the ownership rules: engine/test_ownership.py.
"""
from __future__ import absolute_import, division, print_function

import threading
import time

import pytest

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import instance, kernel as K
from exchange.workflows.errors import ExecutionStillRunning

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
GATE = {"release": threading.Event()}
LOCK = threading.Lock()
CONC = {"now": 0, "max": 0, "entered": 0}


@step("ownpg.block")
def block():
    with LOCK:
        CONC["entered"] += 1
        CONC["now"] += 1
        CONC["max"] = max(CONC["max"], CONC["now"])
    try:
        GATE["release"].wait(20)
    finally:
        with LOCK:
            CONC["now"] -= 1
    return "done"


@workflow("ownpg.flow")
def flow():
    return block()


@pytest.fixture
def pg_wf(gateway, pg_database):
    gateway.databases.add_datasource("PGOWN", type="postgresql", database=pg_database,
                                     maxActive=12, **PG)
    rt = instance.getWorkflows("PGOWN")
    yield rt
    GATE["release"].set()
    instance.shutdownRuntime(5)


def _wait(pred, what, timeout=20.0):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.01)  # polling a condition, not timing the engine
    raise AssertionError("timed out waiting for " + what)


def _status(rt, wid):
    return (rt.getStatus(wid) or {}).get("status")


def test_cancel_then_resume_while_step_runs_postgresql(pg_wf):
    rt = pg_wf
    GATE["release"] = threading.Event()
    CONC.update(now=0, max=0, entered=0)
    wid = rt.enqueue("ownpg.flow")
    _wait(lambda: CONC["entered"] == 1, "step entered")
    assert rt.cancelWorkflow(wid, "operator") == 1
    # too short a wait: refused, nothing changed
    with pytest.raises(ExecutionStillRunning):
        rt.resumeWorkflow(wid, waitSeconds=0)
    assert _status(rt, wid) == "CANCELLED"
    out = {}

    def resume():
        try:
            out["resumed"] = rt.resumeWorkflow(wid, waitSeconds=20)
        except Exception as exc:
            out["error"] = exc
    t = threading.Thread(target=resume)
    t.start()
    try:
        # a resume that returned without waiting (the bug) lets a second execution in
        _wait(lambda: CONC["entered"] >= 2 or "error" in out or
              K.counters(rt.kernel).get("resume.waiting_for_execution"),
              "a second execution or resume waiting")
    finally:
        GATE["release"].set()
        t.join(30)
    assert out.get("resumed") is True, out
    _wait(lambda: _status(rt, wid) == "SUCCESS", "resumed run SUCCESS")
    assert CONC["max"] == 1, "step body ran %d times at once" % CONC["max"]
    assert CONC["entered"] == 2
    assert rt.getResult(wid, 5) == "done"
