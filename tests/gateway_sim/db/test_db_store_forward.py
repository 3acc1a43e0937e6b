"""Store-and-forward writes: runSFNamedQuery / runSFPrepUpdate / runSFUpdateQuery (8.1) and
8.3 execUpdateAsync. Shape found in a real OEE project's library: a module wrapping
``system.db.runSFNamedQuery(path, params)`` and ``runSFNamedQuery(path)`` (no params)."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.jvm import JavaException


@pytest.fixture
def sf(gateway, system):
    system.db.runUpdateQuery("CREATE TABLE sf_items (id INTEGER PRIMARY KEY, name TEXT)")
    proj = gateway.project_name
    gateway.databases.register_named_query(
        proj, "Sf/Add", "INSERT INTO sf_items (name) VALUES (:name)", "UpdateQuery",
        parameters=[{"type": "Parameter", "identifier": "name", "sqlType": "String"}])
    gateway.databases.register_named_query(
        proj, "Sf/Clear", "DELETE FROM sf_items", "UpdateQuery")
    gateway.databases.register_named_query(proj, "Sf/Select", "SELECT name FROM sf_items", "Query")
    gateway.databases.register_named_query("Other", "Sf/AddOther",
                                           "INSERT INTO sf_items (name) VALUES ('other')",
                                           "UpdateQuery")
    return system


def _names(system):
    return sorted(r["name"] for r in system.db.runQuery("SELECT name FROM sf_items"))


def test_run_sf_named_query_project_and_gateway_forms(sf, gateway):
    system = sf
    assert system.db.runSFNamedQuery("Sf/Add", {"name": "a"}) is True
    assert system.db.runSFNamedQuery(gateway.project_name, "Sf/Add", {"name": "b"}) is True
    assert system.db.runSFNamedQuery("Other", "Sf/AddOther", {}) is True
    assert _names(system) == ["a", "b", "other"]
    assert system.db.runSFNamedQuery("Sf/Clear") is True     # no params, as real scripts call it
    assert _names(system) == []


def test_run_sf_named_query_rejects_a_select(sf):
    with pytest.raises(JavaException) as info:
        sf.db.runSFNamedQuery("Sf/Select", {})
    assert "Update" in str(info.value) and "Sf/Select" in str(info.value)


def test_run_sf_named_query_unknown_path_is_an_error(sf):
    with pytest.raises(JavaException):
        sf.db.runSFNamedQuery("Sf/Nope", {})


def test_run_sf_prep_update_and_update_query(sf, gateway):
    system = sf
    default = gateway.databases.default_name
    assert system.db.runSFPrepUpdate("INSERT INTO sf_items (name) VALUES (?)", ["p"],
                                     [default]) is True
    assert system.db.runSFUpdateQuery("INSERT INTO sf_items (name) VALUES ('u')",
                                      [default]) is True
    assert _names(system) == ["p", "u"]


def test_run_sf_prep_update_needs_a_list_of_datasources(sf):
    with pytest.raises(TypeError) as info:
        sf.db.runSFPrepUpdate("INSERT INTO sf_items (name) VALUES (?)", ["p"], None)
    assert "datasources" in str(info.value)


@pytest.mark.gateway_config(version="8.3")
def test_exec_update_async_83(sf):
    system = sf
    assert system.db.execUpdateAsync("Sf/Add", {"name": "z"}) is True
    assert system.db.execUpdateAsync("Sf/AddOther", project="Other") is True
    assert _names(system) == ["other", "z"]


def test_a_failing_forward_returns_true_and_logs_the_cause(sf, gateway, caplog):
    import logging
    caplog.set_level(logging.DEBUG, logger="StoreAndForward")
    assert sf.db.runSFUpdateQuery("INSERT INTO no_such_table VALUES (1)",
                                  [gateway.databases.default_name]) is True
    msgs = [r[2] for r in caplog.record_tuples if r[0] == "StoreAndForward"]
    assert len(msgs) == 1 and "quarantined" in msgs[0] and "no_such_table" in msgs[0]


def test_exec_update_async_is_not_on_81(sf):
    with pytest.raises(AttributeError):
        sf.db.execUpdateAsync
