"""MariaDB / MySQL datasources on CPython through PyMySQL (CPython-only adapter).

PyMySQL is pure Python and well kept, so it installs anywhere. Connections run
in autocommit mode; transactions send ``SET TRANSACTION ISOLATION LEVEL`` then
``START TRANSACTION``. ``?`` placeholders become ``%s`` outside literals (MySQL
rules: backslash escapes, ``"`` strings, backquoted names) and ``%`` is
doubled. Dates bind as local DATETIMEs, as the JDBC driver sends them.
May import: pymysql, the standard library and this package.
"""
from __future__ import absolute_import, division, print_function

import pymysql

from gateway_sim.backends.database import driver_base
from gateway_sim.backends.database.sqltext import TranslationCache, qmark_to_format


def _translate(sql):
    return qmark_to_format(sql, "mysql")


class MySQLDriver(driver_base.Driver):
    family = "mysql"
    errors = (driver_base.DriverError, pymysql.err.MySQLError)

    def __init__(self, ds_name, type_name, params):
        driver_base.Driver.__init__(self, ds_name, params)
        self.name = "pymysql (%s)" % type_name
        self._translate = TranslationCache(_translate)

    def describe(self):
        p = self.params
        return "mysql://%s@%s:%s/%s" % (p.get("user") or "", p["host"], p["port"], p["database"])

    def connect(self):
        p = self.params
        return pymysql.connect(host=p["host"], port=int(p["port"]), user=p.get("user") or "root",
                               password=p.get("password") or "", database=p["database"],
                               autocommit=True, charset="utf8mb4",
                               connect_timeout=int(p.get("connectTimeout", 10)))

    def is_broken(self, conn):
        return not conn.open

    def is_disconnect(self, exc):
        # 2006 server has gone away, 2013 lost connection, 2055 lost connection (pymysql)
        return (isinstance(exc, (pymysql.err.OperationalError, pymysql.err.InterfaceError))
                and (not exc.args or exc.args[0] in (0, 2006, 2013, 2055, 4031)))

    def query(self, conn, sql, args):
        with conn.cursor() as cur:
            cur.execute(self._translate(sql), driver_base.bind_args(args, True))
            if cur.description is None:
                raise driver_base.NoResultSet("the statement returned no result set")
            headers = [d[0] for d in cur.description]
            rows = cur.fetchall()
        return headers, driver_base.convert_rows(list(rows))

    def update(self, conn, sql, args, get_key):
        with conn.cursor() as cur:
            count = cur.execute(self._translate(sql), driver_base.bind_args(args, True))
            if get_key:
                return cur.lastrowid if cur.lastrowid else -1
            return count if count and count > 0 else 0

    def begin(self, conn, isolation):
        level = driver_base.ISOLATION_NAMES.get(isolation)
        with conn.cursor() as cur:
            if level:
                cur.execute("SET TRANSACTION ISOLATION LEVEL %s" % level)
            cur.execute("START TRANSACTION")

    def commit(self, conn):
        conn.commit()

    def rollback(self, conn):
        if conn.open:
            conn.rollback()

    def error_codes(self, exc):
        args = getattr(exc, "args", ())
        code = args[0] if args and isinstance(args[0], int) else 0
        return None, code
