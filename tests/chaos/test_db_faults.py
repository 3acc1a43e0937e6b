"""Database faults while runs progress: the engine retries, reports, and loses nothing.

PostgreSQL: every engine connection is terminated (``pg_terminate_backend``) every
0.3 s for several seconds. SQLite: another connection holds ``BEGIN EXCLUSIVE``
for 2.5 s at a time, longer than the worker's 1 s busy timeout.
"""
from __future__ import absolute_import, division, print_function

import pytest

import chaos_dbfaults as F
import chaos_harness as H

pytestmark = pytest.mark.slow


def _reported_retries(report):
    logs = report.get("engine_logs", {})
    return sum(n for k, n in logs.items() if "retry" in k or "failed" in k)


def test_sqlite_file_locked_by_another_writer():
    report = F.db_faults(pg=None, batches=4, faults_for=6.0, busy_ms=1000, lock_hold=2.5,
                         drain_seconds=120)
    assert not report["violations"], H.report_text(report)
    assert report["locks"] >= 1
    assert _reported_retries(report) > 0, \
        "the engine did not report the lock: " + H.report_text(report)


@pytest.mark.postgres
def test_postgres_connections_terminated(pg_server):
    report = F.db_faults(pg=True, batches=4, faults_for=5.0, drain_seconds=120)
    assert not report["violations"], H.report_text(report)
    assert report["terminated"] > 0
    assert _reported_retries(report) > 0, H.report_text(report)
