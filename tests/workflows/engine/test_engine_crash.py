"""Crash tests: a gateway process dies mid-run (SIGKILL, or a fault point's os._exit),
restarts on the same SQLite file, recovers; no completed step runs twice."""
from __future__ import absolute_import, division, print_function

import json
import os
import signal
import subprocess
import sys
import time

import pytest

SCRIPT = os.path.join(os.path.dirname(__file__), "crash_gateway.py")
pytestmark = pytest.mark.slow


def _effects(d):
    path = os.path.join(d, "effects.txt")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [int(x) for x in f.read().split()]


def _recorded(d):
    import sqlite3
    con = sqlite3.connect(os.path.join(d, "db", "WorkflowsDB.sqlite"))
    try:
        return [r[0] for r in con.execute("SELECT call_seq FROM wf_operation_outputs WHERE workflow_id = "
                                          "'crash-1' AND kind = 'step' AND status = 'SUCCESS'")]
    finally:
        con.close()


def _resume(d):
    out = subprocess.check_output([sys.executable, SCRIPT, d, "resume"], timeout=90,
                                  env=dict(os.environ, EXCHANGE_WORKFLOWS_FAULTS=""))
    return json.loads(out.decode().strip().splitlines()[-1])


def _check(d, recorded_before):
    res = _resume(d)
    assert res["result"] == [0, 10, 20, 30, 40, 50]
    assert res["steps"] == ["SUCCESS"] * 6
    effects = _effects(d)
    # steps recorded before the crash ran exactly once; at most the one interrupted step twice
    done_before = len(recorded_before)
    for i in range(done_before):
        assert effects.count(i) == 1, (i, effects)
    assert sorted(set(effects)) == list(range(6))
    assert len(effects) <= 7, effects
    assert res["recoveryAttempts"] == 1
    return res


def test_sigkill_mid_run_recovers_without_rerunning_completed_steps(tmp_path):
    d = str(tmp_path)
    p = subprocess.Popen([sys.executable, SCRIPT, d, "start"], stdout=subprocess.PIPE,
                         env=dict(os.environ, EXCHANGE_WORKFLOWS_FAULTS="", CRASH_BLOCK_AT="3"))
    flag = os.path.join(d, "blocked.flag")
    try:
        end = time.time() + 120
        while not os.path.exists(flag) and time.time() < end and p.poll() is None:
            time.sleep(0.02)
        assert os.path.exists(flag), "the run never reached step 3 (gateway exit code %r)" % p.poll()
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    recorded = _recorded(d)
    assert sorted(recorded) == sorted(set(recorded)) and len(recorded) == 3, recorded
    assert _effects(d) == [0, 1, 2, 3]  # killed inside step 3, before its commit
    _check(d, recorded)
    assert _effects(d) == [0, 1, 2, 3, 3, 4, 5]  # only the interrupted step ran again


def test_fault_point_after_step_commit(tmp_path):
    d = str(tmp_path)
    rc = subprocess.call([sys.executable, SCRIPT, d, "start"], stdout=subprocess.DEVNULL,
                         env=dict(os.environ, EXCHANGE_WORKFLOWS_FAULTS="after_step_commit@3"),
                         timeout=60)
    assert rc == 137
    recorded = _recorded(d)
    assert len(recorded) == 3 and _effects(d) == [0, 1, 2]
    _check(d, recorded)
    assert _effects(d) == [0, 1, 2, 3, 4, 5]  # crash after a commit: nothing ran twice


def test_fault_point_before_step_commit_reruns_only_the_interrupted_step(tmp_path):
    d = str(tmp_path)
    rc = subprocess.call([sys.executable, SCRIPT, d, "start"], stdout=subprocess.DEVNULL,
                         env=dict(os.environ, EXCHANGE_WORKFLOWS_FAULTS="before_step_commit@2"),
                         timeout=60)
    assert rc == 137
    assert _effects(d) == [0, 1] and len(_recorded(d)) == 1
    _check(d, _recorded(d))
    assert _effects(d) == [0, 1, 1, 2, 3, 4, 5]  # step 1 was interrupted: it runs again
