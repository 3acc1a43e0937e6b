"""Migrations serialized across gateways (bug 4): N connections migrating one empty
database at once must all succeed (advisory lock on PostgreSQL, GET_LOCK on MariaDB,
the write lock on SQLite). Throw-away databases come from conftest.
"""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from exchange.workflows.engine import host
from exchange.workflows.engine.persistence import migrations, schema

from conftest import MY, PG

ALL_VERSIONS = [m[0] for m in migrations.MIGRATIONS]


def _migrate_at_once(db, n):
    """``n`` threads (each on its own pooled connection) run ensure_schema together."""
    barrier = threading.Barrier(n)
    errors = []

    def one():
        try:
            barrier.wait(30)
            migrations.ensure_schema(db)
        except BaseException as exc:  # noqa (Java exceptions too) collected, asserted below
            errors.append("%s: %s" % (type(exc).__name__, exc))
    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not [t for t in threads if t.is_alive()], "a migration thread hung"
    return errors


@pytest.mark.parametrize("family", ["postgresql", "mariadb"])
def test_concurrent_first_migrations_all_succeed(gateway, request, family):
    """Bug 4: gateways starting together on an empty database raced CREATE TABLE."""
    if family == "mariadb":
        name = request.getfixturevalue("my_database")
        gateway.databases.add_datasource("T", type="mariadb", database=name, maxActive=12, **MY)
    else:
        name = request.getfixturevalue("pg_database")
        gateway.databases.add_datasource("T", type="postgresql", database=name, maxActive=12,
                                         **PG)
    errors = _migrate_at_once("T", 8)
    assert errors == []
    rows = host.db_query("SELECT version FROM schema_migrations", [], "T")
    assert sorted(int(r["version"]) for r in rows) == [m[0] for m in migrations.MIGRATIONS]
    assert migrations.schema_version("T") == str(schema.SCHEMA_VERSION)


def test_concurrent_first_migrations_sqlite(gateway, tmp_path):
    gateway.databases.add_datasource("T", type="sqlite", path=str(tmp_path / "mig.sqlite"))
    assert _migrate_at_once("T", 6) == []
    rows = host.db_query("SELECT version FROM schema_migrations", [], "T")
    assert sorted(int(r["version"]) for r in rows) == [m[0] for m in migrations.MIGRATIONS]
