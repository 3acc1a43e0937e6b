"""The operator's view in the CLI (issue 12 item 6): HELD shows, event values, stream entries,
progress text, errors of failed runs, sleeps and dated times appear in status / steps / list.

The runs are made by the engine on the ``gateway`` fixture; the CLI reads them from another
process (as an operator does), so the two gateways never share this process's ``system``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import re
import subprocess
import sys

from exchange.workflows.bootstrap import workflow
from exchange.workflows.engine.runtime import WorkflowsRuntime

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@workflow("cliop.observe")
def observe():
    rt = WorkflowsRuntime.getCurrentRuntime()
    rt.setEvent("phase.state", "HELD")
    rt.progress("filling to 80 %")
    rt.writeStream("levels", {"level": 42.5})
    rt.sleep(0.2)
    rt.recv("go", timeoutSeconds=60)
    rt.setEvent("phase.state", "COMPLETE")
    return "done"


@workflow("cliop.fail")
def fail():
    raise ValueError("valve XV-101 stuck closed")


def cli(*argv):
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "gateway_sim"] + list(argv), cwd=REPO, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def _wait(fn, what):
    import time
    for _ in range(600):
        if fn():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


@pytest.fixture
def runs(gateway):
    from exchange.workflows.engine import instance
    rt = instance.getWorkflows()
    try:
        held = rt.enqueue("cliop.observe")
        failed = rt.enqueue("cliop.fail")
        _wait(lambda: [s["kind"] for s in rt.listRunSteps(held)][:4] ==
              ["setEvent", "progress", "writeStream", "sleep"], "the run to sleep")
        _wait(lambda: rt.getStatus(failed)["status"] == "ERROR", "the failing run")
        db = os.path.join(gateway.data_dir, "db", "WorkflowsDB.sqlite")
        yield rt, held, failed, db
    finally:
        instance.shutdownRuntime(5)


def test_operator_view(runs):
    rt, held, failed, db = runs
    code, out, err = cli("status", held, "--db", db)
    assert code == 0, err
    assert re.search(r"^status\s+RUNNING \(HELD\)$", out, re.M), out
    assert re.search(r"^created\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$", out, re.M), out
    assert "progress      filling to 80 %" in out
    assert "event         phase.state = HELD" in out
    code, out, err = cli("status", held, "--json", "--db", db)
    data = json.loads(out)
    assert data["status"] == "RUNNING" and data["state"] == "HELD"

    code, out, err = cli("steps", held, "--db", db)
    assert code == 0, err
    assert re.search(r"setEvent\s+phase.state\s+SUCCESS.*= \"HELD\"", out), out
    assert re.search(r"progress\s+log\s+SUCCESS.*filling to 80 %", out), out
    assert re.search(r"writeStream\s+levels\s+SUCCESS.*= \{\"level\": 42.5\}", out), out
    sleep = [ln for ln in out.splitlines() if " sleep " in ln][0]
    assert re.search(r"\s(\d+) ms\s+sleeps until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \(\1 ms\)", sleep), sleep
    assert "wakeAtMs" not in out
    code, out, err = cli("steps", held, "--json", "--db", db)
    steps = json.loads(out)
    progress = [s for s in steps if s["kind"] == "progress"][0]
    assert progress["output"]["message"] == "filling to 80 %"

    code, out, err = cli("steps", failed, "--db", db)
    assert code == 0, err
    assert "valve XV-101 stuck closed" in out and "ERROR" in out

    code, out, err = cli("list", "--db", db)
    assert re.search(r"cliop.observe\s+RUNNING \(HELD\)\s+\d{4}-\d\d-\d\d ", out), out
