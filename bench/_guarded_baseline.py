"""The physical limit of one durable step: a raw commit loop of the engine's statement shape.

A step's checkpoint is ONE autocommitted statement (``persistence/oplog.py``): a guarded
``INSERT INTO operation_outputs (11 columns) SELECT ... FROM workflow_status WHERE
workflow_id = ? AND status = 'RUNNING' AND claimed_by = ?`` on the composite primary key
(workflow_id, call_seq). This module runs that same statement, with the same column
types, keys and parameter values, on scratch tables (``bench_raw_ops`` /
``bench_raw_status``, dropped afterwards) in the same database, through the
interpreter's own driver with nothing in between: ``sqlite3`` or ``psycopg`` on
CPython, JDBC (xerial SQLite, pgjdbc) on Jython. The engine's per-step cost is
divided by this figure.

Single source (CPython 3 / Jython 2.7): ``bench/_step_overhead_workload.py`` uses it
under both. May import: the standard library (and java.sql on Jython, psycopg on CPython).
"""
from __future__ import absolute_import, division, print_function

import sys
import time

IS_JYTHON = sys.platform.startswith("java")

OPS_DDL = ("CREATE TABLE bench_raw_ops (workflow_id VARCHAR(255) NOT NULL, call_seq INTEGER NOT NULL, "
           "kind VARCHAR(64) NOT NULL, step_name VARCHAR(255) NOT NULL, status VARCHAR(64) NOT NULL, "
           "output_json TEXT, error_json TEXT, child_workflow_id VARCHAR(255), "
           "started_at BIGINT NOT NULL, completed_at BIGINT, attempts INTEGER NOT NULL DEFAULT 1, "
           "PRIMARY KEY (workflow_id, call_seq))")
STATUS_DDL = ("CREATE TABLE bench_raw_status (workflow_id VARCHAR(255) PRIMARY KEY, "
              "status VARCHAR(64) NOT NULL, claimed_by VARCHAR(255))")
COLS = ("workflow_id, call_seq, kind, step_name, status, output_json, error_json, "
        "child_workflow_id, started_at, completed_at, attempts")
SEL = {"sqlite": "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?",
       # PostgreSQL: the engine's dialect casts each parameter (persistence/dialects.py)
       "postgresql": "CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), "
                     "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "
                     "CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT)"}
WID, EXECUTOR = "bench-raw-0123456789abcdef0123456789abcdef", "bench-gw:0123456789abcdef"


def statement(family):
    return ("INSERT INTO bench_raw_ops (%s) SELECT %s FROM bench_raw_status WHERE workflow_id = ? "
            "AND status = 'RUNNING' AND claimed_by = ?" % (COLS, SEL[family]))


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def clock():
    """Seconds, monotonic, sub-microsecond resolution on both interpreters."""
    if IS_JYTHON:
        from java.lang import System
        return System.nanoTime() / 1e9
    return time.perf_counter()


def _args(seq, now):
    return [WID, seq, "step", "bench.noop", "SUCCESS", str(seq), None, None, now, now, 1,
            WID, EXECUTOR]


class _Py(object):
    """CPython: sqlite3 (autocommit, WAL, synchronous=NORMAL as the simulator) or psycopg."""

    def __init__(self, family, target):
        self.family = family
        if family == "sqlite":
            import sqlite3
            self.con = sqlite3.connect(target, isolation_level=None, timeout=15)
            self.con.execute("PRAGMA journal_mode=WAL")
            self.con.execute("PRAGMA synchronous=NORMAL")
            self.sql = statement(family)
        else:
            import psycopg
            self.con = psycopg.connect(host="127.0.0.1", port=5432, user="postgres",
                                       dbname=target, autocommit=True)
            self.sql = statement(family).replace("?", "%s")

    def run(self, sql, args=()):
        if self.family == "postgresql":
            sql = sql.replace("?", "%s")
        self.con.execute(sql, args)

    def step(self, seq, now):
        return self.con.execute(self.sql, _args(seq, now)).rowcount

    def close(self):
        self.con.close()


class _Jdbc(object):
    """Jython: a plain JDBC connection in autocommit, one prepared statement reused."""

    def __init__(self, family, target):
        from java.sql import DriverManager
        from java.util import Properties
        self.family = family
        props = Properties()
        if family == "sqlite":
            from java.lang import Class
            Class.forName("org.sqlite.JDBC")
            props.setProperty("journal_mode", "WAL")
            props.setProperty("synchronous", "NORMAL")
            url = "jdbc:sqlite:" + target
        else:
            props.setProperty("user", "postgres")
            url = "jdbc:postgresql://127.0.0.1:5432/" + target
        self.con = DriverManager.getConnection(url, props)
        self.con.setAutoCommit(True)
        self.ps = None

    def run(self, sql, args=()):
        st = self.con.createStatement()
        try:
            st.execute(sql)
        finally:
            st.close()

    def step(self, seq, now):
        from java.sql import Types
        if self.ps is None:
            self.ps = self.con.prepareStatement(statement(self.family))
        ps = self.ps
        for i, v in enumerate(_args(seq, now)):
            if v is None:
                ps.setNull(i + 1, Types.VARCHAR)
            elif isinstance(v, str):
                ps.setString(i + 1, v)
            else:
                ps.setLong(i + 1, v)
        return ps.executeUpdate()

    def close(self):
        if self.ps is not None:
            self.ps.close()
        self.con.close()


def connect(family, target):
    """``family`` "sqlite" (target: the database file) or "postgresql" (target: db name)."""
    return (_Jdbc if IS_JYTHON else _Py)(family, target)


class Baseline(object):
    """Scratch tables + the raw loop; ``per_step_us(n)`` is one timed repetition."""

    def __init__(self, family, target):
        self.c = connect(family, target)
        self.seq = 0
        for sql in ("DROP TABLE IF EXISTS bench_raw_ops", "DROP TABLE IF EXISTS bench_raw_status",
                    OPS_DDL, STATUS_DDL):
            self.c.run(sql)
        self.c.run("INSERT INTO bench_raw_status (workflow_id, status, claimed_by) VALUES "
                   "('%s', 'RUNNING', '%s')" % (WID, EXECUTOR))

    def per_step_us(self, n):
        now = int(time.time() * 1000)
        t0 = clock()
        for _ in range(n):
            self.seq += 1
            if self.c.step(self.seq, now) != 1:
                raise RuntimeError("the guarded insert matched no row (baseline set-up broken)")
        return (clock() - t0) / n * 1e6

    def close(self):
        try:
            for sql in ("DROP TABLE IF EXISTS bench_raw_ops", "DROP TABLE IF EXISTS bench_raw_status"):
                self.c.run(sql)
        finally:
            self.c.close()


def median_us(family, target, n=200, repeats=9):
    b = Baseline(family, target)
    try:
        b.per_step_us(20)  # warm-up
        return _median([b.per_step_us(n) for _ in range(repeats)])
    finally:
        b.close()
