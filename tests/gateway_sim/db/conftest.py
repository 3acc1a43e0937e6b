"""Fixtures for the database tests: gateways with PostgreSQL / MariaDB datasources.

The servers are this machine's (see contracts.md). When one is unreachable its
tests skip saying why, unless GATEWAY_SIM_REQUIRE_SERVICES=1 (CI), where they fail.
"""
from __future__ import absolute_import, division, print_function

import uuid

import pytest

from dbsim_servers import SERVERS, require_server


@pytest.fixture(params=[pytest.param("postgres", marks=pytest.mark.postgres),
                        pytest.param("mariadb", marks=pytest.mark.mariadb)])
def server(request, gateway):
    """(system, datasource name, kind) for each server; the datasource is the default."""
    kind = request.param
    require_server(kind)
    spec = dict(SERVERS[kind])
    name = spec.pop("name")
    gateway.databases.add_datasource(name, **spec)
    gateway.databases.default_name = name
    import gateway_sim.system as system
    return system, name, kind


@pytest.fixture
def table(server):
    """A unique table name, dropped after the test."""
    system, name, kind = server
    tname = "gwsim_%s" % uuid.uuid4().hex[:10]
    yield tname
    try:
        system.db.runUpdateQuery("DROP TABLE IF EXISTS %s" % tname, name)
    except BaseException:  # cleanup must not hide the test's own result
        pass
