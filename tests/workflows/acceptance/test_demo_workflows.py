"""Demo workflows (upstream 6) with the fixes: the built-in sleep step is used,
``timeout_seconds`` is honoured, and all four ISA-88 commands act.

Durations are shortened through the module's constants (read at call time).
"""
import json

import pytest

from exchange.workflows.api import service
from exchange.workflows.apps.examples import demo

from acceptance_helpers import poll, q, start, step_rows, wait_status


@pytest.fixture
def short_demo(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_SECONDS", 1)
    monkeypatch.setattr(demo, "COMMAND_LOOP_MS", 100)
    monkeypatch.setattr(demo, "RUNNING_RECV_SECONDS", 0.05)
    monkeypatch.setattr(demo, "HELD_RECV_SECONDS", 0.2)
    return demo


def _state(wid):
    rows = q("SELECT value_json FROM workflow_events WHERE workflow_id = ? AND event_key = ?",
             [wid, "phase.state"])
    return json.loads(rows[0]["value_json"]) if rows else None


def test_one_minute_progress_uses_builtin_sleep_step(wf, short_demo):
    wid = start("demo.one_minute_progress", {"chunk_sec": 0.25})
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    assert json.loads(r["result_json"]) == {"ok": True, "duration_sec": 1}
    names = [s["step_name"] for s in step_rows(wid) if s["kind"] == "step"]
    assert names and set(names) == {"sleep.sleep_chunked"}
    logs = q("SELECT value_json FROM streams WHERE workflow_id = ? AND stream_key = 'log'", [wid])
    assert any("100%" in row["value_json"] for row in logs)


def test_one_minute_progress_honours_timeout_seconds(wf, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_SECONDS", 2)
    wid = start("demo.one_minute_progress", {"timeout_seconds": 0.5, "chunk_sec": 0})
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    out = json.loads(r["result_json"])
    assert out["ok"] is False and out["reason"] == "timeout" and out["duration_sec"] == 0.5


def test_commands_60s_completes_without_commands(wf, short_demo):
    wid = start("demo.commands_60s")
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    out = json.loads(r["result_json"])
    assert out == {"ok": True, "duration_s": 1.0, "loops": 10, "state": "COMPLETE",
                   "commands": []}


def test_commands_60s_hold_resume_stop_reset(wf, short_demo, monkeypatch):
    """Every command acts (upstream logged STOP as unknown and could never RESET)."""
    monkeypatch.setattr(demo, "DEMO_SECONDS", 600)  # the test, not the clock, ends the run
    wid = start("demo.commands_60s", {"paramOne": 1})
    poll(lambda: _state(wid) == "RUNNING", what="RUNNING")
    for cmd, state in (("HOLD", "HELD"), ("RESUME", "RUNNING"), ("STOP", "STOPPED"),
                       ("RESET", "RUNNING"), ("STOP", "STOPPED")):
        assert service.sendCommand(wid, cmd)["ok"]
        poll(lambda: _state(wid) == state, what=state)
    assert service.sendCommand(wid, "STOP")["ok"]  # STOP while STOPPED: no reset, end
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    out = json.loads(r["result_json"])
    assert out["commands"] == ["HOLD", "RESUME", "STOP", "RESET", "STOP", "STOP"]
    assert out["ok"] is False and out["state"] == "STOPPED"
    history = [json.loads(x["value_json"]) for x in q(
        "SELECT value_json FROM workflow_events_history WHERE workflow_id = ? AND "
        "event_key = 'phase.state' ORDER BY event_id", [wid])]
    assert history == ["RUNNING", "HELD", "RUNNING", "STOPPED", "RUNNING", "STOPPED"]


def test_commands_60s_stop_ends_the_run(wf, short_demo, monkeypatch):
    monkeypatch.setattr(demo, "DEMO_SECONDS", 30)
    monkeypatch.setattr(demo, "STOPPED_RESET_WAIT_SECONDS", 0.2)
    wid = start("demo.commands_60s")
    poll(lambda: _state(wid) == "RUNNING", what="RUNNING")
    assert service.sendCommand(wid, "STOP", reason="operator")["ok"]
    r = wait_status(wid)
    assert r["status"] == "SUCCESS", r
    out = json.loads(r["result_json"])
    assert out["ok"] is False and out["state"] == "STOPPED" and out["commands"] == ["STOP"]
