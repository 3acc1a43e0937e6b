"""PostgreSQL (psycopg 3) and MariaDB (pymysql) datasources against the real servers."""
from __future__ import absolute_import, division, print_function

import decimal
import threading

import pytest

from gateway_sim.jvm import Date, JavaException, SQLException


def ddl(kind, table):
    if kind == "postgres":
        return ("CREATE TABLE %s (id SERIAL PRIMARY KEY, name VARCHAR(50), n INTEGER, big BIGINT,"
                " x DOUBLE PRECISION, d NUMERIC(10,2), ts TIMESTAMP, tz TIMESTAMPTZ, ok BOOLEAN,"
                " bin BYTEA)" % table)
    return ("CREATE TABLE %s (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), n INT,"
            " big BIGINT, x DOUBLE, d DECIMAL(10,2), ts DATETIME(3), tz TIMESTAMP(3) NULL,"
            " ok BOOLEAN, bin BLOB)" % table)


def test_round_trip_values_and_keys(server, table):
    system, name, kind = server
    system.db.runUpdateQuery(ddl(kind, table))
    when = Date(1764072000123)
    key = system.db.runPrepUpdate(
        "INSERT INTO %s (name, n, big, x, d, ts, tz, ok, bin) VALUES (?,?,?,?,?,?,?,?,?)" % table,
        [u"caf\u00e9 '?' 100%", 42, 2 ** 40, 1.25, decimal.Decimal("3.14"), when, when, True,
         b"\x00\x01"], getKey=True)
    assert key == 1
    assert system.db.runPrepUpdate("INSERT INTO %s (name) VALUES (?)" % table, [None],
                                   getKey=True) == 2
    ds = system.db.runPrepQuery("SELECT * FROM %s WHERE id = ?" % table, [1])
    row = ds[0]
    assert row["name"] == u"caf\u00e9 '?' 100%"
    assert row["n"] == 42 and row["big"] == 2 ** 40 and row["x"] == 1.25
    assert row["d"] == decimal.Decimal("3.14")
    assert row["ts"].getTime() == 1764072000123
    assert row["tz"].getTime() == 1764072000123
    assert row["ok"] in (True, 1)
    assert bytes(row["bin"]) == b"\x00\x01"
    assert type(row["ts"]).__name__ == "Timestamp"
    assert system.db.runScalarPrepQuery("SELECT COUNT(*) FROM %s WHERE name IS NULL" % table,
                                        []) == 1


def test_placeholders_in_literals_and_percent(server, table):
    system, name, kind = server
    row = system.db.runPrepQuery("SELECT '?' AS q, ? AS v, 'a%b' AS p, 'it''s ?' AS e",
                                 [7])[0]
    assert list(row) == ["?", 7, "a%b", "it's ?"]
    system.db.runUpdateQuery("CREATE TABLE %s (s VARCHAR(20))" % table)
    system.db.runPrepUpdate("INSERT INTO %s VALUES (?)" % table, ["50%"])
    assert system.db.runScalarPrepQuery(
        "SELECT COUNT(*) FROM %s WHERE s LIKE '%%' AND s = ?" % table, ["50%"]) == 1


def test_update_counts(server, table):
    system, name, kind = server
    system.db.runUpdateQuery("CREATE TABLE %s (v INTEGER)" % table)
    for i in range(3):
        system.db.runPrepUpdate("INSERT INTO %s VALUES (?)" % table, [i])
    assert system.db.runPrepUpdate("UPDATE %s SET v = v + 1 WHERE v >= ?" % table, [1]) == 2
    assert system.db.runUpdateQuery("DELETE FROM %s" % table) == 3


def test_transactions(server, table):
    system, name, kind = server
    system.db.runUpdateQuery("CREATE TABLE %s (v INTEGER)" % table)
    tx = system.db.beginTransaction(name, system.db.READ_COMMITTED, 5000)
    system.db.runPrepUpdate("INSERT INTO %s VALUES (?)" % table, [1], tx=tx)
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM %s" % table) == 0
    system.db.commitTransaction(tx)
    system.db.runPrepUpdate("INSERT INTO %s VALUES (?)" % table, [2], tx=tx)
    system.db.rollbackTransaction(tx)
    system.db.closeTransaction(tx)
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM %s" % table) == 1
    tx = system.db.beginTransaction(isolationLevel=system.db.SERIALIZABLE)
    system.db.runPrepUpdate("INSERT INTO %s VALUES (?)" % table, [3], tx=tx)
    system.db.closeTransaction(tx)  # without commit: rolled back
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM %s" % table) == 1


def test_errors(server, table):
    system, name, kind = server
    with pytest.raises(JavaException) as info:
        system.db.runPrepQuery("SELECT * FROM %s_missing WHERE a = ?" % table, [1])
    msg = info.value.getMessage()
    assert "system.db.runPrepQuery" in msg and name in msg and "_missing" in msg
    assert isinstance(info.value.getCause(), SQLException)
    if kind == "postgres":
        assert info.value.getCause().getSQLState() == "42P01"
    else:
        assert info.value.getCause().getErrorCode() == 1146
    # the pool recovers: the connection is still good for the next call
    assert system.db.runScalarQuery("SELECT 1") == 1


def test_error_inside_postgres_tx_aborts_it(server, table):
    system, name, kind = server
    if kind != "postgres":
        pytest.skip("PostgreSQL-specific: an error aborts the transaction")
    tx = system.db.beginTransaction()
    with pytest.raises(JavaException):
        system.db.runQuery("SELECT * FROM %s_missing" % table, tx=tx)
    with pytest.raises(JavaException) as info:
        system.db.runQuery("SELECT 1", tx=tx)
    assert "aborted" in info.value.getMessage()
    system.db.rollbackTransaction(tx)
    assert system.db.runScalarQuery("SELECT 1", tx=tx) == 1
    system.db.closeTransaction(tx)


def test_concurrent_threads(server, table):
    system, name, kind = server
    system.db.runUpdateQuery("CREATE TABLE %s (v INTEGER)" % table)
    errors = []

    def work(n):
        try:
            for i in range(10):
                tx = system.db.beginTransaction()
                try:
                    system.db.runPrepUpdate("INSERT INTO %s VALUES (?)" % table, [n], tx=tx)
                    system.db.commitTransaction(tx)
                finally:
                    system.db.closeTransaction(tx)
                system.db.runPrepQuery("SELECT COUNT(*) FROM %s" % table, [])
        except BaseException as exc:  # Java and Python errors alike
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:1]
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM %s" % table) == 60


def test_unreachable_server_is_a_query_error(gateway, system):
    gateway.databases.add_datasource("Down", type="postgresql", host="127.0.0.1", port=1,
                                     database="x", connectTimeout=2)
    with pytest.raises(JavaException) as info:
        system.db.runQuery("SELECT 1", "Down")
    assert "Down" in info.value.getMessage()


def _kill(kind, conn_id):
    if kind == "postgres":
        import psycopg
        with psycopg.connect(host="127.0.0.1", port=5432, dbname="test", user="postgres",
                             autocommit=True) as c:
            c.execute("SELECT pg_terminate_backend(%s)", [conn_id])
    else:
        import pymysql
        c = pymysql.connect(host="127.0.0.1", port=3306, user="root", database="test",
                            autocommit=True)
        try:
            c.cursor().execute("KILL %d" % conn_id)
        finally:
            c.close()


def test_dropped_pooled_connection_is_replaced_like_a_validated_pool(server):
    system, name, kind = server
    who = "SELECT pg_backend_pid()" if kind == "postgres" else "SELECT CONNECTION_ID()"
    first = system.db.runScalarQuery(who)
    _kill(kind, first)
    second = system.db.runScalarQuery(who)  # no error: the dead connection was replaced
    assert second != first
    _kill(kind, second)
    tx = system.db.beginTransaction()
    assert system.db.runScalarQuery(who, tx=tx) not in (first, second)
    system.db.commitTransaction(tx)
    system.db.closeTransaction(tx)


def test_connection_dropped_inside_a_transaction_is_an_error(server):
    system, name, kind = server
    who = "SELECT pg_backend_pid()" if kind == "postgres" else "SELECT CONNECTION_ID()"
    tx = system.db.beginTransaction()
    conn_id = system.db.runScalarQuery(who, tx=tx)
    _kill(kind, conn_id)
    with pytest.raises(JavaException):
        system.db.runScalarQuery("SELECT 1", tx=tx)
    system.db.closeTransaction(tx)
    assert system.db.runScalarQuery("SELECT 1") == 1  # the broken connection left the pool
