"""Throughput of 1, 2 and 3 gateway processes sharing one PostgreSQL database.

Each measurement: a fresh database; one process enqueues R runs of K steps
(``chaos.linear`` from tests/chaos, effects appended without fsync, default queue,
no partition keys) with zero workers and exits; then N gateway processes (4 workers
each, 100 ms inter-gateway poll) drain the backlog. Throughput = R / (last
completion - first start), read from the run rows, so process start-up is not
counted. Median of ``repeats``; baseline = 1 gateway measured in the same run.

    python3 bench/bench_multigateway.py [--quick]

Exposes ``run(quick=False) -> list of dict(figure, value, unit, baseline, ratio, goal)``.
Needs PostgreSQL at 127.0.0.1:5432 (user postgres); returns no figures without it.
May import: the standard library, psycopg, tests/chaos (harness + worker).
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CHAOS = os.path.join(ROOT, "tests", "chaos")
for p in (ROOT, CHAOS):
    if p not in sys.path:
        sys.path.insert(0, p)

import chaos_harness as H  # noqa: E402


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def measure(n_gateways, runs, steps, workers=4, timeout=300):
    """Workflows per second for ``n_gateways`` processes draining ``runs`` runs."""
    db = H.create_pg_db()
    wd = H.Workdir(pg=db)
    try:
        common = ["--no-mail", "--no-fsync", "--poll-ms", "100", "--lease-ms", "30000",
                  "--heartbeat-ms", "5000"]
        seeder = wd.spawn("seed", common + ["--workers", "0", "--mg-runs", str(runs),
                                             "--mg-steps", str(steps), "--mg-queue", "bench"])
        H._wait_line(wd, seeder, "SEEDED", timeout)
        wd.kill(seeder)
        for i in range(n_gateways):
            wd.spawn("gw%d" % (i + 1), common + ["--workers", str(workers)])
        if not H._wait_done(wd, runs, timeout):
            raise RuntimeError("%d gateway(s) did not finish %d runs in %ss (see %s)"
                               % (n_gateways, runs, timeout, wd.path))
        row = H.C.query(wd.data_dir, db, "SELECT MIN(started_at_epoch_ms) AS a, "
                                         "MAX(completed_at_epoch_ms) AS b, COUNT(*) AS n FROM "
                                         "workflow_status WHERE status = 'SUCCESS'")[0]
        span = max(1, int(row["b"]) - int(row["a"])) / 1000.0
        return int(row["n"]) / span
    finally:
        wd.kill_all()
        H.drop_pg_db(db)
        shutil.rmtree(wd.path, True)


def run(quick=False):
    if not H.postgres_up():
        sys.stderr.write("bench_multigateway: PostgreSQL not reachable at 127.0.0.1:5432; "
                         "no figures\n")
        return []
    runs, steps, repeats = (150, 3, 1) if quick else (600, 3, 3)
    values = {}
    for n in (1, 2, 3):
        values[n] = _median([measure(n, runs, steps) for _ in range(repeats)])
    base = values[1]
    out = []
    goals = {1: "baseline", 2: ">= 1.3x (2 cores shared with PostgreSQL)",
             3: ">= 1.3x (2 cores shared with PostgreSQL)"}
    for n in (1, 2, 3):
        out.append({"figure": "throughput, %d gateway%s on PostgreSQL (%d runs x %d steps)"
                              % (n, "s" if n > 1 else "", runs, steps),
                    "value": round(values[n], 1), "unit": "workflows/s",
                    "baseline": round(base, 1), "ratio": round(values[n] / base, 2),
                    "goal": goals[n]})
    return out


def main():
    quick = "--quick" in sys.argv
    t = time.time()
    for f in run(quick=quick):
        print("%-62s %9.1f %-12s baseline %9.1f  ratio %5.2f  goal %s"
              % (f["figure"], f["value"], f["unit"], f["baseline"], f["ratio"], f["goal"]))
    print("(%.1f s)" % (time.time() - t))


if __name__ == "__main__":
    main()
