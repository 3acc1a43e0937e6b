"""The one benchmark command: every ``bench/bench_*.py`` figure in one table + JSON.

    python3 bench/run_all.py [--quick] [--only NAME[,NAME]] [--timeout SECONDS]

Each ``bench_<area>.py`` module is imported and its ``run(quick=...)`` called (the
contract in contracts.md: a list of dicts ``figure, value, unit, baseline, ratio,
goal``), each in its own Python process so one benchmark's gateway, kernel or
threads cannot disturb the next, and a failing or hanging benchmark is reported
instead of losing the table. ``bench_multigateway`` supplies the throughput of 1,
2 and 3 gateway processes on PostgreSQL. Prints one table (figure, value,
baseline, ratio, goal) and writes ``bench/results/<UTC timestamp>.json`` and
``bench/results/latest.json`` (with the git commit, to compare commits).
May import: the standard library only (the benchmarks run in child processes).
"""
from __future__ import absolute_import, division, print_function

import argparse
import glob
import json
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "results")

CHILD = r"""
import json, sys
sys.path[:0] = [%(here)r, %(root)r]
import %(mod)s as m
figs = m.run(quick=%(quick)r)
sys.stdout.write("\n@@FIGURES@@" + json.dumps(list(figs), default=str) + "\n")
"""


def modules(only=None):
    names = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(HERE, "bench_*.py")))
    if only:
        wanted = set(n if n.startswith("bench_") else "bench_" + n for n in only)
        names = [n for n in names if n in wanted]
    return names


def run_module(name, quick, timeout):
    """(figures, error text or None, seconds) of one benchmark module, run in a child."""
    code = CHILD % {"here": HERE, "root": ROOT, "mod": name, "quick": bool(quick)}
    t = time.time()
    try:
        p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [], "timed out after %ss" % timeout, time.time() - t
    secs = time.time() - t
    marker = p.stdout.rfind("@@FIGURES@@")
    if p.returncode != 0 or marker < 0:
        tail = (p.stderr or p.stdout or "").strip().splitlines()[-6:]
        return [], "exit %s: %s" % (p.returncode, " | ".join(tail)), secs
    figs = json.loads(p.stdout[marker + len("@@FIGURES@@"):].strip().splitlines()[0])
    for f in figs:
        f.setdefault("module", name)
    return figs, None, secs


def _fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        if v != v:
            return "nan"
        if abs(v) >= 100:
            return "%.0f" % v
        if abs(v) >= 1:
            return "%.2f" % v
        return "%.3g" % v
    return str(v)


def table(figs):
    rows = [("figure", "value", "baseline", "ratio", "goal")]
    for f in figs:
        unit = f.get("unit") or ""
        rows.append((str(f.get("figure")), ("%s %s" % (_fmt(f.get("value")), unit)).strip(),
                     _fmt(f.get("baseline")), _fmt(f.get("ratio")), str(f.get("goal") or "-")))
    widths = [min(70, max(len(r[i]) for r in rows)) for i in range(5)]
    out = []
    for i, r in enumerate(rows):
        out.append("  ".join(c[:widths[j]].ljust(widths[j]) if j in (0, 4) else c.rjust(widths[j])
                             for j, c in enumerate(r)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip() or None
    except Exception:
        return None


def main(argv=None):
    ap = argparse.ArgumentParser(description="Run every bench/bench_*.py and print one table.")
    ap.add_argument("--quick", action="store_true", help="CI-size runs")
    ap.add_argument("--only", default="", help="comma-separated module names (e.g. db,engine)")
    ap.add_argument("--timeout", type=float, default=1800, help="per-module limit, seconds")
    args = ap.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    started = time.time()
    figs, errors, timings = [], {}, {}
    for name in modules(only):
        sys.stderr.write("== %s ...\n" % name)
        sys.stderr.flush()
        f, err, secs = run_module(name, args.quick, args.timeout)
        figs.extend(f)
        timings[name] = round(secs, 1)
        if err:
            errors[name] = err
            sys.stderr.write("   FAILED: %s\n" % err)
    print(table(figs))
    for name, err in sorted(errors.items()):
        print("!! %s: %s" % (name, err))
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(started))
    doc = {"timestamp": stamp, "commit": git_commit(), "quick": args.quick,
           "python": platform.python_version(), "machine": platform.machine(),
           "cpus": os.cpu_count(), "seconds": round(time.time() - started, 1),
           "module_seconds": timings, "errors": errors, "figures": figs}
    if not os.path.isdir(RESULTS):
        os.makedirs(RESULTS)
    for path in (os.path.join(RESULTS, stamp + ".json"), os.path.join(RESULTS, "latest.json")):
        with open(path, "w") as fh:
            json.dump(doc, fh, indent=1, sort_keys=True, default=str)
    print("results: bench/results/%s.json (and latest.json); %.0f s" % (stamp, doc["seconds"]))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
