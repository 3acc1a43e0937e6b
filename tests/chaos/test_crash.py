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
