"""``gateway-sim check`` / ``run`` on what users point at: a project export zip, a folder
without project.json, a repository holding the project below; and the Ignition version
read from the project's own resources (gateway_sim/project/locate.py)."""
from __future__ import absolute_import, division, print_function

import gzip
import io
import json
import os
import zipfile

import pytest

from gateway_sim import cli
from gateway_sim.errors import ConfigError
from gateway_sim.project import locate
from realfixtures import real_path

RES = {"scope": "A", "version": 1, "files": ["code.py"]}
PROJECT_JSON = {"title": "", "enabled": True, "inheritable": False, "parent": ""}


def _files(modules, with_project_json=True):
    """{relative path: bytes} of a project with ``modules`` ({dotted: code})."""
    out = {}
    if with_project_json:
        out["project.json"] = json.dumps(PROJECT_JSON).encode("utf-8")
    for dotted, code in modules.items():
        base = "ignition/script-python/" + dotted.replace(".", "/") + "/"
        out[base + "code.py"] = code.encode("utf-8")
        out[base + "resource.json"] = json.dumps(RES).encode("utf-8")
    return out


def _write(root, files):
    for rel, data in files.items():
        path = os.path.join(root, *rel.split("/"))
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        with open(path, "wb") as f:
            f.write(data)
    return root


def _zip(path, files, prefix=""):
    with zipfile.ZipFile(path, "w") as zf:
        for rel, data in sorted(files.items()):
            zf.writestr(prefix + rel, data)
    return path


def _extractions():
    import tempfile
    return set(n for n in os.listdir(tempfile.gettempdir()) if n.startswith("gateway_sim-export-"))


def _gz_bin(build):
    """A binary resource as the Designer writes it: gzip, the build string inside."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as g:
        g.write(b"\x00\x01com.inductiveautomation.ignition.common.project.GlobalProps\x00"
                + build.encode("ascii") + b"\x00")
    return buf.getvalue()


def test_a_project_export_zip_is_checked_under_its_project_name(tmp_path, capsys):
    z = _zip(str(tmp_path / "Line_20240227103415.zip"),
             _files({"line.util": "def f():\n\treturn 1\n", "line.bad": "import nothing_here\n"}))
    before = _extractions()
    assert cli.main(["check", z, "--json", "--no-events"]) == 1  # line.bad fails
    report = json.loads(capsys.readouterr().out)
    assert report["project"] == "Line"  # the export's time stamp is not part of the name
    rows = dict((r["name"], r["status"]) for r in report["rows"])
    assert rows == {"line.util": "OK", "line.bad": "FAIL"}
    assert any("extracted the project export Line_20240227103415.zip" in n
               for n in report["notes"])
    assert _extractions() - before == set()  # the extracted copy is gone


def test_an_export_zip_with_one_top_folder_and_its_extraction_is_removed(tmp_path):
    z = _zip(str(tmp_path / "site.zip"), _files({"a.b": "X = 1\n"}), prefix="site/")
    with locate.locate(z) as found:
        extracted = found.temp_dir
        assert os.path.isfile(os.path.join(found.path, "project.json"))
        assert os.path.basename(found.path) == "site"
    assert not os.path.exists(extracted)


@pytest.mark.parametrize("members,expect", [
    ({"readme.txt": b"hello"}, "holds no project.json"),
    (dict(_files({"a.b": "X = 1\n"}), **{"../escape.txt": b"x"}), "unsafe path"),
])
def test_a_zip_that_is_not_a_clean_project_export_is_refused(tmp_path, members, expect):
    z = _zip(str(tmp_path / "x.zip"), members)
    with pytest.raises(ConfigError) as info:
        locate.locate(z)
    assert expect in str(info.value)
    assert not os.path.exists(str(tmp_path.parent / "escape.txt"))


def test_a_file_that_is_not_a_zip_is_one_clear_error(tmp_path, capsys):
    p = tmp_path / "project.txt"
    p.write_text(u"not a project")
    assert cli.main(["check", str(p)]) == 2
    err = capsys.readouterr().err.strip()
    assert "not a zip" in err and len(err.splitlines()) == 1


def test_resources_without_project_json_load_with_ignition_defaults(tmp_path):
    root = _write(str(tmp_path / "Engine"), _files({"eng.core": "V = 2\n"},
                                                   with_project_json=False))
    from gateway_sim.check import check_project
    report = check_project(root, "8.1", fire_events=False)
    assert report["load"] is None and report["project"] == "Engine"
    assert [(r["name"], r["status"]) for r in report["rows"]] == [("eng.core", "OK")]
    assert any("no project.json" in w and "defaults" in w for w in report["warnings"])


def test_a_repository_holding_one_project_below_is_checked(tmp_path, capsys):
    _write(str(tmp_path / "repo" / "build"), _files({"b.m": "Y = 3\n"}))
    (tmp_path / "repo" / "README.md").write_text(u"x")
    assert cli.main(["check", str(tmp_path / "repo"), "--json", "--no-events"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["project"] == "build"
    assert "the project is in build" in report["notes"]


def test_a_folder_of_several_projects_lists_them(tmp_path):
    _write(str(tmp_path / "repo" / "projects" / "one"), _files({"a.m": "Y = 3\n"}))
    _write(str(tmp_path / "repo" / "projects" / "two"), _files({"b.m": "Y = 3\n"},
                                                              with_project_json=False))
    with pytest.raises(ConfigError) as info:
        locate.locate(str(tmp_path / "repo"))
    msg = str(info.value)
    assert "2 projects" in msg and os.path.join("projects", "one") in msg \
        and os.path.join("projects", "two") in msg


def test_a_gateway_data_folder_is_not_taken_for_project_resources(tmp_path):
    """A gateway's data folder has an ignition/ folder too (projects/, config/): the
    projects are below it."""
    data = tmp_path / "gw"
    _write(str(data / "ignition" / "projects" / "hmi"), _files({"h.m": "Z = 1\n"}))
    (data / "ignition" / "config").mkdir()
    assert not locate.is_resource_folder(str(data))
    found = locate.locate(str(data))
    assert found.path == str(data / "ignition" / "projects" / "hmi")


@pytest.mark.parametrize("files,version,says", [
    ({"ignition/global-props/data.bin": _gz_bin("8.3.1.2025102109")}, "8.3", "8.3.1.2025102109"),
    ({"ignition/global-props/data.bin": _gz_bin("8.1.28.2023060110"),
      "com.inductiveautomation.vision/client-tags/data.bin": _gz_bin("8.0.0.2019021513")},
     "8.1", "8.1.28.2023060110"),
    ({"ignition/timer/tick/resource.json": b"{}"}, "8.3", "ignition/timer/"),
    ({"com.inductiveautomation.perspective/message/ping/resource.json": b"{}"}, "8.3",
     "com.inductiveautomation.perspective/message/"),
    ({"ignition/global-props/data.bin": b"{\"plain\": \"json, no build\"}"}, None, None),
])
def test_the_version_is_read_from_the_project_resources(tmp_path, files, version, says):
    root = _write(str(tmp_path / "p"), dict(_files({}), **files))
    got, note = locate.detect_version(root)
    assert got == version
    if says:
        assert says in note


def test_check_simulates_the_detected_version_unless_told(tmp_path, capsys):
    root = _write(str(tmp_path / "hist"), dict(_files(
        {"h.q": "def f(p):\n\treturn system.historian.queryRawPoints(p)\n"}),
        **{"ignition/global-props/data.bin": _gz_bin("8.3.3.2026012009")}))
    assert cli.main(["check", root, "--json", "--no-events"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["version"] == "8.3" and report["missing"]["system"] == {}
    cli.main(["check", root, "--json", "--no-events", "--ignition", "8.1"])
    report = json.loads(capsys.readouterr().out)
    assert report["version"] == "8.1" and "system.historian.queryRawPoints" in \
        report["missing"]["system"]


def test_real_repositories_as_published():
    """The real artifacts as their repositories hold them (shared/fixtures/real/SOURCES.md):
    OEE Engine (MIT) commits no project.json; ignition-kernel's project (Apache-2.0) is in
    build/; SFLOW's global project (MIT) is an export zip; factry (MIT) holds two projects,
    one of them written by 8.3.1."""
    oee = real_path("event81", "tonyupton__Ignition_OEE_Engine")
    with locate.locate(oee) as found:
        assert found.path.endswith(os.path.join("Project", "OEE_Engine"))
    with locate.locate(real_path("event81", "ignition-kernel__ignition-project")) as found:
        assert os.path.basename(found.path) == "build"
    with locate.locate(real_path("projects", "floriansmeyers__SFLOW-Ignition-CLI",
                                 "global.zip")) as found:
        assert sorted(os.listdir(os.path.join(found.path, "ignition", "script-python",
                                              "shared")))[:2] == ["alarms", "hmi"]
    factry = real_path("projects", "Mustry-Solutions__factry-historian-ignition-module")
    with pytest.raises(ConfigError) as info:
        locate.locate(factry)
    assert "2 projects" in str(info.value)
    demo = os.path.join(factry, "ignition", "projects", "factry-demo")
    assert locate.detect_version(demo)[0] == "8.3"


def test_run_takes_an_export_zip_and_its_version(tmp_path, capsys):
    files = dict(_files({"m.a": "X = 1\n"}),
                 **{"ignition/global-props/data.bin": _gz_bin("8.3.1.2025102109")})
    z = _zip(str(tmp_path / "Cell_20250101120000.zip"), files)
    before = _extractions()
    code = cli.main(["run", z, "--data-dir", str(tmp_path / "data"), "--seconds", "0.3"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "extracted the project export Cell_20250101120000.zip as project 'Cell'" in out
    assert "Ignition 8.3: ignition/global-props/data.bin was written by" in out
    assert "project  Cell" in out and "8.3" in out
    assert _extractions() - before == set()


PY2 = "def report(x):\n\tprint 'level', x\n\ttry:\n\t\treturn int(x)\n\texcept ValueError, e:\n\t\treturn None\n"


@pytest.mark.jython
def test_python2_projects_are_checked_on_jython_by_default(tmp_path, capsys):
    """Field projects are Python 2 (Ignition runs Jython 2.7): without --interpreter the
    check runs where they run, and says why."""
    from gateway_sim import jython_host
    try:
        jython_host.find_jython_jar()
        jython_host.find_java()
    except jython_host.JythonUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    root = _write(str(tmp_path / "legacy"), _files({"plant.legacy": PY2, "plant.ok": "X = 1\n"}))
    assert cli.main(["check", root, "--json", "--no-events"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["interpreter"] == "jython"
    assert any("1 modules/events are Python 2 only (plant.legacy)" in n for n in report["notes"])
    assert cli.main(["check", root, "--json", "--no-events", "--interpreter", "cpython"]) == 1
    assert json.loads(capsys.readouterr().out)["interpreter"] == "cpython"


def test_without_jython_python2_code_is_checked_on_cpython_and_the_note_says_why(
        tmp_path, capsys, monkeypatch):
    from gateway_sim import jython_host

    def missing():
        raise jython_host.JythonUnavailable("no jython.jar (install the Debian package jython)")
    monkeypatch.setattr(jython_host, "find_jython_jar", missing)
    root = _write(str(tmp_path / "legacy"), _files({"plant.legacy": PY2}))
    assert cli.main(["check", root, "--json", "--no-events"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["interpreter"] == "cpython"
    assert any("Python 2 only (plant.legacy)" in n and "Jython is not available" in n
               for n in report["notes"])


def test_python3_projects_stay_on_cpython(tmp_path, capsys):
    root = _write(str(tmp_path / "modern"), _files({"m.a": "print('x')\n"}))
    assert cli.main(["check", root, "--json", "--no-events"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["interpreter"] == "cpython" and not any("Jython" in n for n in report["notes"])


def test_imports_of_python2_only_modules_count_as_python2(tmp_path, capsys, monkeypatch):
    from gateway_sim import check, jython_host

    def missing():
        raise jython_host.JythonUnavailable("no jython.jar")
    monkeypatch.setattr(jython_host, "find_jython_jar", missing)
    root = _write(str(tmp_path / "p2"), _files({
        "util.text": "from __builtin__ import str as _s\nimport urllib2\n",
        "commands.run": "X = 1\n",  # the project's own package named like a Python 2 module
        "util.uses": "import commands.run\nfrom commands import run\n"}))
    assert check.python2_sources(root) == ["util.text"]
    report = check.check_project(root, "8.1", fire_events=False)
    row = [r for r in report["rows"] if r["name"] == "util.text"][0]
    assert row["status"] == "FAIL" and "run the project on Jython 2.7" in row["cause"]


def test_an_83_layout_checked_as_81_is_warned_for_both_kinds_of_events(tmp_path):
    from gateway_sim.check import check_project
    root = _write(str(tmp_path / "p83"), dict(_files({}), **{
        "ignition/timer/tick/handleTimerEvent.py": b"def handleTimerEvent():\n\tpass\n",
        "ignition/timer/tick/resource.json": json.dumps({
            "scope": "G", "version": 1, "files": ["handleTimerEvent.py"],
            "attributes": {"delay": 1000, "enabled": True}}).encode("utf-8"),
        "com.inductiveautomation.perspective/message/ping/handleMessage.py":
            b"def handleMessage(session, payload):\n\tpass\n",
        "com.inductiveautomation.perspective/message/ping/resource.json": json.dumps({
            "scope": "G", "version": 1, "files": ["handleMessage.py"],
            "attributes": {"enabled": True}}).encode("utf-8")}))
    warnings = check_project(root, "8.1", fire_events=False)["warnings"]
    assert any("gateway events in Ignition 8.3 folders (ignition/timer/)" in w for w in warnings)
    assert any("Perspective session events in Ignition 8.3 folders "
               "(com.inductiveautomation.perspective/message/)" in w for w in warnings)
    assert not check_project(root, "8.3", fire_events=False)["warnings"]
