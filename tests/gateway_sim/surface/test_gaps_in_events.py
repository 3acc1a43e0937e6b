"""A gap hit by a gateway event script is logged like a script error, not a crash."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

from gateway_sim import errors


@pytest.mark.allow_not_implemented
def test_startup_script_hitting_a_gap_is_logged_and_the_project_starts(gateway, tmp_path):
    root = tmp_path / "P"
    startup = root / "ignition" / "startup"
    startup.mkdir(parents=True)
    (root / "project.json").write_text(json.dumps({"title": "P", "enabled": True, "parent": ""}))
    (startup / "onStartup.py").write_text(u'def onStartup():\n\tsystem.sfc.startChart("p", "c", {})\n')
    (startup / "resource.json").write_text(json.dumps(
        {"scope": "G", "version": 1, "files": ["onStartup.py"], "attributes": {"enabled": True}}))
    mark = errors.hit_count()
    proj = gateway.projects.load(str(root))
    assert proj.name == "P"
    logged = [r.message for r in gateway.util.records if r.level == "ERROR"]
    assert any("system.sfc.startChart is not implemented by gateway_sim" in m for m in logged)
    assert "system.sfc.startChart" in errors.hits_since(mark)
