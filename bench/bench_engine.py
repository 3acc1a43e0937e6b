"""Engine benchmarks on the default SQLite (WAL) datasource of a simulated gateway.

Figures (medians of several timed runs; baselines measured in the same run):
  * per-step durable cost: a workflow times its own loop of N no-op steps (each step
    call + its one checkpoint commit), as a ratio to the physical limit: a raw sqlite3
    commit loop of the engine's statement shape (``_guarded_baseline.py``: the same
    guarded INSERT ... SELECT, columns and keys, on scratch tables in the same file),
    repetitions interleaved with the engine's (goal <= 2x, issue 14 item 7);
  * the same in CPU time of the measuring thread (``time.thread_time``): on a shared,
    loaded machine wall time mostly measures waiting for a core, CPU time does not;
  * where the rest of a step's time goes (informative, same run, CPU time): the same statement
    through ``system.db.runPrepUpdate`` (the simulator's datasource: pool, argument
    binding, ``system`` surface), the two ``system.date.now()`` calls a step makes
    (start and completion time), and the engine's own bookkeeping (the remainder);
  * the old baseline, one raw INSERT + COMMIT of a 2-column row, is kept as a figure;
  * throughput: 200 workflows x 10 steps, enqueue to all SUCCESS (goal >= 500 wf/s);
  * start -> RUNNING latency p50: ``enqueue()`` call to the workflow body starting
    (goal <= 2 ms);
  * durable enqueue: one ``enqueue()`` (row committed) (goal <= 150 us);
  * ``enqueueInMemory`` p99 (goal <= 50 us);
  * restart -> first resumed step: a fresh kernel (new executor, as after a gateway
    restart) finds an interrupted run and executes its next step (goal <= 0.5 s).

    python3 bench/bench_engine.py [--quick]

Exposes ``run(quick=False) -> list of dict(figure, value, unit, baseline, ratio, goal)``.
May import: the standard library, ``gateway_sim``, ``exchange.workflows``.
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import _guarded_baseline as GB  # noqa: E402

from gateway_sim import Gateway, simulate  # noqa: E402

MARKS = {}
EVENTS = {}


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def _pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def _register():
    from exchange.workflows.bootstrap import step, workflow

    @step("bench.noop")
    def noop(i):
        return i

    @workflow("bench.steps")
    def steps(n=10):
        for i in range(n):
            noop(i)
        return n

    @workflow("bench.step_loop")
    def step_loop(n=200):
        t0, c0 = time.perf_counter(), time.thread_time()
        for i in range(n):
            noop(i)
        return [(time.perf_counter() - t0) / n, (time.thread_time() - c0) / n]

    @workflow("bench.mark")
    def mark(key=None):
        MARKS[key] = time.perf_counter()
        return None

    @step("bench.resume_step")
    def resume_step():
        MARKS["resumed"] = time.perf_counter()
        ev = EVENTS.get("resumed")
        if ev is not None:
            ev.set()
        return 1

    @workflow("bench.resume")
    def resume_wf():
        noop(0)
        resume_step()
        return 1


def _raw_commit(path, n):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, v TEXT)")
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        con.execute("BEGIN")
        con.execute("INSERT INTO bench_raw (v) VALUES (?)", ("x" * 20,))
        con.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    con.close()
    return _median(times)


def _wait_all(rt, ids, timeout=120):
    from exchange.workflows.engine import host
    end = time.time() + timeout
    pending = set(ids)
    while pending and time.time() < end:
        marks = ",".join("?" * min(len(pending), 500))
        chunk = list(pending)[:500]
        rows = host.db_query("SELECT workflow_id FROM workflow_status WHERE status = 'SUCCESS' AND "
                             "workflow_id IN (%s)" % marks, chunk, rt.dbName)
        for r in rows:
            pending.discard(r["workflow_id"])
        if pending:
            time.sleep(0.002)
    if pending:
        raise RuntimeError("%d runs did not finish" % len(pending))


def _step_loop(rt, n):
    """[wall, CPU of the worker thread] seconds per step, timed inside the workflow (no
    dispatch or polling noise)."""
    return rt.getResult(rt.enqueue("bench.step_loop", {"n": n}), 120)


def _cpu_and_wall(fn, n):
    c0 = time.thread_time()
    wall = fn(n)
    return [wall, (time.thread_time() - c0) / n]


def _per_step(rt, db_path, n, reps):
    """Engine per step, the raw guarded commit, and the parts of the difference (seconds)."""
    from exchange.workflows.engine import host
    import system
    base = GB.Baseline("sqlite", db_path)
    sql = GB.statement("sqlite")
    now = host.now_ms()
    box = [10 ** 9]

    def via_system_db(m):
        t0 = time.perf_counter()
        for _ in range(m):
            box[0] += 1
            system.db.runPrepUpdate(sql, GB._args(box[0], now), rt.dbName)
        return (time.perf_counter() - t0) / m

    def now_ms(m):
        t0 = time.perf_counter()
        for _ in range(m):
            host.now_ms()
        return (time.perf_counter() - t0) / m
    out = dict((k, []) for k in ("engine", "raw", "system_db", "now_ms", "engine_cpu", "raw_cpu",
                                  "system_db_cpu", "now_ms_cpu"))

    def add(name, pair):
        out[name].append(pair[0])
        out[name + "_cpu"].append(pair[1])
    try:
        for _ in range(3):  # warm-up: statement caches, pool, JSON encoder
            _step_loop(rt, 50)
            base.per_step_us(50)
            via_system_db(50)
        for _ in range(reps):  # interleaved: machine noise hits each alike
            add("engine", _step_loop(rt, n))
            add("raw", _cpu_and_wall(lambda m: base.per_step_us(m) / 1e6, n))
            add("system_db", _cpu_and_wall(via_system_db, n))
            add("now_ms", _cpu_and_wall(now_ms, n * 10))
    finally:
        base.close()
    return dict((k, _median(v)) for k, v in out.items())


def measure(quick=False):
    from exchange.workflows.engine import instance, host
    reps = 3 if quick else 5
    out = {}
    d = tempfile.mkdtemp(prefix="bench_engine-")
    gw = Gateway(name="bench-gw", data_dir=d)
    try:
        with simulate(gw):
            _register()
            rt = instance.getWorkflows()
            db_path = os.path.join(d, "db", "WorkflowsDB.sqlite")
            out["raw_commit"] = _raw_commit(db_path, 300 if quick else 1000)
            # per-step cost and where it goes
            out["step"] = _per_step(rt, db_path, 100 if quick else 300, 5 if quick else 11)
            # throughput
            rt.configure(workflowWorkers=4)
            thr = []
            count = 50 if quick else 200
            for _ in range(max(1, reps - 2)):
                t0 = time.perf_counter()
                ids = [rt.enqueue("bench.steps", {"n": 10}) for _ in range(count)]
                _wait_all(rt, ids)
                thr.append(count / (time.perf_counter() - t0))
            out["throughput"] = _median(thr)
            out["throughput_n"] = count
            # start -> RUNNING
            lat = []
            for i in range(40 if quick else 150):
                key = "k%d" % i
                t0 = time.perf_counter()
                wid = rt.enqueue("bench.mark", {"key": key})
                rt.getResult(wid, 10)
                lat.append(MARKS[key] - t0)
            out["start_p50"] = _median(lat)
            # durable enqueue and in-memory enqueue (no dispatch interference)
            rt.enterMaintenance("drain")
            enq = []
            for _ in range(reps):
                m = 200 if quick else 1000
                t0 = time.perf_counter()
                for _ in range(m):
                    rt.enqueue("bench.mark", {"key": "e"}, allowDuringMaintenance=True)
                enq.append((time.perf_counter() - t0) / m)
            out["enqueue"] = _median(enq)
            mem = []
            for _ in range(2000 if quick else 10000):
                t0 = time.perf_counter()
                rt.enqueueInMemory("bench.mark", {"key": "m"}, allowDuringMaintenance=True)
                mem.append(time.perf_counter() - t0)
            out["in_memory_p99"] = _pct(mem, 99)
            out["in_memory_p50"] = _median(mem)
            host.db_update("UPDATE workflow_status SET status = 'CANCELLED' WHERE status = 'ENQUEUED'",
                           [], rt.dbName)
            from exchange.workflows import compat
            from exchange.workflows.engine import kernel as K
            compat.queue_clear(K.get(rt.kernel, "inMemoryQueue"))
            compat.atomic_set(K.get(rt.kernel, "inMemoryQueueDepth"), 0)
            rt.exitMaintenance()
            # restart -> first resumed step
            res = []
            for _ in range(reps):
                res.append(_restart_once(rt))
                rt = instance.getWorkflows()
            out["restart"] = _median(res)
            instance.shutdownRuntime(2)
    finally:
        gw.shutdown()
        shutil.rmtree(d, ignore_errors=True)
    return out


def _restart_once(rt):
    """Leave a run interrupted after step 1, drop the kernel (as a JVM restart), time recovery."""
    from exchange.workflows.engine import host, instance, kernel as K
    from exchange.workflows.engine import starts
    rt.enterMaintenance("drain")
    row = starts.build_row(rt, "bench.resume", {})
    starts.insert(rt, row)
    wid = row["workflow_id"]
    node = K.get(rt.kernel, "nodeId")
    host.db_update("UPDATE workflow_status SET status = 'RUNNING', claimed_by = ?, claimed_node = ?, "
                   "executions = 1, started_at_epoch_ms = ? WHERE workflow_id = ?",
                   [node + ":previous-jvm", node, host.now_ms(), wid], rt.dbName)
    host.db_update("INSERT INTO operation_outputs (workflow_id, call_seq, kind, step_name, status, "
                   "output_json, started_at, completed_at, attempts) VALUES (?, 1, 'step', 'bench.noop', "
                   "'SUCCESS', '0', 1, 1, 1)", [wid], rt.dbName)
    instance.shutdownRuntime(2)
    EVENTS["resumed"] = threading.Event()
    t0 = time.perf_counter()
    instance.getWorkflows()        # new kernel: migrations check + startup recovery + threads
    EVENTS["resumed"].wait(10)
    return MARKS["resumed"] - t0


def run(quick=False):
    m = measure(quick)
    raw = m["raw_commit"]
    st = m["step"]
    return [
        dict(figure="engine per-step durable cost (vs raw sqlite3 commit of the same statement)",
             value=round(st["engine"] * 1e6, 1), unit="us/step", baseline=round(st["raw"] * 1e6, 1),
             ratio=round(st["engine"] / st["raw"], 2), goal="<= 2x"),
        dict(figure="engine per-step CPU time (worker thread) vs raw commit's CPU time",
             value=round(st["engine_cpu"] * 1e6, 1), unit="us/step",
             baseline=round(st["raw_cpu"] * 1e6, 1), ratio=round(st["engine_cpu"] / st["raw_cpu"], 2),
             goal="informative (insensitive to other processes' load)"),
        dict(figure="  part: the statement via system.db.runPrepUpdate (simulator datasource)",
             value=round(st["system_db_cpu"] * 1e6, 1), unit="us/step CPU",
             baseline=round(st["raw_cpu"] * 1e6, 1), ratio=round(st["system_db_cpu"] / st["raw_cpu"], 2),
             goal="informative"),
        dict(figure="  part: 2 x system.date.now() (step start + completion time)",
             value=round(2 * st["now_ms_cpu"] * 1e6, 1), unit="us/step CPU", baseline=None, ratio=None,
             goal="informative"),
        dict(figure="  part: engine bookkeeping (the remainder)",
             value=round((st["engine_cpu"] - st["system_db_cpu"] - 2 * st["now_ms_cpu"]) * 1e6, 1),
             unit="us/step CPU", baseline=None, ratio=None, goal="informative"),
        dict(figure="raw sqlite3 INSERT + COMMIT of a 2-column row (the former baseline)",
             value=round(raw * 1e6, 1), unit="us", baseline=None, ratio=None, goal="informative"),
        dict(figure="engine throughput %d workflows x 10 steps" % m["throughput_n"],
             value=round(m["throughput"], 1), unit="workflows/s", baseline=None, ratio=None,
             goal=">= 500 workflows/s"),
        dict(figure="engine start->RUNNING latency p50", value=round(m["start_p50"] * 1e3, 3),
             unit="ms", baseline=round(raw * 1e3, 3), ratio=round(m["start_p50"] / raw, 2),
             goal="<= 2 ms"),
        dict(figure="engine durable enqueue", value=round(m["enqueue"] * 1e6, 1), unit="us",
             baseline=round(raw * 1e6, 1), ratio=round(m["enqueue"] / raw, 2), goal="<= 150 us"),
        dict(figure="engine enqueueInMemory p99", value=round(m["in_memory_p99"] * 1e6, 1),
             unit="us", baseline=round(m["in_memory_p50"] * 1e6, 1), ratio=None,
             goal="<= 50 us (baseline column = p50)"),
        dict(figure="engine restart -> first resumed step", value=round(m["restart"] * 1e3, 1),
             unit="ms", baseline=None, ratio=None, goal="<= 500 ms"),
    ]


def main():
    quick = "--quick" in sys.argv
    for f in run(quick):
        print("%-60s %10s %-12s baseline=%-8s ratio=%-6s goal %s" % (
            f["figure"], f["value"], f["unit"], f["baseline"], f["ratio"], f["goal"]))


if __name__ == "__main__":
    main()
