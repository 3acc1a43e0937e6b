"""``gateway-sim check`` on shapes met in real public projects (issue 10 hunt, owners m-z):
each project here is a small one written for the test with the shape of what was found."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from gateway_sim.check import OK, check_project


def _project(tmp_path, modules):
    root = str(tmp_path / "hunt2")
    with_dirs = []
    for name, code in modules.items():
        d = os.path.join(root, "ignition", "script-python", *name.split("."))
        os.makedirs(d)
        with open(os.path.join(d, "resource.json"), "w") as f:
            json.dump({"scope": "A", "version": 1, "files": ["code.py"]}, f)
        with open(os.path.join(d, "code.py"), "w") as f:
            f.write(code)
        with_dirs.append(d)
    with open(os.path.join(root, "project.json"), "w") as f:
        json.dump({"title": "hunt2", "enabled": True, "inheritable": False, "parent": ""}, f)
    return root


def _jython_check(root, **kw):
    from gateway_sim import jython_host
    try:
        jython_host.find_jython_jar()
        jython_host.find_java()
    except jython_host.JythonUnavailable as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))
    return jython_host.check(root, "8.1", fire_events=False, **kw)


# A library module that turns a Python exception into a java.lang.Exception subclass made
# with type(name, (java.lang.Exception,), {}) inside an except block (a logging helper).
JAVA_SUBCLASS_FROM_EXCEPT = (
    "import java.lang.Exception\n"
    "def toJava(pe):\n"
    "\treturn type(pe.__class__.__name__, (java.lang.Exception,), {})(pe.message)\n"
    "try:\n"
    "\traise ValueError('boom')\n"
    "except ValueError, e:\n"
    "\tconverted = toJava(e)\n"
    "assert converted.getMessage() == 'boom', converted.getMessage()\n")


@pytest.mark.jython
def test_python_subclass_of_a_java_class_made_in_an_except_block_on_the_jython_host(tmp_path):
    report = _jython_check(_project(tmp_path, {"helpers.errors": JAVA_SUBCLASS_FROM_EXCEPT}))
    row = report["rows"][0]
    assert row["status"] == OK, row["cause"]


# A library that walks its own packages (a WebDev router): ScriptPackage isinstance checks,
# the package's __dict__ for its children and ``package.name`` for the path segment.
PACKAGE_WALKER = (
    "from com.inductiveautomation.ignition.common.script import ScriptPackage\n"
    "def walk(pkg, base=''):\n"
    "\tfound = []\n"
    "\tfull = base + '/' + pkg.name\n"
    "\tfor key in sorted(pkg.__dict__.keys()):\n"
    "\t\tchild = pkg.__dict__[key]\n"
    "\t\tif isinstance(child, ScriptPackage):\n"
    "\t\t\tfound.extend(walk(child, full))\n"
    "\t\telif key == 'logic':\n"
    "\t\t\tfound.append(full)\n"
    "\treturn found\n"
    "ROUTES = walk(api)\n"
    "assert ROUTES == ['/api/pets/cats', '/api/pets/dogs'], ROUTES\n"
    "assert other.name.Y == 3   # a child module called name wins\n")


def test_a_script_package_knows_its_short_name(tmp_path):
    root = _project(tmp_path, {"router": PACKAGE_WALKER,
                               "api.pets.cats.logic": "X = 1\n",
                               "api.pets.dogs.logic": "X = 2\n",
                               "other.name": "Y = 3\n"})
    report = check_project(root, "8.1", fire_events=False)
    rows = dict((r["name"], r) for r in report["rows"])
    assert rows["router"]["status"] == OK, rows["router"]["cause"]


# A library importing a static member of a Java class, valid in Jython.
STATIC_MEMBER_IMPORT = (
    "from java.lang.System import nanoTime\n"
    "import java.lang.Throwable as JLException\n"
    "T0 = nanoTime()\n")


def test_a_static_member_imported_from_a_java_class_is_not_reported_missing(tmp_path):
    report = check_project(_project(tmp_path, {"shared.timing": STATIC_MEMBER_IMPORT}), "8.1",
                           fire_events=False)
    assert report["rows"][0]["status"] == OK, report["rows"][0]["cause"]
    assert "java.lang.System.nanoTime" not in report["missing"]["java"], report["missing"]


def test_a_missing_static_member_is_still_reported(tmp_path):
    code = "def f():\n\tfrom java.lang.System import noSuchMember\n\treturn noSuchMember\n"
    report = check_project(_project(tmp_path, {"shared.timing": code}), "8.1", fire_events=False)
    assert "no noSuchMember in java.lang.System" in \
        report["missing"]["java"].get("java.lang.System.noSuchMember", {}).get("why", ""), \
        report["missing"]


def test_a_module_running_a_named_query_at_import_finds_it(tmp_path):
    # A library module reading a setting through a Scalar named query when it is imported.
    root = _project(tmp_path, {"game.clans": "apiKey = system.db.runNamedQuery('api/getKey', {})\n"
                                             "assert apiKey == 42, apiKey\n"})
    q = os.path.join(root, "ignition", "named-query", "api", "getKey")
    os.makedirs(q)
    with open(os.path.join(q, "query.sql"), "w") as f:
        f.write("SELECT 42")
    with open(os.path.join(q, "resource.json"), "w") as f:
        json.dump({"scope": "DG", "version": 2, "files": ["query.sql"],
                   "attributes": {"type": "ScalarQuery", "enabled": True, "database": ""}}, f)
    report = check_project(root, "8.1", fire_events=False)
    assert report["rows"][0]["status"] == OK, report["rows"][0]["cause"]


def test_project_load_warnings_are_in_the_report(tmp_path):
    root = _project(tmp_path, {"lib": "X = 1\n"})
    os.makedirs(os.path.join(root, "ignition", "startup"))
    with open(os.path.join(root, "ignition", "startup", "resource.json"), "w") as f:
        json.dump({"scope": "G", "files": ["onStartup.py"], "attributes": {"enabled": True}}, f)
    report = check_project(root, "8.3", fire_events=False)
    assert report["rows"][0]["status"] == OK
    assert any("no onStartup.py" in w for w in report["warnings"]), report["warnings"]
