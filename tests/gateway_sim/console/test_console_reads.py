"""The console on the engine's read APIs (NOTES-console items 1-4, 8): partition and id
filters with exact counts and pages, status chips under every filter, the mailbox with
pending messages, streams from ``listStreams``; the resume action's refusal code."""
from __future__ import absolute_import, division, print_function

import threading

from .conftest import wait_until


def _ids(body):
    return [part.split('"', 1)[0] for part in body.split('href="/runs/')[1:]]


def test_partition_and_id_filters_are_counted_and_paged_exactly(console, http):
    server, gw, proj = console
    rt = server.source.runtime()
    server.source.call(rt.enterMaintenance, "drain", "console test")  # runs stay ENQUEUED
    ids = [server.source.call(rt.enqueue, "tank_batch", {"batchId": "Z-%02d" % i},
                              workflowId="batch-%s-%03d" % ("odd" if i % 2 else "even", i),
                              partitionKey="line-%d" % (i % 3), allowDuringMaintenance=True)
           for i in range(120)]
    code, body, _ = http.get("/?partition=line-0")
    assert code == 200
    assert "runs 1\u201340 of 40" in body and "page 1 of 1" in body and "older \u2192" not in body
    assert sorted(_ids(body)) == sorted(w for i, w in enumerate(ids) if i % 3 == 0)
    code, body, _ = http.get("/?q=ODD")  # any case
    assert "runs 1\u201350 of 60" in body and "page 1 of 2" in body and "older \u2192" in body
    code, body, _ = http.get("/?q=odd&page=1")
    assert "runs 51\u201360 of 60" in body and "page 2 of 2" in body
    code, body, _ = http.get("/fragment/runs?q=odd&partition=line-1")
    assert "ENQUEUED <b>20</b>" in body and "all <b>20</b>" in body  # chips follow the filters
    code, body, _ = http.get("/?q=%25")  # a LIKE wildcard is searched for literally
    assert "no runs match these filters" in body
    server.source.call(rt.exitMaintenance)


def test_run_page_lists_pending_and_consumed_messages(console, http):
    server, gw, proj = console
    boot = proj.import_module("exchange.workflows.bootstrap")

    @boot.workflow(name="console.test.mailbox")
    def mailbox_flow():
        return boot.getWorkflows().recv("cmd", 30)

    rt = server.source.runtime()
    wid = server.source.call(rt.enqueue, "console.test.mailbox")
    server.source.call(rt.send, wid, {"cmd": "<b>GO</b>"}, "cmd", "uuid-1")
    server.source.call(rt.send, wid, {"note": "later"}, "notes")
    wait_until(lambda: (rt.getStatus(wid) or {}).get("status") == "SUCCESS", message="SUCCESS")
    code, body, _ = http.get("/runs/" + wid)
    box = body.split("<h2>Mailbox</h2>", 1)[1].split("<h2>Streams</h2>", 1)[0]
    assert "consumed by #1" in box and "uuid-1" in box and "&lt;b&gt;GO&lt;/b&gt;" in box
    assert "pending" in box and "later" in box and "<td>notes</td>" in box
    assert "<b>GO</b>" not in body


def test_resume_while_the_cancelled_execution_runs_answers_the_engine_code(console, http):
    server, gw, proj = console
    boot = proj.import_module("exchange.workflows.bootstrap")
    entered, release = threading.Event(), threading.Event()

    @boot.step(name="console.test.block")
    def block():
        entered.set()
        release.wait(30)

    @boot.workflow(name="console.test.blocking")
    def blocking_flow():
        block()
        return "done"

    rt = server.source.runtime()
    wid = server.source.call(rt.enqueue, "console.test.blocking")
    try:
        assert entered.wait(30)
        code, resp = http.post("/action/cancel", {"workflowId": wid})
        assert resp["ok"], resp
        code, resp = http.post("/action/resume", {"workflowId": wid, "waitSeconds": "0.1"})
        assert not resp["ok"] and resp["code"] == "EXECUTION_STILL_RUNNING", resp
        assert wid in resp["message"] and "waitSeconds" in resp["message"]
        code, resp = http.post("/action/resume", {"workflowId": wid, "waitSeconds": "soon"})
        assert resp["code"] == "INVALID_ARGUMENTS" and "waitSeconds must be" in resp["message"]
    finally:
        release.set()
    code, resp = http.post("/action/resume", {"workflowId": wid, "waitSeconds": "30"})
    assert resp["ok"] and resp["code"] == "WORKFLOW_RESUMED", resp
    wait_until(lambda: (rt.getStatus(wid) or {}).get("status") == "SUCCESS", message="SUCCESS")


def test_queues_page_shows_the_queue_limits(console, http):
    server, gw, proj = console
    rt = server.source.runtime()
    server.source.call(rt.setQueueLimit, "lim-q", 2, 7)
    server.source.call(rt.setQueueLimit, "solo-q", None, 1)
    code, body, _ = http.get("/queues")
    assert code == 200
    row = [r for r in body.split("<tr>") if "lim-q" in r][0]
    assert "<td>2</td><td>7</td>" in row, row
    solo = [r for r in body.split("<tr>") if "solo-q" in r][0]
    assert '<span class="muted">none</span></td><td>1</td>' in solo, solo


def test_gateway_page_shows_each_event_script_last_run_and_error(console, http):
    server, gw, proj = console
    wait_until(lambda: (proj.event_runs.get(("timer", "tick")) or {}).get("runs"), 30,
               "the tick timer ran")
    code, body, _ = http.get("/gateway")
    row = [r for r in body.split("<tr>") if "<td>tick</td>" in r][0]
    assert '<span class="badge ok">ok</span>' in row and '<span class="muted">no failure' in row
    # a failing run (called with an argument the handler does not take): its cause stays in
    # the row after later good runs of the timer
    proj.run_event(proj.events[("timer", "tick")], "<b>unexpected</b>")
    assert proj.event_runs.get(("timer", "tick"))["errors"] == 1
    code, body, _ = http.get("/gateway")
    row = [r for r in body.split("<tr>") if "<td>tick</td>" in r][0]
    assert "TypeError: " in row and "no failure" not in row, row
