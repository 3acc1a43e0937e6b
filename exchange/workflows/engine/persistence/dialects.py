"""SQL dialects: the few differences between SQLite, PostgreSQL and MariaDB/MySQL.

All engine SQL is portable (no partial indexes, no SKIP LOCKED, no RETURNING, no
upserts): correctness comes from compare-and-set UPDATEs checked by row count and
from unique constraints. What differs is column types in DDL and casts of
parameters placed in a SELECT list (PostgreSQL cannot infer their types).
A dialect is a plain dict; the kernel stores only its name.
May import: ``engine.host``, ``compat``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import host

SQLITE = {
    "name": "sqlite", "id": "VARCHAR(64)", "name_t": "VARCHAR(190)", "text": "TEXT",
    "bigint": "BIGINT", "int": "INTEGER",
    "serial": "INTEGER PRIMARY KEY AUTOINCREMENT", "suffix": "",
    "p_int": "?", "p_text": "?",
    # FIFO tie-break for runs enqueued in the same millisecond: the storage order of
    # the insert (rowid on SQLite, the enqueue_seq identity column elsewhere)
    "seq_col": "INTEGER", "seq_order": "rowid",
}
POSTGRES = {
    "name": "postgresql", "id": "VARCHAR(64)", "name_t": "VARCHAR(190)", "text": "TEXT",
    "bigint": "BIGINT", "int": "INTEGER", "serial": "BIGSERIAL PRIMARY KEY", "suffix": "",
    "p_int": "CAST(? AS BIGINT)", "p_text": "CAST(? AS TEXT)",
    "seq_col": "BIGSERIAL", "seq_order": "enqueue_seq",
}
MYSQL = {
    "name": "mysql", "id": "VARCHAR(64)", "name_t": "VARCHAR(190)", "text": "LONGTEXT",
    "bigint": "BIGINT", "int": "INTEGER",
    "serial": "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
    "suffix": " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    "p_int": "?", "p_text": "?",
    "seq_col": "BIGINT NOT NULL AUTO_INCREMENT UNIQUE", "seq_order": "enqueue_seq",
}
BY_NAME = {"sqlite": SQLITE, "postgresql": POSTGRES, "mysql": MYSQL, "mariadb": MYSQL}


def detect(db):
    """Ask the database which family it is (no Ignition API tells a script that)."""
    try:
        host.db_query("SELECT sqlite_version() AS v", [], db)
        return SQLITE
    except compat.CATCHABLE:
        pass
    try:
        rows = host.db_query("SELECT version() AS v", [], db)
    except compat.CATCHABLE as exc:
        raise RuntimeError("cannot identify the database behind datasource %r (%s); check that "
                           "the connection exists and is SQLite, PostgreSQL or MariaDB/MySQL"
                           % (db, compat.exception_text(exc)))
    text = compat.to_text(list(rows[0].values())[0] if rows else "").lower()
    if "postgres" in text:
        return POSTGRES
    return MYSQL


def render(sql, d):
    """Fill ``{id}``, ``{text}``, ``{serial}``... placeholders of a DDL template."""
    return sql.format(**d)
