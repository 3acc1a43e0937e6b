"""system.db.createSProcCall/execSProcCall under real Jython 2.7 through JDBC CallableStatement
(run by test_sproc_jython.py).

Usage: jython jython_sproc_check.py <repo root> <data dir> postgres|mariadb...
Creates its own routines (unique names), drops them at the end, prints one line per check
and "ALL OK"; exits 1 on the first failure.
"""
from __future__ import absolute_import, division, print_function

import sys
import uuid

sys.path.insert(0, sys.argv[1])

import java.lang  # noqa: E402
import java.sql  # noqa: E402

from gateway_sim import Gateway, simulate  # noqa: E402


def check(label, cond, detail=""):
    if not cond:
        print("FAIL %s %s" % (label, detail))
        sys.exit(1)
    print("ok   %s" % label)


def raises(fn):
    """The java.lang.Exception message ``fn`` raises (None if it returns)."""
    try:
        fn()
    except java.lang.Exception as exc:
        return exc.getMessage(), exc.getCause()
    return None, None


def run_checks(system, db, pg, label):
    prefix = "gwsim_jsp_%s" % uuid.uuid4().hex[:8]
    table = prefix + "_t"
    drops = ["DROP TABLE IF EXISTS %s" % table]
    p, mul, rows, ins, only = (prefix + s for s in ("_p", "_mul", "_rows", "_ins", "_only"))

    def make(ddl, drop):
        drops.append(drop)
        system.db.runUpdateQuery(ddl, db)

    try:
        system.db.runUpdateQuery("CREATE TABLE %s (v INTEGER, label VARCHAR(10))" % table, db)
        for i in range(1, 5):
            system.db.runPrepUpdate("INSERT INTO %s VALUES (?, ?)" % table, [i, "r%d" % i], db)
        if pg:
            make("CREATE PROCEDURE %s(IN a integer, INOUT b integer, OUT c text) LANGUAGE plpgsql"
                 " AS $$ BEGIN b := b + a; c := 'x' || a; END $$" % p, "DROP PROCEDURE %s" % p)
            make("CREATE FUNCTION %s(a integer, b integer) RETURNS integer LANGUAGE sql "
                 "AS $$ SELECT a * b $$" % mul, "DROP FUNCTION %s" % mul)
            make("CREATE FUNCTION %s(lo integer) RETURNS TABLE(v integer, label varchar) "
                 "LANGUAGE sql AS $$ SELECT v, label FROM %s WHERE v >= lo ORDER BY v $$"
                 % (rows, table), "DROP FUNCTION %s" % rows)
            make("CREATE PROCEDURE %s(v integer) LANGUAGE sql AS $$ INSERT INTO %s (v) "
                 "VALUES (v) $$" % (ins, table), "DROP PROCEDURE %s" % ins)
            make("CREATE PROCEDURE %s(IN a integer, OUT c integer) LANGUAGE plpgsql "
                 "AS $$ BEGIN c := a; END $$" % only, "DROP PROCEDURE %s" % only)
        else:
            make("CREATE PROCEDURE %s(IN a INT, INOUT b INT, OUT c VARCHAR(20)) BEGIN "
                 "SET b = b + a; SET c = CONCAT('x', a); END" % p, "DROP PROCEDURE %s" % p)
            make("CREATE FUNCTION %s(a INT, b INT) RETURNS INT DETERMINISTIC RETURN a * b" % mul,
                 "DROP FUNCTION %s" % mul)
            make("CREATE PROCEDURE %s(IN lo INT) SELECT v, label FROM %s WHERE v >= lo ORDER "
                 "BY v" % (rows, table), "DROP PROCEDURE %s" % rows)
            make("CREATE PROCEDURE %s(IN p INT) INSERT INTO %s (v) VALUES (p)" % (ins, table),
                 "DROP PROCEDURE %s" % ins)
            make("CREATE PROCEDURE %s(IN a INT, OUT c INT) SET c = a" % only,
                 "DROP PROCEDURE %s" % only)

        call = system.db.createSProcCall(p, db)
        call.registerInParam(1, system.db.INTEGER, 5)
        call.registerInParam(2, system.db.INTEGER, 10)
        call.registerOutParam(2, system.db.INTEGER)
        call.registerOutParam(3, system.db.VARCHAR)
        check("%s execSProcCall returns None" % label, system.db.execSProcCall(call) is None)
        check("%s INOUT/OUT by index" % label,
              call.getOutParamValue(2) == 15 and call.getOutParamValue(3) == u"x5",
              (call.getOutParamValue(2), call.getOutParamValue(3)))
        check("%s no result set" % label, call.getResultSet() is None)

        named = system.db.createSProcCall(p, db)
        named.registerInParam("b", system.db.INTEGER, 1)
        named.registerInParam("a", system.db.INTEGER, 2)
        named.registerOutParam("b", system.db.INTEGER)
        named.registerOutParam("c", system.db.VARCHAR)
        system.db.execSProcCall(named)
        check("%s INOUT/OUT by name" % label,
              named.getOutParamValue("b") == 3 and named.getOutParamValue("C") == u"x2")

        call = system.db.createSProcCall(mul, db)
        call.registerReturnParam(system.db.INTEGER)
        call.registerInParam(1, system.db.INTEGER, 6)
        call.registerInParam(2, system.db.INTEGER, 7)
        system.db.execSProcCall(call)
        check("%s function return value" % label, call.getReturnValue() == 42,
              call.getReturnValue())

        call = system.db.createSProcCall(rows, db)
        call.registerInParam(1, system.db.INTEGER, 3)
        system.db.execSProcCall(call)
        ds = call.getResultSet()
        got = [[ds.getValueAt(r, c) for c in range(2)] for r in range(ds.getRowCount())]
        check("%s result set" % label, list(ds.getColumnNames()) == ["v", "label"] and
              got == [[3, u"r3"], [4, u"r4"]] and call.getUpdateCount() == -1, got)

        tx = system.db.beginTransaction(db)
        try:
            call = system.db.createSProcCall(ins, db, tx)
            call.registerInParam(1, system.db.INTEGER, 100)
            system.db.execSProcCall(call)
            outside = system.db.runScalarQuery("SELECT COUNT(*) FROM %s WHERE v = 100" % table, db)
            inside = system.db.runScalarQuery("SELECT COUNT(*) FROM %s WHERE v = 100" % table,
                                              db, tx)
            check("%s call inside a transaction" % label, outside == 0 and inside == 1)
            system.db.rollbackTransaction(tx)
        finally:
            system.db.closeTransaction(tx)
        check("%s rollback undoes the call" % label, system.db.runScalarQuery(
            "SELECT COUNT(*) FROM %s WHERE v = 100" % table, db) == 0)

        msg, cause = raises(lambda: system.db.execSProcCall(system.db.createSProcCall(
            prefix + "_nope", db)))
        check("%s missing routine named" % label, msg is not None and prefix + "_nope" in msg
              and "no procedure or function" in msg, msg)
        call = system.db.createSProcCall(only, db)
        call.registerOutParam(1, system.db.INTEGER)
        msg, cause = raises(lambda: system.db.execSProcCall(call))
        check("%s out on an IN parameter" % label, msg is not None and "is IN" in msg, msg)
        call = system.db.createSProcCall(only, db)
        call.registerInParam(1, system.db.INTEGER, 4)
        call.registerOutParam(2, system.db.INTEGER)
        call.registerReturnParam(system.db.INTEGER)
        msg, cause = raises(lambda: system.db.execSProcCall(call))
        check("%s return on a procedure" % label, msg is not None and
              "is a procedure, which returns no value" in msg, msg)
        call = system.db.createSProcCall(only, db)
        call.registerInParam("zz", system.db.INTEGER, 1)
        msg, cause = raises(lambda: system.db.execSProcCall(call))
        check("%s unknown name" % label, msg is not None and "no parameter named 'zz'" in msg)
        call = system.db.createSProcCall(only, db)
        call.registerInParam(1, system.db.VARCHAR, "not a number")
        call.registerOutParam(2, system.db.INTEGER)
        msg, cause = raises(lambda: system.db.execSProcCall(call))
        check("%s server error has SQLException cause" % label, msg is not None and only in msg
              and isinstance(cause, java.sql.SQLException), msg)
    finally:
        for drop in reversed(drops):
            try:
                system.db.runUpdateQuery(drop, db)
            except java.lang.Exception:
                pass


def main():
    kinds = sys.argv[3:]
    gw = Gateway(data_dir=sys.argv[2])
    with simulate(gw):
        import system
        if "postgres" in kinds:
            gw.databases.add_datasource("PG", type="postgresql", host="127.0.0.1", port=5432,
                                        database="test", user="postgres")
            run_checks(system, "PG", True, "PG")
        if "mariadb" in kinds:
            gw.databases.add_datasource("Maria", type="mariadb", host="127.0.0.1", port=3306,
                                        database="test", user="root")
            run_checks(system, "Maria", False, "Maria")
        msg, cause = raises(lambda: system.db.execSProcCall(system.db.createSProcCall("p")))
        check("SQLite has no stored procedures", msg is not None and "SQLite" in msg, msg)
        if "postgres" in kinds and "mariadb" in kinds:
            system.db.addDatasource("PostgreSQL", "ByUrl", "", "jdbc:postgresql://127.0.0.1:5432"
                                    "/test", "postgres")
            check("addDatasource over JDBC", system.db.runScalarQuery("SELECT 1 + 1",
                                                                      "ByUrl") == 2)
            system.db.setDatasourceEnabled("ByUrl", False)
            msg, cause = raises(lambda: system.db.runQuery("SELECT 1", "ByUrl"))
            check("disabled datasource refuses", msg is not None and "disabled" in msg, msg)
            system.db.setDatasourceEnabled("ByUrl", True)
            system.db.setDatasourceConnectURL("ByUrl", "jdbc:mariadb://127.0.0.1:3306/test"
                                              "?user=root")
            check("setDatasourceConnectURL over JDBC", "MariaDB" in system.db.runScalarQuery(
                "SELECT VERSION()", "ByUrl") or "mariadb" in system.db.runScalarQuery(
                "SELECT LOWER(VERSION())", "ByUrl"))
            tx = system.db.beginNamedQueryTransaction("ByUrl")
            check("beginNamedQueryTransaction over JDBC", system.db.runScalarQuery(
                "SELECT 5", "ByUrl", tx) == 5)
            system.db.rollbackTransaction(tx)
            system.db.closeTransaction(tx)
    print("ALL OK")


if __name__ == "__main__":
    main()
