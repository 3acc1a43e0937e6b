"""Which database servers this machine has (shared by conftest and the Jython test)."""
from __future__ import absolute_import, division, print_function

import os

import pytest

SERVERS = {
    "postgres": {"name": "PG", "type": "postgresql", "host": "127.0.0.1", "port": 5432,
                 "database": "test", "user": "postgres"},
    "mariadb": {"name": "Maria", "type": "mariadb", "host": "127.0.0.1", "port": 3306,
                "database": "test", "user": "root"},
}


def _reachable(kind):
    spec = SERVERS[kind]
    try:
        if kind == "postgres":
            import psycopg
            psycopg.connect(host=spec["host"], port=spec["port"], dbname=spec["database"],
                            user=spec["user"], connect_timeout=3).close()
        else:
            import pymysql
            pymysql.connect(host=spec["host"], port=spec["port"], user=spec["user"],
                            database=spec["database"], connect_timeout=3).close()
        return None
    except Exception as exc:  # any failure means "not usable here"
        return "%s server at %s:%s (database %s) not reachable: %s" % (
            kind, spec["host"], spec["port"], spec["database"], exc)


_status = {}


def require_server(kind):
    if kind not in _status:
        _status[kind] = _reachable(kind)
    why = _status[kind]
    if why:
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail("GATEWAY_SIM_REQUIRE_SERVICES=1 but " + why)
        pytest.skip(why)
