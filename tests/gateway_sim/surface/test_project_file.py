"""system.project (names, scan) and system.file (real files under the gateway's root)."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

RESOURCE = {"scope": "A", "version": 1, "restricted": False, "overridable": True,
            "files": ["code.py"], "attributes": {}}


def _project(folder, name, code):
    root = os.path.join(folder, name)
    lib = os.path.join(root, "ignition", "script-python", "lib", "mod")
    os.makedirs(lib)
    with open(os.path.join(root, "project.json"), "w") as f:
        json.dump({"title": name, "enabled": True, "parent": ""}, f)
    with open(os.path.join(lib, "resource.json"), "w") as f:
        json.dump(RESOURCE, f)
    with open(os.path.join(lib, "code.py"), "w") as f:
        f.write(code)
    return root


def test_project_names_and_scan_picks_up_a_changed_module(gateway, system, tmp_path):
    assert system.project.getProjectName() == gateway.project_name
    assert system.project.getProjectNames() == [gateway.project_name]
    folder = str(tmp_path / "projects")
    root = _project(folder, "Plant", "def answer():\n\treturn 1\n")
    _project(folder, "Spare", "x = 0\n")
    gateway.configure({"projects": folder, "project": {"name": "Plant"}})
    assert system.project.getProjectName() == "Plant"
    assert sorted(system.project.getProjectNames()) == ["Plant", "Spare"]
    assert gateway.projects.import_module("lib.mod").answer() == 1

    ns_before = gateway.projects.get().namespace
    system.project.requestScan()                      # nothing changed: no reload
    assert gateway.projects.get().namespace is ns_before
    with open(os.path.join(root, "ignition", "script-python", "lib", "mod", "code.py"), "w") as f:
        f.write("def answer():\n\treturn 2\n")
    assert system.project.requestScan(timeout=5) is None
    assert gateway.projects.get().namespace is not ns_before
    assert gateway.projects.import_module("lib.mod").answer() == 2


def test_request_scan_rejects_a_bad_timeout(system):
    from gateway_sim.jvm import IllegalArgumentException
    with pytest.raises(IllegalArgumentException) as info:
        system.project.requestScan(timeout="soon")
    assert "timeout" in str(info.value)


def test_files_round_trip_under_the_root(gateway, system):
    path = system.file.getTempFile("csv")
    assert path.endswith(".csv") and system.file.fileExists(path)
    system.file.writeFile(path, u"a,b\n1,\u00e9\n")
    system.file.writeFile(path, u"3,4\n", True)
    assert system.file.readFileAsString(path) == u"a,b\n1,\u00e9\n3,4\n"
    assert system.file.readFileAsString(path, "ISO-8859-1") == \
        u"a,b\n1,\u00c3\u00a9\n3,4\n"
    data = system.file.readFileAsBytes(path)
    assert data.typecode == "b" and list(data[:3]) == [97, 44, 98] and -61 in list(data)
    copy = system.file.getTempFile("bin")
    system.file.writeFile(copy, data)
    assert system.file.readFileAsBytes(copy) == data
    real = os.path.join(gateway.data_dir, "files", path.lstrip("/"))
    assert os.path.isfile(real)                       # a real file, inside the root


def test_file_paths_map_into_the_configured_root(gateway, system, tmp_path):
    root = tmp_path / "sandbox"
    (root / "C" / "Reports").mkdir(parents=True)
    gateway.configure({"files": {"root": str(root)}})
    system.file.writeFile("C:\\Reports\\x.txt", "hello")
    assert (root / "C" / "Reports" / "x.txt").read_text() == "hello"
    assert system.file.readFileAsString("/C/Reports/x.txt") == "hello"
    assert not system.file.fileExists("/etc/passwd")


def test_file_errors_are_java_exceptions_with_the_cause(system):
    from gateway_sim.java.io import FileNotFoundException
    from gateway_sim.jvm import IllegalArgumentException
    with pytest.raises(FileNotFoundException) as info:
        system.file.readFileAsString("/no/such.txt")
    assert "/no/such.txt (No such file or directory)" in str(info.value)
    with pytest.raises(FileNotFoundException):
        system.file.writeFile("/missing/folder/x.txt", "x")
    with pytest.raises(IllegalArgumentException) as info:
        system.file.readFileAsString("../../etc/passwd")
    assert "climbs out of the simulated file root" in str(info.value)
    with pytest.raises(IllegalArgumentException) as info:
        system.file.readFileAsString(system.file.getTempFile("txt"), "klingon")
    assert "unsupported charset" in str(info.value)


def test_bad_files_config_is_one_clear_line(gateway):
    from gateway_sim.errors import ConfigError
    with pytest.raises(ConfigError) as info:
        gateway.configure({"files": {"rooot": "x"}})
    assert "unknown key(s) rooot; use root" in str(info.value)


def test_execute_starts_a_real_process_reaped_at_shutdown(tmp_path):
    import sys
    from gateway_sim import Gateway, simulate
    from gateway_sim.java.io import IOException
    from gateway_sim.jvm import IllegalArgumentException
    out = tmp_path / "ran.txt"
    gw = Gateway(data_dir=str(tmp_path / "gw"))
    try:
        with simulate(gw):
            import system
            assert system.util.execute([sys.executable, "-c",
                                        "open(%r, 'w').write('ok')" % str(out)]) is None
            with pytest.raises(IOException) as info:
                system.util.execute(["/no/such/program-xyz"])
            assert 'Cannot run program "/no/such/program-xyz"' in str(info.value)
            with pytest.raises(IllegalArgumentException):
                system.util.execute("ls -l")
    finally:
        gw.shutdown()                       # waits for the child (no process left behind)
    assert out.read_text() == "ok"
