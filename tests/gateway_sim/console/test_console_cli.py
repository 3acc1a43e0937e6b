"""``gateway-sim run --console`` and ``gateway-sim console`` as processes.

``run`` serves the console next to the gateway; ``console --db`` attaches from another
process (same SQLite system database, live tags through the control endpoint), starts a
tank batch that the running gateway executes, and reads it back. Both processes are
stopped with SIGTERM (their Ctrl-C path) and leave only the pytest temp folder.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import re
import signal
import subprocess
import sys
import threading

import pytest

from .conftest import REPO, wait_until

CONFIG = os.path.join(REPO, "project", "gateway-sim.yaml")


class Proc(object):
    """A gateway-sim process whose output lines are collected on a thread."""

    def __init__(self, args):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.p = subprocess.Popen([sys.executable, "-m", "gateway_sim"] + args, cwd=REPO, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  universal_newlines=True)
        self.lines = []
        self.t = threading.Thread(target=self._read)
        self.t.daemon = True
        self.t.start()

    def _read(self):
        for line in self.p.stdout:
            self.lines.append(line)

    def text(self):
        return "".join(self.lines)

    def wait_for(self, pattern, what):
        def found():
            if self.p.poll() is not None and not re.search(pattern, self.text()):
                raise AssertionError("gateway-sim exited (%s) before %s:\n%s"
                                     % (self.p.returncode, what, self.text()))
            return re.search(pattern, self.text())
        return wait_until(found, timeout=60, message=what)

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(30)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(10)
        self.t.join(10)
        self.p.stdout.close()


def _get(url):
    from urllib.request import urlopen
    with urlopen(url, timeout=30) as r:
        return r.status, r.read().decode("utf-8")


def _post(url, form, token):
    from urllib.error import HTTPError
    from urllib.parse import urlencode
    from urllib.request import Request, urlopen
    headers = {"Accept": "application/json"}
    if token:
        headers["X-Console-Token"] = token
    req = Request(url, data=urlencode(form).encode("utf-8"), headers=headers, method="POST")
    try:
        with urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read().decode("utf-8"))
    except HTTPError as exc:
        return exc.code, json.loads(exc.read().decode("utf-8"))


@pytest.fixture
def running(tmp_path):
    data = str(tmp_path / "data")
    run = Proc(["run", "--config", CONFIG, "--data-dir", data, "--console", "--port", "0"])
    try:
        url = run.wait_for(r"console  (http://127\.0\.0\.1:\d+/)", "the console URL").group(1)
        run.wait_for(r"Ctrl-C to stop", "the gateway running")
        yield run, url, data
    finally:
        run.stop()


def test_run_console_serves_pages_and_refuses_without_token(running):
    run, url, data = running
    code, body = _get(url)
    assert code == 200 and "Runs" in body
    code, body = _get(url + "tags")
    assert "[default]Tank/Level" in body
    with open(os.path.join(data, "gateway-sim.console-token")) as f:
        token = f.read().strip()
    assert "login?token=%s" % token in run.text()
    code, resp = _post(url + "action/start", {"workflow": "tank_batch"}, None)
    assert code == 403 and resp["code"] == "REFUSED"


def test_console_attaches_to_a_running_gateway(running):
    run, url, data = running
    db = os.path.join(data, "db", "WorkflowsDB.sqlite")
    attach = Proc(["console", "--db", db, "--port", "0"])
    try:
        aurl = attach.wait_for(r"console  (http://127\.0\.0\.1:\d+/)", "the attached console").group(1)
        assert "no running gateway found" not in attach.text()
        with open(os.path.join(data, "gateway-sim.console-token")) as f:
            token = f.read().strip()
        code, resp = _post(aurl + "action/tag-write", {"path": "[default]Tank/Setpoint", "value": "33"},
                           token)
        assert resp["code"] == "TAG_WRITTEN", resp
        code, body = _get(url + "tags")  # the running gateway's own console sees the write
        assert re.search(r"\[default\]Tank/Setpoint</a></td><td>[^<]*</td><td><span class=\"val\">33<",
                         body), body[:2000]
        code, resp = _post(aurl + "action/start", {"workflow": "tank_batch", "in.batchId": "ATT-1",
                                                   "in.setpoint": "20"}, token)
        assert resp["code"] == "WORKFLOW_ENQUEUED", resp
        wid = resp["data"]["workflowId"]
        wait_until(lambda: re.search(r"<dt>status</dt><dd><span class=\"badge ok\">SUCCESS",
                                     _get(aurl + "runs/" + wid)[1]), timeout=90,
                   message="the run executed by the running gateway")
    finally:
        attach.stop()
    assert "stopping" in attach.text()


def test_run_console_on_jython_is_refused_naming_the_fix(tmp_path, capsys):
    from gateway_sim import cli
    rc = cli.main(["run", "--config", CONFIG, "--data-dir", str(tmp_path / "data"),
                   "--interpreter", "jython", "--console", "--seconds", "0"])
    assert rc == 2
    assert "--console is not available with --interpreter jython" in capsys.readouterr().err
