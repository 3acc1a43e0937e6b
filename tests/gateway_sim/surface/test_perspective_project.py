"""system.perspective.getProjectInfo (gateway_sim/system/_perspective_project.py)."""
from __future__ import absolute_import, division, print_function

import json

import pytest

from gateway_sim.jvm import Date, IllegalArgumentException

PV = "com.inductiveautomation.perspective"


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)


def _resource(actor, stamp):
    return {"scope": "G", "version": 1, "files": ["view.json"],
            "attributes": {"lastModification": {"actor": actor, "timestamp": stamp}}}


@pytest.fixture
def project_dir(tmp_path):
    root = tmp_path / "Plant"
    _write(root / "project.json", {"title": "Plant HMI", "description": "Line 1",
                                   "enabled": True, "inheritable": True})
    views = root / PV / "views"
    _write(views / "Main" / "view.json", {"root": {}})
    _write(views / "Main" / "resource.json", _resource("ada", "2024-03-01T10:00:00Z"))
    _write(views / "Popups" / "Alarm" / "view.json", {"root": {}})
    _write(views / "Popups" / "Alarm" / "resource.json",
           _resource("bob", "2024-05-02T08:30:15.250Z"))
    _write(views / "Empty" / "resource.json", _resource("eve", "2020-01-01T00:00:00Z"))
    _write(root / PV / "page-config" / "config.json",
           {"pages": {"/": {"viewPath": "Main"}, "/alarms": {"title": "A",
                                                             "viewPath": "Popups/Alarm"}}})
    return root


def test_project_info_from_the_loaded_project(system, gateway, project_dir):
    gateway.projects.load(str(project_dir), start=False)
    info = system.perspective.getProjectInfo()
    assert set(info) == {"name", "title", "description", "lastModified", "lastModifiedBy",
                         "views", "pageConfigs"}
    assert (info["name"], info["title"], info["description"]) == ("Plant", "Plant HMI", "Line 1")
    assert info["views"] == [{"path": "Main"}, {"path": "Popups/Alarm"}]
    assert info["pageConfigs"] == [{"url": "/", "primaryView": "Main"},
                                   {"url": "/alarms", "primaryView": "Popups/Alarm"}]
    assert isinstance(info["lastModified"], Date)
    assert info["lastModified"].getTime() == 1714638615250
    assert info["lastModifiedBy"] == "bob"


def test_inherited_views_and_child_page_config(system, gateway, project_dir, tmp_path):
    child = tmp_path / "Child"
    _write(child / "project.json", {"title": "Child", "parent": "Plant"})
    _write(child / PV / "views" / "Extra" / "view.json", {"root": {}})
    gateway.projects.load(str(child), start=False)
    info = system.perspective.getProjectInfo()
    assert info["name"] == "Child" and info["title"] == "Child"
    assert [v["path"] for v in info["views"]] == ["Extra", "Main", "Popups/Alarm"]
    assert [p["url"] for p in info["pageConfigs"]] == ["/", "/alarms"]   # the parent's
    assert info["lastModified"] is None and info["lastModifiedBy"] is None
    _write(child / PV / "page-config" / "config.json", {"pages": {"/x": {"viewPath": "Extra"}}})
    assert system.perspective.getProjectInfo()["pageConfigs"] == [
        {"url": "/x", "primaryView": "Extra"}]


def test_project_without_perspective_resources(system, gateway, tmp_path):
    root = tmp_path / "Bare"
    _write(root / "project.json", {"title": "Bare"})
    gateway.projects.load(str(root), start=False)
    info = system.perspective.getProjectInfo()
    assert info["views"] == [] and info["pageConfigs"] == []


def test_no_loaded_project_is_an_error_naming_the_fix(system):
    with pytest.raises(IllegalArgumentException) as info:
        system.perspective.getProjectInfo()
    assert "gw.projects.load" in str(info.value)
