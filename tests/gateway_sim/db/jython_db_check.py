"""Engine-style system.db calls under real Jython 2.7 through JDBC (run by test_db_jython.py).

Usage: java -cp jython.jar:sqlite-jdbc.jar:postgresql.jar org.python.util.jython \
       jython_db_check.py <repo root> <data dir> [postgres]
Prints one line per check and "ALL OK" at the end; exits 1 on the first failure.
"""
from __future__ import absolute_import, division, print_function

import sys
import threading

sys.path.insert(0, sys.argv[1])

import java.lang  # noqa: E402

from gateway_sim import Gateway, VirtualClock, simulate  # noqa: E402


def check(label, cond):
    if not cond:
        print("FAIL %s" % label)
        sys.exit(1)
    print("ok   %s" % label)


def run_checks(system, db, label):
    t = "gwsim_jy_%s" % label.lower()
    system.db.runUpdateQuery("DROP TABLE IF EXISTS %s" % t, db)
    if label == "PG":
        system.db.runUpdateQuery("CREATE TABLE %s (id SERIAL PRIMARY KEY, v VARCHAR(20), "
                                 "ts TIMESTAMP)" % t, db)
    elif label == "Maria":
        system.db.runUpdateQuery("CREATE TABLE %s (id INT AUTO_INCREMENT PRIMARY KEY, "
                                 "v VARCHAR(20), ts DATETIME)" % t, db)
    else:
        system.db.runUpdateQuery("CREATE TABLE %s (id INTEGER PRIMARY KEY, v TEXT, ts)" % t, db)
    try:
        key = system.db.runPrepUpdate("INSERT INTO %s (v, ts) VALUES (?, ?)" % t,
                                      ["a", system.date.now() if hasattr(system, "date") and
                                       hasattr(system.date, "now") else java.util.Date()],
                                      db, getKey=True)
        check("%s getKey" % label, key == 1)
        ds = system.db.runPrepQuery("SELECT id, v, ts FROM %s WHERE v = ?" % t, ["a"], db)
        check("%s runPrepQuery" % label, len(ds) == 1 and ds[0]["V"] == u"a" and ds[0][0] == 1)
        check("%s getValueAt" % label, ds.getValueAt(0, "v") == u"a")
        check("%s column type" % label, ds.getColumnType(1).getName() == "java.lang.String")
        tx = system.db.beginTransaction(db, system.db.READ_COMMITTED, 5000)
        check("%s tx id is str" % label, isinstance(tx, basestring))  # noqa: F821
        system.db.runPrepUpdate("INSERT INTO %s (v) VALUES (?)" % t, ["b"], db, tx)
        system.db.rollbackTransaction(tx)
        system.db.runPrepUpdate("INSERT INTO %s (v) VALUES (?)" % t, ["c"], db, tx)
        system.db.commitTransaction(tx)
        system.db.closeTransaction(tx)
        n = system.db.runScalarPrepQuery("SELECT COUNT(*) FROM %s" % t, [], db)
        check("%s commit/rollback" % label, n == 2)
        caught = []
        try:
            try:
                system.db.runQuery("SELECT * FROM nope_%s" % t, db)
            except Exception:
                caught.append("python")
        except java.lang.Exception as e:
            caught.append(e)
        check("%s error escapes except Exception" % label,
              len(caught) == 1 and caught[0] != "python")
        msg = caught[0].getMessage()
        check("%s error message" % label, "runQuery" in msg and "nope_" in msg)
        check("%s error cause is SQLException" % label,
              isinstance(caught[0].getCause(), java.sql.SQLException))
        errors = []

        def work(k):
            try:
                for i in range(10):
                    txi = system.db.beginTransaction(db)
                    try:
                        system.db.runPrepUpdate("INSERT INTO %s (v) VALUES (?)" % t, ["t%d" % k],
                                                db, txi, True)
                        system.db.commitTransaction(txi)
                    finally:
                        system.db.closeTransaction(txi)
                    system.db.runPrepQuery("SELECT COUNT(*) FROM %s" % t, [], db)
            except (Exception, java.lang.Throwable) as e:
                errors.append(e)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        check("%s concurrent threads (%s)" % (label, errors[:1]), not errors)
        check("%s row count after threads" % label,
              system.db.runScalarQuery("SELECT COUNT(*) FROM %s" % t, db) == 62)
    finally:
        system.db.runUpdateQuery("DROP TABLE IF EXISTS %s" % t, db)


def dataset_checks(system):
    sd = system.dataset
    ds = sd.toDataSet(["id", "name"], [[1, "b"], [2, "a"]])
    ds = sd.addRow(ds, ["3", "c"])
    check("dataset addRow coerces", ds.getValueAt(2, "ID") == 3)
    check("dataset sort", [ds2 for ds2 in sd.toPyDataSet(sd.sort(ds, "name"))][0]["name"] == "a")
    back = sd.fromCSV(sd.toCSV(ds, forExport=True))
    check("dataset CSV round trip", back.getValueAt(1, 1) == "a" and back.rowCount == 3)
    try:
        iter(ds)
        check("8.1 dataset not iterable", False)
    except TypeError:
        check("8.1 dataset not iterable", True)
    try:
        sd.deleteRow(ds, 9)
        check("deleteRow IndexError", False)
    except IndexError:
        check("deleteRow IndexError", True)


def main():
    data_dir = sys.argv[2]
    with_pg = "postgres" in sys.argv[3:]
    with_maria = "mariadb" in sys.argv[3:]
    gw = Gateway(data_dir=data_dir)
    with simulate(gw):
        import system
        if with_pg:
            gw.databases.add_datasource("PG", type="postgresql", host="127.0.0.1", port=5432,
                                        database="test", user="postgres")
        if with_maria:
            gw.databases.add_datasource("Maria", type="mariadb", host="127.0.0.1", port=3306,
                                        database="test", user="root")
        run_checks(system, "", "SQLite")
        if with_pg:
            run_checks(system, "PG", "PG")
            pid = system.db.runScalarQuery("SELECT pg_backend_pid()", "PG")
            gw.databases.add_datasource("PGAdmin", type="postgresql", host="127.0.0.1",
                                        port=5432, database="test", user="postgres")
            system.db.runPrepQuery("SELECT pg_terminate_backend(?)", [pid], "PGAdmin")
            again = system.db.runScalarQuery("SELECT pg_backend_pid()", "PG")
            check("PG dropped pooled connection replaced", again != pid)
        if with_maria:
            run_checks(system, "Maria", "Maria")
        dataset_checks(system)
    gw.shutdown()
    vgw = Gateway(data_dir=data_dir + "-v", clock=VirtualClock(start=1764072000.0))
    with simulate(vgw):
        import system
        tx = system.db.beginTransaction(timeout=1000)
        vgw.clock.advance(2)
        try:
            system.db.runQuery("SELECT 1", tx=tx)
            check("idle timeout", False)
        except java.lang.Exception as e:
            check("idle timeout", "timed out" in e.getMessage())
    vgw.shutdown()
    print("ALL OK")


main()
