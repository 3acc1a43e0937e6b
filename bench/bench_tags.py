"""system.tag speed: reads and writes of 1,000 memory tags, and write -> valueChanged latency.

Figures (medians of several timed runs; baselines measured in the same run):
  * ``system.tag.readBlocking`` of 1,000 tag paths (goal: <= 2 ms), next to a plain
    dict lookup loop over the same 1,000 path strings;
  * ``system.tag.writeBlocking`` of 1,000 tags (new values each run, so change
    detection and event queueing are exercised), next to a dict store loop;
  * write -> ``valueChanged`` script start latency (one tag, real clock), next to a
    ``threading.Event`` hand-off between two threads (the floor of any cross-thread event).

    python3 bench/bench_tags.py [--quick]

Exposes ``run(quick=False) -> list of dict(figure, value, unit, baseline, ratio, goal)``.
May import: the standard library, ``gateway_sim``.
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sys
import tempfile
import threading
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from gateway_sim import Gateway, simulate  # noqa: E402

N = 1000


def _median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def _time(fn, repeats):
    """Median milliseconds per call of ``fn`` over ``repeats`` runs."""
    fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000.0)
    return _median(runs)


def _figure(name, value, baseline, goal, unit="ms"):
    return {"figure": name, "value": round(value, 4), "unit": unit,
            "baseline": round(baseline, 4), "ratio": round(value / baseline, 2) if baseline else None,
            "goal": goal}


def _latency(system, gw, repeats):
    """Median ms from writeBlocking returning... to the script's first line running."""
    mod = types.ModuleType("_bench_tag_latency")
    mod.event = threading.Event()
    mod.t_script = [0.0]
    sys.modules["_bench_tag_latency"] = mod
    gw.tags.load_data([{"name": "Lat", "dataType": "Int4", "value": 0, "eventScripts": [
        {"eventid": "valueChanged", "script":
            "\timport time, _bench_tag_latency as m\n"
            "\tif not initialChange:\n"
            "\t\tm.t_script[0] = time.perf_counter()\n"
            "\t\tm.event.set()\n"}]}], base_path="Bench")
    gw.tags.flush_events()
    samples = []
    for i in range(repeats):
        mod.event.clear()
        t0 = time.perf_counter()
        system.tag.writeBlocking(["[default]Bench/Lat"], [i + 1])
        mod.event.wait(5)
        samples.append((mod.t_script[0] - t0) * 1000.0)
    # Baseline: a bare cross-thread hand-off with threading.Event.
    go, done = threading.Event(), threading.Event()
    stamp = [0.0]
    stop = [False]

    def waiter():
        while True:
            go.wait()
            go.clear()
            if stop[0]:
                return
            stamp[0] = time.perf_counter()
            done.set()
    t = threading.Thread(target=waiter)
    t.daemon = True
    t.start()
    base = []
    for _ in range(repeats):
        done.clear()
        t0 = time.perf_counter()
        go.set()
        done.wait(5)
        base.append((stamp[0] - t0) * 1000.0)
    stop[0] = True
    go.set()
    return _median(samples), _median(base)


def run(quick=False):
    repeats = 7 if quick else 31
    tmp = tempfile.mkdtemp(prefix="bench_tags-")
    gw = Gateway(data_dir=tmp)
    out = []
    try:
        with simulate(gw):
            import gateway_sim.system as system
            tags = [{"name": "F%02d" % f, "tagType": "Folder",
                     "tags": [{"name": "T%03d" % i, "dataType": "Float8", "value": 0.0}
                              for i in range(N // 10)]} for f in range(10)]
            gw.tags.load_data(tags, base_path="Bench")
            paths = ["[default]Bench/F%02d/T%03d" % (f, i) for f in range(10) for i in range(N // 10)]
            assert all(q.quality.isGood() for q in system.tag.readBlocking(paths))

            plain = dict((p, 0.0) for p in paths)
            sim = _time(lambda: system.tag.readBlocking(paths), repeats)
            base = _time(lambda: [plain[p] for p in paths], repeats)
            out.append(_figure("tag.readBlocking 1,000 memory tags vs dict lookup loop", sim, base,
                               "<= 2 ms"))

            counter = [0.0]

            def write_all():
                counter[0] += 1.0
                system.tag.writeBlocking(paths, [counter[0]] * N)

            def dict_store():
                counter[0] += 1.0
                v = counter[0]
                for p in paths:
                    plain[p] = v
            sim = _time(write_all, repeats)
            base = _time(dict_store, repeats)
            gw.tags.flush_events()
            out.append(_figure("tag.writeBlocking 1,000 memory tags vs dict store loop", sim, base,
                               "informative"))

            lat, base = _latency(system, gw, repeats * 3)
            out.append(_figure("write -> valueChanged script start vs threading.Event hand-off",
                               lat, base, "informative"))
    finally:
        gw.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main(argv):
    quick = "--quick" in argv
    for f in run(quick):
        print("%-66s %10.4f %s  (baseline %.4f %s, ratio %sx; goal %s)"
              % (f["figure"], f["value"], f["unit"], f["baseline"], f["unit"], f["ratio"], f["goal"]))


if __name__ == "__main__":
    main(sys.argv[1:])
