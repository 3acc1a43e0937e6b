"""bench/run_all.py: collects every bench module's figures, survives a failing one, writes JSON.

Runs the real runner on a temporary folder of fake ``bench_*.py`` modules (no timing
is asserted: speed belongs in bench/, not in tests).
"""
from __future__ import absolute_import, division, print_function

import importlib.util
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _load_runner():
    spec = importlib.util.spec_from_file_location("bench_run_all",
                                                  os.path.join(ROOT, "bench", "run_all.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GOOD = '''
def run(quick=False):
    return [{"figure": "fake figure", "value": 2.0 if quick else 3.0, "unit": "ms",
             "baseline": 1.0, "ratio": 2.0, "goal": "<= 3x"}]
'''
BAD = '''
def run(quick=False):
    raise RuntimeError("bench exploded")
'''


def test_run_all_collects_figures_and_reports_failures(tmp_path, monkeypatch, capsys):
    ra = _load_runner()
    (tmp_path / "bench_good.py").write_text(GOOD)
    (tmp_path / "bench_bad.py").write_text(BAD)
    (tmp_path / "helper.py").write_text("X = 1\n")  # not a bench module: ignored
    monkeypatch.setattr(ra, "HERE", str(tmp_path))
    monkeypatch.setattr(ra, "RESULTS", str(tmp_path / "results"))
    assert ra.modules() == ["bench_bad", "bench_good"]
    rc = ra.main(["--quick"])
    out = capsys.readouterr().out
    assert rc == 1  # a failing benchmark is reported, not hidden
    assert "fake figure" in out and "bench exploded" in out
    for header in ("figure", "value", "baseline", "ratio", "goal"):
        assert header in out.splitlines()[0]
    doc = json.loads((tmp_path / "results" / "latest.json").read_text())
    assert doc["quick"] is True
    assert doc["figures"][0]["value"] == 2.0 and doc["figures"][0]["module"] == "bench_good"
    assert "bench_bad" in doc["errors"]
    stamped = [p for p in os.listdir(str(tmp_path / "results")) if p != "latest.json"]
    assert len(stamped) == 1 and stamped[0].endswith(".json")


def test_only_selects_modules(tmp_path, monkeypatch):
    ra = _load_runner()
    for n in ("bench_a.py", "bench_b.py"):
        (tmp_path / n).write_text(GOOD)
    monkeypatch.setattr(ra, "HERE", str(tmp_path))
    assert ra.modules(["a"]) == ["bench_a"]
    assert ra.modules(["bench_b"]) == ["bench_b"]
