"""Numbered, idempotent schema migrations with a version table.

``ensure_schema(db)`` detects the dialect, creates ``schema_migrations`` and applies
every migration whose number is not recorded, in order, holding a per-database lock
(advisory lock on PostgreSQL, ``GET_LOCK`` on MariaDB/MySQL, the write lock on
SQLite) so gateways starting together on an empty database migrate one at a time.
Each DDL statement is also idempotent (``CREATE TABLE IF NOT EXISTS``; an index that
already exists is accepted), so a crash mid-migration is harmless; the version row
is inserted last. Table names are qualified by ``engine.host`` (``persistence.names``:
a dedicated schema on PostgreSQL, a prefix elsewhere); ``relayout`` first moves the
tables of databases created with the old unqualified layout.
To add a migration: append ``(number, [statements])`` to ``MIGRATIONS``.
May import: ``compat``, ``engine.host``, ``engine.faults``, sibling persistence modules.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import faults, host
from exchange.workflows.engine.persistence import dialects, names, relayout, schema


# One lock per database serializes migrations between gateways starting together:
# concurrent ``CREATE TABLE IF NOT EXISTS`` is not safe on PostgreSQL (both sessions
# pass the existence check, the second fails on pg_type/pg_class with UniqueViolation).
PG_LOCK_KEY = 1702388584  # arbitrary, fixed: "exch" as a 32-bit integer
MYSQL_LOCK_NAME = "CONCAT('exchange.workflows.migrate.', MD5(DATABASE()))"  # <= 64 chars
LOCK_WAIT_SECONDS = 60


def _seed_v1(db, d, tx):
    now = host.now_ms()
    if not host.db_query("SELECT meta_key FROM schema_meta WHERE meta_key = 'schema_version'",
                         [], db, tx):
        host.db_update("INSERT INTO schema_meta (meta_key, meta_value) VALUES ('schema_version', ?)",
                       [str(schema.SCHEMA_VERSION)], db, tx)
    if not host.db_query("SELECT id FROM retention_config WHERE id = 1", [], db, tx):
        host.db_update(
            "INSERT INTO retention_config (id, time_threshold_hours, rows_threshold, "
            "global_timeout_hours, updated_at) VALUES (1, NULL, 1000000, NULL, ?)", [now], db, tx)


def _seed_v2(db, d, tx):
    host.db_update("UPDATE schema_meta SET meta_value = ? WHERE meta_key = 'schema_version'",
                   [str(schema.SCHEMA_VERSION)], db, tx)


MIGRATIONS = [
    (1, schema.V1_TABLES, schema.V1_INDEXES, _seed_v1),
    (2, schema.V2_TABLES, schema.V2_INDEXES, _seed_v2),
    (3, schema.V3_TABLES, schema.V3_INDEXES, _seed_v2),  # same seed: records the version
    (4, schema.V4_TABLES, schema.V4_INDEXES, _seed_v2),
    (5, schema.V5_TABLES, schema.V5_INDEXES, _seed_v2),
    (6, schema.V6_TABLES, schema.V6_INDEXES, _seed_v2),
    (7, schema.V7_TABLES, schema.V7_INDEXES, _seed_v2),
]

_MIGRATIONS_TABLE = ("CREATE TABLE IF NOT EXISTS schema_migrations (version {int} NOT NULL "
                     "PRIMARY KEY, applied_at {bigint} NOT NULL){suffix}")


def _applied(db, tx=None):
    rows = host.db_query("SELECT version FROM schema_migrations", [], db, tx)
    return set(int(r["version"]) for r in rows)


def _index_exists_error(exc):
    text = compat.exception_text(exc).lower()
    return "exist" in text or "duplicate key name" in text


def _index_ddl(ddl, d):
    """``CREATE [UNIQUE] INDEX IF NOT EXISTS`` where the dialect has it (an error would
    abort the PostgreSQL transaction); MySQL lacks it, so there the error is accepted."""
    if not d.get("index_if_not_exists"):
        return ddl
    return ddl.replace(" INDEX ", " INDEX IF NOT EXISTS ", 1)


def _migrations_table_exists(db, d):
    """Whether ``schema_migrations`` exists, asked from the catalog (not by catching the
    error of a SELECT: control flow must not depend on which exceptions are catchable)."""
    lay = names.layout(db)
    table = lay["prefix"] + "schema_migrations"
    if d["name"] == "sqlite":
        sql, args = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    elif d["name"] == "postgresql":
        sql = ("SELECT table_name FROM information_schema.tables WHERE table_name = ? AND "
               "table_schema = %s" % ("?" if lay["schema"] else "current_schema()"))
        args = [table] + ([lay["schema"]] if lay["schema"] else [])
    else:
        sql = ("SELECT table_name FROM information_schema.tables WHERE table_name = ? AND "
               "table_schema = DATABASE()")
        args = [table]
    return bool(host.db_query(sql, args, db, raw=True))


def _up_to_date(db, d):
    """True when every migration is recorded (read without the lock: the usual case)."""
    if not _migrations_table_exists(db, d):
        return False
    done = _applied(db)
    return all(number in done for number, _t, _i, _s in MIGRATIONS)


def _lock(db, d, tx):
    """Take the per-database migration lock on the transaction's connection."""
    name = d["name"]
    if name == "postgresql":
        # released by commit/rollback; lock_timeout bounds the wait for a stuck peer
        host.db_update("SET LOCAL lock_timeout = '%ds'" % LOCK_WAIT_SECONDS, [], db, tx)
        host.db_query("SELECT CAST(pg_advisory_xact_lock(CAST(? AS BIGINT)) AS TEXT) AS l",
                      [PG_LOCK_KEY], db, tx)
    elif name == "mysql":
        got = host.db_scalar("SELECT GET_LOCK(%s, ?) AS got" % MYSQL_LOCK_NAME,
                             [LOCK_WAIT_SECONDS], db, tx)
        if got is None or int(got) != 1:
            raise RuntimeError("datasource %r: another gateway held the schema migration lock "
                               "for over %d s; check for a stuck gateway, then restart this one"
                               % (db, LOCK_WAIT_SECONDS))
    # Tables live in a dedicated schema / under a prefix (persistence.names): create the
    # schema and move an old unqualified layout there before anything else touches them.
    relayout.prepare(db, d, tx)
    host.db_update(dialects.render(_MIGRATIONS_TABLE, d), [], db, tx)
    if name == "sqlite":
        # A write takes SQLite's write lock now even when the host began the transaction
        # DEFERRED (gateway_sim begins IMMEDIATE; Ignition's SQLite mode is unverified).
        host.db_update("DELETE FROM schema_migrations WHERE version < 0", [], db, tx)


def _unlock(db, d, tx):
    if d["name"] == "mysql":  # GET_LOCK belongs to the session and outlives the commit
        host.db_query("SELECT RELEASE_LOCK(%s) AS r" % MYSQL_LOCK_NAME, [], db, tx)


def _migrate(db, d, tx):
    done = _applied(db, tx)
    for number, tables, indexes, seed in MIGRATIONS:
        if number in done:
            continue
        for ddl in tables:
            host.db_update(dialects.render(ddl, d), [], db, tx)
        for ddl in indexes:
            try:
                host.db_update(_index_ddl(dialects.render(ddl, d), d), [], db, tx)
            except compat.CATCHABLE as exc:
                if d.get("index_if_not_exists") or not _index_exists_error(exc):
                    raise
        seed(db, d, tx)
        host.db_update("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                       [number, host.now_ms()], db, tx)


def ensure_schema(db):
    """Apply pending migrations on datasource ``db``; returns the dialect dict.

    Under the per-database lock (see ``_lock``) and in one transaction where the
    database has transactional DDL (SQLite, PostgreSQL); MariaDB/MySQL commit each DDL
    statement, which is why every step is idempotent there.
    """
    d = dialects.detect(db)
    names.remember(db, d["name"])  # where the tables are, for this database family
    if _up_to_date(db, d):
        return d
    tx = host.begin(db, (LOCK_WAIT_SECONDS + 30) * 1000)
    try:
        try:
            _lock(db, d, tx)
            _migrate(db, d, tx)
            host.commit(tx)
        except compat.CATCHABLE:
            try:
                host.rollback(tx)
            except compat.CATCHABLE:
                pass
            raise
        finally:
            try:
                _unlock(db, d, tx)
            except compat.CATCHABLE:
                pass  # the session ends with the connection anyway
    finally:
        try:
            host.close(tx)
        except compat.CATCHABLE:
            pass
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
