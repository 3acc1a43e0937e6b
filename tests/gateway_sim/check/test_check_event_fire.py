"""How ``gateway-sim check`` fires events: a tag-change script runs its initial call and a
value change (real scripts often return at once on the initial one); a module folder that
lost its code.py is reported, not silently dropped."""
from __future__ import absolute_import, division, print_function

import json
import os

from gateway_sim.check import FAIL, OK, check_project

CHANGE = ("def onTagChange(initialChange, newValue, previousValue, event, executionCount):\n"
          "\tif initialChange:\n\t\treturn\n"
          "\tif executionCount != 2 or str(event.tagPath) != '[default]Line/Speed':\n"
          "\t\traise ValueError('unexpected call %%r %%r' %% (executionCount, event.tagPath))\n"
          "\t%s\n")


def _project(tmp_path, body_line):
    root = str(tmp_path / "line")
    d = os.path.join(root, "ignition", "tag-change", "speed")
    os.makedirs(d)
    with open(os.path.join(root, "project.json"), "w") as f:
        json.dump({"title": "line", "enabled": True, "parent": ""}, f)
    with open(os.path.join(d, "onTagChange.py"), "w") as f:
        f.write(CHANGE % body_line)
    with open(os.path.join(d, "resource.json"), "w") as f:
        json.dump({"scope": "G", "version": 1, "files": ["onTagChange.py"], "attributes": {
            "enabled": True, "paths": ["[default]Line/Speed"], "changeTypes": ["ValueChange"]}}, f)
    return root


def _row(report, name):
    return [r for r in report["rows"] if r["name"] == name][0]


TAGS = {"tagProviders": {"default": {"tags": {"Line": {"tags": {"Speed": 5.0}}}}}}


def test_a_tag_change_body_runs_on_a_value_change(tmp_path):
    report = check_project(_project(tmp_path, "raise RuntimeError('the body ran')"), "8.3",
                           config=TAGS)
    row = _row(report, "tag-change speed")
    assert row["status"] == FAIL
    assert row["cause"].startswith("on a value change: RuntimeError: the body ran"), row


def test_a_tag_change_script_that_works_is_ok(tmp_path):
    report = check_project(_project(tmp_path, "x = newValue.value + 1"), "8.3", config=TAGS)
    assert _row(report, "tag-change speed")["status"] == OK, report["rows"]


def test_a_tag_that_does_not_exist_only_gets_the_initial_call(tmp_path):
    """It never changes (on a gateway neither): the body is not run."""
    report = check_project(_project(tmp_path, "raise RuntimeError('the body ran')"), "8.3")
    assert _row(report, "tag-change speed")["status"] == OK, report["rows"]


def test_a_module_without_code_py_is_a_warning(tmp_path):
    root = _project(tmp_path, "pass")
    lost = os.path.join(root, "ignition", "script-python", "plant", "lost")
    os.makedirs(lost)
    with open(os.path.join(lost, "resource.json"), "w") as f:
        json.dump({"scope": "A", "version": 1, "files": ["code.py"]}, f)
    report = check_project(root, "8.3", fire_events=False)
    assert any("module plant.lost has a resource.json but no code.py" in w
               for w in report["warnings"]), report["warnings"]
