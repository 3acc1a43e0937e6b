"""system.tag speed: reads and writes of 1,000 memory tags, write -> valueChanged latency,
loading large tag exports, and expression tags with relative ``tag()`` lookups.

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


REAL_TAGS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "fixtures", "real", "tags")


def _largest_real_export():
    best = None
    for dirpath, _, files in os.walk(REAL_TAGS):
        for f in files:
            if f.endswith(".json"):
                p = os.path.join(dirpath, f)
                if best is None or os.path.getsize(p) > os.path.getsize(best):
                    best = p
    return best


def _synthetic_export(path, types=78, target=15100):
    """A provider export shaped like a large real one: UDT types (with a nested instance,
    parameter bindings, relative expressions) and folders of instances and plain tags."""
    import json
    defs = []
    for t in range(types):
        defs.append({"name": "T%02d" % t, "tagType": "UdtType",
                     "parameters": {"Dev": {"dataType": "String", "value": "PLC%d" % t},
                                    "Rate": {"dataType": "Float8", "value": 1.5}},
                     "tags": [{"name": "In%d" % m, "tagType": "AtomicTag", "valueSource": "opc",
                               "dataType": "Float8", "opcServer": "Ignition OPC UA Server",
                               "opcItemPath": {"bindType": "parameter",
                                               "binding": "ns=1;s=[{Dev}]{InstanceName}/In%d" % m}}
                              for m in range(6)] +
                             [{"name": "Sp", "dataType": "Float8", "value": 10.0,
                               "engUnit": "rpm", "documentation": "setpoint"},
                              {"name": "Scaled", "valueSource": "expr", "dataType": "Float8",
                               "expression": "{[.]Sp} * {Rate}"},
                              {"name": "Ok", "valueSource": "expr", "dataType": "Boolean",
                               "expression": "{[.]Sp} > 0 && {[.]../Enable}"},
                              {"name": "Diag", "tagType": "Folder", "tags": [
                                  {"name": "Count", "dataType": "Int4", "value": 0},
                                  {"name": "Text", "dataType": "String", "value": "ok"}]}]})
    per_inst = 11
    n_inst = (target * 2 // 3) // per_inst
    plain = target - n_inst * (per_inst + 1) - types * (per_inst + 1)
    folders = []
    for f in range(40):
        kids = [{"name": "Enable", "dataType": "Boolean", "value": True}]
        for i in range(n_inst // 40):
            kids.append({"name": "M%03d" % i, "tagType": "UdtInstance", "typeId": "T%02d" % (i % types),
                         "parameters": {"Dev": "Dev%d" % i},
                         "tags": [{"name": "Sp", "value": float(i)}]})
        for i in range(max(0, plain // 40 - 1)):
            kids.append({"name": "P%04d" % i, "dataType": "Float8", "value": i * 0.5,
                         "historyEnabled": True, "engUnit": "m3/h", "tooltip": "plain tag %d" % i})
        folders.append({"name": "Area%02d" % f, "tagType": "Folder", "tags": kids})
    doc = {"name": "", "tagType": "Provider",
           "tags": [{"name": "_types_", "tagType": "Folder", "tags": defs}] + folders}
    with open(path, "w") as fh:
        json.dump(doc, fh, indent=2)
    return path


def _load_figure(label, path, repeats, goal):
    import json
    counts = {}

    def load():
        gw = Gateway()
        try:
            gw.tags.load_file(path)
            counts["n"] = sum(1 for p in gw.tags.providers.values() for n in p.root.walk()
                              if n.tag_type == "AtomicTag")
        finally:
            gw.shutdown()

    def parse():
        with open(path) as fh:
            json.load(fh)
    sim = _time(load, repeats)
    base = _time(parse, repeats)
    size = os.path.getsize(path) / 1e6
    return _figure("%s (%.1f MB, %d atomic tags) load vs json.load" % (label, size, counts["n"]),
                   sim, base, goal)


def _expression_figures(system, gw, repeats):
    tags = [{"name": "Src", "dataType": "Float8", "value": 1.0}] + [
        {"name": "F%03d" % i, "tagType": "Folder", "tags": [
            {"name": "E", "valueSource": "expr", "dataType": "Float8",
             "expression": 'tag("[.]../Src") * 2'}]} for i in range(N)]
    gw.tags.load_data(tags, base_path="Rel")
    paths = ["[default]Rel/F%03d/E" % i for i in range(N)]
    assert all(q.quality.isGood() for q in system.tag.readBlocking(paths))
    plain = dict((p, 0.0) for p in paths)
    out = [_figure("tag.readBlocking 1,000 expression tags using relative tag() vs dict lookups",
                   _time(lambda: system.tag.readBlocking(paths), repeats),
                   _time(lambda: [plain[p] for p in paths], repeats), "<= 5 ms")]
    counter = [1.0]

    def bump():
        counter[0] += 1.0
        system.tag.writeBlocking(["[default]Rel/Src"], [counter[0]])
    sim = _time(bump, repeats)
    assert gw.tags.value("[default]Rel/F007/E") == counter[0] * 2
    out.append(_figure("1 write re-evaluating 1,000 expression tags (relative tag()) vs 1,000 dict stores",
                       sim, _time(lambda: [plain.__setitem__(p, 1.0) for p in paths], repeats),
                       "informative"))
    return out


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
            out.extend(_expression_figures(system, gw, repeats))
        load_repeats = 3 if quick else 7
        real = _largest_real_export()
        if real:
            out.append(_load_figure("largest real export %s" % os.path.basename(real), real,
                                    load_repeats, "<= 1 s for ~14,000 tags / 4 MB"))
        synth = _synthetic_export(os.path.join(tmp, "synthetic.json"))
        out.append(_load_figure("generated export, 78 UDT types", synth, load_repeats,
                                "<= 1 s (1000 ms)"))
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
