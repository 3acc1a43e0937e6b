"""The one benchmark command: every ``bench/bench_*.py`` figure in one table + JSON.

    python3 bench/run_all.py [--quick] [--only NAME[,NAME]] [--timeout SECONDS]
                             [--compare OLD.json [--to NEW.json]]
    python3 bench/run_all.py --markdown RESULTS.json

Each ``bench_<area>.py`` module is imported and its ``run(quick=...)`` called (the
contract in contracts.md: a list of dicts ``figure, value, unit, baseline, ratio,
goal``), each in its own Python process so one benchmark's gateway, kernel or
threads cannot disturb the next, and a failing or hanging benchmark is reported
instead of losing the table. ``bench_multigateway`` supplies the throughput of 1,
2 and 3 gateway processes on PostgreSQL. Prints one table (figure, value,
baseline, ratio, goal, met) and writes ``bench/results/<UTC timestamp>.json`` and
``bench/results/latest.json`` (with the git commit, to compare commits).
The ``met`` column is the verdict on the goal: ``met`` / ``MISSED``, ``-`` for an
informative figure, ``?`` for a goal the runner cannot read. A figure may carry its
own ``met`` (True/False: e.g. a throughput goal that also requires exactly-once);
otherwise the goal text is read: ``<= 3x`` / ``>= 2.5x`` / ``ratio <= 2`` compare the ratio, ``<= 5 %``
the ratio as a percentage, ``<= 2 ms`` / ``>= 500 workflows/s`` the value (time units
converted between s, ms and us). ``--compare OLD.json`` prints, after the run, each
figure's change since that earlier results file (better / worse by the goal's
direction); with ``--to NEW.json`` it compares two results files without running.
``--markdown RESULTS.json`` prints a results file as a Markdown table (the one in
docs/durability.md), without running.
May import: the standard library only (the benchmarks run in child processes).
"""
from __future__ import absolute_import, division, print_function

import argparse
import glob
import json
import os
import platform
import re
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


TIME_UNITS = {"s": 1.0, "sec": 1.0, "ms": 1e-3, "us": 1e-6, "\u00b5s": 1e-6, "ns": 1e-9}
GOAL_RE = re.compile(r"^\s*(ratio\s*)?(<=|>=|<|>)\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(x\b|%|[^\s(]+)?")
INFORMATIVE = ("none", "informative", "baseline", "-")


def _time_factor(unit):
    """Seconds per ``unit`` ("ms", "us/step", "ms/call"), or None when not a time."""
    return TIME_UNITS.get((unit or "").split("/")[0].strip().lower())


def parse_goal(goal):
    """(op, number, what) of a goal text; what is "ratio", "percent" or the goal's unit.
    None for an informative figure or a text the runner cannot read."""
    m = GOAL_RE.match(str(goal or ""))
    if not m:
        return None
    op, num, unit = m.group(2), float(m.group(3).replace(",", "")), (m.group(4) or "")
    if unit == "x" or (m.group(1) and not unit):  # "<= 3x" or "ratio <= 2"
        return op, num, "ratio"
    if unit == "%":
        return op, num, "percent"
    return op, num, unit


def verdict(f):
    """"met", "MISSED", "-" (informative) or "?" (goal not readable, or no value)."""
    if f.get("met") is not None:
        return "met" if f["met"] else "MISSED"
    goal = str(f.get("goal") or "-").strip()
    if goal.lower().startswith(INFORMATIVE):
        return "-"
    g = parse_goal(goal)
    if g is None:
        return "?"
    op, num, what = g
    if what in ("ratio", "percent"):
        x = f.get("ratio")
        if x is not None and what == "percent":
            x = x * 100.0
    else:
        x = f.get("value")
        fu, gu = _time_factor(f.get("unit")), _time_factor(what)
        if fu is not None and gu is not None:
            num = num * gu / fu
        elif what != (f.get("unit") or ""):
            return "?"
    if x is None or x != x:
        return "?"
    ok = {"<=": x <= num, "<": x < num, ">=": x >= num, ">": x > num}[op]
    return "met" if ok else "MISSED"


def table(figs):
    rows = [("figure", "value", "baseline", "ratio", "goal", "met")]
    for f in figs:
        unit = f.get("unit") or ""
        rows.append((str(f.get("figure")), ("%s %s" % (_fmt(f.get("value")), unit)).strip(),
                     _fmt(f.get("baseline")), _fmt(f.get("ratio")), str(f.get("goal") or "-"),
                     verdict(f)))
    widths = [min(70, max(len(r[i]) for r in rows)) for i in range(6)]
    out = []
    for i, r in enumerate(rows):
        out.append("  ".join(c[:widths[j]].ljust(widths[j]) if j in (0, 4, 5)
                             else c.rjust(widths[j]) for j, c in enumerate(r)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def markdown(figs):
    """The table as Markdown rows (figure, value, baseline, ratio, goal, met)."""
    def cell(text):
        text = str(text).replace("|", "\\|")
        return ("&nbsp;&nbsp;" + text.strip()) if text.startswith("  ") else text
    out = ["| figure | value | baseline (same run) | ratio | goal | met |",
           "|---|---|---|---|---|---|"]
    for f in figs:
        unit = f.get("unit") or ""
        out.append("| %s |" % " | ".join(cell(c) for c in (
            f.get("figure"), ("%s %s" % (_fmt(f.get("value")), unit)).strip(),
            _fmt(f.get("baseline")), _fmt(f.get("ratio")), f.get("goal") or "-",
            f.get("verdict") or verdict(f))))
    return "\n".join(out)


def _key(f):
    return (f.get("module") or "", str(f.get("figure")))


def compare(old_doc, new_doc):
    """Text lines: each figure's change from ``old_doc`` to ``new_doc`` (results JSON)."""
    old = dict((_key(f), f) for f in old_doc.get("figures", []))
    out = ["change since %s (commit %s%s):" % (
        old_doc.get("timestamp", "?"), (old_doc.get("commit") or "?")[:10],
        "; quick" if old_doc.get("quick") else "")]
    if bool(old_doc.get("quick")) != bool(new_doc.get("quick")):
        out.append("  note: one run is --quick, the other is not: sizes differ")
    seen = set()
    for f in new_doc.get("figures", []):
        k = _key(f)
        o = old.get(k)
        if o is None:
            out.append("  new      %s: %s %s" % (k[1], _fmt(f.get("value")), f.get("unit") or ""))
            continue
        seen.add(k)
        a, b = o.get("value"), f.get("value")
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            out.append("  ?        %s: %s -> %s" % (k[1], a, b))
            continue
        pct = (b - a) / a * 100.0 if a else float("nan")
        g = parse_goal(f.get("goal"))
        if g is None or a == b or (o.get("unit") != f.get("unit")):
            word = "same" if a == b else "changed"
        else:
            lower_better = g[0].startswith("<")
            if g[2] in ("ratio", "percent"):  # the ratio is what the goal judges
                a, b = o.get("ratio"), f.get("ratio")
            word = "changed" if a is None or b is None else (
                "better" if (b < a) == lower_better else "worse")
        out.append("  %-8s %s: %s -> %s %s (%+.1f %%)%s" % (
            word, k[1], _fmt(o.get("value")), _fmt(f.get("value")), f.get("unit") or "", pct,
            "" if verdict(o) == verdict(f) else "  [%s -> %s]" % (verdict(o), verdict(f))))
    for k, o in sorted(old.items()):
        if k not in seen:
            out.append("  gone     %s (was %s %s)" % (k[1], _fmt(o.get("value")), o.get("unit") or ""))
    return out


def _load(path):
    try:
        with open(path) as fh:
            doc = json.load(fh)
    except (IOError, OSError, ValueError) as exc:
        raise SystemExit("--compare: cannot read %s (%s); pass a bench/results/*.json or "
                         "bench/reports/*.json file" % (path, exc))
    if not isinstance(doc, dict) or not isinstance(doc.get("figures"), list):
        raise SystemExit("--compare: %s is not a bench results file (no \"figures\" list); pass "
                         "a file written by bench/run_all.py" % path)
    return doc


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
    ap.add_argument("--compare", metavar="OLD.json", default=None,
                    help="print each figure's change since this earlier results file")
    ap.add_argument("--to", metavar="NEW.json", default=None,
                    help="with --compare: compare against this results file instead of running")
    ap.add_argument("--markdown", metavar="RESULTS.json", default=None,
                    help="print this results file as a Markdown table (no run)")
    args = ap.parse_args(argv)
    if args.markdown:
        print(markdown(_load(args.markdown)["figures"]))
        return 0
    if args.to and not args.compare:
        ap.error("--to needs --compare OLD.json (the run to compare against)")
    old_doc = _load(args.compare) if args.compare else None
    if args.to:
        print("\n".join(compare(old_doc, _load(args.to))))
        return 0
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
    for f in figs:
        f["verdict"] = verdict(f)
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
    if old_doc is not None:
        print("\n".join(compare(old_doc, doc)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
