"""``gateway-sim check``: per module / event OK or the one-line cause, the names the
simulator lacks, exit status; on CPython, on the Jython host, and on real projects."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from gateway_sim import cli
from gateway_sim.check import FAIL, OK, check_project, failed
from realfixtures import real_path

RES = {"scope": "A", "version": 1, "files": ["code.py"]}


def _module(root, dotted, text):
    d = os.path.join(root, "ignition", "script-python", *dotted.split("."))
    os.makedirs(d)
    with open(os.path.join(d, "code.py"), "w") as f:
        f.write(text)
    with open(os.path.join(d, "resource.json"), "w") as f:
        json.dump(RES, f)


def _event(root, kind, name, filename, text, attributes):
    d = os.path.join(root, "ignition", kind, name)
    os.makedirs(d)
    with open(os.path.join(d, filename), "w") as f:
        f.write(text)
    with open(os.path.join(d, "resource.json"), "w") as f:
        json.dump({"scope": "G", "version": 1, "files": [filename], "attributes": attributes}, f)


@pytest.fixture
def project(tmp_path):
    root = str(tmp_path / "plant")
    os.makedirs(root)
    with open(os.path.join(root, "project.json"), "w") as f:
        json.dump({"title": "plant", "enabled": True, "inheritable": False, "parent": ""}, f)
    _module(root, "plant.good", "def ok():\n\treturn system.date.now() is not None\n")
    _module(root, "plant.broken", "x = undefined_name + 1\n")
    _module(root, "plant.legacy", "def hello(name):\n\tprint 'hello', name\n")
    _module(root, "plant.usesgaps",
            "from java.util import NoSuchThing\n"
            "def f():\n\treturn system.nonexistent.call(1), system.tag.readBlocking(['x'])\n")
    _event(root, "timer", "tick", "handleTimerEvent.py",
           "\tplant.good.ok()\n", {"delay": 1000, "fixedDelay": True, "enabled": True})
    _event(root, "message", "fails", "handleMessage.py",
           "def handleMessage(payload):\n\treturn 1 / 0\n", {"threadType": "Shared", "enabled": True})
    return root


def _rows(report):
    return dict(((r["kind"], r["name"]), r) for r in report["rows"])


def test_every_module_and_event_gets_a_row_with_its_cause(project):
    report = check_project(project, "8.1")
    rows = _rows(report)
    assert rows[("module", "plant.good")]["status"] == OK
    broken = rows[("module", "plant.broken")]
    assert broken["status"] == FAIL and "undefined_name" in broken["cause"]
    legacy = rows[("module", "plant.legacy")]
    assert legacy["status"] == FAIL and "--interpreter jython" in legacy["cause"]
    assert rows[("event", "timer tick")]["status"] == OK
    fails = rows[("event", "message fails")]
    assert fails["status"] == FAIL and "ZeroDivisionError" in fails["cause"]
    assert "\n" not in fails["cause"]
    assert failed(report)


def test_names_the_simulator_lacks_are_listed_with_where_they_are_used(project):
    report = check_project(project, "8.1", fire_events=False)
    sys_missing = report["missing"]["system"]
    assert "system.nonexistent.call" in sys_missing
    assert sys_missing["system.nonexistent.call"]["used_in"] == ["module plant.usesgaps"]
    assert "system.tag.readBlocking" not in sys_missing
    assert "java.util.NoSuchThing" in report["missing"]["java"]
    assert not any(r["kind"] == "event" for r in report["rows"])


def test_a_name_of_another_version_says_which_version_has_it(tmp_path):
    """A project written for 8.3, checked as 8.1 (the default): the 8.3-only names say so."""
    root = str(tmp_path / "hist")
    os.makedirs(root)
    with open(os.path.join(root, "project.json"), "w") as f:
        json.dump({"title": "hist", "enabled": True, "inheritable": False, "parent": ""}, f)
    _module(root, "hist.q", "def f(p):\n\treturn system.historian.queryRawPoints(p)\n")
    on81 = check_project(root, "8.1", fire_events=False)["missing"]["system"]
    why = on81["system.historian.queryRawPoints"]["why"]
    assert "8.1" in why and "check it with --ignition 8.3" in why, why
    on83 = check_project(root, "8.3", fire_events=False)["missing"]["system"]
    assert "--ignition" not in on83.get("system.historian.queryRawPoints", {}).get("why", "")


def test_cli_exit_status_and_json(project, capsys):
    assert cli.main(["check", project, "--json", "--no-events", "--interpreter", "cpython"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["project"] == "plant" and report["interpreter"] == "cpython"
    good = os.path.dirname(project) + "/good"
    os.makedirs(good)
    with open(os.path.join(good, "project.json"), "w") as f:
        json.dump({"title": "good", "enabled": True, "parent": ""}, f)
    _module(good, "a.b", "X = 1\n")
    assert cli.main(["check", good]) == 0
    out = capsys.readouterr().out
    assert "a.b" in out and "modules 1/1 OK" in out


def test_a_folder_without_project_json_is_one_clear_line(tmp_path, capsys):
    assert cli.main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no project.json" in err and len(err.strip().splitlines()) == 1


def test_a_missing_parent_is_a_warning_not_a_failure(project):
    with open(os.path.join(project, "project.json"), "w") as f:
        json.dump({"title": "plant", "enabled": True, "parent": "global"}, f)
    report = check_project(project, "8.1", fire_events=False)
    assert report["load"] is None
    assert any("'global'" in w for w in report["warnings"])
    assert _rows(report)[("module", "plant.good")]["status"] == OK


@pytest.mark.jython
def test_python2_modules_import_on_the_jython_host(project):
    from gateway_sim import jython_host
    try:
        jython_host.find_jython_jar()
        jython_host.find_java()
    except jython_host.JythonUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    report = jython_host.check(project, "8.1", fire_events=True)
    rows = _rows(report)
    assert report["interpreter"] == "jython"
    assert rows[("module", "plant.legacy")]["status"] == OK  # print statement: fine on Jython
    assert rows[("module", "plant.good")]["status"] == OK
    assert rows[("module", "plant.broken")]["status"] == FAIL
    assert rows[("event", "timer tick")]["status"] == OK
    assert "java.util.NoSuchThing" in report["missing"]["java"]  # the real JDK has none


def test_real_project_modules_import():
    """SFLOW's global project (MIT, see shared/fixtures/real/SOURCES.md): 6 modules, 8.3."""
    path = real_path("projects", "floriansmeyers__SFLOW-Ignition-CLI", "global.zip.d")
    report = check_project(path, "8.3")
    mods = [r for r in report["rows"] if r["kind"] == "module"]
    assert len(mods) == 6 and all(r["status"] == OK for r in mods), report["rows"]


@pytest.mark.allow_not_implemented  # the check reports the gaps it meets: that is its job
def test_real_81_event_resources_are_checked():
    """HMS (Apache-2.0): events come from the 8.1 data.bin; each is fired and reported."""
    path = real_path("event81", "OpenHMShub__HMS")
    report = check_project(path, "8.1")
    assert report["load"] is None, report["load"]
    events = [r for r in report["rows"] if r["kind"] == "event"]
    assert len(events) >= 10
    for r in events:
        assert r["status"] in (OK, FAIL, "SKIP") and ("\n" not in r["cause"])


@pytest.mark.jython
def test_pytest_drives_a_python2_project_on_jython(project, jython_project):
    """The pytest route for Python 2 projects: call their functions inside the Jython host."""
    _module(project, "plant.calc", "def total(xs, scale=1):\n"
                                   "\tprint 'summing', len(xs)\n"
                                   "\treturn {'total': sum(xs) * scale, 'long': 2L ** 40}\n"
                                   "def bad():\n"
                                   "\tfrom java.lang import IllegalStateException\n"
                                   "\traise IllegalStateException('valve stuck')\n")
    from gateway_sim.jython_host import HostError
    jp = jython_project(project)
    assert jp.python.startswith("2.7")
    assert jp.call("plant.calc.total", [1, 2, 3], scale=2) == {"total": 12, "long": 2 ** 40}
    with pytest.raises(HostError) as info:
        jp.call("plant.calc.bad")
    assert "IllegalStateException" in info.value.error and "valve stuck" in info.value.error
    assert "plant.calc" in info.value.remote_traceback
    assert jp.call("plant.good.ok") is True  # the process survives a failing call
