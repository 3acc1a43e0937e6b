"""The Ignition project export: layout, determinism, and a round trip through the simulator."""
from __future__ import absolute_import, division, print_function

import hashlib
import json
import os
import zipfile

import pytest

from gateway_sim.errors import ConfigError
from gateway_sim.export import export_project

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROJECT = os.path.join(REPO, "project")
EXCHANGE = os.path.join(REPO, "exchange")


def _write(path, text):
    d = os.path.dirname(path)
    if not os.path.isdir(d):
        os.makedirs(d)
    with open(path, "w") as f:
        f.write(text)


@pytest.fixture
def small(tmp_path):
    """A project folder plus a small Python package to convert."""
    proj = str(tmp_path / "proj")
    _write(os.path.join(proj, "project.json"), '{"title": "Small Demo", "parent": ""}')
    _write(os.path.join(proj, "ignition", "timer", "t", "handleTimerEvent.py"),
           "def handleTimerEvent():\n\tpkg.mod.f()\n")
    _write(os.path.join(proj, "ignition", "timer", "t", "resource.json"),
           '{"files": ["handleTimerEvent.py"], "version": 1, "scope": "G", '
           '"attributes": {"delay": 1000, "lastModificationSignature": "abc"}}')
    _write(os.path.join(proj, "gateway-sim.yaml"), "gateway: {}\n")  # simulator-only
    _write(os.path.join(proj, "tags", "t.json"), "[]")  # simulator-only
    pkg = str(tmp_path / "src" / "pkg")
    _write(os.path.join(pkg, "__init__.py"), '"""Docstring only: no resource."""\n'
                                             "from __future__ import absolute_import\n")
    _write(os.path.join(pkg, "mod.py"), "def f():\n    return 42\n")
    _write(os.path.join(pkg, "sub", "__init__.py"), "def load():\n    return 'sub init'\n")
    _write(os.path.join(pkg, "sub", "leaf.py"), "from pkg.sub import __init__ as s\n"
                                                "def g():\n    return s.load()\n")
    return proj, pkg


def test_layout_matches_ignition_exports(small, tmp_path):
    proj, pkg = small
    res = export_project(proj, str(tmp_path / "out"), packages=[pkg])
    assert res["name"] == "Small_Demo"
    assert res["files"] == [
        "ignition/script-python/pkg/mod/code.py",
        "ignition/script-python/pkg/mod/resource.json",
        "ignition/script-python/pkg/sub/__init__/code.py",
        "ignition/script-python/pkg/sub/__init__/resource.json",
        "ignition/script-python/pkg/sub/leaf/code.py",
        "ignition/script-python/pkg/sub/leaf/resource.json",
        "ignition/timer/t/handleTimerEvent.py",
        "ignition/timer/t/resource.json",
        "project.json",
    ]
    assert res["modules"] == ["pkg.mod", "pkg.sub.__init__", "pkg.sub.leaf"]
    folder = res["folder"]
    with open(os.path.join(folder, "ignition/script-python/pkg/mod/resource.json")) as f:
        rj = json.load(f)
    assert rj["scope"] == "A" and rj["version"] == 1 and rj["files"] == ["code.py"]
    assert rj["attributes"]["hintScope"] == 2
    assert "lastModificationSignature" not in rj["attributes"]
    with open(os.path.join(folder, "ignition/timer/t/resource.json")) as f:
        timer = json.load(f)
    assert timer["attributes"] == {"delay": 1000}  # signature dropped, rest kept
    with zipfile.ZipFile(res["zip"]) as zf:
        assert zf.namelist() == res["files"]  # project.json at the root, sorted
        assert zf.read("ignition/script-python/pkg/mod/code.py") == b"def f():\n    return 42\n"


def test_export_is_deterministic(small, tmp_path):
    proj, pkg = small

    def digest(out):
        res = export_project(proj, str(tmp_path / out), packages=[pkg])
        with open(res["zip"], "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    a = digest("a")
    os.utime(os.path.join(pkg, "mod.py"), (1000000, 1000000))  # file times do not matter
    assert digest("b") == a
    assert digest("a") == a  # re-export over an earlier export


def test_export_refuses_to_wipe_an_unrelated_folder(small, tmp_path):
    proj, pkg = small
    out = tmp_path / "out"
    (out / "Small_Demo").mkdir(parents=True)
    (out / "Small_Demo" / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError) as err:
        export_project(proj, str(out), packages=[pkg])
    assert "refusing to overwrite" in str(err.value)


def test_export_of_a_folder_without_project_json_fails_clearly(tmp_path):
    with pytest.raises(ConfigError) as err:
        export_project(str(tmp_path), str(tmp_path / "out"))
    assert "project.json is missing" in str(err.value)


def test_exported_library_loads_in_the_simulator(small, tmp_path, gateway):
    proj, pkg = small
    res = export_project(proj, str(tmp_path / "out"), packages=[pkg])
    loaded = gateway.projects.load(res["folder"], start=False)
    assert loaded.import_module("pkg.mod").f() == 42
    assert loaded.import_module("pkg.sub.leaf").g() == "sub init"


def test_repository_export_has_the_engine_and_the_project_events(tmp_path):
    res = export_project(PROJECT, str(tmp_path / "out"), packages=[EXCHANGE])
    files = set(res["files"])
    assert "ignition/timer/tick/handleTimerEvent.py" in files
    assert "ignition/script-python/exchange/workflows/api/service/code.py" in files
    assert "ignition/script-python/exchange/workflows/apps/__init__/code.py" in files
    assert not any(f.endswith("__init__.py") for f in files)
    assert not any("gateway-sim" in f or f.startswith("tags/") for f in files)
    for f in files:  # every library folder is a leaf holding code.py + resource.json
        if f.startswith("ignition/script-python/"):
            assert f.endswith(("/code.py", "/resource.json"))
    with open(os.path.join(res["folder"], "ignition", "timer", "tick", "handleTimerEvent.py")) as f:
        assert "def handleTimerEvent():" in f.read()


def test_round_trip_export_load_and_run_a_workflow(tmp_path, gateway):
    """Export the repository project, load the EXPORT (not the sources) and run a batch."""
    import sys
    res = export_project(PROJECT, str(tmp_path / "out"), packages=[EXCHANGE])
    gateway.tags.load_file(os.path.join(PROJECT, "tags", "tank.json"))
    proj = gateway.projects.load(res["folder"])  # startup + the `tick` timer start
    src = proj.resolved.modules["exchange.workflows.apps.tank_batch"]
    assert src.origin.startswith(res["folder"])  # the exported code.py is what runs
    service = proj.import_module("exchange.workflows.api.service")
    assert service is not sys.modules.get("exchange.workflows.api.service")
    resp = service.start("tank_batch", {"batchId": "RT-1", "setpoint": 20.0})
    assert resp["ok"], resp
    instance = proj.import_module("exchange.workflows.engine.instance")
    result = instance.getWorkflows().retrieve(resp["workflowId"]).getResult(timeoutSeconds=60)
    assert result["outcome"] == "COMPLETE" and result["finalLevel"] >= 20.0
    ds = gateway.databases.query("SELECT batch_id, outcome FROM tank_batches")
    assert ds.getValueAt(0, 0) == "RT-1" and ds.getValueAt(0, 1) == "COMPLETE"


# --- --ignition 8.1: gateway events in event-scripts/data.bin ---------------------------

def test_81_export_writes_events_into_data_bin(small, tmp_path, gateway):
    from gateway_sim.project import events81
    from gateway_sim.project.model import read_project_info
    proj, pkg = small
    res = export_project(proj, str(tmp_path / "out"), packages=[pkg], ignition="8.1")
    assert "ignition/event-scripts/data.bin" in res["files"]
    assert "ignition/event-scripts/resource.json" in res["files"]
    assert not any(f.startswith("ignition/timer/") for f in res["files"])
    with open(os.path.join(res["folder"], "ignition", "event-scripts", "resource.json")) as f:
        resource = json.load(f)
    assert resource["scope"] == "G" and resource["files"] == ["data.bin"]
    events, warnings = events81.read_events(read_project_info(res["folder"]), os.path.join(
        res["folder"], "ignition", "event-scripts", "data.bin"))
    assert warnings == []
    assert [(e.kind, e.name, e.text, e.attributes) for e in events] == [
        ("timer", "t", "pkg.mod.f()\n", {"delay": 1000})]  # 8.1 keeps the body, no def line
    loaded = gateway.projects.load(res["folder"], start=False)
    assert sorted(loaded.events) == [("timer", "t")]
    loaded.run_event(loaded.events[("timer", "t")])
    assert not [r for r in gateway.util.records if r.level == "ERROR"]


def test_81_export_is_deterministic(small, tmp_path):
    proj, pkg = small
    digests = []
    for out in ("a", "b"):
        res = export_project(proj, str(tmp_path / out), packages=[pkg], ignition="8.1")
        with open(res["zip"], "rb") as f:
            digests.append(hashlib.sha256(f.read()).hexdigest())
    assert digests[0] == digests[1]


def test_81_export_of_the_repository_project_has_the_same_events(tmp_path):
    from gateway_sim.project.model import resolve_project
    res = export_project(PROJECT, str(tmp_path / "out"), packages=[EXCHANGE], ignition="8.1")
    src = resolve_project(PROJECT).events
    out = resolve_project(res["folder"]).events
    assert sorted(out) == sorted(src)
    for key in src:
        singleton = key[0] in ("startup", "shutdown", "update")  # 8.1 has no enabled flag there
        attrs = dict((k, v) for k, v in src[key].attributes.items()
                     if k != "lastModification" and not (singleton and k == "enabled"))
        assert out[key].attributes == attrs
        assert "def " not in out[key].text.split("\n")[0]  # bodies, as 8.1 stores them


def test_81_export_of_an_81_project_keeps_its_data_bin_events(tmp_path):
    from realfixtures import real_path
    from gateway_sim.project import events81
    from gateway_sim.project.model import resolve_project
    src = real_path("event81", "pwalker91__IgnitionSwagger")
    res = export_project(src, str(tmp_path / "out"), ignition="8.1")
    assert events81.event_tuples(resolve_project(res["folder"]).events.values()) == \
        events81.event_tuples(resolve_project(src).events.values())


def test_export_refuses_an_unknown_ignition_version(small, tmp_path):
    proj, pkg = small
    with pytest.raises(ConfigError) as err:
        export_project(proj, str(tmp_path / "out"), ignition="7.9")
    assert "8.1 or 8.3" in str(err.value)


def test_cli_export_ignition_81(small, tmp_path, capsys):
    from gateway_sim.cli import main
    proj, pkg = small
    out = str(tmp_path / "cli")
    assert main(["export", "--project", proj, "--package", pkg, "--out", out,
                 "--ignition", "8.1", "--no-zip"]) in (0, None)
    assert os.path.isfile(os.path.join(out, "Small_Demo", "ignition", "event-scripts", "data.bin"))
