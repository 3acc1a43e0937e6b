"""Every datasource on Jython, through JDBC (``java.sql``), as on a real gateway.

Drivers: ``org.sqlite.JDBC`` (xerial), ``org.postgresql.Driver``,
``org.mariadb.jdbc.Driver`` from /usr/share/java (put the jars on the class
path). Values come back as Jython sees JDBC objects (Timestamp, BigDecimal,
unicode, int/long) because they are the real ones; column types come from
the result-set metadata. Transactions use ``setAutoCommit(False)`` and the
connection's commit/rollback; SQLite transactions are IMMEDIATE (see
``driver_sqlite``). Driver errors are real ``java.sql.SQLException``s; the
backend wraps them in ``java.lang.Exception`` like Ignition.
May import: ``java.*``, the standard library and this package. Jython only.
"""
from __future__ import absolute_import, division, print_function

import decimal
import os

from java.lang import Class
from java.math import BigDecimal
from java.sql import DriverManager, SQLException, Statement, Timestamp, Types
from java.util import Date as JDate
from java.util import Properties

from gateway_sim._compat import integer_types, string_types
from gateway_sim.backends.database import driver_base
from gateway_sim.backends.database.sqltext import first_keyword

DRIVER_CLASSES = {"sqlite": "org.sqlite.JDBC", "postgresql": "org.postgresql.Driver",
                  "mysql": "org.mariadb.jdbc.Driver"}
JARS = {"sqlite": "/usr/share/java/sqlite-jdbc.jar", "postgresql": "/usr/share/java/postgresql.jar",
        "mysql": "/usr/share/java/mariadb-java-client.jar"}
_INT_MIN, _INT_MAX = -2 ** 31, 2 ** 31 - 1
_LONG_MIN, _LONG_MAX = -2 ** 63, 2 ** 63 - 1


class JdbcDriver(driver_base.Driver):
    def __init__(self, ds_name, family, type_name, params):
        driver_base.Driver.__init__(self, ds_name, params)
        self.family = family
        self.type_name = type_name
        self.name = "JDBC %s" % DRIVER_CLASSES[family]
        self._driver = None
        self._keeper = None
        props = Properties()
        if family == "sqlite":
            path = params["path"]
            if path == ":memory:":
                import uuid
                self.url = "jdbc:sqlite:file:gwsim_%s?mode=memory&cache=shared" % uuid.uuid4().hex
            else:
                folder = os.path.dirname(os.path.abspath(path))
                if not os.path.isdir(folder):
                    os.makedirs(folder)
                self.url = "jdbc:sqlite:" + path
                props.setProperty("journal_mode", "WAL")
                props.setProperty("synchronous", str(params.get("synchronous", "NORMAL")))
            props.setProperty("busy_timeout", str(int(params.get("busyTimeoutMs", 15000))))
            props.setProperty("transaction_mode", "IMMEDIATE")
            if params.get("foreignKeys"):
                props.setProperty("foreign_keys", "true")
        else:
            scheme = "postgresql" if family == "postgresql" else "mariadb"
            self.url = "jdbc:%s://%s:%s/%s" % (scheme, params["host"], params["port"],
                                               params["database"])
            if params.get("user"):
                props.setProperty("user", params["user"])
            if params.get("password"):
                props.setProperty("password", params["password"])
            timeout = str(int(params.get("connectTimeout", 10)))
            if family == "postgresql":
                props.setProperty("connectTimeout", timeout)
            else:
                props.setProperty("connectTimeout", str(int(timeout) * 1000))
        self.props = props
        if family == "sqlite" and self.url.startswith("jdbc:sqlite:file:"):
            self._keeper = self.connect()

    def describe(self):
        return self.url

    def _java_driver(self):
        if self._driver is None:
            cls_name = DRIVER_CLASSES[self.family]
            try:
                self._driver = Class.forName(cls_name).newInstance()
            except Exception:
                raise SQLException("JDBC driver %s is not on the class path; start Jython with "
                                   "java -cp /usr/share/java/jython.jar:%s org.python.util.jython"
                                   % (cls_name, JARS[self.family]))
        return self._driver

    def connect(self):
        try:
            conn = DriverManager.getConnection(self.url, self.props)
        except SQLException:
            # DriverManager only sees drivers of its own class loader; ask the driver directly.
            conn = self._java_driver().connect(self.url, self.props)
            if conn is None:
                raise
        return conn

    def is_broken(self, conn):
        try:
            return bool(conn.isClosed())
        except Exception:
            return True

    def is_disconnect(self, exc):
        if not isinstance(exc, SQLException):
            return False
        state = exc.getSQLState() or ""
        return state.startswith("08") or state in ("57P01", "57P02", "57P03")

    def _bind(self, ps, args):
        if not args:
            return
        for i, v in enumerate(args):
            j = i + 1
            if v is None:
                ps.setNull(j, Types.NULL if self.family != "postgresql" else Types.OTHER)
            elif isinstance(v, bool):
                ps.setBoolean(j, v)
            elif isinstance(v, integer_types):
                if _INT_MIN <= v <= _INT_MAX:
                    ps.setInt(j, v)
                elif _LONG_MIN <= v <= _LONG_MAX:
                    ps.setLong(j, v)
                else:
                    ps.setBigDecimal(j, BigDecimal(str(v)))
            elif isinstance(v, float):
                ps.setDouble(j, v)
            elif isinstance(v, string_types):
                ps.setString(j, v)
            elif isinstance(v, decimal.Decimal):
                ps.setBigDecimal(j, BigDecimal(str(v)))
            elif isinstance(v, Timestamp):
                ps.setTimestamp(j, v)
            elif isinstance(v, JDate):
                ps.setTimestamp(j, Timestamp(v.getTime()))
            elif isinstance(v, (bytearray,)):
                ps.setBytes(j, bytes(v))
            else:
                ps.setObject(j, v)

    def query(self, conn, sql, args):
        ps = conn.prepareStatement(sql)
        try:
            self._bind(ps, args)
            if not ps.execute():
                raise driver_base.NoResultSet("the statement returned no result set")
            rs = ps.getResultSet()
            try:
                md = rs.getMetaData()
                n = md.getColumnCount()
                headers = [md.getColumnLabel(i) for i in range(1, n + 1)]
                types = [_class_name(md, i) for i in range(1, n + 1)]
                rows = []
                get = rs.getObject
                cols = range(1, n + 1)
                while rs.next():
                    rows.append(tuple([get(i) for i in cols]))
            finally:
                rs.close()
        finally:
            ps.close()
        return headers, rows, types

    def update(self, conn, sql, args, get_key):
        if get_key:
            ps = conn.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)
        else:
            ps = conn.prepareStatement(sql)
        try:
            self._bind(ps, args)
            count = ps.executeUpdate()
            if not get_key:
                return count if count > 0 else 0
            if self.family == "sqlite" and (count <= 0 or first_keyword(sql) not in
                                            ("INSERT", "REPLACE")):
                return -1
            rs = ps.getGeneratedKeys()
            try:
                if rs is not None and rs.next():
                    return rs.getObject(1)
                return -1
            finally:
                if rs is not None:
                    rs.close()
        finally:
            ps.close()

    def begin(self, conn, isolation):
        if isolation and self.family != "sqlite":  # SQLite is always serializable
            conn.setTransactionIsolation(isolation)
        conn.setAutoCommit(False)

    def commit(self, conn):
        conn.commit()
        conn.setAutoCommit(True)

    def rollback(self, conn):
        if not conn.isClosed():
            conn.rollback()
            conn.setAutoCommit(True)

    def error_codes(self, exc):
        if isinstance(exc, SQLException):
            return exc.getSQLState(), exc.getErrorCode()
        return None, 0

    def close(self):
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None


def _class_name(md, i):
    """The column's Java class as the driver reports it (java.lang.Object if it will not say)."""
    try:
        name = md.getColumnClassName(i)
    except Exception:  # some drivers do not implement it for every type
        name = None
    return name or "java.lang.Object"
