"""Named queries: runNamedQuery (8.1 project/gateway forms) and 8.3 execQuery/Update/Scalar."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import Gateway, simulate
from gateway_sim.dataset import BasicDataset, PyDataSet
from gateway_sim.jvm import JavaException


@pytest.fixture
def nq(gateway, system):
    db = gateway.databases
    system.db.runUpdateQuery("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER)")
    proj = gateway.project_name
    db.register_named_query(proj, "Items/ByQty", "SELECT id, name FROM items WHERE qty >= :minQty "
                            "ORDER BY id", "Query",
                            parameters=[{"type": "Parameter", "identifier": "minQty",
                                         "sqlType": "Int4"}])
    db.register_named_query(proj, "Items/Add", "INSERT INTO items (name, qty) VALUES (:name, :qty)",
                            "UpdateQuery",
                            parameters=[{"type": "Parameter", "identifier": "name",
                                         "sqlType": "String"},
                                        {"type": "Parameter", "identifier": "qty",
                                         "sqlType": "Int4"}])
    db.register_named_query(proj, "Items/Count", "SELECT COUNT(*) FROM {table} WHERE name <> ':x'",
                            "ScalarQuery",
                            parameters=[{"type": "QueryString", "identifier": "table"}])
    db.register_named_query("Other", "Only/Here", "SELECT 42", "ScalarQuery")
    return system


def test_run_named_query_project_scope(nq):
    system = nq
    assert system.db.runNamedQuery("Items/Add", {"name": "bolt", "qty": "5"}, getKey=True) == 1
    assert system.db.runNamedQuery("Items/Add", {"name": "nut", "qty": 1}) == 1
    ds = system.db.runNamedQuery("Items/ByQty", {"minQty": 2})
    assert isinstance(ds, PyDataSet) and [r["name"] for r in ds] == ["bolt"]
    assert system.db.runNamedQuery(path="Items/Count", parameters={"table": "items"}) == 2


def test_run_named_query_gateway_scope(nq, gateway):
    system = nq
    assert system.db.runNamedQuery("Other", "Only/Here") == 42
    assert system.db.runNamedQuery(project="Other", path="Only/Here", parameters={}) == 42
    assert system.db.runNamedQuery(gateway.project_name, "Items/Count", {"table": "items"}) == 0


def test_named_query_in_transaction(nq):
    system = nq
    tx = system.db.beginTransaction()
    system.db.runNamedQuery("Items/Add", {"name": "a", "qty": 1}, tx)
    system.db.rollbackTransaction(tx)
    system.db.closeTransaction(tx)
    assert system.db.runNamedQuery("Items/Count", {"table": "items"}) == 0


@pytest.mark.gateway_config(version="8.3")   # execQuery & co. exist on 8.3 only
def test_exec_functions(nq):
    system = nq
    assert system.db.execUpdate("Items/Add", {"name": "x", "qty": 3}, getKey=True) == 1
    ds = system.db.execQuery("Items/ByQty", {"minQty": 0})
    assert isinstance(ds, BasicDataset) and ds.getValueAt(0, "name") == "x"
    assert system.db.execScalar("Items/Count", {"table": "items"}) == 1
    assert system.db.execScalar("Only/Here", project="Other") == 42


def test_exec_query_dataset_iterable_on_83(tmp_path):
    gw = Gateway(data_dir=str(tmp_path / "g"), version="8.3", project_name="P")
    with simulate(gw):
        import gateway_sim.system as system
        gw.databases.register_named_query("P", "/Q/", "SELECT 1 AS a UNION SELECT 2", "Query")
        assert [r["a"] for r in system.db.execQuery("Q")] == [1, 2]
    gw.shutdown()


def test_named_query_errors(nq):
    system = nq
    with pytest.raises(JavaException) as info:
        system.db.runNamedQuery("Items/Nope")
    assert "Items/ByQty" in info.value.getMessage() and "not found" in info.value.getMessage()
    with pytest.raises(JavaException) as info:
        system.db.runNamedQuery("Items/ByQty", {})
    assert "minQty" in info.value.getMessage()
    with pytest.raises(JavaException) as info:
        system.db.runNamedQuery("Items/ByQty", {"minQty": "lots"})
    assert "Int4" in info.value.getMessage()
    with pytest.raises(TypeError):
        system.db.runNamedQuery("Items/ByQty", ["x"])
    with pytest.raises(TypeError):
        system.db.runNamedQuery("Items/ByQty", {}, None, False, 5)
    with pytest.raises(TypeError):
        system.db.runNamedQuery("Items/ByQty", bogus=1)


def test_register_validation(gateway):
    db = gateway.databases
    with pytest.raises(ValueError):
        db.register_named_query("P", "A", "SELECT 1", "Delete")
    with pytest.raises(ValueError):
        db.register_named_query("P", "", "SELECT 1", "Query")
    with pytest.raises(ValueError):
        db.register_named_query("P", "A", "SELECT 1", "Query", parameters=[{"type": "Parameter"}])
    with pytest.raises(ValueError):
        db.register_named_query("P", "A", "SELECT 1", "Query",
                                parameters=[{"type": "Bogus", "identifier": "x"}])


def test_named_query_on_its_own_datasource(gateway, system, tmp_path):
    gateway.databases.add_datasource("Aux", type="sqlite", path=str(tmp_path / "aux.sqlite"))
    system.db.runUpdateQuery("CREATE TABLE aux (v)", "Aux")
    gateway.databases.register_named_query(gateway.project_name, "AuxCount",
                                           "SELECT COUNT(*) FROM aux", "ScalarQuery",
                                           database="Aux")
    assert system.db.runNamedQuery("AuxCount") == 0


def test_project_scope_finds_the_loaded_projects_query(gateway, system):
    db = gateway.databases
    db.register_named_query("Plant", "Only/InPlant", "SELECT 7", "ScalarQuery")
    assert system.db.runNamedQuery("Only/InPlant") == 7  # the one project that has it
    db.register_named_query("Line2", "Only/InPlant", "SELECT 8", "ScalarQuery")
    with pytest.raises(JavaException):
        system.db.runNamedQuery("Only/InPlant")  # ambiguous: name the project
    assert system.db.runNamedQuery("Line2", "Only/InPlant") == 8
