"""Acceptance checklist, suite ``runtime`` (upstream 4) and ``retention``."""
from exchange.workflows.api import admin

from acceptance_helpers import ACTIVE, row, start, wait_status


def test_start_enqueues_row(wf):
    wid = start("tests.step_persist_smoke", timeoutSeconds=8)
    assert row(wid)["status"] in ACTIVE + ("SUCCESS",)
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    assert r["deadline_epoch_ms"] is not None


def test_apply_smoke(wf):
    resp = admin.applyRetention()
    assert resp["ok"] and resp["code"] == "RETENTION_APPLIED", resp
    wf.applyRetention()  # the runtime call itself does not raise either


def test_retention_failure_is_reported(wf):
    """Fix of upstream 7.2: a failing retention is RETENTION_FAILED, not RETENTION_APPLIED."""
    from exchange.workflows.engine import host
    host.db_update("DROP TABLE retention_config")
    resp = admin.applyRetention()
    assert resp["ok"] is False and resp["code"] == "RETENTION_FAILED", resp
    assert resp["error"]
