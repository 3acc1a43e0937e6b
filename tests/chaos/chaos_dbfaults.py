"""Database faults while runs progress (the third chaos suite).

``db_faults(pg=...)``: PostgreSQL connections terminated with ``pg_terminate_backend``, or
the SQLite file locked by another writer (``BEGIN EXCLUSIVE``), while gateway workers
seed and drain batches; the verdict comes from ``chaos_checks.verify`` plus the engine's
own warning/error log counts (it must report the trouble, retry, and lose nothing).
May import: the standard library, psycopg (through the harness), sibling chaos modules.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sqlite3
import time

import chaos_checks as C
from chaos_harness import Workdir, _wait_line, create_pg_db, drop_pg_db, pg_admin, save_report


def db_faults(pg=None, batches=4, step_ms=30, faults_for=6.0, busy_ms=1000, lock_hold=2.5,
              workdir=None, drain_seconds=240, out=None):
    """Runs progress while the database misbehaves; returns a report.

    PostgreSQL (``pg`` True): every 0.3 s ``pg_terminate_backend`` kills every engine
    connection. SQLite: another connection holds ``BEGIN EXCLUSIVE`` for ``lock_hold``
    seconds at a time (longer than the worker's busy timeout ``busy_ms``). Workers come one
    after the other, each seeding ``batches`` new batches and draining them, until the
    faults have lasted ``faults_for`` seconds.
    """
    own_db = None
    if pg is True:
        own_db = pg = create_pg_db()
    wd = Workdir(workdir, pg)
    report = {"backend": "postgresql" if pg else "sqlite", "workdir": wd.path, "terminated": 0,
              "locks": 0, "locked_seconds": 0.0, "workers": 0, "engine_logs": {}}
    t0 = time.time()
    bad_exits = []
    try:
        nb = 0
        end = time.time() + faults_for
        while True:
            nb += batches
            args = ["--batches", str(nb), "--workers", str(8 + 4 * min(batches, 16)),
                    "--step-ms", str(step_ms), "--drain", str(drain_seconds)]
            if not pg:
                args += ["--busy-ms", str(busy_ms)]
            p = wd.spawn("gwA", args)
            report["workers"] += 1
            _wait_line(wd, p, "READY", 60)
            while p.poll() is None:
                if time.time() >= end:
                    time.sleep(0.1)
                elif pg:
                    rows = pg_admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                    "datname = '%s' AND pid <> pg_backend_pid()" % pg)
                    report["terminated"] += sum(1 for r in rows if r[0])
                    time.sleep(0.3)
                else:
                    c = sqlite3.connect(C.sqlite_path(wd.data_dir), timeout=30, isolation_level=None)
                    try:
                        c.execute("BEGIN EXCLUSIVE")
                        t = time.time()
                        time.sleep(lock_hold)
                        c.execute("COMMIT")
                        report["locks"] += 1
                        held = time.time() - t
                        report["locked_seconds"] = round(report["locked_seconds"] + held, 2)
                    finally:
                        c.close()
                    time.sleep(0.5)
            if p.returncode != 0:
                bad_exits.append(p.returncode)
            summary = wd.effects + ".summary-gwA.json"
            if os.path.exists(summary):
                with open(summary) as f:
                    for k, n in json.load(f).get("logs", {}).items():
                        report["engine_logs"][k] = report["engine_logs"].get(k, 0) + n
                os.remove(summary)
            if out:
                out("worker %d done (exit %s): %s" % (report["workers"], p.returncode,
                                                    dict((k, report[k]) for k in (
                                                        "terminated", "locks"))))
            if time.time() >= end or bad_exits:
                break
        report.update(wd.verify())
        if bad_exits:
            report["violations"].append("a worker did not finish every run in %ss (exit %s; see %s)"
                                        % (drain_seconds, bad_exits, wd.path))
    finally:
        wd.kill_all()
        report["seconds"] = round(time.time() - t0, 1)
        if own_db:
            drop_pg_db(own_db)
        save_report(report)
    return report
