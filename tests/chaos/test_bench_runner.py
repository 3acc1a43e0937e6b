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


def _fig(goal, value=1.0, unit="ms", ratio=None, **kw):
    d = {"figure": "f", "value": value, "unit": unit, "baseline": None, "ratio": ratio, "goal": goal}
    d.update(kw)
    return d


def test_verdict_reads_ratio_value_percent_and_informative_goals():
    ra = _load_runner()
    v = ra.verdict
    assert v(_fig("<= 3x", ratio=2.9)) == "met"
    assert v(_fig("<= 3x", ratio=3.1)) == "MISSED"
    assert v(_fig(">= 2.5x (3 gateways)", ratio=2.4)) == "MISSED"
    assert v(_fig("<= 2x CPython 3.11.2", ratio=1.5)) == "met"
    assert v(_fig("ratio <= 2", ratio=1.85)) == "met"
    assert v(_fig("ratio <= 2", ratio=2.7)) == "MISSED"
    assert v(_fig("<= 5 %", ratio=0.04)) == "met"
    assert v(_fig("<= 5 %", ratio=0.06)) == "MISSED"
    assert v(_fig("<= 2 ms", value=0.6, unit="ms")) == "met"
    assert v(_fig("<= 150 us", value=629.0, unit="us")) == "MISSED"
    assert v(_fig("<= 500 ms", value=0.4, unit="s")) == "met"       # units converted
    assert v(_fig("<= 1 s (1000 ms)", value=1200.0, unit="ms")) == "MISSED"
    assert v(_fig("<= 50 us", value=40.0, unit="us/step")) == "met"
    assert v(_fig(">= 500 workflows/s", value=451.8, unit="workflows/s")) == "MISSED"
    assert v(_fig(">= 1,000 workflows/s", value=1200.0, unit="workflows/s")) == "met"
    assert v(_fig("informative")) == "-"
    assert v(_fig("none (informative: warms up once)")) == "-"
    assert v(_fig("baseline")) == "-"
    assert v(_fig("<= 3x", ratio=None)) == "?"                      # nothing to judge
    assert v(_fig(">= 500 workflows/s", unit="ms")) == "?"          # units do not match
    assert v(_fig("fast enough")) == "?"
    # a figure's own verdict (e.g. throughput AND exactly once) wins over the goal text
    assert v(_fig(">= 2.5x", ratio=3.0, met=False)) == "MISSED"


def test_table_has_met_column(tmp_path, monkeypatch, capsys):
    ra = _load_runner()
    (tmp_path / "bench_good.py").write_text(GOOD)
    monkeypatch.setattr(ra, "HERE", str(tmp_path))
    monkeypatch.setattr(ra, "RESULTS", str(tmp_path / "results"))
    assert ra.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[-1] == "met"
    row = [l for l in lines if l.startswith("fake figure")][0]
    assert row.split()[-1] == "met"  # ratio 2.0 against "<= 3x"
    doc = json.loads((tmp_path / "results" / "latest.json").read_text())
    assert doc["figures"][0]["verdict"] == "met"


def test_compare_prints_change_since_an_earlier_run(tmp_path, monkeypatch, capsys):
    ra = _load_runner()
    old = {"timestamp": "20260101T000000Z", "commit": "abc123", "quick": False, "figures": [
        {"module": "bench_good", "figure": "fake figure", "value": 4.0, "unit": "ms",
         "baseline": 1.0, "ratio": 4.0, "goal": "<= 3x"},
        {"module": "bench_good", "figure": "retired figure", "value": 1.0, "unit": "ms",
         "goal": "informative"}]}
    old_path = tmp_path / "old.json"
    old_path.write_text(json.dumps(old))
    (tmp_path / "bench_good.py").write_text(GOOD)
    monkeypatch.setattr(ra, "HERE", str(tmp_path))
    monkeypatch.setattr(ra, "RESULTS", str(tmp_path / "results"))
    assert ra.main(["--compare", str(old_path)]) == 0
    out = capsys.readouterr().out
    assert "change since 20260101T000000Z (commit abc123)" in out
    line = [l for l in out.splitlines() if "fake figure:" in l][0]
    assert line.split()[0] == "better" and "4.00 -> 3.00 ms" in line and "-25.0 %" in line
    assert "[MISSED -> met]" in line
    assert "gone" in [l for l in out.splitlines() if "retired figure" in l][0]
    # two files, no run; a worse figure says so
    new = dict(old, timestamp="20260102T000000Z",
               figures=[dict(old["figures"][0], value=5.0, ratio=5.0)])
    new_path = tmp_path / "new.json"
    new_path.write_text(json.dumps(new))
    assert ra.main(["--compare", str(old_path), "--to", str(new_path)]) == 0
    line = [l for l in capsys.readouterr().out.splitlines() if "fake figure:" in l][0]
    assert line.split()[0] == "worse" and "+25.0 %" in line


def test_compare_rejects_a_file_that_is_not_a_results_file(tmp_path):
    import pytest
    ra = _load_runner()
    bad = tmp_path / "bad.json"
    bad.write_text('{"x": 1}')
    with pytest.raises(SystemExit) as exc:
        ra.main(["--compare", str(bad), "--to", str(bad)])
    assert "not a bench results file" in str(exc.value)
    with pytest.raises(SystemExit) as exc:
        ra.main(["--compare", str(tmp_path / "missing.json"), "--to", str(bad)])
    assert "cannot read" in str(exc.value)


def _load_multigateway():
    spec = importlib.util.spec_from_file_location(
        "bench_multigateway", os.path.join(ROOT, "bench", "bench_multigateway.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_multigateway_exactly_once_counts_the_schedule_ticks():
    """The workload's per-minute schedule adds a run of one step per tick: a drain that
    spans a minute boundary is still exactly once; an extra execution is not. The tick's
    run is not one the workload started, so ``statuses`` (acknowledged runs) leaves it
    out (seen: a drain over a minute boundary reported "600 of 601 runs SUCCESS")."""
    mg = _load_multigateway()
    clean = {"violations": [], "statuses": {"SUCCESS": 600}, "step_executions": 1801,
             "steps_recorded": 1801, "schedule_ticks": 1}
    assert mg.exactly_once_problems(clean, 600, 3) == []
    twice = dict(clean, step_executions=1802)
    assert "1802 step executions" in mg.exactly_once_problems(twice, 600, 3)[0]
    lost = dict(clean, statuses={"SUCCESS": 599, "ERROR": 1})
    assert "599 of 600 runs SUCCESS" in mg.exactly_once_problems(lost, 600, 3)[0]


def test_markdown_prints_a_results_file_as_the_docs_table(tmp_path, capsys):
    ra = _load_runner()
    doc = {"timestamp": "20260101T000000Z", "commit": "abc123", "quick": False, "figures": [
        {"figure": "fake figure", "value": 3.0, "unit": "ms", "baseline": 1.0, "ratio": 3.0,
         "goal": "<= 2x"},
        {"figure": "  part: a | b", "value": 0.5, "unit": "ms", "goal": "informative"}]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc))
    assert ra.main(["--markdown", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| figure | value | baseline (same run) | ratio | goal | met |"
    assert lines[2] == "| fake figure | 3.00 ms | 1.00 | 3.00 | <= 2x | MISSED |"
    assert lines[3] == "| &nbsp;&nbsp;part: a \\| b | 0.5 ms | - | - | informative | - |"
