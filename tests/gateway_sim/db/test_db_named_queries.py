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


# --- parameter kinds (Value / QueryString / Database) and their SQL types -------------------

def _nq_project(tmp_path, name, sql, params, database="", qtype="ScalarQuery"):
    import json
    d = tmp_path / name
    q = d / "ignition" / "named-query" / "Q"
    q.mkdir(parents=True)
    (d / "project.json").write_text(u'{"title": "%s"}' % name)
    (q / "query.sql").write_text(sql)
    (q / "resource.json").write_text(json.dumps({
        "scope": "DG", "version": 2, "files": ["query.sql"],
        "attributes": {"type": qtype, "database": database, "parameters": params}}))
    return str(d)


def test_database_parameter_picks_the_datasource_at_call_time(gateway, system, tmp_path):
    gateway.databases.add_datasource("Line1", type="sqlite", path=str(tmp_path / "l1.sqlite"))
    gateway.databases.add_datasource("Line2", type="sqlite", path=str(tmp_path / "l2.sqlite"))
    for name, n in (("Line1", 1), ("Line2", 2)):
        system.db.runUpdateQuery("CREATE TABLE line (n INTEGER)", name)
        system.db.runUpdateQuery("INSERT INTO line VALUES (%d)" % n, name)
    # the Designer writes a Database parameter when the connection is set to <Parameter>
    path = _nq_project(tmp_path, "lines", "SELECT n FROM line", [
        {"type": "Database", "identifier": "conn", "sqlType": 7}])
    proj = gateway.projects.load(path)  # used to crash project start with a raw traceback
    assert system.db.runNamedQuery(proj.name, "Q", {"conn": "Line1"}) == 1
    assert system.db.runNamedQuery(proj.name, "Q", {"conn": "Line2"}) == 2
    with pytest.raises(JavaException) as info:
        system.db.runNamedQuery(proj.name, "Q", {})
    assert "'conn'" in info.value.getMessage() and "datasource" in info.value.getMessage()
    with pytest.raises(JavaException) as info:
        system.db.runNamedQuery(proj.name, "Q", {"conn": "Nope"})
    assert "Nope" in info.value.getMessage() and "Line1" in info.value.getMessage()


def test_sql_type_codes_from_resource_json_coerce_values(gateway, system, tmp_path):
    # resource.json stores sqlType as Ignition's DataType code: 2 Int4, 5 Float8, 6 Boolean,
    # 7 String, 8 DateTime
    db = gateway.databases
    params = [{"type": "Parameter", "identifier": "i", "sqlType": 2},
              {"type": "Parameter", "identifier": "f", "sqlType": 5},
              {"type": "Parameter", "identifier": "s", "sqlType": 7},
              {"type": "Parameter", "identifier": "b", "sqlType": 6}]
    db.register_named_query("P", "Types", "SELECT typeof(:i) || ',' || typeof(:f) || ',' || "
                            "typeof(:s) || ',' || :b", "ScalarQuery", parameters=params)
    assert system.db.runNamedQuery("P", "Types", {"i": "5", "f": 2, "s": 5, "b": "true"}) == \
        "integer,real,text,1"
    with pytest.raises(JavaException) as info:
        system.db.runNamedQuery("P", "Types", {"i": "x", "f": 1, "s": "", "b": 0})
    assert "Int4" in info.value.getMessage()
    with pytest.raises(ValueError) as err:
        db.register_named_query("P", "Bad", "SELECT :x", "Query",
                                parameters=[{"type": "Parameter", "identifier": "x",
                                             "sqlType": 999}])
    assert "sqlType 999" in str(err.value)


def test_query_string_parameter_is_spliced_whatever_its_sql_type(gateway, system):
    gateway.databases.register_named_query("P", "Col", "SELECT {expr}", "ScalarQuery", parameters=[
        {"type": "QueryString", "identifier": "expr", "sqlType": 7}])
    assert system.db.runNamedQuery("P", "Col", {"expr": "6 * 7"}) == 42


def test_a_bad_named_query_costs_one_warning_not_the_project_start(gateway, tmp_path):
    path = _nq_project(tmp_path, "bad", "SELECT 1", [{"type": "Sideways", "identifier": "x"}])
    proj = gateway.projects.load(path)
    assert proj.started
    warns = [r.message for r in gateway.util.records if r.level == "WARN" and "Q" in r.message]
    assert len(warns) == 1
    assert "Sideways" in warns[0] and "Parameter, QueryString or Database" in warns[0]


def test_a_named_query_of_unknown_type_is_left_out_with_one_warning(gateway, tmp_path):
    path = _nq_project(tmp_path, "oddtype", "SELECT 1", [], qtype="Delete")
    proj = gateway.projects.load(path)
    assert proj.started and proj.named_queries == {}
    warns = [r.message for r in gateway.util.records if r.level == "WARN" and "Delete" in r.message]
    assert len(warns) == 1 and "Query, UpdateQuery or ScalarQuery" in warns[0]
