"""A script naming its own project finds it even when the folder it is checked out to has
another name: by the project's title (``ProjectsRuntime.canonical_name``). Seen in a real
project (HMS, shared/fixtures/real): its scripts call ``runNamedQuery('HMS', ...)`` while the
repository folder is named otherwise."""
from __future__ import absolute_import, division, print_function

import json

import pytest

from gateway_sim.jvm import JavaException


def _project(tmp_path, folder, title):
    d = tmp_path / folder
    q = d / "ignition" / "named-query" / "Counts" / "One"
    q.mkdir(parents=True)
    (d / "project.json").write_text(json.dumps({"title": title, "enabled": True, "parent": ""}))
    (q / "query.sql").write_text(u"SELECT 1")
    (q / "resource.json").write_text(json.dumps({
        "scope": "DG", "version": 2, "files": ["query.sql"],
        "attributes": {"type": "ScalarQuery", "database": "", "parameters": []}}))
    h = d / "ignition" / "message" / "ping"
    h.mkdir(parents=True)
    (h / "handleMessage.py").write_text(u"def handleMessage(payload):\n\treturn 'pong'\n")
    (h / "resource.json").write_text(json.dumps({
        "scope": "G", "version": 1, "files": ["handleMessage.py"],
        "attributes": {"enabled": True, "threadType": "Shared"}}))
    return str(d)


def test_a_project_is_found_by_its_title_when_no_project_has_that_name(gateway, system, tmp_path):
    proj = gateway.projects.load(_project(tmp_path, "acme__plant-hmi", "PlantHMI"))
    assert proj.name == "acme__plant-hmi"
    assert system.db.runNamedQuery("PlantHMI", "Counts/One", {}) == 1
    assert system.db.runNamedQuery("acme__plant-hmi", "Counts/One", {}) == 1
    assert system.util.sendRequest("PlantHMI", "ping", {}) == "pong"
    with pytest.raises(JavaException) as info:
        system.db.runNamedQuery("Other", "Counts/One", {})
    assert "not found in project 'Other'" in info.value.getMessage()


def test_a_name_wins_over_a_title_and_an_ambiguous_title_finds_nothing(gateway, system, tmp_path):
    gateway.projects.load(_project(tmp_path, "PlantHMI", "Main"), start=False)
    gateway.projects.load(_project(tmp_path, "copy1", "PlantHMI"), start=False)
    assert gateway.projects.canonical_name("PlantHMI") == "PlantHMI"
    gateway.projects.load(_project(tmp_path, "copy2", "Twin"), start=False)
    gateway.projects.load(_project(tmp_path, "copy3", "Twin"), start=False)
    assert gateway.projects.canonical_name("Twin") == "Twin"  # two titled so: no guess
    assert gateway.projects.canonical_name("Main") == "PlantHMI"
