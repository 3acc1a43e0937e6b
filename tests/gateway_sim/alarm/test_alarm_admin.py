"""system.alarm.listPipelines (project resources on disk) and createRoster/getRosters."""
from __future__ import absolute_import, division, print_function

import json
import os

import pytest

PIPES = os.path.join("com.inductiveautomation.alarm-notification", "alarm-pipelines")


def _project(root, name, pipelines=()):
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "project.json").write_text(json.dumps({"title": name, "enabled": True}))
    for p in pipelines:
        res = folder.joinpath(PIPES, *p.split("/"))
        res.mkdir(parents=True)
        (res / "resource.json").write_text(json.dumps({"scope": "G", "version": 1}))
        (res / "data.bin").write_bytes(b"")
    return folder


def test_list_pipelines_reads_project_resources(gateway, system, tmp_path):
    root = tmp_path / "projects"
    _project(root, "alarm-pipelines", ["Email", "Ops/SMS"])
    _project(root, "Plant", ["Escalation"])
    _project(root, "Empty")
    (root / "Plant" / PIPES / "stray").mkdir()          # no resource.json: not a pipeline
    gateway.configure({"projects": str(root)})
    assert sorted(system.alarm.listPipelines()) == ["Email", "Ops/SMS"]
    assert system.alarm.listPipelines("Plant") == ["Escalation"]
    assert system.alarm.listPipelines("Empty") == []
    from gateway_sim.jvm import IllegalArgumentException
    with pytest.raises(IllegalArgumentException) as info:
        system.alarm.listPipelines("Nope")
    assert "project 'Nope' does not exist; projects: Empty, Plant, alarm-pipelines" \
        in str(info.value)
    with pytest.raises(TypeError) as info:
        system.alarm.listPipelines(None)
    assert "projectName must be a project name" in str(info.value)


def test_list_pipelines_without_the_default_project_is_empty(system):
    assert system.alarm.listPipelines() == []


def test_rosters(system):
    assert system.alarm.getRosters() == {}
    assert system.alarm.createRoster("Day Shift", "weekday operators") is None
    system.alarm.createRoster("Night", "")
    assert system.alarm.getRosters() == {"Day Shift": [], "Night": []}
    from gateway_sim.jvm import IllegalArgumentException
    with pytest.raises(IllegalArgumentException) as info:
        system.alarm.createRoster("Night", "again")
    assert "a roster named 'Night' already exists" in str(info.value)
    with pytest.raises(IllegalArgumentException) as info:
        system.alarm.createRoster("  ", "")
    assert "must be non-blank text" in str(info.value)
