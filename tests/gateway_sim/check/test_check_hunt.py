"""``gateway-sim check`` on shapes met in real public projects (issue 10 hunt): the names
a module imports from the real JDK are never listed as missing on the Jython host, and
SDK classes the simulator provides are not either."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from gateway_sim.check import OK, check_project


def _project(tmp_path):
    root = str(tmp_path / "hunt")
    d = os.path.join(root, "ignition", "script-python", "ids")
    os.makedirs(d)
    with open(os.path.join(root, "project.json"), "w") as f:
        json.dump({"title": "hunt", "enabled": True, "inheritable": False, "parent": ""}, f)
    with open(os.path.join(d, "resource.json"), "w") as f:
        json.dump({"scope": "A", "version": 1, "files": ["code.py"]}, f)
    with open(os.path.join(d, "code.py"), "w") as f:
        f.write("from com.inductiveautomation.ignition.common.tags.paths.parser "
                "import TagPathParser\n"
                "from com.inductiveautomation.ignition.common.tags.model.event "
                "import TagChangeListener\n"
                "class Listener(TagChangeListener):\n"
                "\tdef tagChanged(self, event):\n"
                "\t\treturn event\n"
                "def stamp(ms):\n"
                "\tfrom java.time import Instant, ZoneOffset\n"
                "\tfrom java.time.format import DateTimeFormatter\n"
                "\tfrom java.nio.charset import StandardCharsets\n"
                "\tfrom java.util import Base64\n"
                "\treturn Instant.ofEpochMilli(ms), ZoneOffset.UTC, DateTimeFormatter, "
                "StandardCharsets.UTF_8, Base64\n")
    return root


JDK_NAMES = ("java.time.Instant", "java.time.ZoneOffset", "java.time.format.DateTimeFormatter",
             "java.nio.charset.StandardCharsets", "java.util.Base64")
SDK_NAME = "com.inductiveautomation.ignition.common.tags.paths.parser.TagPathParser"
LISTENER = "com.inductiveautomation.ignition.common.tags.model.event.TagChangeListener"


def test_provided_sdk_class_is_not_listed_as_missing(tmp_path):
    report = check_project(_project(tmp_path), "8.1", fire_events=False)
    assert report["rows"][0]["status"] == OK
    assert SDK_NAME not in report["missing"]["java"]
    assert LISTENER not in report["missing"]["java"]


@pytest.mark.jython
def test_real_jdk_and_provided_sdk_names_are_not_missing_on_the_jython_host(tmp_path):
    from gateway_sim import jython_host
    try:
        jython_host.find_jython_jar()
        jython_host.find_java()
    except jython_host.JythonUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    report = jython_host.check(_project(tmp_path), "8.1", fire_events=False)
    assert report["rows"][0]["status"] == OK
    missing = report["missing"]["java"]
    for name in JDK_NAMES + (SDK_NAME, LISTENER):
        assert name not in missing, (name, missing.get(name))


def test_tabs_and_spaces_python2_accepts_get_the_jython_hint(tmp_path):
    """A body indented with a tab on one line and 8 spaces on the next: one block for
    Python 2 (Jython, the gateway), a TabError for CPython 3."""
    root = _project(tmp_path)
    d = os.path.join(root, "ignition", "script-python", "mixed")
    os.makedirs(d)
    with open(os.path.join(d, "resource.json"), "w") as f:
        json.dump({"scope": "A", "version": 1, "files": ["code.py"]}, f)
    with open(os.path.join(d, "code.py"), "w") as f:
        f.write("def f(x):\n\tif x:\n\t\treturn 1\n        return 2\n")
    report = check_project(root, "8.1", fire_events=False)
    row = [r for r in report["rows"] if r["name"] == "mixed"][0]
    assert row["status"] == "FAIL"
    assert "inconsistent use of tabs" in row["cause"] and "--interpreter jython" in row["cause"]


def test_an_83_event_layout_checked_as_81_gets_a_warning(tmp_path):
    root = _project(tmp_path)
    d = os.path.join(root, "ignition", "timer", "tick")
    os.makedirs(d)
    with open(os.path.join(d, "handleTimerEvent.py"), "w") as f:
        f.write("def handleTimerEvent():\n\tpass\n")
    with open(os.path.join(d, "resource.json"), "w") as f:
        json.dump({"scope": "G", "version": 1, "files": ["handleTimerEvent.py"],
                   "attributes": {"delay": 1000, "enabled": True}}, f)
    on81 = check_project(root, "8.1", fire_events=False)
    assert any("ignition/timer/" in w and "--ignition 8.3" in w for w in on81["warnings"])
    on83 = check_project(root, "8.3", fire_events=False)
    assert not any("--ignition 8.3" in w for w in on83["warnings"])
