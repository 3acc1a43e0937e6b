"""Regression tests for engine bugs the chaos suites found (see /work/notes_for_core.md).

Each test reproduces, in-process and deterministically, what a chaos suite saw
with real processes: a transient database failure (one failed statement, as when
PostgreSQL drops a connection) during a workflow-level operation must be retried
or hand the run back for replay; it must never end the run in ERROR.
"""
from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys
import textwrap

import pytest

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import host
from exchange.workflows.engine.runtime import WorkflowsRuntime

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CALLS = {"s": 0}


def _rt():
    return WorkflowsRuntime.getCurrentRuntime()


@step("chaosreg.s")
def s():
    CALLS["s"] += 1
    return CALLS["s"]


@workflow("chaosreg.event")
def with_event():
    a = s()
    _rt().setEvent("k", a)
    return s()


@workflow("chaosreg.send")
def with_send(dest):
    s()
    _rt().send(dest, {"x": 1}, "data")
    return s()


@workflow("chaosreg.recv")
def with_recv():
    m = _rt().recv("data", 30)
    s()
    return m


@workflow("chaosreg.child")
def with_child():
    cid = _rt().enqueue("chaosreg.event", {})
    return _rt().retrieve(cid).getResult(30)


@pytest.fixture
def wf(gateway):
    from exchange.workflows.engine import instance
    rt = instance.getWorkflows()
    rt.configure(dbRetries=5)
    yield rt
    instance.shutdownRuntime(2)


def _flaky(monkeypatch, fn_name, needle, failures=1):
    """Make the next ``failures`` host.<fn_name> calls whose SQL contains ``needle`` fail
    like a dropped connection (a java.sql.SQLException wrapped in java.lang.Exception)."""
    from gateway_sim.jvm import JavaException, SQLException, make_java_exception
    real = getattr(host, fn_name)
    left = [failures]

    def wrapper(sql, *a, **kw):
        if needle in sql and left[0] > 0:
            left[0] -= 1
            cause = make_java_exception(SQLException, "server closed the connection unexpectedly")
            raise make_java_exception(JavaException, "Error executing %s: connection lost" % fn_name,
                                      cause)
        return real(sql, *a, **kw)
    monkeypatch.setattr(host, fn_name, wrapper)
    return left


def _final(rt, wid):
    h = rt.retrieve(wid)
    try:
        h.getResult(30)
    except Exception:
        pass
    return rt.getStatus(wid)


def test_set_event_survives_one_failed_statement(wf, monkeypatch):
    left = _flaky(monkeypatch, "db_update", "workflow_events")
    wid = wf.startWorkflow("chaosreg.event", {}).workflowId
    st = _final(wf, wid)
    assert left[0] == 0
    assert st["status"] == "SUCCESS", st.get("error")


def test_send_from_workflow_survives_one_failed_statement(wf, monkeypatch):
    # the destination must exist: a send to an unknown run is refused (RunNotFound)
    dest = wf.startWorkflow("chaosreg.recv", {}).workflowId
    left = _flaky(monkeypatch, "db_update", "INSERT INTO notifications")
    wid = wf.startWorkflow("chaosreg.send", {"dest": dest}).workflowId
    st = _final(wf, wid)
    assert left[0] == 0
    assert st["status"] == "SUCCESS", st.get("error")
    msgs = host.db_query("SELECT COUNT(*) AS n FROM notifications WHERE destination_uuid = ?", [dest])
    assert int(msgs[0]["n"]) == 1
    assert _final(wf, dest)["result"] == {"x": 1}  # delivered exactly once


def test_recv_survives_one_failed_poll(wf, monkeypatch):
    left = _flaky(monkeypatch, "db_query", "FROM notifications")
    wid = wf.startWorkflow("chaosreg.recv", {}).workflowId
    wf.send(wid, {"hello": 1}, "data")
    st = _final(wf, wid)
    assert left[0] == 0
    assert st["status"] == "SUCCESS", st.get("error")
    assert st["result"] == {"hello": 1}


def test_get_result_in_workflow_survives_one_failed_poll(wf, monkeypatch):
    left = _flaky(monkeypatch, "db_query", "SELECT * FROM workflow_status WHERE workflow_id")
    wid = wf.startWorkflow("chaosreg.child", {}).workflowId
    st = _final(wf, wid)
    assert left[0] == 0
    assert st["status"] == "SUCCESS", st.get("error")


def test_catchable_includes_java_exceptions_whatever_the_import_order():
    """compat.CATCHABLE is fixed at import: importing the engine before the simulator's
    java.* hook is installed left Java exceptions uncatchable at every boundary (an
    idempotent startWorkflow with an existing id then raised the driver's error)."""
    code = textwrap.dedent("""
        from exchange.workflows.engine import instance     # engine first, no java hook yet
        from gateway_sim import Gateway, simulate
        gw = Gateway(name="regr")  # its own temp folder, removed by shutdown()
        with simulate(gw):
            rt = instance.getWorkflows()
            rt.enterMaintenance("drain")  # keep the run queued; only the start matters
            from exchange.workflows.bootstrap import workflow
            workflow("regr.wf")(lambda: 1)
            rt.startWorkflow("regr.wf", {}, workflowId="w1", allowDuringMaintenance=True)
            rt.startWorkflow("regr.wf", {}, workflowId="w1", allowDuringMaintenance=True)
            print("IDEMPOTENT-OK")
            instance.shutdownRuntime(1)
        gw.shutdown()
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert "IDEMPOTENT-OK" in out.stdout, out.stderr[-3000:]


@workflow("chaosreg.plain")
def plain():
    return s()


def test_failed_terminal_write_is_recovered_by_the_same_gateway(wf, monkeypatch):
    """A single gateway whose terminal write failed (DB down longer than dbRetries) must
    recover the run itself once the lease expires; recover_expired excluded the gateway's
    own executor, so in a one-gateway install the run stayed RUNNING until a restart."""
    wf.configure(dbRetries=2, leaseMs=400, heartbeatMs=100, sweepMs=100, pollMs=50)
    left = _flaky(monkeypatch, "db_update", "SET status = ?, result_json = ?", failures=2)
    wid = wf.startWorkflow("chaosreg.plain", {}).workflowId
    try:
        st = wf.retrieve(wid).getResult(15)
    except Exception as exc:
        st = exc
    assert left[0] == 0
    info = wf.getStatus(wid)
    assert info["status"] == "SUCCESS", (info, st)


def test_claim_whose_commit_reply_was_lost_is_recovered(wf, monkeypatch):
    """PostgreSQL connection terminated right after COMMIT reached the server: the claim
    is durable (rows PENDING, claimed by us) but the dispatcher saw an error, undid its
    local admission and never ran them; with no heartbeat and recover_expired skipping our
    own executor they stayed PENDING forever (seen in test_postgres_connections_terminated)."""
    wf.configure(leaseMs=400, heartbeatMs=100, sweepMs=100, pollMs=50)
    real_commit = host.commit
    armed = [1]

    def commit_then_fail(tx):
        real_commit(tx)
        if armed[0]:
            armed[0] = 0
            from gateway_sim.jvm import JavaException, make_java_exception
            raise make_java_exception(JavaException, "consuming input failed: server closed "
                                      "the connection unexpectedly")
    wf.enterMaintenance("drain")
    wid = wf.startWorkflow("chaosreg.plain", {}, allowDuringMaintenance=True).workflowId
    monkeypatch.setattr(host, "commit", commit_then_fail)
    wf.exitMaintenance()
    try:
        wf.retrieve(wid).getResult(15)
    except Exception:
        pass
    assert armed[0] == 0
    info = wf.getStatus(wid)
    assert info["status"] == "SUCCESS", info
