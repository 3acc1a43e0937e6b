"""Long form of the chaos suites (on demand; CI runs the short form through pytest).

    python3 -m tests.chaos.run --rounds 50            # everything, PostgreSQL when reachable
    python3 -m tests.chaos.run --rounds 50 --only crash-sqlite,multigateway --mg-runs 1000

Suites: crash-sqlite, crash-postgres (single gateway, SIGKILL + fault points, N
rounds), crash-jython (the same, worker under Jython 2.7 on JDBC SQLite, N/2 rounds),
multigateway (3 gateways on PostgreSQL, one killed), multigateway-pause (one
SIGSTOPped past its lease, then woken: zombie step executions are reported), faults-sqlite,
faults-postgres (locked file / terminated connections). Prints each report and a
summary; writes them all to ``bench/results/chaos-<UTC timestamp>.json``.
Exit status 1 when any suite found a violation.
May import: the standard library and the sibling chaos modules.
"""
from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import chaos_dbfaults as F  # noqa: E402
import chaos_harness as H  # noqa: E402

SUITES = ("crash-sqlite", "crash-postgres", "crash-jython", "multigateway", "multigateway-pause",
          "faults-sqlite", "faults-postgres")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--batches", type=int, default=None, help="default: --rounds")
    ap.add_argument("--mg-runs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--only", default="", help="comma-separated: " + ", ".join(SUITES))
    ap.add_argument("--publish", action="store_true",
                    help="also write the report under bench/reports/ (kept in git: the figures "
                         "the docs quote must be checkable)")
    args = ap.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()] or list(SUITES)
    pg = H.postgres_up()
    seed = args.seed if args.seed is not None else int(time.time())
    reports = {}

    def say(msg):
        print("   " + msg)
        sys.stdout.flush()
    for name in only:
        if name.endswith("postgres") or name.startswith("multigateway"):
            if not pg:
                print("== %s: SKIPPED (PostgreSQL not reachable at 127.0.0.1:5432)" % name)
                continue
        print("== %s" % name)
        sys.stdout.flush()
        if name == "crash-jython":  # JVM start-up makes a round slower: half the rounds
            r = H.crash_rounds(rounds=max(2, args.rounds // 2), seed=seed, interpreter="jython",
                               out=say)
        elif name.startswith("crash"):
            r = H.crash_rounds(rounds=args.rounds, batches=args.batches, seed=seed,
                               pg=(name == "crash-postgres") or None, out=say)
        elif name == "multigateway":
            r = H.multi_gateway(runs=args.mg_runs, lease_ms=2000, out=say)
        elif name == "multigateway-pause":
            r = H.multi_gateway(runs=max(200, args.mg_runs // 2), lease_ms=1500, step_ms=30,
                                pause=4, out=say)
            r["known_limit"] = H.known_limit(r)  # the documented limit, reported apart
            r["violations"] = [v for v in r["violations"] if v not in r["known_limit"]]
        elif name == "faults-sqlite":
            r = F.db_faults(pg=None, batches=8, faults_for=20.0, out=say)
        elif name == "faults-postgres":
            r = F.db_faults(pg=True, batches=8, faults_for=20.0, out=say)
        else:
            ap.error("unknown suite %r; use %s" % (name, ", ".join(SUITES)))
        reports[name] = r
        print(json.dumps(dict((k, v) for k, v in r.items() if k != "violations"), sort_keys=True,
                         default=str))
        print("   violations: %d%s" % (len(r["violations"]), "".join(
            "\n     - " + v for v in r["violations"][:20])))
        sys.stdout.flush()
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    out_dir = os.path.join(ROOT, "bench", "results")
    if not os.path.isdir(out_dir):
        os.makedirs(out_dir)
    path = os.path.join(out_dir, "chaos-%s.json" % stamp)
    with open(path, "w") as f:
        json.dump({"timestamp": stamp, "rounds": args.rounds, "seed": seed, "reports": reports},
                  f, indent=1, sort_keys=True, default=str)
    if args.publish:
        path = _publish(stamp, args, seed, reports)
    print("\n== summary (%s)" % path)
    bad = 0
    for name, r in reports.items():
        n = len(r["violations"])
        bad += n
        print("%-16s %-4s runs=%s steps=%s interrupted_reexec=%s recoveries=%s kills=%s %ss"
              % (name, "PASS" if n == 0 else "FAIL(%d)" % n, r.get("acked_runs"),
                 r.get("steps_recorded"), r.get("interrupted_reexecutions"),
                 r.get("recovery_attempts"), r.get("kills", r.get("killed", "-")), r.get("seconds")))
    return 1 if bad else 0


def _publish(stamp, args, seed, reports):
    """A compact copy (no work folders, no per-exit details) under bench/reports/."""
    import subprocess
    keep = {}
    for name, r in reports.items():
        keep[name] = dict((k, v) for k, v in r.items() if k not in ("workdir", "overlaps", "exits"))
    try:
        commit = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                         universal_newlines=True).strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    out_dir = os.path.join(ROOT, "bench", "reports")
    if not os.path.isdir(out_dir):
        os.makedirs(out_dir)
    path = os.path.join(out_dir, "chaos-%s.json" % stamp)
    with open(path, "w") as f:
        json.dump({"timestamp": stamp, "commit": commit, "rounds": args.rounds,
                   "mg_runs": args.mg_runs, "seed": seed, "reports": keep}, f, indent=1,
                  sort_keys=True, default=str)
    return path


if __name__ == "__main__":
    sys.exit(main())
