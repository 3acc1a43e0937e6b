"""Operator console speed: the runs page over 10,000 runs (goal: <= 300 ms per page).

Builds a gateway (SQLite ``WorkflowsDB`` in a temp folder) holding 10,000 ENQUEUED runs
(enqueued during drain maintenance, so none executes), serves the console on a free
loopback port and times full HTTP requests, as a browser makes them:

  * ``GET /`` (newest 50 runs, counts by status): the page an operator opens;
  * ``GET /?status=ENQUEUED&page=150`` (filtered, deep page: OFFSET 7500);
  * ``GET /?partition=p-7`` (a filter listRuns lacks, so a bounded scan; see pages_runs);
  * ``GET /fragment/runs`` (what each open page polls every 2 s) and its share of one
    core per open page;
  * baseline: ``GET /static/console.css`` (the server's own floor).

    python3 bench/bench_console.py [--quick]

Exposes ``run(quick=False) -> list of dict(figure, value, unit, baseline, ratio, goal)``
(medians). May import: the standard library, ``gateway_sim``, ``exchange.workflows``.
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from gateway_sim import java as _java_hook  # noqa: E402
_java_hook.install()
from gateway_sim import Gateway, simulate  # noqa: E402
from exchange.workflows.bootstrap import getWorkflows, workflow  # noqa: E402

RUNS = 10000
POLL_SECONDS = 2.0


@workflow(name="bench.console.noop")
def noop(i=0):
    return i


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def _get_ms(url, repeats, rows=None):
    from urllib.request import urlopen
    with urlopen(url, timeout=60) as r:  # warm-up; the page must hold what it claims
        first = r.read().decode("utf-8")
    if rows is not None and first.count('href="/runs/') != rows:
        raise AssertionError("%s shows %d runs, expected %d" % (url, first.count('href="/runs/'), rows))
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        with urlopen(url, timeout=60) as r:
            body = r.read()
        times.append((time.perf_counter() - t0) * 1000.0)
    assert len(body) > 0
    return _median(times)


def _fill(rt, n):
    rt.enterMaintenance("drain", "bench: keep runs ENQUEUED")
    for i in range(n):
        rt.enqueue("bench.console.noop", {"i": i}, queueName="q%d" % (i % 4),
                   partitionKey="p-%d" % (i % 50), allowDuringMaintenance=True)


def run(quick=False):
    from gateway_sim.console import start_console
    from gateway_sim.console.source import InProcessSource
    repeats = 5 if quick else 15
    data_dir = tempfile.mkdtemp(prefix="gateway_sim-bench-console-")
    gw = Gateway(name="bench-console", data_dir=data_dir)
    figures = []
    try:
        with simulate(gw):
            rt = getWorkflows()
            t0 = time.perf_counter()
            _fill(rt, RUNS)
            sys.stderr.write("bench_console: %d runs enqueued in %.1f s\n"
                             % (RUNS, time.perf_counter() - t0))
            server = start_console(InProcessSource(gw))
            try:
                base = server.url
                floor = _get_ms(base + "static/console.css", repeats)

                def fig(name, path, goal, rows=None):
                    ms = _get_ms(base + path, repeats, rows)
                    figures.append({"figure": name, "value": round(ms, 2), "unit": "ms",
                                    "baseline": round(floor, 2), "ratio": round(ms / floor, 1),
                                    "goal": goal})
                    return ms
                fig("console runs page, 10,000 runs (GET /)", "", "<= 300 ms", 50)
                fig("console runs page, status filter, page 151", "?status=ENQUEUED&page=150",
                    "<= 300 ms", 50)
                fig("console runs page, partition filter (bounded scan)", "?partition=p-7",
                    "<= 300 ms", 50)
                poll = fig("console live poll (GET /fragment/runs)", "fragment/runs", "<= 300 ms", 50)
                figures.append({"figure": "console live poll, share of one core per open page",
                                "value": round(poll / (POLL_SECONDS * 1000.0) * 100.0, 2),
                                "unit": "%", "baseline": 100.0,
                                "ratio": round(poll / (POLL_SECONDS * 1000.0), 4), "goal": "<= 5 %"})
            finally:
                server.stop()
                rt.exitMaintenance()
                from exchange.workflows.engine import instance
                instance.shutdownRuntime(5)
    finally:
        gw.shutdown()
        shutil.rmtree(data_dir, True)
    return figures


def main():
    for f in run(quick="--quick" in sys.argv):
        print("%-58s %10.2f %-3s (baseline %.2f, goal %s)" % (f["figure"], f["value"], f["unit"],
                                                             f["baseline"], f["goal"]))


if __name__ == "__main__":
    main()
