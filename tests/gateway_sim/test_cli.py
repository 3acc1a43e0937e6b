"""The ``gateway-sim`` command line: help, errors, export, run, tags, client commands, demo."""
from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from gateway_sim import cli

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(REPO, "tests", "gateway_sim", "project", "fixtures")
SUBCOMMANDS = ["demo", "run", "start", "status", "list", "steps", "send", "cancel", "resume",
               "tags", "export"]


def main(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [[]] + [[c] for c in SUBCOMMANDS]
                         + [["tags", "read"], ["tags", "write"], ["tags", "browse"]])
def test_help_everywhere(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv + ["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "usage: gateway-sim" in out


def test_no_command_prints_help(capsys):
    code, out, _ = main([], capsys)
    assert code == 2 and "demo" in out and "export" in out


def test_bad_config_path_says_what_to_do(capsys, tmp_path):
    code, _, err = main(["list", "--config", str(tmp_path / "nope.yaml")], capsys)
    assert code == 2
    assert "nope.yaml not found" in err and "project/gateway-sim.yaml" in err


def test_bad_db_path_says_what_to_do(capsys, tmp_path):
    code, _, err = main(["status", "--db", str(tmp_path / "x.sqlite")], capsys)
    assert code == 2 and "WorkflowsDB.sqlite" in err


def test_bad_command_for_send_is_rejected(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["send", "abc", "JUMP"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_export_command(capsys, tmp_path):
    code, out, _ = main(["export", "--out", str(tmp_path)], capsys)
    assert code == 0
    assert os.path.isfile(str(tmp_path / "Workflows.zip"))
    assert os.path.isfile(str(tmp_path / "Workflows" / "ignition" / "script-python" / "exchange" /
                             "workflows" / "apps" / "tank_batch" / "code.py"))
    assert "Import it in the Designer" in out


def test_export_of_a_non_project_fails_clearly(capsys, tmp_path):
    code, _, err = main(["export", "--project", str(tmp_path), "--out", str(tmp_path / "o")], capsys)
    assert code == 2 and "project.json is missing" in err


def test_run_a_fixture_project_for_a_moment(capsys, tmp_path):
    code, out, _ = main(["run", os.path.join(FIXTURES, "projects", "base"),
                         "--data-dir", str(tmp_path), "--seconds", "0.3"], capsys)
    assert code == 0
    assert "project  base" in out and "heartbeat" in out and "gateway stopped." in out


def test_run_rejects_a_folder_without_project_json(capsys, tmp_path):
    code, _, err = main(["run", str(tmp_path)], capsys)
    assert code == 2 and "no project.json" in err


def _write_config(tmp_path, tags):
    (tmp_path / "tags.json").write_text(json.dumps(tags))
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text(json.dumps({"gateway": {"dataDir": "data"},
                               "tagProviders": {"default": {"files": ["tags.json"]}}}))
    return str(cfg)


TAGS = {"tags": [{"name": "Tank", "tagType": "Folder", "tags": [
    {"name": "Level", "dataType": "Float8", "value": 12.5},
    {"name": "FillValve", "dataType": "Boolean", "value": False}]}]}


def test_tags_offline_reads_the_configured_tags(capsys, tmp_path):
    cfg = _write_config(tmp_path, TAGS)
    code, out, err = main(["tags", "read", "[default]Tank/Level", "--config", cfg], capsys)
    assert code == 0, err
    assert "12.5" in out and "Good" in out and "no running gateway" in err
    code, out, _ = main(["tags", "browse", "--recursive", "--config", cfg], capsys)
    assert code == 0 and "Tank/FillValve" in out


def test_tags_talk_to_a_running_gateway(capsys, tmp_path):
    cfg = _write_config(tmp_path, TAGS)
    runner = threading.Thread(target=cli.main, args=(["run", "--config", cfg, "--seconds", "3"],))
    runner.start()
    try:
        state = tmp_path / "data" / "gateway-sim.control.json"
        for _ in range(100):
            if state.exists():
                break
            time.sleep(0.05)
        code, out, _ = main(["tags", "write", "[default]Tank/Level", "55.5", "--config", cfg], capsys)
        assert code == 0 and "Good" in out
        code, out, err = main(["tags", "read", "[default]Tank/Level", "--config", cfg], capsys)
        assert code == 0 and "55.5" in out and "no running gateway" not in err
    finally:
        runner.join(10)


# --- workflow client commands against a gateway's database ---------------------------

def test_client_commands_round_trip(capsys, tmp_path):
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text(json.dumps({"gateway": {"dataDir": "data"},
                               "datasources": {"WorkflowsDB": {"type": "sqlite"}},
                               "defaultDatasource": "WorkflowsDB"}))
    cfg = str(cfg)
    code, out, err = main(["list", "--workflows", "--config", cfg], capsys)
    assert code == 0, err
    assert "tank_batch" in out
    code, out, err = main(["start", "demo.commands_60s", "--inputs", '{"paramOne": 1}',
                           "--config", cfg], capsys)
    assert code == 0, err
    wid = out.strip()
    code, out, _ = main(["status", wid, "--config", cfg], capsys)
    assert code == 0 and "ENQUEUED" in out
    code, out, _ = main(["list", "--config", cfg], capsys)
    assert wid in out
    code, out, _ = main(["send", wid, "hold", "--config", cfg], capsys)
    assert code == 0 and "HOLD sent" in out
    code, out, _ = main(["steps", wid, "--config", cfg], capsys)
    assert code == 0 and "no steps yet" in out
    code, out, _ = main(["cancel", wid, "--config", cfg], capsys)
    assert code == 0 and "cancelled" in out
    code, out, _ = main(["status", wid, "--json", "--config", cfg], capsys)
    assert json.loads(out)["status"] == "CANCELLED"
    db = str(tmp_path / "data" / "db" / "WorkflowsDB.sqlite")
    code, out, _ = main(["status", "--db", db], capsys)
    assert code == 0 and "CANCELLED" in out
    code, out, _ = main(["resume", wid, "--db", db], capsys)
    assert code == 0 and "resumed" in out
    code, _, err = main(["resume", wid, "--db", db], capsys)
    assert code == 1 and "is ENQUEUED; only CANCELLED/ERROR" in err
    code, _, err = main(["steps", "no-such-run", "--db", db], capsys)
    assert code == 1 and "no run with id no-such-run" in err
    code, _, err = main(["start", "no.such.workflow", "--db", db], capsys)
    assert code == 1 and "not registered" in err and "tank_batch" in err


def test_start_with_bad_inputs_json(capsys, tmp_path):
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text(json.dumps({"gateway": {"dataDir": "data"}}))
    code, _, err = main(["start", "tank_batch", "--inputs", "{nope", "--config", str(cfg)], capsys)
    assert code == 2 and "--inputs is not valid JSON" in err


# --- the main job ---------------------------------------------------------------------

def test_demo_runs_end_to_end():
    """`gateway-sim demo` as a user runs it: a subprocess, exit 0, the step table at the end."""
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "gateway_sim", "demo"], cwd=REPO, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                          universal_newlines=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    assert "operator sends HOLD" in out and "operator sends RESUME" in out
    assert "MES received batch report" in out
    assert "Steps of run" in out and "wait.until_tag_equals" in out and "http.request" in out
    assert "SUCCESS" in out
