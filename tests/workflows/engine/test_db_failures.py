"""A failing database write never leaves a run silently stuck: lifecycle writes are
retried; if they keep failing the run stays claimed until its lease expires and is
then recovered and replayed (no completed step re-run)."""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import host, recovery
from exchange.workflows.engine.persistence import runs

import helpers as h


@step("dbf.s")
def s():
    return h.bump("dbf")


@workflow("dbf.wf")
def wf_fn():
    return s()


def _java_error():
    from java.lang import RuntimeException
    return RuntimeException("database is down")


def test_terminal_write_retried_through_java_errors(wf, monkeypatch):
    h.reset()
    real = runs.finish
    fails = {"n": 2}

    def flaky(*a, **kw):
        if fails["n"] > 0:
            fails["n"] -= 1
            raise _java_error()
        return real(*a, **kw)
    monkeypatch.setattr(runs, "finish", flaky)
    wid = wf.enqueue("dbf.wf")
    assert wf.getResult(wid, 10) == 1
    assert fails["n"] == 0


def test_persistent_write_failure_is_recovered_after_lease_expiry(wf, monkeypatch):
    h.reset()
    wf.configure(dbRetries=2)
    real = runs.finish
    monkeypatch.setattr(runs, "finish", lambda *a, **kw: (_ for _ in ()).throw(_java_error()))
    wid = wf.enqueue("dbf.wf")
    h.wait_for(lambda: h.count("dbf") == 1 and not wf.getMaintenanceStatus()["activeWorkflows"],
               what="run attempted")
    assert h.status(wid) == "RUNNING"  # stuck for now, but still leased: recoverable
    assert any("terminal_write_failed" in r.message for r in wf_records())
    monkeypatch.setattr(runs, "finish", real)
    # the lease runs out (simulate time passing) and another executor takes it over
    h.u("UPDATE workflow_status SET lease_expires_at = 1, claimed_by = 'dead:exec' WHERE workflow_id = ?",
        [wid])
    assert recovery.recover_expired(wf) == 1
    assert wf.getResult(wid, 10) == 1
    assert h.count("dbf") == 1  # the completed step was replayed, not re-run
    wf.configure(dbRetries=5)


def wf_records():
    from gateway_sim import runtime
    return runtime.current().util.records
