"""Workload for ``bench_jython.py``: the engine's per-step overhead on THIS interpreter.

Runs under Jython 2.7 and CPython 3 alike (single source). Starts a simulated gateway
(SQLite ``WorkflowsDB``: sqlite3 on CPython, JDBC on Jython), runs warm-up workflows,
then ``--repeats`` workflows of ``--steps`` no-op steps each. Each workflow times its
own step loop with the host's monotonic clock (and its thread's CPU time), so the
figure is the cost of one step call (checkpoint reads/writes included) without
dispatch or polling noise. Interleaved with those, the same number of raw commits of
the step's statement shape through this interpreter's own driver
(``_guarded_baseline.py``: sqlite3/psycopg on CPython, JDBC on Jython), same database.

Prints one line: ``##bench## {"per_step_ms": [...], "interpreter": ..., ...}``.
Usage: ``<python or jython> bench/_step_overhead_workload.py [--steps N] [--repeats R] [--warmup W]``
May import: the standard library, ``gateway_sim`` and ``exchange.workflows``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

# On CPython the simulator's java.* must be importable BEFORE the engine's compat module
# binds java.lang.Throwable (else its boundaries would not catch simulated Java errors).
from gateway_sim import java as _java_hook  # noqa: E402
_java_hook.install()
from exchange.workflows import compat  # noqa: E402
from exchange.workflows.bootstrap import getWorkflows, step, workflow  # noqa: E402
from exchange.workflows.engine.persistence import names  # noqa: E402
sys.path.insert(0, HERE)
import _guarded_baseline as GB  # noqa: E402

PREFIX = "##bench## "


@step(name="bench.noop")
def noop(i):
    return i


def thread_cpu():
    """CPU seconds of the calling thread (JMX on Jython, ``time.thread_time`` on CPython)."""
    if compat.IS_JYTHON:
        from java.lang.management import ManagementFactory
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9
    return time.thread_time()


@workflow(name="bench.step_loop")
def step_loop(n):
    c0 = thread_cpu()
    t0 = compat.monotonic()
    for i in range(n):
        noop(i)
    t1 = compat.monotonic()
    return {"seconds": t1 - t0, "cpu": thread_cpu() - c0, "steps": n}


_STATUS_SQL = {}


def run_one(rt, n, timeout=120.0, cpu=False):
    import system
    wid = rt.enqueue("bench.step_loop", {"n": n})
    deadline = time.time() + timeout
    while time.time() < deadline:
        ds = system.db.runPrepQuery(
            _STATUS_SQL.get(rt.dbName) or _STATUS_SQL.setdefault(rt.dbName, names.qualify(
                "SELECT status, result_json, error_json FROM workflow_status WHERE "
                "workflow_id = ?", rt.dbName)), [wid], rt.dbName)
        if ds.getRowCount() and ds.getValueAt(0, 0) in ("SUCCESS", "ERROR", "CANCELLED"):
            if ds.getValueAt(0, 0) != "SUCCESS":
                raise RuntimeError("bench workflow ended %s: %s" % (ds.getValueAt(0, 0),
                                                                   ds.getValueAt(0, 2)))
            out = json.loads(ds.getValueAt(0, 1))
            return (out["seconds"], out["cpu"]) if cpu else out["seconds"]
        rt.dispatch()
        time.sleep(0.005)
    raise RuntimeError("bench workflow %s did not finish in %ss" % (wid, timeout))


_ADMIN = []


def _admin(gw, sql):
    """One statement on the PostgreSQL ``test`` database (CREATE/DROP DATABASE)."""
    import system
    if not _ADMIN:
        gw.databases.add_datasource("admin", type="postgresql", database="test", user="postgres")
        _ADMIN.append(True)
    system.db.runPrepUpdate(sql, [], "admin")


def main(argv):
    """``--db sqlite`` (default, the embedded WorkflowsDB) or ``--db postgresql`` (a
    throw-away database on 127.0.0.1:5432, as a gateway's usual remote datasource)."""
    opts = {"--steps": "50", "--repeats": "5", "--warmup": "3", "--db": "sqlite"}
    for i in range(0, len(argv) - 1, 2):
        opts[argv[i]] = argv[i + 1]
    for k in ("--steps", "--repeats", "--warmup"):
        opts[k] = int(opts[k])
    from gateway_sim import Gateway, simulate
    data_dir = tempfile.mkdtemp(prefix="bench-steps-")
    gw = Gateway(name="bench", data_dir=data_dir, project_name="bench")
    per_step, per_step_cpu, raw, raw_cpu, sysdb_cpu, clock_cpu = [], [], [], [], [], []
    cold = []
    pg_db = None
    try:
        with simulate(gw):
            db_name = None
            if opts["--db"] == "postgresql":
                pg_db = "bench_steps_%s_%d" % ("jy" if compat.IS_JYTHON else "py", os.getpid())
                _admin(gw, "CREATE DATABASE %s" % pg_db)
                gw.databases.add_datasource("PG", type="postgresql", database=pg_db, user="postgres")
                db_name = "PG"
            rt = getWorkflows(db_name)
            try:
                for i in range(opts["--warmup"]):
                    secs = run_one(rt, opts["--steps"])
                    if i == 0:  # the first workflow after start: JIT and caches cold
                        cold.append(secs * 1000.0 / opts["--steps"])
                if pg_db:
                    base = GB.Baseline("postgresql", pg_db)
                else:
                    base = GB.Baseline("sqlite", os.path.join(data_dir, "db", "WorkflowsDB.sqlite"))
                import system
                from exchange.workflows.engine import host
                stmt = GB.statement("sqlite")  # "?" placeholders: system.db binds them
                if pg_db:
                    stmt = GB.statement("postgresql")
                now = host.now_ms()
                try:
                    n = opts["--steps"]
                    for _ in range(opts["--warmup"]):
                        base.per_step_us(n)
                    for _ in range(opts["--repeats"]):  # interleaved with the raw loop
                        secs, cpu = run_one(rt, n, cpu=True)
                        per_step.append(secs * 1000.0 / n)
                        per_step_cpu.append(cpu * 1000.0 / n)
                        c0 = thread_cpu()
                        raw.append(base.per_step_us(n) / 1000.0)
                        raw_cpu.append((thread_cpu() - c0) * 1000.0 / n)
                        c0 = thread_cpu()
                        for _ in range(n):  # the same statement through the host's system.db
                            base.seq += 1
                            system.db.runPrepUpdate(stmt, GB._args(base.seq, now), rt.dbName)
                        sysdb_cpu.append((thread_cpu() - c0) * 1000.0 / n)
                        c0 = thread_cpu()
                        for _ in range(n):
                            host.now_ms()
                        clock_cpu.append((thread_cpu() - c0) * 1000.0 / n)
                finally:
                    base.close()
            finally:
                from exchange.workflows.engine import instance
                instance.shutdownRuntime(5)
                if pg_db:
                    _admin(gw, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % pg_db)
    finally:
        gw.shutdown()
        shutil.rmtree(data_dir, True)
    print(PREFIX + json.dumps({"per_step_ms": per_step, "cold_per_step_ms": cold,
                               "per_step_cpu_ms": per_step_cpu, "raw_per_step_ms": raw,
                               "raw_per_step_cpu_ms": raw_cpu,
                               "system_db_cpu_ms": sysdb_cpu, "now_ms_cpu_ms": clock_cpu,
                               "steps": opts["--steps"], "warmup": opts["--warmup"],
                               "db": opts["--db"],
                               "interpreter": "jython" if compat.IS_JYTHON else "cpython",
                               "python": sys.version.split()[0]}))
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
    if compat.IS_JYTHON:  # engine threads must not keep the JVM alive
        from java.lang import System
        System.exit(0)
    os._exit(0)
