"""Numbered, idempotent schema migrations with a version table.

``ensure_schema(db)`` detects the dialect, creates ``schema_migrations`` and applies
every migration whose number is not recorded, in order. Each DDL statement is
idempotent on its own (``CREATE TABLE IF NOT EXISTS``; an index that already exists
is accepted), so a crash or a concurrent gateway mid-migration is harmless; the
version row is inserted last (a duplicate from a racing gateway is ignored).
To add a migration: append ``(number, [statements])`` to ``MIGRATIONS``.
May import: ``compat``, ``engine.host``, ``engine.faults``, sibling persistence modules.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import faults, host
from exchange.workflows.engine.persistence import dialects, schema


def _seed_v1(db, d):
    now = host.now_ms()
    if not host.db_query("SELECT meta_key FROM schema_meta WHERE meta_key = 'schema_version'", [], db):
        _ignore_dup(lambda: host.db_update(
            "INSERT INTO schema_meta (meta_key, meta_value) VALUES ('schema_version', ?)",
            [str(schema.SCHEMA_VERSION)], db))
    if not host.db_query("SELECT id FROM retention_config WHERE id = 1", [], db):
        _ignore_dup(lambda: host.db_update(
            "INSERT INTO retention_config (id, time_threshold_hours, rows_threshold, "
            "global_timeout_hours, updated_at) VALUES (1, NULL, 1000000, NULL, ?)", [now], db))


def _ignore_dup(fn):
    try:
        fn()
    except compat.CATCHABLE:
        pass  # a racing gateway inserted the same seed row


MIGRATIONS = [
    (1, schema.V1_TABLES, schema.V1_INDEXES, _seed_v1),
]


def _applied(db):
    rows = host.db_query("SELECT version FROM schema_migrations", [], db)
    return set(int(r["version"]) for r in rows)


def _index_exists_error(exc):
    text = compat.exception_text(exc).lower()
    return "exist" in text or "duplicate key name" in text


def ensure_schema(db):
    """Apply pending migrations on datasource ``db``; returns the dialect dict."""
    d = dialects.detect(db)
    host.db_update(dialects.render(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version {int} NOT NULL PRIMARY KEY, "
        "applied_at {bigint} NOT NULL){suffix}", d), [], db)
    done = _applied(db)
    for number, tables, indexes, seed in MIGRATIONS:
        if number in done:
            continue
        for ddl in tables:
            host.db_update(dialects.render(ddl, d), [], db)
        for ddl in indexes:
            try:
                host.db_update(ddl, [], db)
            except compat.CATCHABLE as exc:
                if not _index_exists_error(exc):
                    raise
        seed(db, d)
        try:
            host.db_update("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                           [number, host.now_ms()], db)
        except compat.CATCHABLE:
            if number not in _applied(db):
                raise
        faults.point("after_migration_commit")
    return d


def schema_version(db):
    """``schema_meta.schema_version`` as text, or None when missing."""
    rows = host.db_query("SELECT meta_value FROM schema_meta WHERE meta_key = 'schema_version'",
                         [], db)
    return compat.to_text(rows[0]["meta_value"]) if rows else None


def drop_all(db):
    """Drop every engine table (tests / admin 'drop schema')."""
    for t in schema.ALL_TABLES:
        try:
            host.db_update("DROP TABLE IF EXISTS %s" % t, [], db)
        except compat.CATCHABLE:
            pass
