"""Fixtures for persistence tests on real servers: a throw-away PostgreSQL or MariaDB
database per test (created here, dropped afterwards). Skipped, saying why, when the
server is absent; a failure instead when ``GATEWAY_SIM_REQUIRE_SERVICES=1`` (CI).
"""
from __future__ import absolute_import, division, print_function

import os
import socket
import uuid

import pytest

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
MY = {"host": "127.0.0.1", "port": 3306, "user": "root"}


def _require(name, params, driver):
    s = socket.socket()
    s.settimeout(1.0)
    try:
        s.connect((params["host"], params["port"]))
        up = True
    except (socket.error, OSError):
        up = False
    finally:
        s.close()
    if not up:
        msg = "%s is not reachable at %s:%s (user %s); start it to run this test" % (
            name, params["host"], params["port"], params["user"])
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail(msg + " [GATEWAY_SIM_REQUIRE_SERVICES=1]")
        pytest.skip(msg)
    return pytest.importorskip(driver)


@pytest.fixture
def pg_database():
    """Name of a fresh, empty PostgreSQL database (dropped after the test)."""
    psycopg = _require("PostgreSQL", PG, "psycopg")
    name = "persist_%s" % uuid.uuid4().hex[:12]
    admin = psycopg.connect(host=PG["host"], port=PG["port"], user=PG["user"], dbname="test",
                            autocommit=True)
    admin.execute('CREATE DATABASE "%s"' % name)
    try:
        yield name
    finally:
        admin.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
        admin.close()


@pytest.fixture
def my_database():
    """Name of a fresh, empty MariaDB database (dropped after the test)."""
    pymysql = _require("MariaDB", MY, "pymysql")
    name = "persist_%s" % uuid.uuid4().hex[:12]
    admin = pymysql.connect(host=MY["host"], port=MY["port"], user=MY["user"], autocommit=True)
    try:
        with admin.cursor() as cur:
            cur.execute("CREATE DATABASE `%s`" % name)
        yield name
    finally:
        with admin.cursor() as cur:
            cur.execute("DROP DATABASE IF EXISTS `%s`" % name)
        admin.close()
