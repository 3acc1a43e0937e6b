"""Two gateway processes configured with the SAME name on one PostgreSQL database, one of
them restarted (SIGKILL + start) while the other works (issue 11 bug 1).

Before the fix the restarted twin's start-up recovery re-enqueued every run its name had
claimed, including the live twin's, and steps ran several times at once. Now: a live
executor of the same name keeps its runs (no zombie execution, no partition overlap), the
killed one's runs are taken over, and the duplicate name is reported in the logs.
"""
from __future__ import absolute_import, division, print_function

import os
import time

import pytest

import chaos_harness as H

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _logs(wd):
    out = []
    for f in sorted(os.listdir(wd.path)):
        if f.startswith("worker-"):
            with open(os.path.join(wd.path, f), "rb") as fh:
                out.append(fh.read().decode("utf-8", "replace"))
    return "\n".join(out)


def twin_restart(runs=60, steps=2, lease_ms=3000, step_ms=150, drain_seconds=180):
    pg = H.create_pg_db()
    wd = H.Workdir(None, pg)
    common = ["--lease-ms", str(lease_ms), "--heartbeat-ms", str(max(100, lease_ms // 4)),
              "--workers", "4", "--no-mail", "--step-ms", str(step_ms)]
    report = {"workdir": wd.path}
    try:
        first = wd.spawn("gwA", common + ["--mg-runs", str(runs), "--mg-steps", str(steps)])
        H._wait_line(wd, first, "SEEDED", 120)
        twin = wd.spawn("gwA", common)
        H._wait_line(wd, twin, "READY", 60)
        H._wait_done(wd, runs // 4, 120)
        wd.kill(twin)
        restarted = wd.spawn("gwA", common)  # the twin comes back at once under the same name
        H._wait_line(wd, restarted, "READY", 60)
        report["drained"] = H._wait_done(wd, runs, drain_seconds)
        time.sleep(0.3)  # let the last effects lines land (polling the file, not the engine)
        report.update(wd.verify())
        report["duplicate_reported"] = "evt=node.duplicate_name" in _logs(wd)
    finally:
        wd.kill_all()
        H.drop_pg_db(pg)
        H.save_report(report)
    return report


def test_same_named_gateway_restart_leaves_the_live_twins_runs_alone(pg_server):
    report = twin_restart()
    assert report["drained"], H.report_text(report)
    assert not report["violations"], H.report_text(report)
    assert report["zombie_executions"] == 0 and not report["overlaps"], H.report_text(report)
    assert report["statuses"] == {"SUCCESS": report["acked_runs"]}, H.report_text(report)
    assert report["duplicate_reported"], H.report_text(report)
