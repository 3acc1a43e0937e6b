"""Loading Ignition project folders: project.json, inheritance, the script library."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.errors import ConfigError
from gateway_sim.project import ScriptSyntaxError

from project_fixtures import fixture_path, log_messages


def test_modules_load_by_dotted_name_with_imports(gateway):
    proj = gateway.projects.load(fixture_path("projects", "base"), start=False)
    util = proj.import_module("shared.util")
    assert util.greet("bob") == "HELLO BOB!"
    assert util.project_name() == "base"
    assert proj.info.title == "Base library" and proj.info.inheritable


def test_modules_without_imports_see_system_and_top_level_packages(gateway):
    proj = gateway.projects.load(fixture_path("projects", "base"), start=False)
    implicit = proj.import_module("shared.implicit")
    assert implicit.greet_twice("amy") == "HELLO AMY! AMY!"
    assert implicit.has_system()


def test_modules_are_built_lazily_on_first_use(gateway):
    proj = gateway.projects.load(fixture_path("projects", "base"), start=False)
    ns = proj.namespace
    shared = ns.implicit_globals()["shared"]
    assert ns.state("shared.text") == 0  # not executed yet
    assert shared.text.shout("x") == "X!"  # attribute access runs the module
    assert ns.state("shared.text") == 2


def test_module_named_init_is_an_ordinary_module(gateway):
    proj = gateway.projects.load(fixture_path("projects", "base"), start=False)
    uses = proj.import_module("helpers.uses_init")
    assert uses.call() == "loaded from helpers.__init__"
    assert uses.call_implicit() == "loaded from helpers.__init__"
    assert proj.import_module("helpers.__init__").load() == "loaded from helpers.__init__"


def test_script_globals_of_the_gateway_include_library_packages(gateway):
    gateway.projects.load(fixture_path("projects", "base"), start=False)
    g = gateway.script_globals()
    assert "system" in g and "shared" in g and "helpers" in g
    assert g["shared"].util.GREETING == "hello"


def test_child_project_inherits_and_overrides(gateway):
    proj = gateway.projects.load(fixture_path("projects", "site"), start=False)
    assert [p.name for p in proj.resolved.chain] == ["base", "site"]
    # overridden in the child
    assert proj.import_module("shared.text").shout("a") == "A!!"
    # inherited module sees the child's override (one merged library)
    assert proj.import_module("shared.util").greet("x") == "HELLO X!!"
    assert proj.import_module("site.calc").greet() == "HELLO SITE!!"
    # events and named queries are inherited too
    assert ("timer", "heartbeat") in proj.events and ("timer", "fast") in proj.events
    assert sorted(proj.named_queries) == ["Tanks/Count", "Tanks/GetLevel", "Tanks/SetLevel"]


def test_parent_is_found_through_the_configured_projects_folder(tmp_path):
    import gateway_sim
    gw = gateway_sim.Gateway(data_dir=str(tmp_path), config={
        "projects": fixture_path("projects"), "project": {"name": "site", "start": False}})
    try:
        assert gw.projects.get().name == "site"
        assert gw.project_name == "site"
    finally:
        gw.shutdown()


def test_missing_parent_says_how_to_fix(gateway):
    with pytest.raises(ConfigError) as err:
        gateway.projects.load(fixture_path("bad", "orphan"), start=False)
    assert "does_not_exist" in str(err.value) and "projects" in str(err.value)


def test_missing_project_json_loads_the_resources_with_a_warning(gateway, tmp_path):
    """Resources whose project.json was never committed load with Ignition's defaults; a
    folder with no project resources at all is a clear error."""
    proj = gateway.projects.load(fixture_path("bad", "no_project_json"), start=False)
    assert proj.name == "no_project_json" and proj.info.assumed
    assert any("no project.json" in w for w in proj.load_warnings)
    (tmp_path / "docs").mkdir()
    with pytest.raises(ConfigError) as err:
        gateway.projects.load(str(tmp_path / "docs"))
    msg = str(err.value)
    assert "project.json is missing" in msg and "docs" in msg


def test_syntax_error_names_project_path_and_line(gateway):
    proj = gateway.projects.load(fixture_path("bad", "syntax_error"), start=False)
    assert proj.import_module("plant.fine").ok() == "fine"  # other modules still work
    with pytest.raises(SyntaxError) as err:
        proj.import_module("plant.broken")
    assert isinstance(err.value, ScriptSyntaxError)
    msg = str(err.value)
    assert "syntax_error/ignition/script-python/plant/broken/code.py, line 4" in msg
    assert err.value.filename == "<module:plant.broken>"
    assert any("plant/broken/code.py, line 4" in m for m in log_messages(gateway, "ScriptManager"))


def test_named_queries_are_read_with_types_and_parameters(gateway):
    proj = gateway.projects.load(fixture_path("projects", "base"), start=False)
    nq = proj.named_queries
    assert nq["Tanks/GetLevel"].type == "Query"
    assert nq["Tanks/GetLevel"].parameters[0]["identifier"] == "tank"
    assert nq["Tanks/Count"].type == "ScalarQuery"
    assert nq["Tanks/Count"].parameters[0]["type"] == "QueryString"
    assert "{table}" in nq["Tanks/Count"].sql
    assert nq["Tanks/SetLevel"].type == "UpdateQuery"


def test_named_queries_run_through_system_db(gateway, system):
    gateway.projects.load(fixture_path("projects", "base"))
    system.db.runUpdateQuery("CREATE TABLE tank_levels (tank TEXT, level REAL)")
    assert system.db.runNamedQuery("Tanks/SetLevel", {"tank": "T1", "level": 42.5}) == 1
    ds = system.db.runNamedQuery("Tanks/GetLevel", {"tank": "T1"})
    assert ds.getValueAt(0, 0) == 42.5
    assert system.db.runNamedQuery("Tanks/Count", {"table": "tank_levels"}) == 1


def test_importlib_and_dunder_import_resolve_library_modules(gateway):
    proj = gateway.projects.load(fixture_path("projects", "base"), start=False)
    dyn = proj.import_module("shared.dynamic")
    assert dyn.load("shared.text") is proj.import_module("shared.text")
    assert dyn.load("json").dumps([1]) == "[1]"
    assert dyn.load_builtin() == "DYN!"


def test_the_repository_project_with_the_engine_as_in_the_readme(virtual_gateway):
    import os
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))))
    proj = virtual_gateway.projects.load(os.path.join(repo, "project"),
                                         python_packages=["exchange"])
    virtual_gateway.clock.advance(1.0)  # the 1000 ms `tick` timer fires once
    assert not [r for r in virtual_gateway.util.records if r.level == "ERROR"]
    svc = proj.import_module("exchange.workflows.api.service")
    resp = svc.listWorkflows()
    assert resp["ok"] and "tank_batch" in [o["value"] for o in resp["data"]["options"]]
