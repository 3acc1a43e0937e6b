"""pytest plugin (auto-registered through the ``pytest11`` entry point).

Fixtures:
    gateway         a fresh simulated gateway per test, SQLite datasource
                    ``WorkflowsDB`` in a temp folder, active as ``system``.
    virtual_gateway the same with a ``VirtualClock`` (advance it by hand).
    system          the ``system`` package exactly as scripts see it.
    tags            the gateway's tag backend.
    db              the gateway's database backend.
    clock           the gateway's clock.

Markers: ``postgres`` / ``mariadb`` (need the server; skipped, saying so, when
it is absent), ``jython`` (needs Jython), ``slow``.
"""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.clock import VirtualClock
from gateway_sim.gateway import Gateway
from gateway_sim.simulate import simulate


def pytest_configure(config):
    # Install the java.* import hook before test modules are imported, so
    # modules that bind Java exception classes at import time find them.
    from gateway_sim import java as java_pkg
    java_pkg.install()
    for line in (
        "postgres: needs the PostgreSQL server (127.0.0.1:5432, database test)",
        "mariadb: needs the MariaDB server (127.0.0.1:3306, database test)",
        "jython: runs tests under Debian's Jython 2.7",
        "slow: takes more than a few seconds",
    ):
        config.addinivalue_line("markers", line)


def _make_gateway(tmp_path, clock=None):
    gw = Gateway(data_dir=str(tmp_path / "gateway"), clock=clock)
    return gw


@pytest.fixture
def gateway(tmp_path):
    gw = _make_gateway(tmp_path)
    with simulate(gw):
        yield gw
    gw.shutdown()


@pytest.fixture
def virtual_gateway(tmp_path):
    gw = _make_gateway(tmp_path, clock=VirtualClock(start=1764072000.0))
    with simulate(gw):
        yield gw
    gw.shutdown()


@pytest.fixture
def system(gateway):
    import gateway_sim.system as system_pkg
    return system_pkg


@pytest.fixture
def tags(gateway):
    return gateway.tags


@pytest.fixture
def db(gateway):
    return gateway.databases


@pytest.fixture
def clock(gateway):
    return gateway.clock
