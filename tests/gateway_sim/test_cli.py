"""The ``gateway-sim`` command line: help, errors, export, run, tags, client commands, demo."""
from __future__ import absolute_import, division, print_function

import json
import re
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
               "fork", "reset", "tags", "export", "check"]


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
    assert "run the demo with --keep DIR to list them afterwards" in out


def test_demo_closing_hint_works(capsys, tmp_path):
    """With --keep the demo's hint is a command that works as printed."""
    import shlex
    code = cli.main(["demo", "--keep", str(tmp_path / "keep"), "--no-hold"])
    out = capsys.readouterr().out
    assert code == 0, out
    hint = re.search(r"`gateway-sim (steps [^`]+)` lists all", out).group(1)
    code, out, err = main(shlex.split(hint), capsys)
    assert code == 0, err
    assert "progress" in out and "setEvent" in out


# --- issue 12: no silent data loss, one-line errors ------------------------------------

def _project(tmp_path, startup="def onStartup():\n\tpass\n"):
    proj = tmp_path / "proj"
    (proj / "ignition" / "startup").mkdir(parents=True)
    (proj / "project.json").write_text(json.dumps({"title": "proj", "enabled": True}))
    (proj / "ignition" / "startup" / "onStartup.py").write_text(startup)
    (proj / "ignition" / "startup" / "resource.json").write_text(json.dumps(
        {"scope": "G", "version": 1, "files": ["onStartup.py"], "attributes": {"enabled": True}}))
    return str(proj)


def _run_in_thread(argv):
    runner = threading.Thread(target=cli.main, args=(argv,))
    runner.start()
    return runner


def _wait_for(path, what):
    for _ in range(400):
        if os.path.exists(str(path)):
            return
        time.sleep(0.025)
    raise AssertionError("%s never appeared (%s)" % (what, path))


def test_gateway_section_typo_is_refused(capsys, tmp_path):
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text(json.dumps({"gateway": {"dataDri": "data"}}))
    code, _, err = main(["list", "--config", str(cfg)], capsys)
    assert code == 2
    assert "unknown key(s) dataDri in the gateway section" in err and "dataDir" in err
    assert len(err.strip().splitlines()) == 1


def test_gateway_section_checked_by_the_gateway_itself(tmp_path, monkeypatch):
    import tempfile
    from gateway_sim.errors import ConfigError
    from gateway_sim.gateway import Gateway
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # a refused config leaves nothing
    with pytest.raises(ConfigError) as exc:
        Gateway(config={"gateway": {"versoin": "8.3"}})
    assert "versoin" in str(exc.value)
    with pytest.raises(ConfigError) as exc:
        Gateway(config={"gateway": {"version": "9.0"}})
    assert "gateway.version" in str(exc.value) and "8.1, 8.3" in str(exc.value)
    assert os.listdir(str(tmp_path)) == []


def test_client_commands_default_to_a_fixed_data_folder(capsys, tmp_path):
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text(json.dumps({"datasources": {"WorkflowsDB": {"type": "sqlite"}},
                               "defaultDatasource": "WorkflowsDB"}))
    code, out, err = main(["start", "demo.commands_60s", "--config", str(cfg)], capsys)
    assert code == 0, err
    wid = out.strip()
    code, out, _ = main(["list", "--config", str(cfg)], capsys)
    assert wid in out
    assert (tmp_path / ".gateway" / "db" / "WorkflowsDB.sqlite").is_file()


def test_config_from_the_environment(capsys, tmp_path, monkeypatch):
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text(json.dumps({"gateway": {"dataDir": "data"}}))
    monkeypatch.setenv("GATEWAY_SIM_CONFIG", str(cfg))
    code, out, err = main(["list", "--workflows"], capsys)
    assert code == 0 and "tank_batch" in out, err
    monkeypatch.setenv("GATEWAY_SIM_CONFIG", str(tmp_path / "missing.yaml"))
    code, _, err = main(["list"], capsys)
    assert code == 2 and "GATEWAY_SIM_CONFIG" in err and "missing.yaml" in err


def test_tags_write_without_a_running_gateway_is_refused(capsys, tmp_path):
    cfg = _write_config(tmp_path, TAGS)
    code, out, err = main(["tags", "write", "[default]Tank/Level", "55", "--config", cfg], capsys)
    assert code == 1 and out == ""
    assert "no running gateway" in err and "would be lost" in err and "gateway-sim run" in err


def test_a_second_run_on_the_same_data_folder_is_refused(capsys, tmp_path):
    cfg = _write_config(tmp_path, TAGS)
    runner = _run_in_thread(["run", "--config", cfg, "--seconds", "3"])
    try:
        _wait_for(tmp_path / "data" / "gateway-sim.control.json", "control file")
        code, _, err = main(["run", "--config", cfg, "--seconds", "0.1"], capsys)
        assert code == 1
        assert "in use by another gateway-sim run (pid %d" % os.getpid() in err
        assert (tmp_path / "data" / "gateway-sim.control.json").exists()  # not taken over
    finally:
        runner.join(10)
    assert not (tmp_path / "data" / "gateway-sim.lock").exists()


def test_a_stale_lock_of_a_killed_run_is_taken_over(capsys, tmp_path):
    cfg = _write_config(tmp_path, TAGS)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "gateway-sim.lock").write_text(json.dumps({"pid": dead.pid}))
    code, out, err = main(["run", "--config", cfg, "--seconds", "0.1"], capsys)
    assert code == 0, err
    assert "gateway stopped." in out


def test_gateway_without_a_data_folder_leaves_nothing(tmp_path):
    from gateway_sim.gateway import Gateway
    gw = Gateway()
    folder = gw.data_dir
    assert os.path.isdir(folder)
    gw.shutdown()
    assert not os.path.exists(folder)


def test_one_default_ignition_version(tmp_path, capsys):
    from gateway_sim.cli_config import open_gateway
    from gateway_sim.gateway import DEFAULT_VERSION, Gateway
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text(json.dumps({"gateway": {"dataDir": "data"}}))
    gws = [Gateway(), Gateway.from_file(str(cfg)),
           open_gateway(type("A", (), {"config": str(cfg), "db": None})())]
    try:
        assert [g.version for g in gws] == [DEFAULT_VERSION] * 3
    finally:
        for g in gws:
            g.shutdown()


def test_run_project_with_a_config_without_project(capsys, tmp_path):
    proj = _project(tmp_path)
    cfg = _write_config(tmp_path, TAGS)
    code, out, err = main(["run", proj, "--config", cfg, "--seconds", "0.1"], capsys)
    assert code == 0, err
    assert "project  proj" in out


def test_run_logs_like_a_gateway(capsys, tmp_path):
    proj = _project(tmp_path, "def onStartup():\n\tsystem.util.getLogger('Startup').info('hello "
                              "from startup')\n\tsystem.util.getLogger('Startup').debug('details')\n")
    code, out, err = main(["run", proj, "--data-dir", str(tmp_path / "d"), "--seconds", "0.1"],
                          capsys)
    assert code == 0, err
    line = [x for x in err.splitlines() if "hello from startup" in x][0]
    import re
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO  \[Startup\] hello from startup$",
                    line), line
    assert "details" not in err
    code, out, err = main(["run", proj, "--data-dir", str(tmp_path / "d"), "--seconds", "0.1",
                           "--log-level", "debug"], capsys)
    assert code == 0 and "DEBUG [Startup] details" in err
    with pytest.raises(SystemExit):
        cli.main(["run", proj, "--log-level", "loud"])
    assert "invalid choice" in capsys.readouterr().err


def _server_config(tmp_path, **ds):
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text(json.dumps({"gateway": {"dataDir": "data"},
                               "datasources": {"WorkflowsDB": ds},
                               "defaultDatasource": "WorkflowsDB"}))
    return str(cfg)


@pytest.mark.parametrize("ds", [
    {"type": "postgresql", "port": 5499, "database": "test", "user": "postgres"},
    {"type": "mariadb", "port": 3399, "database": "test", "user": "root"}])
@pytest.mark.parametrize("command", [["list"], ["status"], ["steps", "x"], ["start", "tank_batch"]])
def test_database_down_is_one_line(capsys, tmp_path, ds, command):
    cfg = _server_config(tmp_path, **ds)
    code, out, err = main(command + ["--config", cfg], capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1, err
    assert "datasource WorkflowsDB (%s 127.0.0.1:%d, database test) unreachable: connection " \
           "refused" % (ds["type"], ds["port"]) in err
    assert "fix datasources.WorkflowsDB.host/port in %s" % cfg in err


@pytest.mark.postgres
def test_missing_postgres_database_is_one_line(capsys, tmp_path):
    cfg = _server_config(tmp_path, type="postgresql", database="no_such_db_gwsim", user="postgres")
    code, _, err = main(["list", "--config", cfg], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "the database does not exist" in err and "datasources.WorkflowsDB.database" in err


@pytest.mark.mariadb
def test_missing_mariadb_database_is_one_line(capsys, tmp_path):
    cfg = _server_config(tmp_path, type="mariadb", database="no_such_db_gwsim", user="root")
    code, _, err = main(["list", "--config", cfg], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "the database does not exist" in err and "datasources.WorkflowsDB.database" in err


def test_reading_a_missing_sqlite_database_creates_nothing(capsys, tmp_path):
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text("{}")
    for command in (["list"], ["status"], ["steps", "abc"], ["send", "abc", "HOLD"]):
        code, _, err = main(command + ["--config", str(cfg)], capsys)
        assert code == 1 and "no system database at %s" % (tmp_path / ".gateway" / "db") in err
    assert sorted(os.listdir(str(tmp_path))) == ["gateway-sim.json"]


def test_repeated_failures_are_reported_once_then_back_off():
    import logging
    from gateway_sim.logformat import RepeatFilter
    f = RepeatFilter()

    def rec(t, msg, level=logging.WARNING):
        r = logging.LogRecord("exchange.workflows.api", level, __file__, 1, msg, (), None)
        r.created = t
        return r
    shown = [t for t in range(0, 100) if f.filter(rec(1000.0 + t, "dispatch failed at tick %d" % t))]
    assert shown == [0, 10, 30, 70]
    r = rec(1170.0, "dispatch failed at tick 170")
    assert f.filter(r) and "29 more like this held back" in r.getMessage()
    assert all(f.filter(rec(1000.0 + t, "info %d" % t, logging.INFO)) for t in range(5))


# --- issue 12 item 9: a complete CLI -------------------------------------------------

def _subparsers(parser):
    import argparse
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield name, sub
                for item in _subparsers(sub):
                    yield ("%s %s" % (name, item[0]), item[1])


def test_every_subcommand_and_option_has_a_help_line():
    import argparse
    parser = cli.build_parser()
    missing = []
    for name, sub in [("", parser)] + list(_subparsers(parser)):
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                missing.extend("%s %s" % (name, a.dest) for a in action._choices_actions if not a.help)
            elif action.help is None:
                missing.append("%s %s" % (name, action.dest))
    assert not missing


def test_json_on_every_command():
    parser = cli.build_parser()
    for name, sub in _subparsers(parser):
        if name in ("run", "tags", "console"):  # long-running / a group
            continue
        assert "--json" in sub._option_string_actions, name


@pytest.mark.parametrize("argv, text", [
    (["list", "--status", "DONE"], "invalid choice: 'DONE'"),
    (["list", "--limit", "-5"], "--limit must be > 0, got -5"),
    (["list", "--offset", "x"], "--offset must be a number"),
    (["start", "x", "--dedup-policy", "sometimes"], "invalid choice"),
])
def test_bad_values_are_refused(argv, text, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2 and text in capsys.readouterr().err


def test_tags_without_an_action_exits_2(capsys):
    code, _, err = main(["tags"], capsys)
    assert code == 2 and "read PATH" in err


def test_tags_json(capsys, tmp_path):
    cfg = _write_config(tmp_path, TAGS)
    code, out, _ = main(["tags", "read", "[default]Tank/Level", "--json", "--config", cfg], capsys)
    assert code == 0 and json.loads(out)[0]["value"] == 12.5
    code, out, _ = main(["tags", "browse", "-r", "--json", "--config", cfg], capsys)
    assert "[default]Tank/FillValve" in [r["fullPath"] for r in json.loads(out)]


def test_list_filters_fork_dedup_and_reset(capsys, tmp_path, monkeypatch):
    cfg = tmp_path / "gateway-sim.json"
    cfg.write_text(json.dumps({"gateway": {"dataDir": "data"}}))
    monkeypatch.setenv("GATEWAY_SIM_CONFIG", str(cfg))
    ids = []
    for n in range(3):
        code, out, err = main(["start", "demo.commands_60s", "--json"], capsys)
        assert code == 0, err
        ids.append(json.loads(out)["workflowId"])
    code, out, err = main(["start", "demo.commands_60s", "--dedup", "B-1"], capsys)
    first = out.strip()
    code, out, err = main(["start", "demo.commands_60s", "--dedup", "B-1",
                           "--dedup-policy", "return_existing"], capsys)
    assert code == 0 and out.strip() == first, err
    code, _, err = main(["start", "demo.commands_60s", "--dedup", "B-1", "--dedup-policy", "reject"],
                        capsys)
    assert code == 1 and "start failed" in err
    code, out, _ = main(["list", "--json", "--limit", "2", "--offset", "1"], capsys)
    assert len(json.loads(out)) == 2
    code, out, _ = main(["list", "--since", "1h", "--status", "enqueued"], capsys)
    assert all(i in out for i in ids)
    code, out, _ = main(["list", "--until", "2000-01-01"], capsys)
    assert code == 0 and out.strip() == "no runs matching the filters"
    code, _, err = main(["list", "--since", "yesterday-ish"], capsys)
    assert code == 2 and "--since: 'yesterday-ish' is not a time" in err
    # listRuns' other filters and countRuns
    code, out, _ = main(["list", "--count", "--status", "ENQUEUED"], capsys)
    assert code == 0 and out.strip() == "4"
    code, out, _ = main(["list", "--count", "--json", "--id", ids[1][:8].upper()], capsys)
    assert json.loads(out) == {"count": 1}
    code, out, _ = main(["list", "--id", ids[1][:8], "--json"], capsys)
    assert [r["workflowId"] for r in json.loads(out)] == [ids[1]]
    code, out, _ = main(["list", "--queue", "no-such-queue"], capsys)
    assert out.strip() == "no runs matching the filters"
    code, out, _ = main(["list", "--parent", ids[0], "--count"], capsys)
    assert out.strip() == "0"
    code, out, _ = main(["list", "--status", "delayed"], capsys)
    assert code == 0 and out.strip() == "no runs matching the filters"
    code, out, err = main(["fork", ids[0], "--json"], capsys)
    assert code == 0, err
    forked = json.loads(out)
    assert forked["forkedFrom"] == ids[0]
    code, _, err = main(["fork", "nope"], capsys)
    assert code == 1 and "no run with id nope" in err
    monkeypatch.setattr("sys.stdin", open(os.devnull))
    code, _, err = main(["reset"], capsys)
    assert code == 2 and "--yes" in err
    code, out, _ = main(["reset", "--yes"], capsys)
    assert code == 0 and "deleted 5 run(s) (5 were active)" in out
    code, out, _ = main(["list"], capsys)
    assert out.strip() == "no runs"


# --- issue 12 item 11: a layered CLI -------------------------------------------------

LAYERS = {  # module -> the CLI modules it may import (never one above it)
    "gateway_sim.cli_config": set(),
    "gateway_sim.cli_progress": set(),
    "gateway_sim.logformat": set(),
    "gateway_sim.tag_memory": set(),
    "gateway_sim.control": {"gateway_sim.cli_config"},
    "gateway_sim.client": {"gateway_sim.cli_config", "gateway_sim.control"},
    "gateway_sim.demo": {"gateway_sim.cli_config", "gateway_sim.client", "gateway_sim.cli_progress"},
    "gateway_sim.cli_check": {"gateway_sim.cli_config", "gateway_sim.cli_progress"},
}
CLI_MODULES = set(LAYERS) | {"gateway_sim.cli", "gateway_sim.cli_console"}


def _imports(module):
    import ast
    path = os.path.join(REPO, *module.split(".")) + ".py"
    tree = ast.parse(open(path).read())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out.update("%s.%s" % (node.module, a.name) for a in node.names)
    return out


def test_cli_layers_import_only_downwards():
    bad = []
    for module, allowed in LAYERS.items():
        for name in _imports(module) & CLI_MODULES:
            if name != module and name not in allowed:
                bad.append("%s imports %s" % (module, name))
    assert not bad


def test_memory_tag_values_survive_a_restart(capsys, tmp_path):
    cfg = _write_config(tmp_path, TAGS)
    runner = _run_in_thread(["run", "--config", cfg, "--seconds", "2"])
    try:
        _wait_for(tmp_path / "data" / "gateway-sim.control.json", "control file")
        code, out, err = main(["tags", "write", "[default]Tank/Level", "66.5", "--config", cfg],
                              capsys)
        assert code == 0, err
    finally:
        runner.join(10)
    saved = json.loads((tmp_path / "data" / "tags" / "memory-values.json").read_text())
    assert saved["values"]["[default]Tank/Level"] == 66.5
    code, out, err = main(["run", "--config", cfg, "--seconds", "0.1"], capsys)
    assert sorted(saved["values"]) == ["[default]Tank/FillValve", "[default]Tank/Level"]
    assert code == 0 and "2 memory tag value(s) restored" in out, out
    from gateway_sim import tag_memory
    from gateway_sim.gateway import Gateway
    gw = Gateway.from_file(cfg)
    try:
        assert tag_memory.restore(gw) == 2
        assert gw.tags.read(["[default]Tank/Level"])[0].value == 66.5
    finally:
        gw.shutdown()


# --- issue 12 item 5: apps registered by the project, not by editing exchange/ --------

def _app_project(tmp_path):
    proj = tmp_path / "proj"
    lib = proj / "ignition" / "script-python"
    (lib / "workflows_apps").mkdir(parents=True)
    (lib / "site" / "batches").mkdir(parents=True)
    (proj / "project.json").write_text(json.dumps({"title": "site", "enabled": True}))
    (lib / "workflows_apps" / "code.py").write_text('APP_MODULES = ["site.batches"]\n')
    (lib / "site" / "batches" / "code.py").write_text(
        "from __future__ import absolute_import, division, print_function\n"
        "from exchange.workflows.bootstrap import workflow\n\n\n"
        "@workflow(name=\"site.batch\")\n"
        "def batch(batch_id=\"B-1\"):\n"
        "    return {\"ok\": True, \"batch\": batch_id}\n")
    (proj / "ignition" / "startup").mkdir(parents=True)
    (proj / "ignition" / "startup" / "onStartup.py").write_text(
        "def onStartup():\n\texchange.workflows.api.service.dispatch()\n")
    (proj / "ignition" / "startup" / "resource.json").write_text(json.dumps(
        {"scope": "G", "version": 1, "files": ["onStartup.py"], "attributes": {"enabled": True}}))
    (proj / "gateway-sim.json").write_text(json.dumps({
        "gateway": {"dataDir": "../data"},
        "project": {"path": ".", "pythonPackages": ["exchange"]}}))
    return str(proj / "gateway-sim.json")


def test_a_project_registers_its_workflows_without_editing_exchange(capsys, tmp_path):
    cfg = _app_project(tmp_path)
    code, out, err = main(["list", "--workflows", "--config", cfg], capsys)
    assert code == 0 and "site.batch" in out.split(), err
    # the gateway in its own process, as a user runs it (gateways in one process share `system`)
    gateway = subprocess.Popen([sys.executable, "-m", "gateway_sim", "run", "--config", cfg],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for(tmp_path / "data" / "gateway-sim.control.json", "control file")
        code, out, err = main(["start", "site.batch", "--inputs", '{"batch_id": "B-9"}',
                               "--config", cfg], capsys)
        assert code == 0, err
        wid = out.strip()
        for _ in range(300):
            code, out, err = main(["status", wid, "--json", "--config", cfg], capsys)
            assert code == 0, err
            if json.loads(out)["status"] == "SUCCESS":
                break
            time.sleep(0.05)
        assert json.loads(out)["result"] == {"ok": True, "batch": "B-9"}
    finally:
        gateway.terminate()
        output = gateway.communicate(timeout=30)[0].decode("utf-8", "replace")
    assert "gateway stopped." in output, output


def test_project_apps_module_in_plain_python(monkeypatch):
    import types
    from exchange.workflows import apps
    mod = types.ModuleType("workflows_apps")
    mod.APP_MODULES = "site.batches"  # a string, not a list
    monkeypatch.setitem(sys.modules, "workflows_apps", mod)
    monkeypatch.setattr(apps, "_loaded", set())
    with pytest.raises(TypeError) as exc:
        apps.load()
    assert "workflows_apps.APP_MODULES must be a list of module names" in str(exc.value)


def test_readme_workflow_example_passes_the_syntax_gate(tmp_path):
    sys.path.insert(0, os.path.join(REPO, "tests"))
    try:
        import test_syntax_gate as gate
        import test_readme
    finally:
        sys.path.pop(0)
    block = test_readme._blocks("Author a workflow")[0]
    path = tmp_path / "batches.py"
    path.write_text(block)
    assert not gate.cpython_problems([str(path)]) and not gate.rule_problems([str(path)])


def test_engine_threads_stop_with_their_gateway():
    from gateway_sim.gateway import Gateway
    before = set(threading.enumerate())
    with Gateway() as gw:
        from exchange.workflows.engine import instance
        rt = instance.getWorkflows()
        rt.enqueue("demo.commands_60s", {"paramOne": 1})
        assert any(t.name.startswith("workflows-") for t in threading.enumerate())
    left = [t.name for t in threading.enumerate() if t not in before and t.is_alive()]
    assert not [n for n in left if n.startswith("workflows-")], left


def test_a_killed_unreaped_holder_is_not_alive():
    from gateway_sim.control import _pid_alive
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)  # exited, still a zombie
        assert not _pid_alive(proc.pid)
    finally:
        proc.wait()
    assert _pid_alive(os.getpid())


def test_an_ordinary_cancel_is_no_warning():
    import io
    import logging
    from gateway_sim import logformat
    for level, shown in (("info", False), ("debug", True)):
        stream = io.StringIO()
        root_level = logging.getLogger().level
        logformat.setup(level, stream)
        try:
            logging.getLogger("exchange.workflows.engine").warning(
                "evt=wf.skipped_terminal wf=abc status=CANCELLED reason=no_longer_running_for_us")
            logging.getLogger("exchange.workflows.engine").warning("evt=db.retry attempt=1")
        finally:
            logformat.remove()
        assert logging.getLogger().level == root_level
        text = stream.getvalue()
        assert ("DEBUG [exchange.workflows.engine] evt=wf.skipped_terminal" in text) == shown
        assert "WARN  [exchange.workflows.engine] evt=db.retry attempt=1" in text
        assert "WARN  [exchange.workflows.engine] evt=wf.skipped" not in text


# --- issue 12 item 9: progress for long work ------------------------------------------

def test_progress_is_plain_lines_off_a_terminal(capsys, tmp_path):
    code, out, err = main(["export", "--out", str(tmp_path)], capsys)
    assert code == 0
    assert "export: writing %s..." % tmp_path in err and re.search(r"export: done in \d", err)
    assert "export:" not in out
    code, out, err = main(["export", "--out", str(tmp_path), "--json"], capsys)
    assert code == 0 and err == "" and json.loads(out)["zip"].endswith("Workflows.zip")


def test_progress_is_a_spinner_on_a_terminal():
    pytest.importorskip("rich")
    import io
    from gateway_sim.cli_progress import task

    class Tty(io.StringIO):
        def isatty(self):
            return True
    stream = Tty()
    with task("check", "loading", stream=stream) as t:
        assert t._status is not None  # rich's live status owns the line
        t.update("firing events")
    assert re.search(r"check: done in \d", stream.getvalue())


def test_run_on_jython_logs_in_the_same_format(capfd, tmp_path):
    from gateway_sim import jython_host
    try:
        jython_host.find_java()
        jython_host.find_jython_jar()
    except jython_host.JythonUnavailable as exc:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("needs Jython on CI: %s" % exc)
        pytest.skip(str(exc))
    proj = _project(tmp_path, "def onStartup():\n\tsystem.util.getLogger('Startup').info('hello "
                              "from jython')\n")
    code = cli.main(["run", proj, "--interpreter", "jython", "--data-dir", str(tmp_path / "d"),
                     "--seconds", "0.5"])
    out, err = capfd.readouterr()
    assert code == 0, out + err
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO  \[Startup\] hello from jython",
                     out + err), out + err
    assert not (tmp_path / "d" / "gateway-sim.lock").exists()


def test_reading_tags_offline_creates_nothing_and_shows_kept_values(capsys, tmp_path):
    cfg = _write_config(tmp_path, TAGS)
    code, out, err = main(["tags", "read", "[default]Tank/Level", "--config", cfg], capsys)
    assert code == 0 and "12.5" in out, err
    assert not (tmp_path / "data").exists()
    (tmp_path / "data" / "tags").mkdir(parents=True)
    (tmp_path / "data" / "tags" / "memory-values.json").write_text(
        json.dumps({"version": 1, "values": {"[default]Tank/Level": 77.0}}))
    code, out, err = main(["tags", "read", "[default]Tank/Level", "--json", "--config", cfg], capsys)
    assert json.loads(out)[0]["value"] == 77.0


def test_demo_json(capsys):
    code = cli.main(["demo", "--json", "--no-hold"])
    out = capsys.readouterr().out
    assert code == 0, out
    data = json.loads(out)
    assert data["status"] == "SUCCESS" and data["result"]["outcome"] == "COMPLETE"


def test_run_project_keeps_the_configs_project_settings(capsys, tmp_path):
    proj = _project(tmp_path)
    cfg = os.path.join(proj, "gateway-sim.json")
    with open(cfg, "w") as f:
        json.dump({"project": {"path": ".", "name": "plant"}}, f)
    code, out, err = main(["run", proj, "--seconds", "0.1"], capsys)
    assert code == 0, err
    assert "project  plant" in out and os.path.isdir(os.path.join(proj, ".gateway"))


def test_an_unexpected_failure_is_one_line(capsys, tmp_path, monkeypatch):
    from gateway_sim import client

    def boom(*a, **k):
        raise RuntimeError("connection lost\nsecond line\nthird line")
    monkeypatch.setattr(client, "run_command", boom)
    code, _, err = main(["list", "--db", str(tmp_path / "x")], capsys)
    assert code == 1
    assert one_line(err) == ("gateway-sim list: error: RuntimeError: connection lost (set "
                             "GATEWAY_SIM_DEBUG=1 for the traceback)")
    monkeypatch.setenv("GATEWAY_SIM_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["list", "--db", str(tmp_path / "x")])


def one_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]
