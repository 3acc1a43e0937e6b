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
import threading
from collections import OrderedDict

from java.lang import Class
from java.math import BigDecimal
from java.sql import DriverManager, SQLException, Statement, Timestamp, Types
from java.util import Date as JDate
from java.util import Properties

from gateway_sim._compat import integer_types, string_types, text_type
from gateway_sim.backends.database import driver_base
from gateway_sim.backends.database.sqltext import first_keyword

DRIVER_CLASSES = {"sqlite": "org.sqlite.JDBC", "postgresql": "org.postgresql.Driver",
                  "mysql": "org.mariadb.jdbc.Driver"}
JARS = {"sqlite": "/usr/share/java/sqlite-jdbc.jar", "postgresql": "/usr/share/java/postgresql.jar",
        "mysql": "/usr/share/java/mariadb-java-client.jar"}
_INT_MIN, _INT_MAX = -2 ** 31, 2 ** 31 - 1
_LONG_MIN, _LONG_MAX = -2 ** 63, 2 ** 63 - 1
_TEXT_TYPES = frozenset([str, text_type])  # exact types (Jython: str and unicode)
STATEMENT_CACHE_SIZE = 128  # per connection, like CPython's sqlite3 default


class _StatementCache(object):
    """The PreparedStatements of ONE connection, least recently used first.

    Not locked: only the thread holding the connection touches it (see module doc).
    """

    def __init__(self, size):
        self.size = size
        self.stmts = OrderedDict()

    def take(self, key):
        """The cached statement for ``key`` (removed while in use), or None."""
        return self.stmts.pop(key, None)

    def give_back(self, key, ps):
        """Keep ``ps`` as the most recently used; closes whatever falls off the end."""
        old = self.stmts.pop(key, None)
        self.stmts[key] = ps
        if old is not None and old is not ps:
            _close_quietly(old)
        while len(self.stmts) > self.size:
            _close_quietly(self.stmts.popitem(last=False)[1])

    def close_all(self):
        stmts, self.stmts = self.stmts, OrderedDict()
        for ps in stmts.values():
            _close_quietly(ps)


def _close_quietly(ps):
    try:
        ps.close()
    except:  # noqa: E722 - a Java SQLException (not an Exception on Jython): nothing to keep
        pass


class JdbcDriver(driver_base.Driver):
    errors = (driver_base.DriverError, SQLException)

    def __init__(self, ds_name, family, type_name, params):
        driver_base.Driver.__init__(self, ds_name, params)
        self.family = family
        self.type_name = type_name
        self.name = "JDBC %s" % DRIVER_CLASSES[family]
        self._driver = None
        self._keeper = None
        self._caches = {}  # connection -> _StatementCache
        self._caches_lock = threading.Lock()
        self.cache_size = STATEMENT_CACHE_SIZE
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

    def close_connection(self, conn):
        with self._caches_lock:
            cache = self._caches.pop(conn, None)
        if cache is not None:
            cache.close_all()
        driver_base.Driver.close_connection(self, conn)

    def _cache(self, conn):
        # Jython dicts are concurrent maps: a lookup needs no lock, only creation does.
        cache = self._caches.get(conn)
        if cache is None:
            with self._caches_lock:
                cache = self._caches.get(conn)
                if cache is None:
                    cache = self._caches[conn] = _StatementCache(self.cache_size)
        return cache

    def _prepare(self, conn, cache, key):
        """A cached statement (parameters cleared) or a newly prepared one."""
        ps = cache.take(key) if cache is not None else None
        if ps is not None:
            try:
                ps.clearParameters()
                return ps
            except:  # noqa: E722 - a Java SQLException: the statement is unusable, prepare anew
                _close_quietly(ps)
        if key[1]:
            return conn.prepareStatement(key[0], Statement.RETURN_GENERATED_KEYS)
        return conn.prepareStatement(key[0])

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
        null_type = Types.NULL if self.family != "postgresql" else Types.OTHER
        j = 0
        for v in args:
            j += 1
            # Exact-type fast paths first (the engine binds text and ints): a chain of
            # isinstance checks per parameter is measurable per statement on Jython.
            t = type(v)
            if v is None:
                ps.setNull(j, null_type)
            elif t in _TEXT_TYPES:
                ps.setString(j, v)
            elif t is int and _INT_MIN <= v <= _INT_MAX:
                ps.setInt(j, v)
            else:
                self._bind_one(ps, j, v)

    def _bind_one(self, ps, j, v):
        if isinstance(v, bool):
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
        cache = self._cache(conn) if self.cache_size > 0 else None
        key = (sql, False)
        ps = self._prepare(conn, cache, key)
        ok = False
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
            ok = True
        finally:
            # A statement that failed is not reused (its state is unknown): closed instead.
            if ok and cache is not None:
                cache.give_back(key, ps)
            else:
                _close_quietly(ps)
        return headers, rows, types

    def update(self, conn, sql, args, get_key):
        cache = self._cache(conn) if self.cache_size > 0 else None
        key = (sql, bool(get_key))
        ps = self._prepare(conn, cache, key)
        ok = False
        try:
            self._bind(ps, args)
            count = ps.executeUpdate()
            if not get_key:
                result = count if count > 0 else 0
            elif self.family == "sqlite" and (count <= 0 or first_keyword(sql) not in
                                              ("INSERT", "REPLACE")):
                result = -1
            else:
                result = -1
                rs = ps.getGeneratedKeys()
                try:
                    if rs is not None and rs.next():
                        result = rs.getObject(1)
                finally:
                    if rs is not None:
                        rs.close()
            ok = True
            return result
        finally:
            if ok and cache is not None:
                cache.give_back(key, ps)
            else:
                _close_quietly(ps)

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
        # Connections still borrowed close their own statements when they are closed
        # (JDBC closes a connection's statements with it); only forget them here.
        with self._caches_lock:
            self._caches = {}
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
