"""SQL dialects: the few differences between SQLite, PostgreSQL and MariaDB/MySQL.

Engine SQL is portable (no partial indexes, no upserts, RETURNING only in the one
PostgreSQL-only statement below):
correctness comes from compare-and-set UPDATEs checked by row count and from unique
constraints. What differs is column types in DDL, casts of parameters placed in a
SELECT list (PostgreSQL cannot infer their types) and ``skip_locked``: whether the
claim picks its candidates with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL only; see
MYSQL for why not there). That is only a contention optimisation between
dispatchers; the compare-and-set UPDATEs stay the guarantee; and ``cte_update``
(PostgreSQL): the claim writes a partitioned run and its lock in one statement.
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
    # the tie-break as the last column of the claim-order index (SQLite: rowid is implied)
    "seq_index": "",
    # one writer at a time: nothing to skip
    "skip_locked": False, "index_if_not_exists": True,
}
POSTGRES = {
    "name": "postgresql", "id": "VARCHAR(64)", "name_t": "VARCHAR(190)", "text": "TEXT",
    "bigint": "BIGINT", "int": "INTEGER", "serial": "BIGSERIAL PRIMARY KEY", "suffix": "",
    "p_int": "CAST(? AS BIGINT)", "p_text": "CAST(? AS TEXT)",
    "seq_col": "BIGSERIAL", "seq_order": "enqueue_seq", "seq_index": ", enqueue_seq",
    "skip_locked": True, "index_if_not_exists": True,
    # data-modifying CTEs (WITH x AS (UPDATE ...) UPDATE ...): the claim takes a
    # partition lock and its run in one statement
    "cte_update": True,
}
MYSQL = {
    "name": "mysql", "id": "VARCHAR(64)", "name_t": "VARCHAR(190)", "text": "LONGTEXT",
    "bigint": "BIGINT", "int": "INTEGER",
    "serial": "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
    "suffix": " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
    "p_int": "?", "p_text": "?",
    "seq_col": "BIGINT NOT NULL AUTO_INCREMENT UNIQUE", "seq_order": "enqueue_seq",
    "seq_index": ", enqueue_seq",
    # Off although MariaDB 10.6+/MySQL 8 accept the syntax: the claim ORDER BY needs a
    # filesort there, and InnoDB then locks every ENQUEUED row it scans, not just the
    # LIMIT (measured on MariaDB 10.11: ~1300 rows locked for LIMIT 10, plus gap locks
    # under REPEATABLE READ that block enqueues). One dispatcher would hide all work
    # from the others, which is worse than the compare-and-set collisions.
    "skip_locked": False,
    # MariaDB has CREATE INDEX IF NOT EXISTS, MySQL 8 does not: the error is accepted
    "index_if_not_exists": False,
}
BY_NAME = {"sqlite": SQLITE, "postgresql": POSTGRES, "mysql": MYSQL, "mariadb": MYSQL}


def detect(db):
    """Ask the database which family it is (no Ignition API tells a script that)."""
    try:
        host.db_query("SELECT sqlite_version() AS v", [], db, raw=True)
        return SQLITE
    except compat.CATCHABLE:
        pass
    try:
        rows = host.db_query("SELECT version() AS v", [], db, raw=True)
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
