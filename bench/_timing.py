"""Shared timing helpers for the micro-benchmarks (medians, per-call figures).

May import: the standard library only.
"""
from __future__ import absolute_import, division, print_function

import time


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def us_per_call(fn, number, repeats):
    """Median microseconds per call over ``repeats`` runs of ``number`` calls (after a warm-up)."""
    fn()  # warm-up (connections, statement caches)
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t0) / number * 1e6)
    return median(runs)


def figure(name, value, baseline, goal, digits=2):
    """One row of the bench contract: figure, value, unit, baseline, ratio, goal."""
    return {"figure": name, "value": round(value, digits), "unit": "us/call",
            "baseline": round(baseline, digits), "ratio": round(value / baseline, 2), "goal": goal}
