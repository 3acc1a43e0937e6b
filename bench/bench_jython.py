"""Engine per-step overhead on Jython 2.7.3 next to CPython (goal: Jython within 2x).

Runs ``bench/_step_overhead_workload.py`` under CPython (the baseline) and under
Jython (one JVM per database, warmed up first), in the same bench run, on the embedded
SQLite ``WorkflowsDB`` and, when the server is up, on PostgreSQL (a gateway's usual
remote datasource). Each workload reports several repeats of a workflow of N no-op
steps; the figure is the median milliseconds per step (step call + its checkpoint).
Informative figures from the same processes: each interpreter's raw commit of the
step's statement shape through its own driver (sqlite3 / psycopg vs JDBC), the
engine's per-step cost over that raw commit, and the same in thread CPU time (on a
loaded shared machine wall time mostly measures waiting for a core).

    python3 bench/bench_jython.py [--quick]

Exposes ``run(quick=False) -> list of dict(figure, value, unit, baseline, ratio, goal)``
for ``bench/run_all.py``. Without Jython it reports why and returns no figures.
May import: the standard library and ``tests/jython/jython_launch.py``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
WORKLOAD = os.path.join(HERE, "_step_overhead_workload.py")
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "jython"))
import jython_launch  # noqa: E402

GOAL_RATIO = 2.0  # issue 14 item 7: Jython + JDBC within 2x of CPython per step
PREFIX = "##bench## "


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def _parse(proc, who):
    for line in proc.stdout.splitlines():
        if line.startswith(PREFIX):
            return json.loads(line[len(PREFIX):])
    raise RuntimeError("%s workload printed no result (exit %s):\n%s\n%s"
                       % (who, proc.returncode, proc.stdout[-2000:], proc.stderr[-3000:]))


def _args(quick, db):
    # A gateway runs for months: the goal figure is warm (after the JIT compiled the
    # hot path), the first workflow after start is reported apart. 2,000 steps of warm-up
    # were not enough: a step's thread CPU time on Jython still fell from ~0.17 ms to
    # ~0.07 ms over the next ~15,000 steps, so the full run warms up with 20,000.
    return ["--db", db, "--steps", "20" if quick else "50", "--repeats", "3" if quick else "9",
            "--warmup", "40" if quick else "400"]


def measure_cpython(quick=False, db="sqlite"):
    proc = subprocess.run([sys.executable, WORKLOAD] + _args(quick, db), cwd=REPO_ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600)
    return _parse(proc, "CPython")


def measure_jython(quick=False, db="sqlite"):
    proc = jython_launch.run_jython(WORKLOAD, _args(quick, db), timeout=600)
    return _parse(proc, "Jython")


def _postgres_up():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(1.0)
    try:
        s.connect(("127.0.0.1", 5432))
        return True
    except (OSError, socket.error):
        return False
    finally:
        s.close()


DB_LABEL = {"sqlite": "SQLite WorkflowsDB (CPython sqlite3 vs Jython xerial JDBC)",
            "postgresql": "PostgreSQL 127.0.0.1 (CPython psycopg 3 vs Jython pgjdbc)"}


def _figures(db, base, jy):
    b = _median(base["per_step_ms"])
    j = _median(jy["per_step_ms"])
    cb = _median(base["cold_per_step_ms"])
    cj = _median(jy["cold_per_step_ms"])
    return [{
        "figure": "engine per-step overhead on Jython %s, warm, %s, %d no-op steps/workflow"
                  % (jy["python"], DB_LABEL[db], jy["steps"]),
        "value": round(j, 3), "unit": "ms/step",
        "baseline": round(b, 3), "ratio": round(j / b, 2) if b else None,
        "goal": "<= %.0fx CPython %s" % (GOAL_RATIO, base["python"]),
        "runs": {"jython": [round(x, 3) for x in jy["per_step_ms"]],
                 "cpython": [round(x, 3) for x in base["per_step_ms"]]},
    }, {
        "figure": "engine per-step overhead on Jython %s, first workflow after start (JIT cold), %s"
                  % (jy["python"], db),
        "value": round(cj, 3), "unit": "ms/step",
        "baseline": round(cb, 3), "ratio": round(cj / cb, 2) if cb else None,
        "goal": "none (informative: a gateway warms up once)",
        "runs": {"jython": [round(x, 3) for x in jy["cold_per_step_ms"]],
                 "cpython": [round(x, 3) for x in base["cold_per_step_ms"]]},
    }] + _driver_figures(db, base, jy)


def _ms(f, xs):
    return {"value": round(xs, 3), "unit": "ms/step", "goal": "informative", "figure": f}


def _driver_figures(db, base, jy):
    """Where the Jython gap goes: the driver's raw commit vs the engine on top of it."""
    if not jy.get("raw_per_step_ms") or not base.get("raw_per_step_ms"):
        return []
    m = dict((k, (_median(base[k]), _median(jy[k]))) for k in
             ("raw_per_step_ms", "raw_per_step_cpu_ms", "per_step_cpu_ms"))
    out = []
    rb, rj = m["raw_per_step_ms"]
    f = _ms("raw commit of the step's statement, Jython JDBC vs CPython driver, %s" % db, rj)
    f.update(baseline=round(rb, 3), ratio=round(rj / rb, 2) if rb else None)
    out.append(f)
    for who, data, raw in (("CPython", base, rb), ("Jython", jy, rj)):
        eng = _median(data["per_step_ms"])
        f = _ms("engine per step over its own raw commit, %s, %s (wall)" % (who, db), eng)
        f.update(baseline=round(raw, 3), ratio=round(eng / raw, 2) if raw else None)
        out.append(f)
    for who, i in (("CPython", 0), ("Jython", 1)):
        eng, raw = m["per_step_cpu_ms"][i], m["raw_per_step_cpu_ms"][i]
        f = _ms("engine per step over its own raw commit, %s, %s (thread CPU)" % (who, db), eng)
        f.update(baseline=round(raw, 3), ratio=round(eng / raw, 2) if raw else None)
        out.append(f)
    if jy.get("system_db_cpu_ms") and base.get("system_db_cpu_ms"):
        for who, data in (("CPython", base), ("Jython", jy)):
            sd, ck = _median(data["system_db_cpu_ms"]), _median(data["now_ms_cpu_ms"])
            eng, raw = _median(data["per_step_cpu_ms"]), _median(data["raw_per_step_cpu_ms"])
            for label, v in (("the statement via system.db.runPrepUpdate", sd),
                             ("2 x host.now_ms() (system.date.now)", 2 * ck),
                             ("engine bookkeeping (the remainder)", eng - sd - 2 * ck)):
                f = _ms("  part (%s, %s, thread CPU): %s" % (who, db, label), v)
                f.update(baseline=round(raw, 3) if "system.db" in label else None,
                         ratio=round(v / raw, 2) if "system.db" in label and raw else None)
                out.append(f)
    cb, cj = m["per_step_cpu_ms"]
    f = _ms("engine per-step thread CPU, Jython vs CPython, %s" % db, cj)
    f.update(baseline=round(cb, 3), ratio=round(cj / cb, 2) if cb else None)
    out.append(f)
    return out


def run(quick=False):
    try:
        jython_launch.jython_command(WORKLOAD)
    except jython_launch.JythonMissing as exc:
        print("bench_jython: skipped: %s" % (exc,))
        return []
    figures = []
    dbs = ["sqlite"] + (["postgresql"] if _postgres_up() else [])
    if len(dbs) == 1:
        print("bench_jython: PostgreSQL not reachable at 127.0.0.1:5432; SQLite figures only")
    for db in dbs:
        base = measure_cpython(quick, db)
        jy = measure_jython(quick, db)
        figures.extend(_figures(db, base, jy))
    return figures


def main(argv):
    figures = run(quick="--quick" in argv)
    for f in figures:
        if "runs" not in f:
            print("%s: %s %s vs %s -> %sx (informative)" % (f["figure"], f["value"], f["unit"],
                                                             f.get("baseline"), f.get("ratio")))
            continue
        if f["goal"].startswith("none"):
            verdict = "informative"
        else:
            verdict = ("meets goal" if f["ratio"] is not None and f["ratio"] <= GOAL_RATIO
                       else "MISSES goal")
        print("%s: %.3f %s (median) vs CPython baseline %.3f %s -> %.2fx; goal %s: %s"
              % (f["figure"], f["value"], f["unit"], f["baseline"], f["unit"], f["ratio"],
                 f["goal"], verdict))
        print("  runs: jython %s | cpython %s" % (f["runs"]["jython"], f["runs"]["cpython"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
