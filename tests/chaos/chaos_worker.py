"""A gateway worker process for the chaos suites (CPython, gateway_sim, real engine).

    python3 tests/chaos/chaos_worker.py --name gwA --data-dir D --effects F
        [--pg DBNAME] [--batches N] [--mg-runs N] [--drain SECONDS] [--lease-ms ..]

It builds a simulated gateway named ``--name`` (exposed as
``[System]Gateway/SystemName``, which the engine uses as its node id), points
``WorkflowsDB`` at the SQLite file in ``--data-dir`` or at PostgreSQL database
``--pg``, registers ``chaos_workload``, starts the engine, re-issues the starts of
every batch not yet acknowledged in the effects file, then runs until killed.
With ``--drain S`` it instead exits 0 once every acknowledged run is terminal
(exit 3 after S seconds) and writes ``<effects>.summary-<name>.json``.
Faults come from ``EXCHANGE_WORKFLOWS_FAULTS`` (engine/faults.py).
May import: the standard library, ``gateway_sim``, ``exchange.workflows``.
"""
from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for p in (ROOT, HERE):
    if p not in sys.path:
        sys.path.insert(0, p)

# The java.* import hook must exist before exchange.workflows.compat is imported: compat
# binds java.lang.Throwable into CATCHABLE at import time (see notes_for_core.md, chaos #1).
import gateway_sim.java  # noqa: E402
gateway_sim.java.install()
import chaos_workload as W  # noqa: E402

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def parse(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--name", default="gwA")
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--effects", required=True)
    ap.add_argument("--pg", default=None, help="PostgreSQL database name (else SQLite)")
    ap.add_argument("--busy-ms", type=int, default=None, help="SQLite busy timeout")
    ap.add_argument("--batches", type=int, default=0, help="seed batches 0..N-1")
    ap.add_argument("--no-mail", action="store_true", help="batches without mailbox workflows")
    ap.add_argument("--mg-runs", type=int, default=0, help="seed the multi-gateway plan")
    ap.add_argument("--mg-steps", type=int, default=2)
    ap.add_argument("--step-ms", type=int, default=0, help="extra time each step takes")
    ap.add_argument("--no-fsync", action="store_true", help="benchmarks: no fsync per effect")
    ap.add_argument("--mg-queue", default=None, help="multi-gateway plan without partitions, "
                    "in this queue")
    ap.add_argument("--drain", type=float, default=0.0)
    ap.add_argument("--workers", type=int, default=16,
                    help="worker threads; 0 = seed only (drain maintenance: runs nothing)")
    ap.add_argument("--lease-ms", type=int, default=3000)
    ap.add_argument("--heartbeat-ms", type=int, default=500)
    ap.add_argument("--poll-ms", type=int, default=100)
    ap.add_argument("--sweep-ms", type=int, default=300)
    ap.add_argument("--hold-until", default=None,
                    help="benchmarks: claim nothing until this file exists (start-up of "
                         "several gateways is then not part of the measured span)")
    ap.add_argument("--crash-after-seed", action="store_true",
                    help="raise right after seeding (tests that the harness flags a worker "
                         "that dies by itself)")
    return ap.parse_args(argv)


def read_effects(path):
    out = []
    if not os.path.exists(path):
        return out
    with open(path, "rb") as f:
        for line in f:
            try:
                out.append(json.loads(line.decode("utf-8")))
            except ValueError:
                pass  # never expected: one write per line
    return out


def build_gateway(args):
    from gateway_sim import Gateway
    gw = Gateway(name=args.name, data_dir=args.data_dir, project_name="chaos")
    if args.pg:
        gw.databases.add_datasource("WorkflowsDB", type="postgresql", database=args.pg,
                                    maxActive=24, **PG)
    else:
        extra = {"busyTimeoutMs": args.busy_ms} if args.busy_ms else {}
        gw.databases.add_datasource("WorkflowsDB", type="sqlite", maxActive=24, **extra)
    gw.databases.set_default("WorkflowsDB")
    gw.tags.add_provider("System")
    return gw


def set_system_name(system, name):
    system.tag.configure("[System]", [{"name": "Gateway", "tagType": "Folder", "tags": [
        {"name": "SystemName", "tagType": "AtomicTag", "valueSource": "memory",
         "dataType": "String", "value": name}]}], "o")


def mg_plan(n, steps, queue=None):
    return [{"wid": "mg-%d" % i, "name": "chaos.linear", "inputs": {"steps": steps, "events": False},
             "queue": queue or W.PART_QUEUE, "pkey": None if queue else "k%d" % (i % W.N_PARTITIONS)}
            for i in range(n)]


def retry(fn, attempts=60):
    """What a caller does when a start fails (database down): retry the idempotent call."""
    from java.lang import Throwable
    for i in range(attempts):
        try:
            return fn()
        except (Exception, Throwable) as exc:
            if i == attempts - 1:
                raise
            sys.stderr.write("caller: retrying after %s\n" % (str(exc)[:200],))
            time.sleep(0.25)


def seed(rt, args, lines):
    done = set(l[1] for l in lines if l[0] == "B")
    acked = set(l[1] for l in lines if l[0] == "S")
    plans = []
    for b in range(args.batches):
        if b not in done:
            plans.append((b, W.batch_plan(b, mail=not args.no_mail), W.external_messages(b)
                          if not args.no_mail else []))
    if args.mg_runs and "mg" not in done:
        plans.append(("mg", mg_plan(args.mg_runs, args.mg_steps, args.mg_queue), []))
    for b, starts, msgs in plans:
        for s in starts:
            retry(lambda: rt.startWorkflow(s["name"], s["inputs"], workflowId=s["wid"],
                                           queueName=s["queue"], partitionKey=s["pkey"],
                                           allowDuringMaintenance=True))
            if s["wid"] not in acked:
                W.emit(["S", s["wid"]])
        for dest, topic, body, uid in msgs:
            retry(lambda: rt.send(dest, body, topic, uid))
            W.emit(["M", uid, dest, topic, uid])
        if isinstance(b, int):
            debounce_burst(rt, b, acked)
        W.emit(["B", b])
        if isinstance(b, int) and b >= 1:
            # cancel the previous batch's long run mid-way (the caller's durable cancel),
            # and its parent of slow children (the cancel cascades to them)
            for victim in ("r%d-long" % (b - 1), "r%d-kids" % (b - 1)):
                W.emit(["K", victim])  # a crash right after the cancel commit leaves no C line
                n = retry(lambda: rt.cancelWorkflow(victim, "chaos cancel"))
                W.emit(["C", victim, int(n), int(time.time() * 1000)])


def debounce_burst(rt, b, acked):
    """A flapping input: DEBOUNCE_BURST starts of one debounce key in quick succession.
    Each acknowledged start is a D line (batch, n, run id); checks: the run the last
    start landed in ran with the last inputs, and no run was lost."""
    for n in range(W.DEBOUNCE_BURST):
        wid = retry(lambda: rt.enqueue("chaos.debounced", {"n": n}, debounceKey="deb-%d" % b,
                                       debounceSeconds=W.DEBOUNCE_SECONDS,
                                       allowDuringMaintenance=True))
        W.emit(["D", b, n, wid])
        if wid not in acked:
            acked.add(wid)
            W.emit(["S", wid])


def drain(rt, lines_path, seconds):
    end = time.time() + seconds
    terminal = set(["SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"])
    while time.time() < end:
        acked = [l[1] for l in read_effects(lines_path) if l[0] == "S"]
        try:
            st = rt.countByStatus()
        except Exception as exc:  # the database-fault suites break connections on purpose
            sys.stderr.write("drain: status query failed: %s\n" % (exc,))
            time.sleep(0.2)
            continue
        active = sum(r["count"] for r in st if r["status"] not in terminal)
        if acked and active == 0:
            return True
        time.sleep(0.2)
    return False


def main(argv=None):
    args = parse(argv)
    W.open_effects(args.effects, args.name)
    W.STATE["step_ms"] = args.step_ms
    W.STATE["fsync"] = not args.no_fsync
    gw = build_gateway(args)
    from gateway_sim import simulate
    sim = simulate(gw)
    sim.__enter__()
    import system
    set_system_name(system, args.name)
    from exchange.workflows.engine import instance
    if args.workers == 0 or args.hold_until:
        # Held from the first moment: getWorkflows() starts the dispatcher, whose first
        # cycle could claim from the backlog before enterMaintenance() below (seen in the
        # multi-gateway bench: the first gateway up started runs while the others were
        # still importing, and the measured span began ~200 ms before the go).
        from exchange.workflows import compat
        from exchange.workflows.engine import kernel as K
        compat.atomic_set(K.get(K.get_kernel(), "maintenanceEnabled"), True)
    rt = instance.getWorkflows()
    rt.configure(leaseMs=args.lease_ms, heartbeatMs=args.heartbeat_ms, pollMs=args.poll_ms,
                 sweepMs=args.sweep_ms, workflowWorkers=max(1, args.workers),
                 maxRecoveryAttempts=100000)
    if args.workers == 0:  # a seeder (benchmarks): starts the plan, runs none of it
        rt.enterMaintenance("drain", "seed-only worker (--workers 0)")
    elif args.hold_until:
        rt.enterMaintenance("drain", "held until %s exists (--hold-until)" % args.hold_until)
    retry(lambda: rt.addSchedule(**W.SCHEDULE))  # every gateway, idempotent
    retry(lambda: rt.setQueueRateLimit(W.RATE_QUEUE, *W.RATE))  # every gateway, idempotent
    sys.stdout.write("READY %s %s\n" % (args.name, rt.executor_id))
    sys.stdout.flush()
    seed(rt, args, read_effects(args.effects))
    sys.stdout.write("SEEDED\n")
    sys.stdout.flush()
    if args.hold_until and args.workers:
        while not os.path.exists(args.hold_until):
            time.sleep(0.005)
        rt.exitMaintenance()
        sys.stdout.write("GO\n")
        sys.stdout.flush()
    if args.crash_after_seed:
        raise RuntimeError("deliberate worker crash (--crash-after-seed)")
    if args.drain:
        # no tick may start a run after the drain saw nothing active (pauses every gateway)
        retry(lambda: rt.pauseSchedule(W.SCHEDULE["name"]))
        ok = drain(rt, args.effects, args.drain)
        summary = {"name": args.name, "executor": rt.executor_id, "drained": ok,
                   "counters": rt.getExecutorDiagnostics(), "logs": {}}
        for r in gw.util.records:
            if r.level in ("WARN", "ERROR"):
                key = "%s %s" % (r.level, r.message.split(" ")[0])
                summary["logs"][key] = summary["logs"].get(key, 0) + 1
        with open("%s.summary-%s.json" % (args.effects, args.name), "w") as f:
            json.dump(summary, f, indent=1, sort_keys=True, default=str)
        instance.shutdownRuntime(2)
        os._exit(0 if ok else 3)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
