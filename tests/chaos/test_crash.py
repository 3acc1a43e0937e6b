"""Single-gateway crash suites (real processes, SIGKILL + named fault points): SQLite,
PostgreSQL, and SQLite with the worker under Jython 2.7."""
from __future__ import absolute_import, division, print_function

import pytest

import chaos_harness as H

pytestmark = pytest.mark.slow


def test_crash_rounds_sqlite():
    report = H.crash_rounds(rounds=H.rounds(16), seed=11)
    assert not report["violations"], H.report_text(report)
    assert set(report["statuses"]) <= set(["SUCCESS", "CANCELLED"]), H.report_text(report)
    assert report["kills"]["fault"] >= 1, H.report_text(report)


@pytest.mark.postgres
def test_crash_rounds_postgres(pg_server):
    report = H.crash_rounds(rounds=H.rounds(12), seed=12, pg=True)
    assert not report["violations"], H.report_text(report)
    assert set(report["statuses"]) <= set(["SUCCESS", "CANCELLED"]), H.report_text(report)


def test_crash_rounds_jython_sqlite():
    """The same crash suite with the gateway worker running under Jython 2.7 (the interpreter
    Ignition uses): JDBC SQLite, Java exceptions, no GIL."""
    import sys
    sys.path.insert(0, H.os.path.join(H.ROOT, "tests", "jython"))
    import jython_launch
    try:
        jython_launch.jython_command("x.py")
    except jython_launch.JythonMissing as exc:
        jython_launch.unavailable(pytest, exc)
    report = H.crash_rounds(rounds=H.rounds(6), seed=13, interpreter="jython")
    assert not report["violations"], H.report_text(report)
    assert set(report["statuses"]) <= set(["SUCCESS", "CANCELLED"]), H.report_text(report)


def test_a_worker_that_dies_by_itself_is_a_violation():
    """The harness itself: a worker that exits with a traceback (not killed) is reported."""
    report = H.crash_rounds(rounds=2, seed=5, worker_args=["--crash-after-seed"], max_life=10)
    H.shutil.rmtree(report["workdir"], True)  # kept by the harness because of the violation
    # round 1 dies at its fault point (right after the migration, before seeding): a kill;
    # round 2 seeds and then raises: the harness must flag it
    died = [v for v in report["violations"] if "exited by itself" in v]
    assert len(died) == 1 and died[0].startswith("round 2:"), H.report_text(report)
    assert "deliberate worker crash" in died[0]
    assert report["kills"] == {"random": 0, "fault": 1, "none": 1}, H.report_text(report)
