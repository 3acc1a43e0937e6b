"""system.db.addDatasource / setDatasourceEnabled / setDatasourceConnectURL and
beginNamedQueryTransaction on the simulated gateway (SQLite; the servers when up)."""
from __future__ import absolute_import, division, print_function

import pytest

from dbsim_servers import require_server
from gateway_sim.backends.database import connect_url
from gateway_sim.jvm import JavaException


def _msg(excinfo):
    v = excinfo.value
    return str(v.getMessage() if hasattr(v, "getMessage") else v)


def test_add_sqlite_datasource_and_query_it(gateway, system, tmp_path):
    path = str(tmp_path / "extra.sqlite")
    system.db.addDatasource("SQLite", "Extra", "scratch db", "jdbc:sqlite:" + path,
                            validationQuery="SELECT 2", maxConnections=3)
    system.db.runUpdateQuery("CREATE TABLE t (v INTEGER)", "Extra")
    system.db.runPrepUpdate("INSERT INTO t VALUES (?)", [7], "Extra")
    assert system.db.runScalarQuery("SELECT v FROM t", "Extra") == 7
    assert (tmp_path / "extra.sqlite").exists()
    info = system.db.getConnectionInfo("Extra")
    row = [info.getValueAt(0, c) for c in range(info.getColumnCount())]
    assert row[:4] == ["Extra", "scratch db", "SQLite", "Valid"]
    assert row[8:] == [3, "SELECT 2"]
    with pytest.raises(JavaException) as excinfo:
        system.db.addDatasource("SQLite", "extra", connectUrl="jdbc:sqlite::memory:")
    assert "already exists" in _msg(excinfo)


def test_add_datasource_bad_input(gateway, system):
    cases = [
        (("Oracle JDBC Driver", "X", "", "jdbc:oracle:thin:@h:1521:x"), "no JDBC driver named"),
        (("PostgreSQL", "X", "", "jdbc:sqlserver://h;databaseName=x"), "cannot open"),
        (("PostgreSQL", "X", "", "jdbc:mariadb://h:3306/x"), "cannot open"),
        (("PostgreSQL", "X", "", "jdbc:postgresql://h:5432/"), "names no database"),
        (("PostgreSQL", "X", "", "jdbc:postgresql://h:nope/db"), "not a number"),
        (("PostgreSQL", "X", "", "postgres://h/db"), "not a JDBC URL"),
        (("MariaDB", "X", "", "jdbc:mariadb://h/db", None, None, "zeroDateTimeBehavior=x;"),
         "not understood"),
        (("SQLite", "X", "", None, "sa"), "no login"),
        (("SQLite", "", ""), "non-empty datasource name"),
    ]
    for args, text in cases:
        with pytest.raises(JavaException) as excinfo:
            system.db.addDatasource(*args)
        assert text in _msg(excinfo), (args, _msg(excinfo))
    with pytest.raises(JavaException) as excinfo:
        system.db.addDatasource("SQLite", "X", maxConnections=0)
    assert "maxConnections" in _msg(excinfo)
    assert "X" not in gateway.databases.datasource_names()


def test_connect_url_parsing():
    assert connect_url.parse("jdbc:postgresql://db.local/plant?user=u&password=p") == (
        "postgresql", {"host": "db.local", "port": 5432, "database": "plant", "user": "u",
                       "password": "p"})
    assert connect_url.parse("jdbc:mysql://[::1]:3307/x?connectTimeout=5000") == (
        "mysql", {"host": "::1", "port": 3307, "database": "x", "connectTimeout": 5})
    assert connect_url.parse("jdbc:sqlite::memory:") == ("sqlite", {"path": ":memory:"})
    assert connect_url.driver_type("mysql connectorj") == "mysql"
    with pytest.raises(connect_url.BadURL, match="sslmode"):
        connect_url.parse("jdbc:mariadb://h/x?sslmode=require")


def test_disabled_datasource_refuses_queries_until_enabled(gateway, system):
    system.db.addDatasource("SQLite", "Line1", connectUrl="jdbc:sqlite::memory:")
    system.db.runUpdateQuery("CREATE TABLE t (v INTEGER)", "Line1")
    tx = system.db.beginTransaction("Line1")
    system.db.setDatasourceEnabled("Line1", False)
    assert system.db.getConnectionInfo("Line1").getValueAt(0, "Status") == "Disabled"
    for call in (lambda: system.db.runQuery("SELECT 1", "Line1"),
                 lambda: system.db.runPrepUpdate("INSERT INTO t VALUES (?)", [1], "Line1"),
                 lambda: system.db.beginTransaction("Line1")):
        with pytest.raises(JavaException) as excinfo:
            call()
        text = _msg(excinfo)
        assert "Line1" in text and "disabled" in text and "setDatasourceEnabled" in text, text
    # A transaction opened before keeps its connection until it is closed.
    system.db.runPrepUpdate("INSERT INTO t VALUES (?)", [5], tx=tx)
    system.db.commitTransaction(tx)
    system.db.closeTransaction(tx)
    system.db.setDatasourceEnabled("line1", True)
    assert system.db.runScalarQuery("SELECT SUM(v) FROM t", "Line1") == 5
    with pytest.raises(JavaException) as excinfo:
        system.db.setDatasourceEnabled("Nope", False)
    assert "no datasource named 'Nope'" in _msg(excinfo)
    with pytest.raises(JavaException) as excinfo:
        system.db.setDatasourceEnabled("Line1", "no")
    assert "True or False" in _msg(excinfo)


def test_set_connect_url_repoints_the_datasource(gateway, system, tmp_path):
    a, b = str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite")
    system.db.addDatasource("SQLite", "Hist", "history", "jdbc:sqlite:" + a, maxConnections=2)
    system.db.runUpdateQuery("CREATE TABLE only_in_a (v INTEGER)", "Hist")
    system.db.setDatasourceEnabled("Hist", False)
    system.db.setDatasourceConnectURL("Hist", "jdbc:sqlite:" + b)
    ds = gateway.databases.datasource("Hist")
    assert ds.max_active == 2 and ds.description == "history" and not ds.enabled
    system.db.setDatasourceEnabled("Hist", True)
    with pytest.raises(JavaException) as excinfo:
        system.db.runQuery("SELECT * FROM only_in_a", "Hist")
    assert "only_in_a" in _msg(excinfo)
    system.db.setDatasourceConnectURL("Hist", "jdbc:sqlite:" + a)
    assert len(system.db.runQuery("SELECT * FROM only_in_a", "Hist")) == 0
    for url, text in (("jdbc:db2://h:50000/x", "PostgreSQL, MariaDB/MySQL and SQLite only"),
                      ("", "must be a JDBC URL")):
        with pytest.raises(JavaException) as excinfo:
            system.db.setDatasourceConnectURL("Hist", url)
        assert text in _msg(excinfo)
    with pytest.raises(JavaException) as excinfo:
        system.db.setDatasourceConnectURL("Nope", "jdbc:sqlite::memory:")
    assert "addDatasource" in _msg(excinfo)


@pytest.mark.parametrize("kind", [pytest.param("postgres", marks=pytest.mark.postgres),
                                  pytest.param("mariadb", marks=pytest.mark.mariadb)])
def test_servers_by_connect_url(gateway, system, kind):
    require_server(kind)
    if kind == "postgres":
        system.db.addDatasource("PostgreSQL", "Srv", "", "jdbc:postgresql://127.0.0.1:5432/test",
                                "postgres")
    else:
        system.db.addDatasource("MariaDB", "Srv", "", "jdbc:mariadb://127.0.0.1:3306/test",
                                "root")
    assert system.db.runScalarQuery("SELECT 1 + 1", "Srv") == 2
    # Re-pointed at a database that does not exist: the login is kept, the server says no.
    port = 5432 if kind == "postgres" else 3306
    scheme = "postgresql" if kind == "postgres" else "mariadb"
    system.db.setDatasourceConnectURL("Srv", "jdbc:%s://127.0.0.1:%d/gwsim_no_such_db"
                                      % (scheme, port))
    assert gateway.databases.datasource("Srv").driver.params["user"] in ("postgres", "root")
    with pytest.raises(JavaException) as excinfo:
        system.db.runScalarQuery("SELECT 1", "Srv")
    assert "gwsim_no_such_db" in _msg(excinfo)
    system.db.setDatasourceConnectURL("Srv", "jdbc:%s://127.0.0.1:%d/test" % (scheme, port))
    assert system.db.runScalarQuery("SELECT 3", "Srv") == 3


@pytest.fixture
def nq(gateway, system):
    system.db.runUpdateQuery("CREATE TABLE items (name TEXT)")
    gateway.databases.register_named_query(
        gateway.project_name, "Items/Add", "INSERT INTO items (name) VALUES (:name)",
        "UpdateQuery", parameters=[{"type": "Parameter", "identifier": "name",
                                    "sqlType": "String"}])
    gateway.databases.register_named_query(gateway.project_name, "Items/Count",
                                           "SELECT COUNT(*) FROM items", "ScalarQuery")
    return system


def test_begin_named_query_transaction_both_forms(gateway, nq):
    system = nq
    tx = system.db.beginNamedQueryTransaction()
    assert isinstance(tx, str)
    system.db.runNamedQuery("Items/Add", {"name": "a"}, tx)
    assert system.db.runNamedQuery("Items/Count") == 0
    assert system.db.runNamedQuery("Items/Count", {}, tx) == 1
    system.db.rollbackTransaction(tx)
    system.db.closeTransaction(tx)
    assert system.db.runNamedQuery("Items/Count") == 0

    tx = system.db.beginNamedQueryTransaction(gateway.project_name, "",
                                              system.db.READ_COMMITTED, 5000)
    system.db.runNamedQuery(gateway.project_name, "Items/Add", {"name": "b"}, tx)
    system.db.commitTransaction(tx)
    system.db.closeTransaction(tx)
    assert system.db.runNamedQuery("Items/Count") == 1
    tx = system.db.beginNamedQueryTransaction(project=gateway.project_name, timeout=1000)
    system.db.runNamedQuery(path="Items/Add", parameters={"name": "c"}, tx=tx)
    system.db.commitTransaction(tx)
    system.db.closeTransaction(tx)
    assert system.db.runNamedQuery("Items/Count") == 2


def test_begin_named_query_transaction_bad_input(gateway, nq):
    system = nq
    with pytest.raises(ValueError, match="known: %s" % gateway.project_name):
        system.db.beginNamedQueryTransaction("NoSuchProject", "")
    with pytest.raises(ValueError, match="isolationLevel"):
        system.db.beginNamedQueryTransaction("", 3)
    with pytest.raises(TypeError, match="unexpected keyword"):
        system.db.beginNamedQueryTransaction(db="x")
    with pytest.raises(JavaException) as excinfo:
        system.db.beginNamedQueryTransaction("NoSuchDB")
    assert "NoSuchDB" in _msg(excinfo) and "does not exist" in _msg(excinfo)
    system.db.addDatasource("SQLite", "Off", connectUrl="jdbc:sqlite::memory:")
    system.db.setDatasourceEnabled("Off", False)
    with pytest.raises(JavaException) as excinfo:
        system.db.beginNamedQueryTransaction(gateway.project_name, "Off")
    assert "disabled" in _msg(excinfo)
