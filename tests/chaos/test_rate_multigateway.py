"""Queue rate limit across gateways: three gateway processes on one PostgreSQL share a
backlog on the workload's rate-limited queue (3 starts per second, set by every gateway);
one is SIGKILLed midway. The limit holds across all of them (chaos_checks._check_rate),
every run ends SUCCESS exactly once, and more than one gateway took a share."""
from __future__ import absolute_import, division, print_function

import pytest

import chaos_harness as H
import chaos_workload as W

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def test_rate_limit_holds_across_three_gateways(pg_server):
    runs = 24
    report = H.multi_gateway(runs=runs, lease_ms=2000, kill_after=6, mg_queue=W.RATE_QUEUE)
    assert not report["violations"], H.report_text(report)
    assert report["statuses"] == {"SUCCESS": runs}, H.report_text(report)
    assert len(report["step_executions_per_gateway"]) >= 2, H.report_text(report)
