"""Migrations: numbered, idempotent, recorded in schema_migrations; dialect detection."""
from __future__ import absolute_import, division, print_function

from exchange.workflows.engine import host
from exchange.workflows.engine.persistence import dialects, migrations, schema


def test_migrations_are_idempotent_and_versioned(wf):
    db = wf.dbName
    assert migrations.ensure_schema(db)["name"] == "sqlite"
    migrations.ensure_schema(db)  # second run: nothing to do, no error
    rows = host.db_query("SELECT version FROM schema_migrations", [], db)
    assert sorted(int(r["version"]) for r in rows) == [m[0] for m in migrations.MIGRATIONS]
    assert wf.getSchemaVersion() == str(schema.SCHEMA_VERSION)
    assert wf.getRetentionConfig()["rowsThreshold"] == 1000000


def test_partial_schema_is_completed(wf):
    db = wf.dbName
    host.db_update("DELETE FROM schema_migrations", [], db)
    host.db_update("DROP INDEX idx_wf_created", [], db)
    migrations.ensure_schema(db)  # existing tables/indexes accepted, missing ones created
    names = [r["name"] for r in host.db_query(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'idx_wf_created'", [], db)]
    assert names == ["idx_wf_created"]


def test_dialect_detection_sqlite(wf):
    assert dialects.detect(wf.dbName) is dialects.SQLITE
