"""system.db raw SQL on the default SQLite datasource: results, keys, defaults, errors."""
from __future__ import absolute_import, division, print_function

import os
import threading

import pytest

from gateway_sim.jvm import Date, JavaException, SQLException, Throwable


@pytest.fixture
def people(system):
    system.db.runUpdateQuery("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, age INTEGER,"
                             " score REAL, born INTEGER)")
    for name, age, score in (("Ann", 31, 1.5), ("Bob", 42, None), ("Cy", None, 3.25)):
        system.db.runPrepUpdate("INSERT INTO people (name, age, score) VALUES (?, ?, ?)",
                                [name, age, score])
    return system


def test_fresh_gateway_has_workflowsdb_sqlite_wal(gateway, system):
    db = gateway.databases
    assert db.default_name == "WorkflowsDB"
    assert db.datasource_names() == ["WorkflowsDB"]
    path = os.path.join(gateway.data_dir, "db", "WorkflowsDB.sqlite")
    assert os.path.isfile(path)
    assert system.db.runScalarQuery("PRAGMA journal_mode") == "wal"
    assert system.db.runScalarQuery("PRAGMA busy_timeout") >= 1000


def test_run_prep_query_returns_pydataset(people):
    system = people
    ds = system.db.runPrepQuery("SELECT id, name, age FROM people WHERE id >= ? ORDER BY id", [1])
    assert type(ds).__name__ == "PyDataSet"
    assert len(ds) == 3 and ds.rowCount == 3 and ds.getRowCount() == 3
    assert ds.columnNames == ["id", "name", "age"]
    assert ds[0]["name"] == "Ann" and ds[0]["NAME"] == "Ann" and ds[0][1] == "Ann"
    assert ds.getValueAt(1, "Age") == 42 and ds.getValueAt(1, 2) == 42
    assert ds[2]["age"] is None
    assert [r["name"] for r in ds] == ["Ann", "Bob", "Cy"]
    assert [list(r) for r in ds][0] == [1, "Ann", 31]


def test_run_query_and_database_defaults(people):
    system = people
    for db in ("", None, "WorkflowsDB", "workflowsdb"):
        assert system.db.runQuery("SELECT COUNT(*) AS n FROM people", db)[0]["n"] == 3


def test_run_prep_update_get_key_and_counts(people):
    system = people
    key = system.db.runPrepUpdate("INSERT INTO people (name) VALUES (?)", ["Dee"], getKey=True)
    assert key == 4
    assert system.db.runPrepUpdate("INSERT INTO people (name) VALUES (?)", ["Eve"], "", None,
                                   True) == 5
    assert system.db.runPrepUpdate("UPDATE people SET age = ? WHERE age IS NULL", [7]) == 3
    assert system.db.runUpdateQuery("DELETE FROM people WHERE name = 'Eve'") == 1
    assert system.db.runUpdateQuery("INSERT INTO people (name) VALUES ('Fay')", getKey=True) == 5  # rowid reused
    assert system.db.runPrepUpdate("UPDATE people SET age = 1 WHERE id = ?", [5],
                                   getKey=True) == -1


def test_scalars(people):
    system = people
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM people") == 3
    assert system.db.runScalarPrepQuery("SELECT name FROM people WHERE id = ?", [2]) == "Bob"
    assert system.db.runScalarPrepQuery("SELECT name FROM people WHERE id = ?", [99]) is None


def test_values_bind_and_return(system):
    system.db.runUpdateQuery("CREATE TABLE v (a, b, c, d, e, f)")
    d = Date(1764072000123)
    system.db.runPrepUpdate("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)",
                            [1, 2.5, u"t\u00e9xt", None, True, d])
    row = system.db.runPrepQuery("SELECT * FROM v", [])[0]
    assert list(row) == [1, 2.5, u"t\u00e9xt", None, 1, 1764072000123]  # SQLite JDBC: dates as ms


def test_question_mark_inside_literal_is_text(system):
    row = system.db.runPrepQuery("SELECT '?' AS q, ? AS v, '%' AS p", [5])[0]
    assert list(row) == ["?", 5, "%"]


def test_query_errors_are_java_exceptions(system):
    with pytest.raises(JavaException) as info:
        try:
            system.db.runPrepQuery("SELECT * FROM missing_table WHERE x = ?", [1])
        except Exception:  # noqa: B902 - proves Exception does NOT catch it
            pytest.fail("a gateway query error must not be a Python Exception")
    exc = info.value
    assert not isinstance(exc, Exception) and isinstance(exc, Throwable)
    text = exc.getMessage()
    for part in ("system.db.runPrepQuery", "SELECT * FROM missing_table", "WorkflowsDB",
                 "no such table", "except Exception", "java.lang.Exception"):
        assert part in text, part
    cause = exc.getCause()
    assert isinstance(cause, SQLException)
    assert "no such table" in cause.getMessage()


def test_update_errors_and_constraint_violations(system):
    system.db.runUpdateQuery("CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    system.db.runPrepUpdate("INSERT INTO u (name) VALUES (?)", ["x"])
    with pytest.raises(JavaException) as info:
        system.db.runPrepUpdate("INSERT INTO u (name) VALUES (?)", ["x"])
    assert "UNIQUE" in info.value.getMessage() and "runPrepUpdate" in info.value.getMessage()


def test_wrong_placeholder_count_is_a_query_error(system):
    with pytest.raises(JavaException) as info:
        system.db.runPrepQuery("SELECT ?, ?", [1])
    assert "bindings" in info.value.getMessage()


def test_runquery_on_update_statement_says_what_to_use(system):
    system.db.runUpdateQuery("CREATE TABLE w (id INTEGER)")
    with pytest.raises(JavaException) as info:
        system.db.runQuery("INSERT INTO w VALUES (1)")
    assert "runPrepUpdate" in info.value.getMessage()


def test_unknown_datasource_lists_configured(system):
    with pytest.raises(JavaException) as info:
        system.db.runPrepQuery("SELECT 1", [], "Nope")
    msg = info.value.getMessage()
    assert 'Datasource "Nope" does not exist' in msg and "WorkflowsDB" in msg


def test_bad_argument_types(system):
    with pytest.raises(TypeError):
        system.db.runPrepQuery(42, [])
    with pytest.raises(TypeError):
        system.db.runPrepQuery("SELECT ?", "abc")
    with pytest.raises(TypeError):
        system.db.runPrepQuery("SELECT ?", {"a": 1})
    with pytest.raises(TypeError):
        system.db.runQuery("SELECT 1", 5)
    with pytest.raises(TypeError):
        system.db.runPrepQuery("SELECT 1")  # args is required, as on a gateway
    with pytest.raises(JavaException) as info:
        system.db.runPrepQuery("SELECT ?", [object()])
    assert "cannot bind" in info.value.getMessage()


def test_tuple_args_accepted(system):
    assert system.db.runScalarPrepQuery("SELECT ? + ?", (1, 2)) == 3


def test_backend_contract_methods(gateway):
    db = gateway.databases
    db.update("CREATE TABLE k (id INTEGER PRIMARY KEY, v TEXT)")
    assert db.update("INSERT INTO k (v) VALUES (?)", ["a"], getKey=True) == 1
    assert db.query("SELECT v FROM k")[0]["v"] == "a"
    assert db.scalar("SELECT COUNT(*) FROM k") == 1


def test_add_sqlite_datasource_and_default(gateway, system, tmp_path):
    gateway.databases.add_datasource("Other", type="sqlite", path=str(tmp_path / "o.sqlite"))
    system.db.runUpdateQuery("CREATE TABLE o (x)", "Other")
    system.db.runPrepUpdate("INSERT INTO o VALUES (?)", [1], "Other")
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM o", "Other") == 1
    gateway.databases.default_name = "Other"
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM o") == 1


def test_configure_section(gateway, system, tmp_path):
    gateway.configure({"datasources": {"Mem": {"type": "sqlite", "path": ":memory:"},
                                       "Rel": {"type": "sqlite", "path": "rel.sqlite"}},
                       "defaultDatasource": "Mem"}, str(tmp_path))
    assert os.path.isfile(str(tmp_path / "rel.sqlite"))
    system.db.runUpdateQuery("CREATE TABLE m (x)")
    system.db.runUpdateQuery("INSERT INTO m VALUES (1)")
    # the in-memory database is shared by the pool's connections
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM m", "Mem") == 1


def test_bad_config_is_a_clear_config_error(gateway, tmp_path):
    from gateway_sim.errors import ConfigError
    with pytest.raises(ConfigError) as info:
        gateway.configure({"datasources": {"X": {"type": "oracle"}}})
    assert "oracle" in str(info.value) and "datasources.X" in str(info.value)
    with pytest.raises(ConfigError) as info:
        gateway.configure({"datasources": {"X": {"type": "sqlite", "pth": "a"}}})
    assert "pth" in str(info.value) and "path" in str(info.value)
    with pytest.raises(ConfigError) as info:
        gateway.configure({"defaultDatasource": "Nope"})
    assert "WorkflowsDB" in str(info.value)
    with pytest.raises(ConfigError):
        gateway.configure({"datasources": {"P": {"type": "postgresql"}}})  # no database


def test_many_threads_at_once(system):
    system.db.runUpdateQuery("CREATE TABLE c (id INTEGER PRIMARY KEY, t INTEGER)")
    errors = []

    def work(n):
        try:
            for i in range(25):
                system.db.runPrepUpdate("INSERT INTO c (t) VALUES (?)", [n], getKey=True)
                system.db.runPrepQuery("SELECT COUNT(*) FROM c WHERE t = ?", [n])
                tx = system.db.beginTransaction()
                try:
                    system.db.runPrepUpdate("INSERT INTO c (t) VALUES (?)", [n], tx=tx)
                    system.db.commitTransaction(tx)
                finally:
                    system.db.closeTransaction(tx)
        except BaseException as exc:  # collect Java and Python errors alike
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:1]
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM c") == 8 * 50


def test_shutdown_closes_connections(tmp_path):
    from gateway_sim import Gateway, simulate
    gw = Gateway(data_dir=str(tmp_path / "g"))
    with simulate(gw):
        import gateway_sim.system as system
        system.db.runUpdateQuery("CREATE TABLE s (x)")
        tx = system.db.beginTransaction()
        system.db.runUpdateQuery("INSERT INTO s VALUES (1)", tx=tx)
    gw.shutdown()
    assert gw.databases.transactions.open_ids() == []
