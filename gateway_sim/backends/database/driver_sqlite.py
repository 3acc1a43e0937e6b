"""SQLite datasources on CPython through the standard ``sqlite3`` module.

The gateway's embedded default datasource (``WorkflowsDB``) is one of these:
a file in the gateway's data folder, WAL journal, a busy timeout so that many
gateway threads can write without "database is locked". Connections run in
autocommit mode (like a JDBC connection outside a transaction); transactions
start with ``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead
of failing with a lock-upgrade deadlock. Dates are bound as epoch ms, as the
SQLite JDBC driver stores them. May import: the standard library and this package.
"""
from __future__ import absolute_import, division, print_function

import os
import sqlite3
import threading
import uuid

from gateway_sim.backends.database import driver_base
from gateway_sim.backends.database.sqltext import first_keyword


class SQLiteDriver(driver_base.Driver):
    family = "sqlite"
    name = "sqlite3"
    errors = (driver_base.DriverError, sqlite3.Error)

    def __init__(self, ds_name, params):
        driver_base.Driver.__init__(self, ds_name, params)
        self.path = params["path"]
        self.busy_timeout_ms = int(params.get("busyTimeoutMs", 15000))
        self.synchronous = params.get("synchronous", "NORMAL")
        self.foreign_keys = bool(params.get("foreignKeys", False))
        self._uri = False
        self._keeper = None
        self._lock = threading.Lock()
        if self.path == ":memory:":
            # One shared in-memory database for every pooled connection, kept
            # alive by a connection held for the datasource's lifetime.
            self.path = "file:gwsim_%s?mode=memory&cache=shared" % uuid.uuid4().hex
            self._uri = True
            self._keeper = self.connect()
        else:
            folder = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(folder):
                os.makedirs(folder)
            conn = self.connect()
            try:
                conn.execute("PRAGMA journal_mode=WAL")  # persistent in the file
            finally:
                conn.close()

    def describe(self):
        return "sqlite3 %s" % (self.path,)

    def connect(self):
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000.0,
                               isolation_level=None, check_same_thread=False, uri=self._uri)
        conn.execute("PRAGMA busy_timeout=%d" % self.busy_timeout_ms)
        if not self._uri:
            conn.execute("PRAGMA synchronous=%s" % self.synchronous)
        if self.foreign_keys:
            conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @staticmethod
    def _execute(conn, sql, args):
        try:
            return conn.execute(sql, driver_base.bind_args(args, False))
        except OverflowError as exc:
            # sqlite3 cannot hold an integer past 64 bits (the JDBC driver cannot either).
            # Unverified: the exact text the SQLite JDBC driver gives.
            raise driver_base.DriverError("a parameter does not fit a 64-bit SQLite INTEGER "
                                          "(%s); pass a smaller number or a string" % (exc,))

    def query(self, conn, sql, args):
        cur = self._execute(conn, sql, args)
        desc = cur.description
        if desc is None:
            raise driver_base.NoResultSet("the statement returned no result set")
        rows = cur.fetchall()
        return [d[0] for d in desc], rows

    def update(self, conn, sql, args, get_key):
        cur = self._execute(conn, sql, args)
        count = cur.rowcount
        if get_key:
            if count > 0 and first_keyword(sql) in ("INSERT", "REPLACE"):
                return cur.lastrowid
            return -1
        return count if count >= 0 else 0

    def begin(self, conn, isolation):
        conn.execute("BEGIN IMMEDIATE")

    def commit(self, conn):
        if conn.in_transaction:
            conn.execute("COMMIT")

    def rollback(self, conn):
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    def error_codes(self, exc):
        code = getattr(exc, "sqlite_errorcode", 0) or 0
        return None, code

    def close(self):
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None
