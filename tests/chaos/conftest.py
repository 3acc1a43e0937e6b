"""Chaos suites: markers, PostgreSQL availability, and the short/long form switch.

Short form (CI, default): a few rounds each, well inside CI's time. Long form:
``CHAOS_ROUNDS=50 python3 -m pytest tests/chaos`` or ``python3 -m tests.chaos.run``.
"""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

REQUIRE_SERVICES = os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES", "") == "1"


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: real-process chaos/fuzz suites (run by default)")
    config.addinivalue_line("markers", "postgres: needs PostgreSQL at 127.0.0.1:5432 (db test)")


@pytest.fixture
def pg_server():
    import chaos_harness as H
    if not H.postgres_up():
        msg = ("PostgreSQL is not reachable at 127.0.0.1:5432 (user postgres); start it "
               "(pg_ctlcluster <version> main start) to run the PostgreSQL chaos suites")
        if REQUIRE_SERVICES:
            pytest.fail(msg + " [GATEWAY_SIM_REQUIRE_SERVICES=1]")
        pytest.skip(msg)
    return True
