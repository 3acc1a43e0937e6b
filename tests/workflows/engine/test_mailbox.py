"""Mailbox: FIFO, exactly-once consumption recorded with the op, timeouts recorded,
recvCommand ISA-88 policy consuming only what it returns."""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine.runtime import WorkflowsRuntime

import helpers as h


@step("mb.mark")
def mark(v):
    h.bump("mark")
    return v


@workflow("mb.recv2")
def recv2(timeout=5):
    rt = WorkflowsRuntime.getCurrentRuntime()
    a = rt.recv("cmd", timeout)
    b = rt.recv("cmd", timeout)
    mark(1)
    return [a, b]


@workflow("mb.recv_timeout")
def recv_timeout():
    rt = WorkflowsRuntime.getCurrentRuntime()
    return rt.recv("other", 0.05)


@workflow("mb.cmd")
def cmd_wf(state="RUNNING"):
    rt = WorkflowsRuntime.getCurrentRuntime()
    return rt.recvCommand(state, "cmd", 5, 5)


def test_recv_fifo_and_replay_returns_same_messages(wf):
    h.reset()
    wid = wf.enqueue("mb.recv2", allowDuringMaintenance=True)
    wf.send(wid, {"n": 1})
    wf.send(wid, {"n": 2})
    assert wf.getResult(wid, 10) == [{"n": 1}, {"n": 2}]
    h.force_reenqueue(wid)
    assert wf.getResult(wid, 10) == [{"n": 1}, {"n": 2}]
    rows = h.q("SELECT consumed_seq FROM notifications WHERE destination_uuid=? ORDER BY notification_id", [wid])
    assert [r["consumed_seq"] for r in rows] == [1, 2]


def test_recv_wakes_on_local_send(wf):
    wid = wf.enqueue("mb.recv2", {"timeout": 30})
    h.wait_for(lambda: h.status(wid) == "RUNNING", what="running")
    wf.send(wid, "a")
    wf.send(wid, "b")
    assert wf.getResult(wid, 10) == ["a", "b"]


def test_recv_timeout_is_recorded_as_none(wf):
    wid = wf.enqueue("mb.recv_timeout")
    assert wf.getResult(wid, 10) is None
    steps = wf.listRunSteps(wid)
    assert steps[0]["kind"] == "recv" and steps[0]["output"] is None
    wf.send(wid, "late", topic="other")
    h.force_reenqueue(wid)
    assert wf.getResult(wid, 10) is None  # replay keeps the recorded timeout


def test_recv_command_picks_priority_and_consumes_only_it(wf):
    # all three commands are in the mailbox before the run can receive: held back by a
    # drain until then (else it may take HOLD before STOP was sent, on a loaded machine)
    wf.enterMaintenance("drain")
    try:
        wid = wf.startWorkflow("mb.cmd", {"state": "RUNNING"},
                               allowDuringMaintenance=True).workflowId
        wf.send(wid, {"cmd": "RESUME"})
        wf.send(wid, {"cmd": "HOLD"})
        wf.send(wid, {"cmd": "STOP", "reason": "e-stop"})
        assert h.status(wid) in ("ENQUEUED", "PENDING")
    finally:
        wf.exitMaintenance()
    out = wf.getResult(wid, 10)
    assert out["cmd"] == "STOP" and out["priority"] == 2 and out["message"]["reason"] == "e-stop"
    left = h.q("SELECT message_json FROM notifications WHERE destination_uuid=? AND consumed_at IS NULL "
               "ORDER BY notification_id", [wid])
    assert [r["message_json"] for r in left] == ['{"cmd":"RESUME"}', '{"cmd":"HOLD"}']


def test_recv_command_respects_allowed_state(wf):
    wid = wf.enqueue("mb.cmd", {"state": "HELD"})
    wf.send(wid, {"cmd": "HOLD"})
    wf.send(wid, {"cmd": "RESUME"})
    assert wf.getResult(wid, 10)["cmd"] == "RESUME"


def test_send_with_message_uuid_is_idempotent(wf):
    wid = wf.enqueue("mb.recv2", {"timeout": 0.2})
    wf.send(wid, "once", messageUUID="m-1")
    wf.send(wid, "once", messageUUID="m-1")
    assert wf.getResult(wid, 10) == ["once", None]
