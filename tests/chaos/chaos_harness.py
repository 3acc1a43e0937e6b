"""The chaos harness: start gateway worker processes, kill them, restart, verify.

``crash_rounds(...)`` is the single-gateway crash suite: each round starts a
worker (``chaos_worker.py``) and either SIGKILLs it after a random delay or lets
a named fault point (``EXCHANGE_WORKFLOWS_FAULTS=name@n``) kill it right at a
commit; a final worker drains everything; ``chaos_checks.verify`` judges.
``multi_gateway(...)`` runs 3 workers on one PostgreSQL database, SIGKILLs one
midway and checks its runs are taken over after lease expiry.
PostgreSQL runs get their own database (``chaos_<random>``), dropped afterwards,
so suites never touch the tables of other tests.
May import: the standard library, psycopg (lazily), sibling chaos modules.
"""
from __future__ import absolute_import, division, print_function

import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import chaos_checks as C

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WORKER = os.path.join(HERE, "chaos_worker.py")


def jython_command(script, args):
    """argv running ``script`` under Jython 2.7 (raises jython_launch.JythonMissing)."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "jython"))
    import jython_launch
    return jython_launch.jython_command(script, args)


def rounds(default):
    """Rounds of a suite: ``CHAOS_ROUNDS`` (long form) or the short-form default."""
    return int(os.environ.get("CHAOS_ROUNDS", default))


def report_text(report):
    """Failure message: the violations first (pytest truncates long messages), then figures."""
    keep = dict((k, v) for k, v in report.items() if k != "violations")
    return "violations (work folder %s):\n  %s\n%s" % (
        report.get("workdir"), "\n  ".join(report["violations"][:40]), keep)


def known_limit(report):
    """The partition overlaps a zombie execution explains: the late step of a fenced-off
    (paused) gateway overlapping the next run of its partition. Only overlaps that involve the
    zombie's own run are excused; any other overlap stays a violation."""
    zombie_runs = set(report.get("zombie_runs") or ())
    return [o["text"] for o in report.get("overlaps") or () if zombie_runs & set(o["runs"])]


def save_report(report):
    """Keep the report next to the worker logs of a failed run; remove a passing run's folder
    (excused zombie overlaps do not count; ``CHAOS_KEEP=1`` keeps every folder)."""
    import json
    import shutil
    # a paused gateway's excused overlaps (known_limit) do not make a run fail
    excused = set(known_limit(report))
    failed = [v for v in report.get("violations") or () if v not in excused]
    if not failed and "violations" in report and os.environ.get("CHAOS_KEEP", "") != "1":
        shutil.rmtree(report.get("workdir") or "/nonexistent", True)
        return
    try:
        with open(os.path.join(report["workdir"], "report.json"), "w") as f:
            json.dump(report, f, indent=1, sort_keys=True, default=str)
    except (OSError, IOError, KeyError):
        pass


def wired_points():
    """Fault points the engine really calls (``faults.point("name")`` in its source)."""
    found = set()
    for base, _, files in os.walk(os.path.join(ROOT, "exchange", "workflows")):
        for f in files:
            if f.endswith(".py"):
                with open(os.path.join(base, f)) as fh:
                    found.update(re.findall(r'faults\.point\("([a-z_]+)"\)', fh.read()))
    return found


def fault_points():
    """The named fault points, read from the engine's faults module docstring."""
    sys.path.insert(0, ROOT)
    from exchange.workflows.engine import faults
    return re.findall(r"^  ([a-z_]+) {2,}", faults.__doc__, re.M)


def postgres_up():
    s = socket.socket()
    s.settimeout(1.0)
    try:
        s.connect(("127.0.0.1", 5432))
        return True
    except (socket.error, OSError):
        return False
    finally:
        s.close()


def pg_admin(sql, db="postgres"):
    import psycopg
    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname=db,
                         autocommit=True) as c:
        cur = c.execute(sql)
        return cur.fetchall() if cur.description else None


def create_pg_db():
    name = "chaos_%s" % uuid.uuid4().hex[:10]
    pg_admin("CREATE DATABASE %s" % name)
    return name


def drop_pg_db(name):
    try:
        pg_admin("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
    except Exception as exc:  # cleanup only; report, do not mask the verdict
        sys.stderr.write("could not drop chaos database %s: %s\n" % (name, exc))


class Workdir(object):
    """A chaos run's folder: SQLite data, effects file, worker logs."""

    def __init__(self, path=None, pg=None, interpreter="cpython"):
        self.interpreter = interpreter
        self.path = path or tempfile.mkdtemp(prefix="chaos-")
        self.data_dir = os.path.join(self.path, "gw")
        self.effects = os.path.join(self.path, "effects.log")
        self.pg = pg
        self.procs = []
        self.n = 0

    def spawn(self, name="gwA", args=(), faults=None):
        self.n += 1
        env = dict(os.environ)
        env.pop("EXCHANGE_WORKFLOWS_FAULTS", None)
        if faults:
            env["EXCHANGE_WORKFLOWS_FAULTS"] = faults
        env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
        wargs = ["--name", name, "--data-dir", self.data_dir, "--effects", self.effects] + \
            (["--pg", self.pg] if self.pg else []) + list(args)
        if self.interpreter == "jython":
            cmd = jython_command(WORKER, wargs)
        else:
            cmd = [sys.executable, WORKER] + wargs
        log = open(os.path.join(self.path, "worker-%03d-%s.log" % (self.n, name)), "wb")
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        log.close()
        self.procs.append(p)
        return p

    def kill(self, p):
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
        p.wait()

    def kill_all(self):
        for p in self.procs:
            if p.poll() is None:
                self.kill(p)

    def verify(self):
        return C.verify(self.data_dir, self.pg, self.effects)


NOT_EXERCISED = ("after_flush_commit",)
FAULT_EXIT = 137  # a fault point ends the worker with os._exit(137); our SIGKILL gives -9


def _died_by_itself(wd, p, round_no, report):
    """A worker that exited on its own (a traceback, a clean exit) was not killed by the
    harness: that is a crash of the product, reported with the tail of its log."""
    report["kills"]["none"] += 1
    report["exits"].append({"round": round_no + 1, "exit": p.returncode})
    report["violations"].append("round %d: the worker exited by itself with code %s before it was "
                                "killed (%s); log tail:\n%s" % (round_no + 1, p.returncode,
                                                                 _log_of(wd, p), _log_tail(wd, p)))  # the workload has no in-memory (non-durable) starts


def crash_rounds(rounds=12, batches=None, pg=None, seed=None, workdir=None, drain_seconds=240,
                 max_life=2.5, out=None, interpreter="cpython", worker_args=()):
    """The single-gateway crash suite; returns a report dict (``violations`` empty = pass).

    Round r seeds batch r (up to ``batches``, default ``rounds``) so fresh work meets every
    kill. Even rounds die at a named fault point (cycling through all of them, the first
    round at ``after_migration_commit``), odd rounds get SIGKILL after a random delay.
    """
    rng = random.Random(seed)
    batches = rounds if batches is None else batches
    own_db = None
    if pg is True:
        own_db = pg = create_pg_db()
    wd = Workdir(workdir, pg, interpreter)
    # a JVM takes seconds to start: on Jython random kills are timed from READY instead
    slow_start = interpreter == "jython"
    wired = wired_points()
    points = [p for p in fault_points() if p not in NOT_EXERCISED and p in wired and
              p != "after_migration_commit"]
    rng.shuffle(points)
    report = {"rounds": rounds, "batches": batches, "backend": "postgresql" if pg else "sqlite",
              "interpreter": interpreter,
              "points_not_wired": sorted(set(fault_points()) - wired),
              "seed": seed, "workdir": wd.path, "kills": {"random": 0, "fault": 0, "none": 0},
              "fault_hits": {}, "fault_misses": {}, "violations": [], "exits": []}
    t0 = time.time()
    try:
        for r in range(rounds):
            nb = min(batches, r + 1)
            args = ["--batches", str(nb), "--workers", str(8 + 4 * min(nb, 16))] + list(worker_args)
            if r % 2 == 0:
                # the first start dies right after the schema migration; later ones cycle
                point = "after_migration_commit" if r == 0 else points[(r // 2 - 1) % len(points)]
                plan = "%s@%d" % (point, 1 if r == 0 else rng.randint(1, 2))
                p = wd.spawn("gwA", args, faults=plan)
                if slow_start:
                    _wait_line(wd, p, "READY", 120, allow_exit=True)
                end = time.time() + max_life * 3
                while p.poll() is None and time.time() < end:
                    time.sleep(0.02)
                rc = p.poll()
                if rc == FAULT_EXIT:
                    report["kills"]["fault"] += 1
                    report["fault_hits"][point] = report["fault_hits"].get(point, 0) + 1
                elif rc is None:
                    wd.kill(p)
                    report["kills"]["random"] += 1
                    report["fault_misses"][point] = report["fault_misses"].get(point, 0) + 1
                else:
                    _died_by_itself(wd, p, r, report)
            else:
                p = wd.spawn("gwA", args)
                if slow_start:
                    _wait_line(wd, p, "READY", 120, allow_exit=True)
                time.sleep(rng.uniform(0.3, max_life))
                if p.poll() is None:
                    report["kills"]["random"] += 1
                    wd.kill(p)
                else:
                    _died_by_itself(wd, p, r, report)
            if out:
                out("round %d/%d: %s" % (r + 1, rounds, report["kills"]))
        p = wd.spawn("gwA", ["--batches", str(batches), "--drain", str(drain_seconds),
                             "--workers", str(8 + 4 * min(batches, 16))])
        rc = p.wait()
        report["drain_exit"] = rc
        died = report.pop("violations")
        report.update(wd.verify())
        report["violations"] = died + report["violations"]
        if rc != 0:
            report["violations"].append("the final worker did not drain every run in %ss (exit %s; "
                                        "see %s)" % (drain_seconds, rc, wd.path))
    finally:
        wd.kill_all()
        report["seconds"] = round(time.time() - t0, 1)
        if own_db:
            drop_pg_db(own_db)
        save_report(report)
    return report


def multi_gateway(runs=300, steps=2, kill_after=None, lease_ms=2000, pg=None, workdir=None,
                  drain_seconds=240, step_ms=10, pause=None, out=None, mg_queue=None):
    """3 gateways on one PostgreSQL database, one SIGKILLed midway; returns a report.

    ``pause`` (seconds): SIGSTOP the victim instead, for that long (longer than the
    lease: a JVM stuck in a GC pause), then SIGCONT it: its runs are taken over and
    it must be fenced off when it wakes up. ``mg_queue``: the runs go to that queue
    (no partition keys), e.g. the workload's rate-limited one.
    """
    own_db = None
    if pg is None:
        own_db = pg = create_pg_db()
    wd = Workdir(workdir, pg)
    names = ["gwA", "gwB", "gwC"]
    common = ["--lease-ms", str(lease_ms), "--heartbeat-ms", str(max(100, lease_ms // 4)),
              "--workers", "4", "--no-mail", "--step-ms", str(step_ms)]
    report = {"runs": runs, "steps": steps, "lease_ms": lease_ms, "workdir": wd.path}
    t0 = time.time()
    try:
        # gwA seeds every run before the others start, so all three compete for one backlog
        seeder = wd.spawn("gwA", common + ["--mg-runs", str(runs), "--mg-steps", str(steps)] +
                          (["--mg-queue", mg_queue] if mg_queue else []))
        _wait_line(wd, seeder, "SEEDED", 120)
        procs = {"gwA": seeder}
        for n in names[1:]:
            procs[n] = wd.spawn(n, common)
        victim = "gwB"
        kill_after = kill_after if kill_after is not None else runs // 3
        _wait_done(wd, kill_after, 240)
        victim_exec = _executor_of(wd, procs[victim])
        held_sql = ("SELECT workflow_id FROM workflow_status WHERE claimed_by = '%s' AND status "
                    "IN ('PENDING','RUNNING')" % victim_exec)
        # Freeze the victim (SIGSTOP), then look at what it holds: a run it held a moment
        # ago may have finished before a signal sent on that evidence arrives. Nothing it
        # holds can finish while it is frozen; only a COMMIT already sent still lands, so
        # let in-flight statements settle before reading. Holding nothing (between claims):
        # thaw it and look again.
        end = time.time() + 60
        held = []
        pid = procs[victim].pid
        # cheap look first (no freeze): a seeded run it is executing right now
        busy_sql = held_sql.replace("'PENDING',", "") + " AND workflow_id NOT LIKE 'sched-%'"
        while time.time() < end and not held:
            worked = sum(1 for l in C.read_lines(wd.effects) if l[0] == "E" and l[2] == victim)
            if worked < 5 or not C.query(wd.data_dir, pg, busy_sql):
                time.sleep(0.005)  # kill it mid-work, once it has done some
                continue
            os.kill(pid, signal.SIGSTOP)
            time.sleep(0.3)
            held = C.query(wd.data_dir, pg, held_sql)
            if not held:
                os.kill(pid, signal.SIGCONT)
                time.sleep(0.01 + random.random() * 0.05)
        if pause:
            if not held:  # timed out looking: pause it anyway, the report says it held none
                os.kill(pid, signal.SIGSTOP)
        else:
            wd.kill(procs[victim])  # SIGKILL ends a stopped process too
        report["killed"] = victim
        report["killed_at_done"] = _done_count(wd)
        report["runs_held_by_killed"] = [r["workflow_id"] for r in held]
        t_kill = time.time()
        if out:
            out("killed %s holding %d runs after %d completions"
                % (victim, len(held), report["killed_at_done"]))
        if pause:
            time.sleep(pause)
            os.kill(procs[victim].pid, signal.SIGCONT)
            report["paused_seconds"] = pause
        ok = _wait_done(wd, runs, drain_seconds)
        # the victim may have held a run that is not one of the seeded ones (a schedule
        # tick): the drain also waits for what it held to be taken over and finished
        ok = ok and _wait_terminal(wd, pg, report["runs_held_by_killed"],
                                   max(1.0, drain_seconds - (time.time() - t_kill)))
        report["drained"] = ok
        report["seconds_after_kill"] = round(time.time() - t_kill, 2)
        v = wd.verify()
        report.update(v)
        if not ok:
            v["violations"].append("not every run finished within %ss" % drain_seconds)
        rows = dict((r["workflow_id"], r) for r in C.query(
            wd.data_dir, pg, "SELECT workflow_id, status, claimed_by, recovery_attempts "
                             "FROM workflow_status"))
        taken = [w for w in report["runs_held_by_killed"]
                 if rows[w]["status"] == "SUCCESS" and not str(rows[w]["claimed_by"] or "")
                 .startswith(victim)]
        report["taken_over"] = len(taken)
        if len(taken) != len(report["runs_held_by_killed"]):
            v["violations"].append("runs held by the killed gateway not finished by a peer: %s"
                                   % sorted(set(report["runs_held_by_killed"]) - set(taken)))
        execs = [l for l in C.read_lines(wd.effects) if l[0] == "E"]
        per_gw = {}
        for l in execs:
            per_gw[l[2]] = per_gw.get(l[2], 0) + 1
        report["step_executions_per_gateway"] = per_gw
        held_ids = set(report["runs_held_by_killed"])
        resumed = [l[1] for l in execs if l[3] in held_ids and l[2] != victim]
        if resumed:  # kill -> first step of a taken-over run on a peer (lease expiry + sweep)
            report["takeover_ms"] = int(min(resumed) - t_kill * 1000)
        report["violations"] = v["violations"]
    finally:
        wd.kill_all()
        report["seconds"] = round(time.time() - t0, 1)
        if own_db:
            drop_pg_db(own_db)
        save_report(report)
    return report


def _log_of(wd, p):
    idx = wd.procs.index(p) + 1
    for f in os.listdir(wd.path):
        if f.startswith("worker-%03d-" % idx):
            return os.path.join(wd.path, f)
    return None


def _log_tail(wd, p, size=1500):
    path = _log_of(wd, p)
    if not path:
        return "(no log)"
    with open(path, "rb") as f:
        return f.read()[-size:].decode("utf-8", "replace")


def _wait_line(wd, p, text, timeout, allow_exit=False):
    end = time.time() + timeout
    while time.time() < end:
        with open(_log_of(wd, p), "rb") as f:
            if text.encode() in f.read():
                return True
        if p.poll() is not None:
            if allow_exit:
                return False
            raise RuntimeError("worker exited (%s) before printing %s; see %s"
                               % (p.returncode, text, _log_of(wd, p)))
        time.sleep(0.05)
    raise RuntimeError("worker did not print %s within %ss" % (text, timeout))


def _executor_of(wd, p):
    _wait_line(wd, p, "READY", 60)
    with open(_log_of(wd, p), "rb") as f:
        for line in f.read().decode("utf-8", "replace").splitlines():
            if line.startswith("READY "):
                return line.split()[2]
    raise RuntimeError("no READY line")


def _done_count(wd):
    rows = C.query(wd.data_dir, wd.pg, "SELECT COUNT(*) AS n FROM workflow_status WHERE status IN (%s)"
                   % ",".join("'%s'" % t for t in C.TERMINAL))
    return int(rows[0]["n"])


def _wait_terminal(wd, pg, ids, timeout):
    """True once none of the runs ``ids`` is PENDING/RUNNING/ENQUEUED any more."""
    if not ids:
        return True
    sql = ("SELECT COUNT(*) AS n FROM workflow_status WHERE status IN ('ENQUEUED','PENDING',"
           "'RUNNING') AND workflow_id IN (%s)" % ", ".join("'%s'" % i for i in ids))
    end = time.time() + timeout
    while time.time() < end:
        if int(C.query(wd.data_dir, pg, sql)[0]["n"]) == 0:
            return True
        time.sleep(0.1)
    return False


def _wait_done(wd, n, timeout):
    end = time.time() + timeout
    while time.time() < end:
        if _done_count(wd) >= n:
            return True
        time.sleep(0.1)
    return False
