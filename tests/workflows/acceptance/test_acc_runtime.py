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
