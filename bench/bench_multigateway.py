"""Throughput of 1, 2 and 3 gateway processes sharing one PostgreSQL database.

Two cases, each measured for 1, 2 and 3 gateways in the same run (repeats
interleaved 1, 2, 3, 1, 2, 3, ... so machine noise hits every count alike):

* **realistic** (the goal): each step waits 5 ms (a tag write, an HTTP call), the runs
  spread over 20 partition keys (``chaos.linear`` in tests/chaos, queue ``part``).
  Goal: 3 gateways >= 2.5x one gateway, with every step executed exactly once (checked
  by ``chaos_checks.verify`` on the effects file: no violation, no re-executed step,
  one execution per recorded step); a figure whose run broke exactly-once is MISSED
  whatever its speed.
* **no-op** (informative): steps do nothing, no partition keys; on 2 shared cores this
  measures CPU contention between the gateway processes and PostgreSQL, not scaling.

Each measurement: a fresh database; a seed-only process (``--workers 0``) enqueues R
runs of K steps (1,200 x 3; 150 x 3 with ``--quick``) and exits; then N gateway processes (4 workers each, the engine's
default; 100 ms inter-gateway poll) start, hold (claim nothing) until all of them are
up, then drain the backlog together. Throughput = R / (last completion - first start),
read from the run rows, so process start-up is not counted (before the hold, a gateway
that came up first drained alone while the others were still importing).
Median of ``repeats``; baseline = 1 gateway of the same case, same run.

    python3 bench/bench_multigateway.py [--quick]

Exposes ``run(quick=False) -> list of dict(figure, value, unit, baseline, ratio, goal)``.
Needs PostgreSQL at 127.0.0.1:5432 (user postgres); returns no figures without it.
May import: the standard library, psycopg, tests/chaos (harness + worker + checks).
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


CASES = {
    # name: (step_ms, partition keys?, goal of 2 gateways, goal of 3 gateways)
    "realistic": (5, True, "informative", ">= 2.5x (and exactly once)"),
    "no-op": (0, False, "informative (2 shared cores: CPU contention)",
              "informative (2 shared cores: CPU contention)"),
}
WORKERS = 4


def measure(n_gateways, runs, steps, step_ms=0, partitions=False, workers=WORKERS, timeout=300):
    """(workflows per second, exactly-once problems) of ``n_gateways`` processes draining
    ``runs`` runs of ``steps`` steps that each wait ``step_ms``."""
    db = H.create_pg_db()
    wd = H.Workdir(pg=db)
    try:
        common = ["--no-mail", "--no-fsync", "--poll-ms", "100", "--lease-ms", "30000",
                  "--heartbeat-ms", "5000", "--step-ms", str(step_ms)]
        plan = ["--mg-runs", str(runs), "--mg-steps", str(steps)]
        if not partitions:
            plan += ["--mg-queue", "bench"]
        seeder = wd.spawn("seed", common + ["--workers", "0"] + plan)
        H._wait_line(wd, seeder, "SEEDED", timeout)
        wd.kill(seeder)
        go = os.path.join(wd.path, "go")
        gws = [wd.spawn("gw%d" % (i + 1), common + ["--workers", str(workers), "--hold-until", go])
               for i in range(n_gateways)]
        for p in gws:  # every gateway started and holding: start-up is not measured
            H._wait_line(wd, p, "SEEDED", timeout)
        early = H.C.query(wd.data_dir, db, "SELECT COUNT(*) AS n FROM workflow_status WHERE "
                                           "claimed_at_epoch_ms IS NOT NULL")[0]["n"]
        if early:  # the span would start before the go (chaos_worker holds from the start)
            raise RuntimeError("%d run(s) claimed before the go: a gateway did not hold" % early)
        open(go, "w").close()
        if not _wait_drained(db, runs, timeout):
            raise RuntimeError("%d gateway(s) did not finish %d runs in %ss (see %s)"
                               % (n_gateways, runs, timeout, wd.path))
        row = H.C.query(wd.data_dir, db, "SELECT MIN(started_at_epoch_ms) AS a, "
                                         "MAX(completed_at_epoch_ms) AS b, COUNT(*) AS n FROM "
                                         "workflow_status WHERE status = 'SUCCESS' AND "
                                         "workflow_name = 'chaos.linear'")[0]
        span = max(1, int(row["b"]) - int(row["a"])) / 1000.0
        # a schedule tick that fired as the backlog drained must end before the check
        end = time.time() + 60
        while time.time() < end and H.C.query(
                wd.data_dir, db, "SELECT COUNT(*) AS n FROM workflow_status WHERE status IN "
                                 "('DELAYED','ENQUEUED','PENDING','RUNNING')")[0]["n"]:
            time.sleep(0.1)
        wd.kill_all()
        return int(row["n"]) / span, exactly_once_problems(wd.verify(), runs, steps)
    finally:
        wd.kill_all()
        H.drop_pg_db(db)
        shutil.rmtree(wd.path, True)


def _wait_drained(db, runs, timeout):
    """Wait until ``runs`` runs are terminal, polling over ONE connection: the observer
    must not load the machine it measures (a new connection per poll forks a PostgreSQL
    backend each time, CPU the gateways compete for). The span itself comes from the
    rows' own timestamps, so the poll period does not change the figure."""
    import psycopg
    from exchange.workflows.engine.persistence import names as layout
    sql = layout.rewrite("SELECT COUNT(*) FROM workflow_status WHERE status IN (%s)"
                         % ",".join("'%s'" % t for t in H.C.TERMINAL),
                         layout.layout_for("WorkflowsDB", "postgresql")["qualifier"])
    end = time.time() + timeout
    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname=db,
                         autocommit=True) as con:
        while time.time() < end:
            if con.execute(sql).fetchone()[0] >= runs:
                return True
            time.sleep(0.1)
    return False


def exactly_once_problems(v, runs, steps):
    """Why a drained run of ``runs`` x ``steps`` was not exactly once ([] when it was)."""
    out = list(v["violations"])
    # ``statuses`` counts the runs the workload started (acknowledged); the per-minute
    # schedule's tick runs are not among them (the verifier checks each tick has one
    # SUCCESS run, a violation otherwise) but each adds one step execution
    ticks = v.get("schedule_ticks", 0)
    if v["statuses"].get("SUCCESS", 0) != runs:
        out.append("%d of %d runs SUCCESS (%s)" % (v["statuses"].get("SUCCESS", 0), runs,
                                                   v["statuses"]))
    want = runs * steps + ticks
    if v["step_executions"] != want or v["steps_recorded"] != want:
        out.append("%d step executions, %d recorded, for %d steps (%d of them schedule ticks)"
                   % (v["step_executions"], v["steps_recorded"], want, ticks))
    return out


def run(quick=False):
    if not H.postgres_up():
        sys.stderr.write("bench_multigateway: PostgreSQL not reachable at 127.0.0.1:5432; "
                         "no figures\n")
        return []
    # 1,200 runs: with 600, three gateways drained the backlog in ~1.3 s, of which the
    # start (every worker's first runs start and end together, then the claims spread
    # out) and the drain's tail (the last partition chains) were ~5%: the figure was
    # then more about those edges than about throughput (600 runs gave 2.49-2.57x)
    runs, steps, repeats = (150, 3, 1) if quick else (1200, 3, 3)
    out = []
    for case in ("realistic", "no-op"):
        step_ms, partitions, goal2, goal3 = CASES[case]
        samples, problems = {1: [], 2: [], 3: []}, {1: [], 2: [], 3: []}
        for _ in range(repeats):
            for n in (1, 2, 3):
                wfs, bad = measure(n, runs, steps, step_ms, partitions)
                samples[n].append(wfs)
                problems[n].extend(bad)
        values = dict((n, _median(samples[n])) for n in samples)
        base = values[1]
        goals = {1: "baseline", 2: goal2, 3: goal3}
        what = ("%d ms steps, 20 partition keys" % step_ms) if partitions else "no-op steps"
        for n in (1, 2, 3):
            f = {"figure": "throughput, %d gateway%s on PostgreSQL, %s (%d runs x %d steps)"
                           % (n, "s" if n > 1 else "", what, runs, steps),
                 "value": round(values[n], 1), "unit": "workflows/s",
                 "baseline": round(base, 1), "ratio": round(values[n] / base, 2),
                 "goal": goals[n], "runs": [round(x, 1) for x in samples[n]],
                 "exactly_once": not problems[n]}
            if problems[n]:
                f["problems"] = problems[n][:5]
                if not goals[n].startswith(("informative", "baseline")):
                    f["met"] = False  # fast but not exactly once is not the goal
            out.append(f)
    return out


def main():
    quick = "--quick" in sys.argv
    t = time.time()
    for f in run(quick=quick):
        print("%-62s %9.1f %-12s baseline %9.1f  ratio %5.2f  goal %s  runs %s  exactly once: %s"
              % (f["figure"], f["value"], f["unit"], f["baseline"], f["ratio"], f["goal"],
                 f["runs"], "yes" if f["exactly_once"] else f["problems"]))
    print("(%.1f s)" % (time.time() - t))


if __name__ == "__main__":
    main()
