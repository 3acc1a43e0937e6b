"""Perspective session events: 8.3 folders, the 8.1 JSON data.bin, inheritance, disabled
and bad resources, running them in a simulated session, messages from
system.util.sendMessage, and their rows in ``gateway-sim check``."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from gateway_sim.check import FAIL, OK, SKIP, check_project
from gateway_sim.project.model import resolve_project

PV = "com.inductiveautomation.perspective"


def _write(path, text):
    d = os.path.dirname(path)
    if not os.path.isdir(d):
        os.makedirs(d)
    with open(path, "w") as f:
        f.write(text)


def _project(root, **data):
    data.setdefault("title", os.path.basename(root))
    _write(os.path.join(root, "project.json"), json.dumps(data))
    return root


def _event(root, folder, fname, text, attributes=None):
    """An 8.3 session event: ``<PV>/<folder>/<fname>`` + resource.json."""
    d = os.path.join(root, PV, *folder.split("/"))
    _write(os.path.join(d, fname), text)
    if attributes is not None:
        _write(os.path.join(d, "resource.json"),
               json.dumps({"scope": "G", "version": 1, "files": [fname],
                           "attributes": attributes}))


def _data_bin(root, data):
    _write(os.path.join(root, PV, "session-scripts", "data.bin"),
           data if isinstance(data, str) else json.dumps(data))


@pytest.fixture
def plant83(tmp_path):
    root = _project(str(tmp_path / "Plant"))
    _write(os.path.join(root, PV, "page-config", "config.json"),
           json.dumps({"pages": {"/": {"viewPath": "Main"}}}))
    # a body only, as some exports hold
    _event(root, "startup", "onStartup.py",
           "\tsession.custom.started = session.props.id\n"
           "\tsession.custom.user = session.props.auth.user.userName\n"
           "\tsystem.perspective.sendMessage('ready', {}, scope='session')\n", {"enabled": True})
    _event(root, "page-startup", "onPageStartup.py",
           "def onPageStartup(page):\n"
           "\tif not page.session.custom.has_key('pages'):\n"
           "\t\tpage.session.custom['pages'] = {}\n"
           "\tpage.session.custom.pages[page.props.pageId] = {'path': page.props.path,\n"
           "\t\t'view': page.props.primaryView}\n"
           "\tsystem.perspective.openDock('nav')\n", {"enabled": True})
    _event(root, "message/Hello", "handleMessage.py",
           "def handleMessage(session, payload):\n"
           "\tsession.custom.got = payload.get('x')\n"
           "\tsystem.perspective.sendMessage('hello-done', payload, scope='session')\n",
           {"threadType": "Dedicated", "enabled": True})
    _event(root, "message/Off", "handleMessage.py",
           "def handleMessage(session, payload):\n\traise ValueError('never')\n",
           {"threadType": "Shared", "enabled": False})
    _event(root, "key-event/F1", "onKeyEvent.py",
           "def onKeyEvent(page, event):\n\tpage.session.custom.key = event.key\n",
           {"enabled": True})
    _event(root, "barcode", "onBarcodeDataReceived.py",
           "def onBarcodeDataReceived(session, data, context):\n"
           "\tsession.custom.code = data.text\n", {"enabled": True})
    _event(root, "shutdown", "onShutdown.py",
           "\tsystem.util.getGlobals()['closed'] = session.props.id\n", {"enabled": True})
    return root


def _persp(gw):
    from gateway_sim import surface_config
    return surface_config.backend(gw, "perspective")


def test_83_folders_load_with_their_handlers(plant83):
    resolved = resolve_project(plant83, warn=lambda line: None)
    evs = resolved.session_events
    assert sorted(evs) == [("barcode", "barcode"), ("key-event", "F1"), ("message", "Hello"),
                           ("message", "Off"), ("page-startup", "page-startup"),
                           ("shutdown", "shutdown"), ("startup", "startup")]
    assert evs[("message", "Hello")].params == ("session", "payload")
    assert evs[("message", "Hello")].attributes["threadType"] == "Dedicated"
    assert evs[("message", "Off")].enabled is False
    assert evs[("key-event", "F1")].handler == "onKeyEvent"
    assert evs[("startup", "startup")].label == "session startup"
    assert evs[("message", "Hello")].label == "session message Hello"
    assert resolved.events == {}  # gateway events untouched


def test_open_session_runs_startup_and_page_startup_in_the_session(virtual_gateway, plant83):
    proj = virtual_gateway.projects.load(plant83)
    sid = proj.open_session(username="ada", securityLevels=["Authenticated/Roles/Operator"],
                            pages=[{"id": "p1", "path": "/"}])
    s = _persp(virtual_gateway).sessions[sid]
    assert s.custom["started"] == sid and s.custom["user"] == "ada"
    assert s.custom["pages"] == {"p1": {"path": "/", "view": "Main"}}
    # system.perspective calls without sessionId / pageId acted on the attached session / page
    acts = _persp(virtual_gateway).actions
    assert [(a["function"], a["sessionId"], a["pageId"]) for a in acts] == [
        ("sendMessage", sid, None), ("openDock", sid, "p1")]
    assert s.pages["p1"].docks["nav"]["open"] is True
    proj.fire_session_event("barcode", sid, None, s.script, {"text": "ABC"}, {})
    proj.fire_session_event("key-event", sid, "F1")
    assert s.custom["code"] == "ABC" and s.custom["key"] == ""


def test_session_message_handler_gets_system_util_send_message(virtual_gateway, plant83,
                                                               sysmod):
    proj = virtual_gateway.projects.load(plant83)
    sid = proj.open_session(username="ada")
    other = proj.open_session(username="bob")
    persp = _persp(virtual_gateway)
    # component messages only: system.perspective.sendMessage never reaches it (manual)
    sysmod.perspective.sendMessage("Hello", {"x": 0}, scope="session", sessionId=sid)
    sent = sysmod.util.sendMessage(proj.name, "Hello", {"x": 7}, scope="S", user="ada")
    assert len(sent) == 1 and "sessionId=%s" % sid in sent[0]
    assert virtual_gateway.util.join_async(10)
    assert persp.sessions[sid].custom["got"] == 7
    assert "got" not in persp.sessions[other].custom
    done = persp.actions_of("sendMessage")[-1]
    assert done["messageType"] == "hello-done" and done["sessionId"] == sid
    # default scope CGS reaches every session of the project; a disabled handler none
    assert len(sysmod.util.sendMessage(proj.name, "Hello", {"x": 8})) == 2
    assert sysmod.util.sendMessage(proj.name, "Off", {}, scope="S") == []
    assert sysmod.util.sendMessage(proj.name, "Hello", {"x": 9}, scope="G") == []
    assert virtual_gateway.util.join_async(10)
    assert persp.sessions[other].custom["got"] == 8


def test_closing_a_session_runs_its_shutdown_script(virtual_gateway, plant83, sysmod):
    proj = virtual_gateway.projects.load(plant83)
    sid = proj.open_session()
    sysmod.perspective.closeSession(sessionId=sid)
    assert sysmod.util.getGlobals()["closed"] == sid
    assert sid not in _persp(virtual_gateway).sessions


def test_a_failing_session_event_is_logged_not_raised(virtual_gateway, tmp_path):
    root = _project(str(tmp_path / "Bad"))
    _event(root, "startup", "onStartup.py", "\tsession.custom.nope.deeper = 1\n", {})
    proj = virtual_gateway.projects.load(root)
    sid = proj.open_session()
    errors = [r.message for r in virtual_gateway.util.records if r.level == "ERROR"]
    assert len(errors) == 1 and "AttributeError" in errors[0]
    assert "Bad/%s/startup/onStartup.py" % PV in errors[0]
    run = proj.event_runs.get(("session startup", "startup"))
    assert run["lastOutcome"] == "error" and sid in _persp(virtual_gateway).sessions


def test_81_data_bin_json(tmp_path):
    root = _project(str(tmp_path / "Old"))
    _data_bin(root, {
        "onStartup": "\tsession.custom.n = 1",
        "onPageStartup": "\tpage.session.custom.loaded = page.props.path",
        "onBarcodeDataReceived": "\t",
        "onBluetoothReceived": "\t",
        "messageHandlers": [
            {"name": "Refresh", "enabled": True, "script": "\tsession.custom.p = payload"},
            {"name": "Old", "enabled": False, "script": "\tpass"},
            {"name": "Typed", "enabled": True, "threadType": "Dedicated",
             "script": "def handleMessage(session, payload):\n\treturn 1"}]})
    evs = resolve_project(root, warn=lambda line: None).session_events
    assert sorted(evs) == [("barcode", "barcode"), ("bluetooth", "bluetooth"),
                           ("message", "Old"), ("message", "Refresh"), ("message", "Typed"),
                           ("page-startup", "page-startup"), ("startup", "startup")]
    assert evs[("message", "Old")].enabled is False
    assert evs[("message", "Typed")].attributes["threadType"] == "Dedicated"
    assert evs[("message", "Refresh")].display_path == \
        "Old/%s/session-scripts/data.bin#messageHandlers[0]" % PV
    report = check_project(root, "8.1")
    rows = dict((r["name"], (r["status"], r["cause"])) for r in report["rows"])
    assert rows == {"session startup": (OK, ""), "session page-startup": (OK, ""),
                    "session message Old": (SKIP, "disabled in the project"),
                    "session message Refresh": (OK, ""), "session message Typed": (OK, ""),
                    "session barcode": (OK, ""), "session bluetooth": (OK, "")}


def test_inheritance_child_overrides_and_inherits(tmp_path):
    base = str(tmp_path / "projects")
    parent = _project(os.path.join(base, "Base"), inheritable=True)
    _event(parent, "startup", "onStartup.py", "\tsession.custom.who = 'parent'\n", {})
    _event(parent, "message/Ping", "handleMessage.py", "\tsession.custom.ping = 'parent'\n", {})
    _data_bin(parent, {"messageHandlers": [{"name": "Legacy", "enabled": True,
                                            "script": "\tpass"}]})
    child = _project(os.path.join(base, "Line"), parent="Base")
    _event(child, "message/Ping", "handleMessage.py", "\tsession.custom.ping = 'child'\n", {})
    evs = resolve_project(child, warn=lambda line: None).session_events
    assert sorted(evs) == [("message", "Legacy"), ("message", "Ping"), ("startup", "startup")]
    assert evs[("message", "Ping")].project == "Line"
    assert evs[("startup", "startup")].project == "Base"
    assert evs[("message", "Legacy")].project == "Base"


def test_bad_resources_are_one_warning_each_and_the_project_loads(tmp_path):
    root = _project(str(tmp_path / "Messy"))
    _write(os.path.join(root, "ignition", "script-python", "lib", "code.py"), "X = 1\n")
    _event(root, "message/Lower", "handleMessage.py", "\tpass\n", {"threadType": "shared"})
    _event(root, "message/Good", "handleMessage.py", "\tpass\n", {"threadType": "Shared"})
    _write(os.path.join(root, PV, "key-event", "NoCode", "resource.json"),
           json.dumps({"scope": "G", "attributes": {}}))
    _write(os.path.join(root, PV, "message", "BadJson", "resource.json"), "{not json")
    _write(os.path.join(root, PV, "message", "BadJson", "handleMessage.py"), "\tpass\n")
    lines = []
    resolved = resolve_project(root, warn=lines.append)
    assert sorted(resolved.session_events) == [("message", "Good")]
    assert sorted(resolved.modules) == ["lib"]
    assert len(lines) == 3, lines
    text = "\n".join(lines)
    assert "threadType must be \"Shared\" or \"Dedicated\"" in text and "Lower" in text
    assert "no onKeyEvent.py; add the script file" in text and "NoCode" in text
    assert "not valid JSON" in text and "BadJson" in text
    # a data.bin that is not JSON: one warning, the folders still load
    _data_bin(root, "\x1f\x8b not json")
    lines = []
    resolved = resolve_project(root, warn=lines.append)
    assert ("message", "Good") in resolved.session_events
    assert any("session-scripts/data.bin) were not loaded" in ln and "re-save" in ln
               for ln in lines), lines


def test_check_rows_for_session_events(plant83):
    _event(plant83, "message/Broken", "handleMessage.py",
           "def handleMessage(session, payload):\n\treturn payload['id']\n", {})
    # a gateway event, whose row stays as it was
    d = os.path.join(plant83, "ignition", "message", "gw")
    _write(os.path.join(d, "handleMessage.py"), "def handleMessage(payload):\n\treturn 1\n")
    _write(os.path.join(d, "resource.json"), json.dumps({"attributes": {"threadType": "Shared"}}))
    report = check_project(plant83, "8.3")
    assert report["load"] is None, report["load"]
    names = [(r["name"], r["status"]) for r in report["rows"] if r["kind"] == "event"]
    assert names == [("message gw", OK), ("session startup", OK),
                     ("session page-startup", OK), ("session message Broken", FAIL),
                     ("session message Hello", OK), ("session message Off", SKIP),
                     ("session key-event F1", OK), ("session barcode", OK),
                     ("session shutdown", OK)]
    broken = [r for r in report["rows"] if r["name"] == "session message Broken"][0]
    assert broken["cause"].startswith("KeyError: 'id'") and "line 2" in broken["cause"]
    assert report["warnings"] == []


def test_check_on_the_jython_host(tmp_path):
    from gateway_sim import jython_host
    try:
        jython_host.find_jython_jar()
        jython_host.find_java()
    except jython_host.JythonUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    root = _project(str(tmp_path / "Legacy"))
    _data_bin(root, {
        "onStartup": "\tprint 'session', session.props.id\n"
                     "\tif not session.custom.has_key('n'):\n\t\tsession.custom['n'] = {'a': 1}\n"
                     "\tassert session.custom.n.a == 1",
        "onPageStartup": "\tsystem.perspective.navigate(page='/x')",
        "messageHandlers": [{"name": "Fail", "enabled": True,
                             "script": "\tfrom java.lang import IllegalStateException\n"
                                       "\traise IllegalStateException('stuck')"}]})
    report = jython_host.check(root, "8.1", fire_events=True)
    assert report["interpreter"] == "jython"
    rows = dict((r["name"], r) for r in report["rows"])
    assert rows["session startup"]["status"] == OK, rows
    assert rows["session page-startup"]["status"] == OK, rows
    assert rows["session message Fail"]["status"] == FAIL
    assert "stuck" in rows["session message Fail"]["cause"]
