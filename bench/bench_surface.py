"""Cost of the version-exact ``system`` surface (``gateway_sim.surface``).

Figures (median microseconds per call of several timed runs; the baseline is the
plain module attribute the namespace wraps, measured in the same run):
  * ``system.db.runPrepQuery`` (attribute lookup) vs the implementation module's  (informative)
  * the same lookup vs one ``runPrepQuery("SELECT 1", [])`` on SQLite             (goal <= 0.25x)
  * a missing function, declared with the stub's parameters, raising and caught
    vs raising a plain Python exception                                          (informative)

    python3 bench/bench_surface.py [--quick]

Exposes ``run(quick=False) -> list of dict(figure, value, unit, baseline, ratio, goal)``.
May import: the standard library and ``gateway_sim``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from gateway_sim import Gateway, simulate  # noqa: E402

sys.path.insert(0, HERE)
from _timing import figure, us_per_call  # noqa: E402


def run(quick=False):
    import shutil
    import tempfile
    from gateway_sim.errors import NotImplementedInSimulator
    number, repeats = (5000, 5) if quick else (50000, 9)
    out = []
    tmp = tempfile.mkdtemp(prefix="gateway_sim-bench-surface-")
    gw = Gateway(data_dir=tmp)
    try:
        with simulate(gw):
            import system
            impl = sys.modules["gateway_sim.system.db"]
            lookup = us_per_call(lambda: system.db.runPrepQuery, number, repeats)
            out.append(figure("system.db.runPrepQuery lookup vs module attribute", lookup,
                              us_per_call(lambda: impl.runPrepQuery, number, repeats),
                              "informative", digits=3))
            out.append(figure("system.db.runPrepQuery lookup vs a SELECT 1 call", lookup,
                              us_per_call(lambda: impl.runPrepQuery("SELECT 1", []),
                                          number // 10, repeats),
                              "<= 0.25x", digits=3))
            gap = system.sfc.getRunningCharts

            def raise_gap():
                try:
                    gap()
                except NotImplementedInSimulator:
                    pass

            def raise_plain():
                try:
                    raise ValueError("x")
                except ValueError:
                    pass
            out.append(figure("missing function raising vs raise ValueError",
                              us_per_call(raise_gap, number // 10, repeats),
                              us_per_call(raise_plain, number // 10, repeats),
                              "informative", digits=3))
    finally:
        gw.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(json.dumps(row))
