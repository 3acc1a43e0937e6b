"""The console over HTTP without a browser: pages, escaping, token, CSRF, actions, filters.

Each test runs a gateway with the repository's project (tank tags, ``tank_batch``) and a
console on a free loopback port (``console`` fixture in conftest.py).
"""
from __future__ import absolute_import, division, print_function

import os
import stat

import pytest

from gateway_sim.console import html, security
from gateway_sim.console.server import ConsoleError, ConsoleServer

from .conftest import wait_until

EVIL = "<script>document.title='pwned'</script>"
EVIL_TAG = "<img src=x onerror=alert(2)>"


def _start(http, inputs):
    form = dict(("in.%s" % k, v) for k, v in inputs.items())
    form["workflow"] = "tank_batch"
    code, resp = http.post("/action/start", form)
    assert code == 200 and resp["ok"], resp
    return resp["data"]["workflowId"]


def test_escape_covers_markup_and_quotes():
    assert html.esc("<a href='x'>\"&") == "&lt;a href=&#x27;x&#x27;&gt;&quot;&amp;"
    assert html.esc(None) == ""
    assert "<script>" not in html.pre({"k": EVIL})


def test_token_is_created_private_and_reused(tmp_path):
    token = security.load_or_create_token(str(tmp_path))
    path = os.path.join(str(tmp_path), security.TOKEN_FILE)
    assert len(token) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert security.load_or_create_token(str(tmp_path)) == token


def test_post_rules_token_csrf_origin():
    token = "t" * 40
    csrf = security.csrf_for(token)
    cookie = {"Cookie": "gsc_token=" + token, "Host": "127.0.0.1:9"}
    assert "needs the console token" in security.check_post(token, {"Host": "h"}, {"csrf": csrf})
    assert "CSRF" in security.check_post(token, cookie, {})
    assert security.check_post(token, cookie, {"csrf": csrf}) is None
    assert security.check_post(token, {"X-Console-Token": token, "Host": "h"}, {}) is None
    evil = dict(cookie, Origin="http://evil.example")
    assert "another site" in security.check_post(token, evil, {"csrf": csrf})
    assert security.check_post(token, dict(cookie, Origin="http://127.0.0.1:9"), {"csrf": csrf}) is None


def test_binding_elsewhere_needs_allow_remote(console):
    server, gw, proj = console
    with pytest.raises(ConsoleError) as err:
        ConsoleServer(server.source, host="0.0.0.0", port=0)
    assert "--allow-remote" in str(err.value)


def test_read_only_pages_open_without_token(http):
    for path in ("/", "/start", "/start?workflow=tank_batch", "/queues", "/tags", "/gateway",
                 "/login", "/static/console.js", "/static/console.css"):
        code, body, headers = http.get(path)
        assert code == 200, (path, body[:300])
        if path.startswith("/static") is False:
            assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_start_form_lists_the_workflow_parameters(http):
    code, body, _ = http.get("/start?workflow=tank_batch")
    for name in ("batchId", "setpoint", "product", "maxFillSeconds"):
        assert 'name="in.%s"' % name in body


def test_command_without_token_is_refused_and_not_sent(console, http):
    server, gw, proj = console
    wid = _start(http, {"batchId": "T-1", "setpoint": "95"})
    code, resp = http.post("/action/command", {"workflowId": wid, "cmd": "STOP"}, token=False)
    assert code == 403 and resp["code"] == "REFUSED" and "token" in resp["message"]
    code, resp = http.post("/action/command", {"workflowId": wid, "cmd": "STOP"}, csrf=False)
    assert code == 403 and "CSRF" in resp["message"]
    code, body = http.post("/action/command", {"workflowId": wid, "cmd": "STOP"}, token=False,
                           json_reply=False)
    assert code == 403 and "needs the console token" in body
    rt = server.source.runtime()
    assert not any(s["kind"] == "recvCommand" and s.get("output") for s in rt.listRunSteps(wid))
    code, resp = http.post("/action/cancel", {"workflowId": wid})
    assert code == 200 and resp["code"] == "CANCEL_REQUESTED", resp


def test_script_in_input_and_error_is_shown_as_text(console, http):
    server, gw, proj = console
    wid = _start(http, {"batchId": EVIL, "setpoint": "not a number"})  # float() fails: ERROR run
    rt = server.source.runtime()
    wait_until(lambda: (rt.getStatus(wid) or {}).get("status") == "ERROR", message="run ERROR")
    code, body, _ = http.get("/runs/" + wid)
    assert code == 200
    assert EVIL not in body and html.esc(EVIL) in body
    assert "ValueError" in body  # the error's exception type is named


def test_script_in_tag_name_is_shown_as_text(console, http):
    server, gw, proj = console
    with_system = server.source.call
    with_system(lambda: __import__("system").tag.configure(
        "[default]Evil", [{"name": EVIL_TAG, "dataType": "Int4", "value": 1}], "o"))
    code, body, _ = http.get("/tags")
    assert code == 200
    assert EVIL_TAG not in body and html.esc(EVIL_TAG) in body


def test_tag_write_answers_with_the_quality(console, http):
    server, gw, proj = console
    code, resp = http.post("/action/tag-write", {"path": "[default]Tank/Setpoint", "value": "42.5"})
    assert code == 200 and resp["ok"] and resp["data"]["quality"].startswith("Good"), resp
    qv = server.source.call(lambda: __import__("system").tag.readBlocking(["[default]Tank/Setpoint"])[0])
    assert qv.value == 42.5
    code, resp = http.post("/action/tag-write", {"path": "[default]Tank/Nope", "value": "1"})
    assert code == 200 and not resp["ok"] and resp["code"] == "TAG_WRITE_FAILED"


def test_runs_paging_filters_and_counts(console, http):
    server, gw, proj = console
    rt = server.source.runtime()
    server.source.call(rt.enterMaintenance, "drain", "console test")  # runs stay ENQUEUED
    ids = [server.source.call(rt.enqueue, "tank_batch", {"batchId": "P-%02d" % i},
                              queueName="q%d" % (i % 2), partitionKey="line-%d" % (i % 3),
                              allowDuringMaintenance=True) for i in range(60)]
    code, body, _ = http.get("/")
    assert body.count('href="/runs/') == 50 and "older" in body
    assert "runs 1\u201350 of 60" in body
    code, body, _ = http.get("/?page=1")
    assert body.count('href="/runs/') == 10 and "newer" in body and "runs 51\u201360 of 60" in body
    code, body, _ = http.get("/?queue=q0&status=ENQUEUED")
    assert "runs 1\u201330 of 30" in body
    code, body, _ = http.get("/?queue=q1&partition=line-0")
    expected = [w for i, w in enumerate(ids) if i % 2 == 1 and i % 3 == 0]
    assert body.count('href="/runs/') == len(expected) and all(w in body for w in expected)
    code, body, _ = http.get("/?q=" + ids[7][:13])
    assert ids[7] in body
    code, body, _ = http.get("/fragment/runs?status=ENQUEUED")
    assert "ENQUEUED <b>60</b>" in body
    code, body, _ = http.get("/?status=BOGUS")
    assert code == 400 and "status=&#x27;BOGUS&#x27; is unknown" in body
    code, body, _ = http.get("/?since=yesterday")
    assert code == 400 and "YYYY-MM-DDTHH:MM" in body
    code, resp = http.post("/action/maintenance-exit", {})
    assert resp["code"] == "MAINTENANCE_DISABLED", resp


def test_unknown_run_is_a_404_naming_it(http):
    code, body, _ = http.get("/runs/no-such-run")
    assert code == 404 and "no run with id no-such-run" in body


def test_login_sets_an_httponly_strict_cookie(console, http):
    server = console[0]
    code, body, headers = http.request("POST", "/login", {"token": "wrong"})
    assert code == 403 and "wrong token" in body
    from urllib.request import HTTPRedirectHandler, build_opener, Request

    class NoRedirect(HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    from urllib.error import HTTPError
    opener = build_opener(NoRedirect)
    try:
        opener.open(Request(server.login_url), timeout=10)
        raise AssertionError("expected a redirect")
    except HTTPError as exc:
        assert exc.code == 303
        cookie = exc.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and server.token in cookie


def test_start_from_a_parameter_template(console, http):
    server, gw, proj = console
    params = server.source.params
    form = {"columns": {"items": [{"rows": {"items": [{"widgets": [
        {"id": "batchId", "type": "text"}, {"id": "setpoint", "type": "number"}]}]}}]},
        "data": {"batchId": "TPL-1", "setpoint": 22.0}}
    res = server.source.call(params.createTemplateVersion, "tank_batch", "small", form, "test",
                             "pytest", True)
    assert res["ok"], res
    code, body, _ = http.get("/start?workflow=tank_batch")
    assert '<option value="small">small v1</option>' in body
    code, body, _ = http.get("/start?workflow=tank_batch&template=small")
    assert 'name="in.batchId" value="&quot;TPL-1&quot;"' in body and 'name="in.product"' not in body
    code, resp = http.post("/action/start", {"workflow": "tank_batch", "template": "small",
                                             "in.batchId": '"TPL-1"', "in.setpoint": "23"})
    assert code == 200 and resp["ok"] and resp["data"]["overrides"] == ["setpoint"], resp
    wid = resp["data"]["workflowId"]
    info = server.source.runtime().getStatus(wid)
    assert info["inputs"]["resolved"] == {"batchId": "TPL-1", "setpoint": 23}
    assert info["inputs"]["paramSource"]["template"]["name"] == "small"
    code, resp = http.post("/action/start", {"workflow": "tank_batch", "template": "small",
                                             "in.product": "X"})
    assert not resp["ok"] and resp["code"] == "TEMPLATE_INPUTS_REFUSED"
    assert "override_key_not_in_template:product" in resp["message"]
    server.source.call(server.source.service.cancel, wid)


def test_resume_fork_and_replay_answer_in_envelopes(console, http):
    server, gw, proj = console
    rt = server.source.runtime()
    ok_id = _start(http, {"batchId": "F-1", "setpoint": "15"})
    bad_id = _start(http, {"batchId": "F-2", "setpoint": "nope"})
    wait_until(lambda: (rt.getStatus(ok_id) or {}).get("status") == "SUCCESS", 60, "SUCCESS")
    wait_until(lambda: (rt.getStatus(bad_id) or {}).get("status") == "ERROR", 60, "ERROR")
    code, resp = http.post("/action/resume", {"workflowId": ok_id})
    assert resp["code"] == "WORKFLOW_NOT_RESUMABLE" and "SUCCESS" in resp["message"], resp
    code, resp = http.post("/action/resume", {"workflowId": bad_id})
    assert resp["ok"] and resp["code"] == "WORKFLOW_RESUMED", resp
    code, resp = http.post("/action/fork", {"workflowId": ok_id, "fromStep": "x"})
    assert resp["code"] == "INVALID_ARGUMENTS" and "fromStep" in resp["message"]
    code, resp = http.post("/action/fork", {"workflowId": ok_id, "fromStep": "3"})
    assert resp["ok"] and resp["code"] == "WORKFLOW_FORKED", resp
    new_id = resp["data"]["workflowId"]
    assert resp["back"] == "/runs/" + new_id
    wait_until(lambda: (rt.getStatus(new_id) or {}).get("status") == "SUCCESS", 60, "fork SUCCESS")
    code, body, _ = http.get("/runs/" + new_id)
    assert "forked from" in body and 'href="/runs/%s"' % ok_id in body
    code, resp = http.post("/action/replay", {})
    assert resp["code"] == "DEAD_LETTERS_REPLAYED" and resp["data"]["workflowIds"] == []
    code, resp = http.post("/action/command", {"workflowId": ok_id, "cmd": "HOLD"})
    assert resp["code"] == "WORKFLOW_NOT_ACTIVE", resp  # the service's answer for an ended run


def test_tag_event_scripts_listed_with_their_last_run_and_failure(console, http):
    server, gw, proj = console
    system = server.source.call(lambda: __import__("system"))
    res = server.source.call(system.tag.configure, "[default]Scripted", [
        {"name": "Ok", "dataType": "Int4", "value": 1,
         "eventScripts": [{"eventid": "valueChanged", "script": "\tpass"}]},
        {"name": "Bad", "dataType": "Int4", "value": 1,
         "eventScripts": [{"eventid": "valueChanged", "script": "\traise ValueError('<b>boom</b>')"}]}],
        "o")
    assert all(q.isGood() for q in res), res
    server.source.call(system.tag.writeBlocking, ["[default]Scripted/Bad"], [2])
    bad = gw.tags.resolve("[default]Scripted/Bad").node
    wait_until(lambda: (bad.script_runs.get("valueChanged") or {}).get("runs") == 2,
               message="the script's second run recorded")
    code, body, _ = http.get("/tags")
    rows = body.split("<h2>Tag event scripts</h2>", 1)[1].split("<tr>")
    ok_row = [r for r in rows if "[default]Scripted/Ok<" in r][0]
    bad_row = [r for r in rows if "[default]Scripted/Bad<" in r][0]
    assert '<td>valueChanged</td><td><span class="badge ok">ok</span>' in ok_row, ok_row
    assert '<span class="muted">no failure</span>' in ok_row and "<td>1</td>" in ok_row
    assert '<span class="badge bad">error</span>' in bad_row and "<td>2</td>" in bad_row
    assert "ValueError: &lt;b&gt;boom&lt;/b&gt; (line 1 of the script)" in bad_row


def test_run_page_shows_streams_sleeps_and_events(console, http):
    server, gw, proj = console
    boot = proj.import_module("exchange.workflows.bootstrap")

    @boot.workflow(name="console.test.streams")
    def streams_flow(n=3):
        rt = boot.getWorkflows()
        for i in range(n):
            rt.writeStream("readings", {"i": i, "v": "<i>%d</i>" % i})
        rt.setEvent("phase.state", "RUNNING")
        rt.recv("nobody", timeoutSeconds=0.3)  # a receive that waits and times out
        rt.sleep(0.05)
        rt.setEvent("phase.state", "COMPLETE")
        rt.progress("all read")
        return n

    resp = server.source.call(server.source.service.start, "console.test.streams", {"n": 3})
    wid = resp["data"]["workflowId"]
    rt = server.source.runtime()
    wait_until(lambda: (rt.getStatus(wid) or {}).get("status") == "SUCCESS", message="SUCCESS")
    code, body, _ = http.get("/runs/" + wid)
    streams = body.split("<h2>Streams</h2>", 1)[1]
    assert "<h3>readings</h3>" in streams and "<h3>log (progress)</h3>" in streams
    assert "&lt;i&gt;2&lt;/i&gt;" in streams and "<i>2</i>" not in body
    assert "all read" in streams
    assert "wakes at" in body  # the durable sleep with its wake time
    recv_row = [r for r in body.split("<tr>") if "<td>recv</td>" in r][0]
    waited = recv_row.split('class="waited"', 1)[1].split("waited ", 1)[1].split(" ms<", 1)[0]
    assert int(waited) >= 300 and "waited: no message" in recv_row
    history = body.split("<h3>History</h3>", 1)[1].split("</table>", 1)[0]
    assert history.count("phase.state") == 2 and "RUNNING" in history and "COMPLETE" in history


def test_time_range_filter_uses_local_time(console, http):
    server, gw, proj = console
    import datetime
    wid = _start(http, {"batchId": "TR-1", "setpoint": "15"})
    created = server.source.runtime().getStatus(wid)["createdAtMs"]
    local = datetime.datetime.fromtimestamp(created / 1000.0)
    before = (local - datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    after = (local + datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    assert wid in http.get("/?since=%s&until=%s" % (before, after))[1]
    assert wid not in http.get("/?since=%s" % after)[1]
    assert wid not in http.get("/?until=%s" % before)[1]


def test_gateway_page_lists_events_and_escapes_the_log(console, http):
    server, gw, proj = console
    server.source.call(lambda: __import__("system").util.getLogger("TimerScripts").error(
        "timer <b>tick</b> failed"))
    code, body, _ = http.get("/gateway")
    assert code == 200
    assert "<td>timer</td><td>tick</td><td>delay=1000" in body
    assert "timer &lt;b&gt;tick&lt;/b&gt; failed" in body and "<b>tick</b>" not in body
    assert "TimerScripts" in body.split("Gateway log", 1)[1]


def test_java_exception_shows_its_class_name(console, http):
    server, gw, proj = console
    boot = proj.import_module("exchange.workflows.bootstrap")

    @boot.workflow(name="console.test.java_error")
    def java_error():
        from java.lang import IllegalStateException
        raise IllegalStateException("valve <7> stuck")

    resp = server.source.call(server.source.service.start, "console.test.java_error", {})
    wid = resp["data"]["workflowId"]
    rt = server.source.runtime()
    wait_until(lambda: (rt.getStatus(wid) or {}).get("status") == "ERROR", message="ERROR")
    code, body, _ = http.get("/runs/" + wid)
    err = body.split('<div class="error">', 1)[1]
    assert err.startswith("<b>java.lang.IllegalStateException</b>") and ">Java</span>" in err
    assert "valve &lt;7&gt; stuck" in err


def test_attached_without_a_running_gateway_refuses_tag_writes(tmp_path):
    from gateway_sim import Gateway
    from gateway_sim.console import start_console
    from gateway_sim.console.source import AttachedSource
    from .conftest import Http
    gw = Gateway(name="console-client", data_dir=str(tmp_path / "data"))
    source = AttachedSource(gw, None)
    server = start_console(source)
    try:
        http = Http(server)
        code, resp = http.post("/action/tag-write", {"path": "[default]X", "value": "1"})
        assert resp["code"] == "INVALID_ARGUMENTS" and "would be lost" in resp["message"], resp
        code, body, _ = http.get("/")
        assert code == 200 and "no runs match" in body
        code, resp = http.post("/action/start", {"workflow": "tank_batch", "in.batchId": "A-1"})
        assert resp["code"] == "WORKFLOW_ENQUEUED", resp  # stored for a gateway to dispatch
        wid = resp["data"]["workflowId"]
        assert source.call(source.runtime().getStatus, wid)["status"] == "ENQUEUED"
    finally:
        server.stop()
        source.close()


def test_foreign_host_name_is_refused(http):
    code, body, _ = http.request("GET", "/", headers={"Host": "evil.example:8088"})
    assert code == 421 and "127.0.0.1 / localhost only" in body
    code, body, _ = http.request("GET", "/", headers={"Host": "localhost:8088"})
    assert code == 200
