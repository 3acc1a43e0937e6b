"""PostgreSQL datasources on CPython through psycopg 3 (CPython-only adapter).

Connections run in autocommit mode (a JDBC connection outside a transaction);
transactions send ``BEGIN ISOLATION LEVEL ...``. ``?`` placeholders become
``%s`` outside literals and every ``%`` is doubled (psycopg parses the whole
text); ``??`` stands for a literal ``?`` (jsonb operators), as with the
PostgreSQL JDBC driver. ``getKey`` appends ``RETURNING *`` and returns the
first column, as the JDBC driver does for generated keys. json/jsonb come
back as text (the JDBC driver gives a PGobject, whose str is the JSON text).
Dates bind as UTC instants, so ``timestamptz`` columns hold the right moment.
May import: psycopg, the standard library and this package.
"""
from __future__ import absolute_import, division, print_function

import datetime

import psycopg
from psycopg.types.string import TextLoader

from gateway_sim.backends.database import driver_base
from gateway_sim.backends.database.sqltext import TranslationCache, qmark_to_format, segments

_UTC = datetime.timezone.utc


def _translate(sql):
    return qmark_to_format(sql, "postgresql")


def _with_returning(sql):
    for is_code, text in segments(sql, "postgresql"):
        if is_code and "returning" in text.lower():
            return sql
    return sql.rstrip().rstrip(";") + " RETURNING *"


class PostgresDriver(driver_base.Driver):
    family = "postgresql"
    name = "psycopg"
    errors = (driver_base.DriverError, psycopg.Error)

    def __init__(self, ds_name, params):
        driver_base.Driver.__init__(self, ds_name, params)
        self._translate = TranslationCache(_translate)
        self._returning = TranslationCache(lambda s: _translate(_with_returning(s)))

    def describe(self):
        p = self.params
        return "postgresql://%s@%s:%s/%s" % (p.get("user") or "", p["host"], p["port"],
                                            p["database"])

    def connect(self):
        p = self.params
        kw = {"host": p["host"], "port": int(p["port"]), "dbname": p["database"],
              "autocommit": True, "connect_timeout": int(p.get("connectTimeout", 10))}
        if p.get("user"):
            kw["user"] = p["user"]
        if p.get("password"):
            kw["password"] = p["password"]
        if p.get("sslmode"):
            kw["sslmode"] = p["sslmode"]
        conn = psycopg.connect(**kw)
        for t in ("json", "jsonb"):
            conn.adapters.register_loader(t, TextLoader)
        return conn

    def is_broken(self, conn):
        return bool(conn.closed or conn.broken)

    def is_disconnect(self, exc):
        return isinstance(exc, psycopg.OperationalError)

    def _args(self, args):
        out = driver_base.bind_args(args, True)
        for a in out:
            if isinstance(a, datetime.datetime):
                # naive values from bind_args are local time
                return [a.astimezone(_UTC) if isinstance(a, datetime.datetime) and
                        a.tzinfo is None else a for a in out]
        return out

    @staticmethod
    def _cursor(conn):
        """The connection's one cursor, kept for its life: a pooled connection serves one
        caller at a time, and a new psycopg cursor per statement cost ~12 us of CPU."""
        cur = getattr(conn, "_gateway_sim_cursor", None)
        if cur is None or cur.closed:
            cur = conn.cursor()
            conn._gateway_sim_cursor = cur
        return cur

    def query(self, conn, sql, args):
        cur = self._cursor(conn)
        cur.execute(self._translate(sql), self._args(args))
        if cur.description is None:
            raise driver_base.NoResultSet("the statement returned no result set")
        headers = [d.name for d in cur.description]
        rows = cur.fetchall()
        return headers, driver_base.convert_rows(rows)

    def update(self, conn, sql, args, get_key):
        cur = self._cursor(conn)
        if get_key:
            cur.execute(self._returning(sql), self._args(args))
            row = cur.fetchone() if cur.description is not None else None
            if row is None:
                return -1
            return driver_base.result_value(row[0])
        cur.execute(self._translate(sql), self._args(args))
        return cur.rowcount if cur.rowcount >= 0 else 0

    def begin(self, conn, isolation):
        level = driver_base.ISOLATION_NAMES.get(isolation)
        self._cursor(conn).execute("BEGIN ISOLATION LEVEL %s" % level if level else "BEGIN")

    def commit(self, conn):
        self._cursor(conn).execute("COMMIT")

    def rollback(self, conn):
        if not conn.closed:
            self._cursor(conn).execute("ROLLBACK")

    def error_codes(self, exc):
        diag = getattr(exc, "diag", None)
        state = getattr(diag, "sqlstate", None) if diag is not None else None
        return state, 0
