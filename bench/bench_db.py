"""system.db overhead on the default SQLite datasource, next to raw sqlite3 (goal: <= 2x).

Figures (each the median of several timed runs; baseline measured in the same run):
  * one-row ``system.db.runPrepQuery`` vs ``conn.execute(sql, args).fetchall()``
    on an open sqlite3 connection to the same file (the goal: ratio <= 2);
  * one-row ``system.db.runPrepUpdate`` (INSERT, autocommit) vs the raw INSERT;
  * a ``beginTransaction``/update/commit/close cycle vs the raw BEGIN/INSERT/COMMIT;
  * with PostgreSQL reachable: one-row ``runPrepQuery`` vs raw psycopg (informative).

    python3 bench/bench_db.py [--quick]

Exposes ``run(quick=False) -> list of dict(figure, value, unit, baseline, ratio, goal)``.
May import: the standard library, ``gateway_sim``, psycopg (optional).
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sqlite3
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from gateway_sim import Gateway, simulate  # noqa: E402

sys.path.insert(0, HERE)
from _timing import figure, us_per_call  # noqa: E402

SELECT = "SELECT id, name, qty FROM bench_items WHERE id = ?"





def run(quick=False):
    number, repeats = (2000, 5) if quick else (20000, 9)
    tmp = tempfile.mkdtemp(prefix="bench_db-")
    gw = Gateway(data_dir=tmp)
    out = []
    try:
        with simulate(gw):
            import gateway_sim.system as system
            system.db.runUpdateQuery("CREATE TABLE bench_items (id INTEGER PRIMARY KEY, "
                                     "name TEXT, qty INTEGER)")
            system.db.runPrepUpdate("INSERT INTO bench_items (name, qty) VALUES (?, ?)", ["a", 1])
            raw = sqlite3.connect(os.path.join(tmp, "db", "WorkflowsDB.sqlite"),
                                  isolation_level=None, check_same_thread=False)
            raw.execute("PRAGMA synchronous=NORMAL")

            sim = us_per_call(lambda: system.db.runPrepQuery(SELECT, [1]), number, repeats)
            base = us_per_call(lambda: raw.execute(SELECT, [1]).fetchall(), number, repeats)
            out.append(figure("db.runPrepQuery one row (SQLite) vs raw sqlite3", sim, base,
                               "ratio <= 2"))

            ins = "INSERT INTO bench_items (name, qty) VALUES (?, ?)"
            n_upd = max(200, number // 10)
            sim = us_per_call(lambda: system.db.runPrepUpdate(ins, ["b", 2]), n_upd, repeats)
            base = us_per_call(lambda: raw.execute(ins, ["b", 2]), n_upd, repeats)
            out.append(figure("db.runPrepUpdate one INSERT (SQLite) vs raw sqlite3", sim, base,
                               "informative"))

            def sim_tx():
                tx = system.db.beginTransaction()
                system.db.runPrepUpdate(ins, ["c", 3], tx=tx)
                system.db.commitTransaction(tx)
                system.db.closeTransaction(tx)

            def raw_tx():
                raw.execute("BEGIN IMMEDIATE")
                raw.execute(ins, ["c", 3])
                raw.execute("COMMIT")

            sim = us_per_call(sim_tx, n_upd, repeats)
            base = us_per_call(raw_tx, n_upd, repeats)
            out.append(figure("db transaction begin/update/commit/close (SQLite) vs raw", sim,
                               base, "informative"))
            raw.close()
            out.extend(_postgres(system, gw, max(200, number // 20), repeats))
    finally:
        gw.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _postgres(system, gw, number, repeats):
    try:
        import psycopg
        conn = psycopg.connect(host="127.0.0.1", port=5432, dbname="test", user="postgres",
                               autocommit=True, connect_timeout=3)
    except Exception as exc:  # no server: this figure is optional
        print("(PostgreSQL figure skipped: %s)" % (exc,))
        return []
    try:
        gw.databases.add_datasource("PGBench", type="postgresql", host="127.0.0.1", port=5432,
                                    database="test", user="postgres")
        sim = us_per_call(lambda: system.db.runPrepQuery("SELECT ?::int AS a, 'x' AS b", [1],
                                                            "PGBench"), number, repeats)
        base = us_per_call(lambda: conn.execute("SELECT %s::int AS a, 'x' AS b",
                                                   [1]).fetchall(), number, repeats)
        return [figure("db.runPrepQuery one row (PostgreSQL) vs raw psycopg", sim, base,
                        "informative")]
    finally:
        conn.close()


def main():
    quick = "--quick" in sys.argv
    for f in run(quick=quick):
        print("%-62s %9.2f %s  baseline %9.2f  ratio %5.2f  goal: %s"
              % (f["figure"], f["value"], f["unit"], f["baseline"], f["ratio"], f["goal"]))


if __name__ == "__main__":
    main()
