"""Move the engine's tables out of the datasource's default schema (issue 11, item 15).

Engines before ``persistence.names`` created ``workflow_status``, ``notifications``,
``streams`` ... unqualified, i.e. in the default schema of the datasource (often the
plant's production database). ``prepare(db, d, tx)`` runs under the migration lock,
before ``schema_migrations`` is touched, and:

* PostgreSQL: creates the configured schema when missing (a clear error names the
  fix if the login may not), then ``ALTER TABLE ... SET SCHEMA`` moves the old tables
  (their indexes and owned sequences move with them) in the migration transaction;
* MariaDB/MySQL: one atomic ``RENAME TABLE a TO wf_a, b TO wf_b ...``;
* SQLite: ``ALTER TABLE ... RENAME TO`` per table, in the migration transaction
  (indexes follow the renamed table and keep their names).

A database counts as the old layout only when the default schema holds both
``schema_migrations`` and ``workflow_status`` (the engine's signature) and the new
place has no ``schema_migrations`` yet; only engine tables missing at the new place
are moved. Upgrade every gateway of a datasource together: an old engine still
running would keep using the old names.
May import: ``compat``, ``engine.host``, sibling persistence modules.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat, settings
from exchange.workflows.engine import host
from exchange.workflows.engine.persistence import names

SIGNATURE = ("schema_migrations", "workflow_status")


def _tables(db, tx, sql, args=None):
    return set(compat.to_text(r["t"]).lower() for r in host.db_query(sql, args or [], db, tx,
                                                                      raw=True))


def _log(db, text):
    try:
        host.logger(settings.getLoggerName("schema")).warn("evt=schema.relayout db=%s %s"
                                                          % (db, text))
    except compat.CATCHABLE:
        pass


def _legacy(old, new):
    if not all(t in old for t in SIGNATURE) or "schema_migrations" in new:
        return []
    return [t for t in names.TABLES if t in old and t not in new]


def _postgres(db, schema, tx):
    current = host.db_scalar("SELECT current_schema() AS s", [], db, tx, raw=True)
    if not host.db_query("SELECT nspname FROM pg_namespace WHERE nspname = ?", [schema], db, tx,
                         raw=True):
        try:
            host.db_update("CREATE SCHEMA IF NOT EXISTS %s" % schema, [], db, tx, raw=True)
        except compat.CATCHABLE as exc:
            raise RuntimeError(
                "datasource %r: cannot create the schema %r for the workflow tables (%s); "
                "have a DBA run CREATE SCHEMA %s AUTHORIZATION <this login>, or set "
                "settings.TABLE_SCHEMA (or TABLE_LAYOUTS[%r]) to an existing schema"
                % (db, schema, compat.exception_text(exc), schema, db))
    if current is None or compat.to_text(current) == schema:
        return []
    current = compat.to_text(current)
    q = "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ?"
    move = _legacy(_tables(db, tx, q, [current]), _tables(db, tx, q, [schema]))
    for t in move:
        host.db_update('ALTER TABLE "%s".%s SET SCHEMA %s' % (current, t, schema), [], db, tx,
                       raw=True)
    return move


def _prefixed(db, d, prefix, tx):
    if d["name"] == "sqlite":
        found = _tables(db, tx, "SELECT name AS t FROM sqlite_master WHERE type = 'table'")
    else:
        found = _tables(db, tx, "SELECT table_name AS t FROM information_schema.tables "
                                "WHERE table_schema = DATABASE()")
    new = set(t[len(prefix):] for t in found if t.startswith(prefix))
    move = _legacy(found, new)
    if not move:
        return []
    if d["name"] == "sqlite":
        for t in move:
            host.db_update("ALTER TABLE %s RENAME TO %s%s" % (t, prefix, t), [], db, tx, raw=True)
    else:  # one statement: atomic on MariaDB/MySQL, whose DDL cannot be rolled back
        host.db_update("RENAME TABLE " + ", ".join("%s TO %s%s" % (t, prefix, t) for t in move),
                       [], db, tx, raw=True)
    return move


def prepare(db, d, tx):
    """Create the schema (PostgreSQL) and move old-layout tables; returns the moved names."""
    lay = names.layout(db)
    if not lay["qualifier"]:
        return []
    if d["name"] == "postgresql":
        moved = _postgres(db, lay["schema"], tx)
    else:
        moved = _prefixed(db, d, lay["prefix"], tx)
    if moved:
        _log(db, "moved=%s to=%s" % (",".join(moved), names.describe(db)))
    return moved
