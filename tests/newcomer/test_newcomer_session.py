"""A newcomer's session, scripted (issue 12): a fresh clone, every command, own workflow app,
SIGKILL + restart, bad input, a non-editable install.

Each step is what a new user types, run as a subprocess in a copy of the repository's
tracked files (a fresh clone: no ``.gateway/``, no build output). It checks one-line errors
that name the fix, that no run and no value is lost, and that nothing is left behind
(the session's temp folder is its own ``TMPDIR``; the clone stays free of ``.gateway/``
after the demo and after failed reads).
"""
from __future__ import absolute_import, division, print_function

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytestmark = pytest.mark.slow


class Session(object):
    """A shell in a fresh clone: ``run(*argv)`` is ``gateway-sim argv...``."""

    def __init__(self, clone, tmpdir, pythonpath):
        self.clone = clone
        self.env = dict(os.environ, NO_COLOR="1", TMPDIR=tmpdir, PYTHONPATH=pythonpath,
                        PYTHONDONTWRITEBYTECODE="1")
        self.env.pop("GATEWAY_SIM_CONFIG", None)
        self.procs = []

    def run(self, *argv, **kw):
        proc = subprocess.run([sys.executable, "-m", "gateway_sim"] + list(argv),
                              cwd=kw.get("cwd", self.clone), env=self.env, timeout=180,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        return proc.returncode, proc.stdout, proc.stderr

    def start_gateway(self, *argv):
        proc = subprocess.Popen([sys.executable, "-m", "gateway_sim", "run"] + list(argv),
                                cwd=self.clone, env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, universal_newlines=True)
        self.procs.append(proc)
        return proc

    def stop(self, proc, sig=signal.SIGTERM):
        if proc.poll() is None:
            proc.send_signal(sig)
        out = proc.communicate(timeout=60)[0]
        return out

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
                p.communicate()


def wait_until(fn, what, tries=600, pause=0.05):
    for _ in range(tries):
        value = fn()
        if value:
            return value
        time.sleep(pause)
    raise AssertionError("gave up waiting for " + what)


def one_line_error(err):
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    return lines[0]


def fresh_clone(dest):
    """The committed tree (``git archive HEAD``), as a clone has it; the working tree's
    uncommitted edits are not part of it."""
    os.makedirs(dest)
    archive = subprocess.Popen(["git", "archive", "--format=tar", "HEAD"], cwd=REPO,
                               stdout=subprocess.PIPE)
    subprocess.check_call(["tar", "-x", "-C", dest], stdin=archive.stdout)
    archive.stdout.close()
    assert archive.wait() == 0
    return dest


@pytest.fixture
def session(tmp_path):
    tmpdir = str(tmp_path / "tmp")
    os.makedirs(tmpdir)
    clone = fresh_clone(str(tmp_path / "clone"))
    s = Session(clone, tmpdir, clone)
    try:
        yield s
    finally:
        s.close()
    assert os.listdir(tmpdir) == [], "left in the temp folder: %s" % os.listdir(tmpdir)


def test_newcomer_session(session, tmp_path):
    s = session
    control = os.path.join(s.clone, ".gateway", "gateway-sim.control.json")

    # the two commands of the README, then every command's help
    code, out, err = s.run("demo", "--quiet")
    assert code == 0, out + err
    assert "SUCCESS" in out
    assert not os.path.exists(os.path.join(s.clone, ".gateway")), "the demo wrote into the clone"
    code, out, _ = s.run("--help")
    for command in ("demo", "run", "start", "status", "list", "steps", "send", "cancel", "resume",
                    "fork", "reset", "tags", "export", "check"):
        assert command in out

    # reading before anything ran: one line, and no database appears in the clone (item 8)
    code, _, err = s.run("steps", "abc")
    assert code == 1 and "no system database at" in one_line_error(err)
    assert not os.path.exists(os.path.join(s.clone, ".gateway"))

    # item 1: a typo in the gateway section is refused, not a silent temp folder
    typo = os.path.join(s.clone, "typo.yaml")
    with open(typo, "w") as f:
        f.write("gateway:\n  dataDri: data\n")
    code, _, err = s.run("list", "--config", typo)
    assert code == 2 and "unknown key(s) dataDri in the gateway section" in one_line_error(err)

    # item 2: the database is down: one line naming datasource, host:port and the key to fix
    down = os.path.join(s.clone, "down.yaml")
    with open(down, "w") as f:
        f.write("datasources:\n  WorkflowsDB: {type: postgresql, port: 5499, database: test}\n"
                "defaultDatasource: WorkflowsDB\n")
    code, _, err = s.run("list", "--config", down)
    line = one_line_error(err)
    assert code == 1 and "127.0.0.1:5499" in line and "datasources.WorkflowsDB.host/port" in line

    # item 3: a tag write with no gateway running is refused (the value would be lost)
    code, _, err = s.run("tags", "write", "[default]Tank/Setpoint", "70")
    assert code == 1 and "would be lost" in one_line_error(err)

    # the gateway, Ignition-style logs (item 7)
    gw = s.start_gateway()
    wait_until(lambda: os.path.exists(control), "the gateway")
    code, out, err = s.run("tags", "write", "[default]Tank/Setpoint", "70")
    assert code == 0 and "Good" in out, err
    # item 4: a second gateway on the same data folder is refused, naming the holder
    code, _, err = s.run("run", "--seconds", "1")
    assert code == 1 and "in use by another gateway-sim run (pid %d" % gw.pid in one_line_error(err)

    # a run, watched by the operator (item 6), then SIGKILL and a restart: nothing lost
    code, out, err = s.run("start", "tank_batch", "--inputs",
                           json.dumps({"batchId": "B-1", "setpoint": 40}), "--json")
    assert code == 0, err
    wid = json.loads(out)["workflowId"]
    wait_until(lambda: "wait.until_tag_equals" in s.run("steps", wid)[1], "the run to fill")
    code, out, _ = s.run("steps", wid)
    assert re.search(r"progress\s+log\s+SUCCESS.*\S", out), out
    saved = os.path.join(s.clone, ".gateway", "tags", "memory-values.json")
    wait_until(lambda: os.path.exists(saved) and json.load(open(saved))["values"].get(
        "[default]Tank/Setpoint") == 40.0, "the batch's setpoint to be kept")
    killed = s.stop(gw, signal.SIGKILL)
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} INFO  \[", killed), killed
    gw = s.start_gateway()  # takes over the stale lock of the killed one
    wait_until(lambda: json.loads(s.run("status", wid, "--json")[1] or "{}").get("status")
               == "SUCCESS", "the run to finish after the restart")
    code, out, err = s.run("tags", "read", "[default]Tank/Setpoint", "--json")
    assert json.loads(out)[0]["value"] == 40.0, err  # the batch wrote its setpoint after ours
    s.stop(gw)
    # memory tag values survive a clean restart (item 8)
    gw = s.start_gateway()
    wait_until(lambda: os.path.exists(control), "the gateway again")
    code, out, _ = s.run("tags", "read", "[default]Tank/Setpoint", "--json")
    assert json.loads(out)[0]["value"] == 40.0
    assert "gateway stopped." in s.stop(gw)

    # item 9: validated values, list filters, reset with confirmation
    code, _, err = s.run("list", "--status", "DONE")
    assert code == 2 and "invalid choice" in err
    code, _, err = s.run("list", "--limit", "-5")
    assert code == 2 and "--limit must be > 0" in err
    code, out, _ = s.run("list", "--since", "1h", "--status", "success")
    assert wid in out
    code, _, err = s.run("reset")
    assert code == 2 and "--yes" in err
    code, out, _ = s.run("reset", "--yes")
    assert code == 0 and "deleted" in out

    # item 5: the newcomer's own workflow, registered from the project's script library
    lib = os.path.join(s.clone, "project", "ignition", "script-python")
    for folder, text in (("workflows_apps", 'APP_MODULES = ["site.batches"]\n'),
                         ("site/batches", "from __future__ import absolute_import, division, "
                                          "print_function\nfrom exchange.workflows.bootstrap "
                                          "import workflow\n\n\n@workflow(name=\"site.batch\")\n"
                                          "def batch(batch_id=\"B\"):\n    return batch_id\n")):
        os.makedirs(os.path.join(lib, folder))
        with open(os.path.join(lib, folder, "code.py"), "w") as f:
            f.write(text)
    code, out, err = s.run("list", "--workflows")
    assert code == 0 and "site.batch" in out.split(), err
    assert subprocess.call(["git", "diff", "--quiet", "--", "exchange"], cwd=REPO) in (0, 1)

    # item 10: the pytest plugin stays out of a session that does not use it
    other = tmp_path / "other_project"
    other.mkdir()
    (other / "test_other.py").write_text(
        "def test_java_is_not_the_simulator():\n"
        "    try:\n        import java.util\n    except ImportError:\n        return\n"
        "    raise AssertionError(java.util)\n")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(other)], cwd=str(other), env=s.env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, timeout=180)
    assert proc.returncode == 0, proc.stdout

    shutil.rmtree(os.path.join(s.clone, ".gateway"))


def test_non_editable_install_runs_demo_and_export(tmp_path):
    """``pip install .`` (not editable) puts what ``build_py`` builds into site-packages: the
    packages and, as package data, the bundled project. Run from that copy, elsewhere."""
    clone = fresh_clone(str(tmp_path / "clone"))
    site = str(tmp_path / "site")
    tmpdir = str(tmp_path / "tmp")
    os.makedirs(tmpdir)
    env = dict(os.environ, TMPDIR=tmpdir, NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    subprocess.check_call([sys.executable, "setup.py", "-q", "build_py", "--build-lib", site],
                          cwd=clone, env=env, stdout=subprocess.DEVNULL)
    assert os.path.isfile(os.path.join(site, "gateway_sim", "data", "project", "project.json"))
    shutil.rmtree(clone)  # nothing may point back at the source
    env["PYTHONPATH"] = site
    elsewhere = str(tmp_path / "elsewhere")
    os.makedirs(elsewhere)
    where = subprocess.check_output([sys.executable, "-c", "import gateway_sim; print("
                                     "gateway_sim.__file__)"], cwd=elsewhere, env=env)
    assert where.decode().startswith(site), where
    for argv in (["demo", "--quiet"], ["export", "--out", os.path.join(elsewhere, "dist")]):
        proc = subprocess.run([sys.executable, "-m", "gateway_sim"] + argv, cwd=elsewhere, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=180)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert os.path.isfile(os.path.join(elsewhere, "dist", "Workflows.zip"))
    assert os.listdir(tmpdir) == []
