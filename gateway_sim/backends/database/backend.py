"""``DatabaseBackend``: the gateway's datasources, transactions and named queries.

State behind ``system.db``. A fresh gateway has one datasource, ``WorkflowsDB``:
SQLite at ``<data_dir>/db/WorkflowsDB.sqlite`` (WAL), the project default.
Config adds PostgreSQL (psycopg 3) and MariaDB/MySQL (pymysql) datasources;
on Jython every datasource goes through JDBC instead.

Every failure a script can see is a Java-style ``java.lang.Exception`` (see
``javaside``); misuse of the Python API itself (wrong argument types) is a
Python ``TypeError``/``ValueError``, as Jython raises for a bad call.
May import: ``gateway_sim`` core modules and this package.
"""
from __future__ import absolute_import, division, print_function

import os
import threading

from gateway_sim._compat import IS_JYTHON, integer_types, string_types
from gateway_sim.backends.database import javaside
from gateway_sim.backends.database.datasource import Datasource, PoolExhausted
from gateway_sim.backends.database.driver_base import NoResultSet
from gateway_sim.backends.database.named_queries import NamedQueryRegistry
from gateway_sim.backends.database.transactions import (DEFAULT_TIMEOUT_MS, VALID_ISOLATION,
                                                         TransactionRegistry, TxError)
from gateway_sim.dataset import BasicDataset, PyDataSet
from gateway_sim.errors import ConfigError

DEFAULT_DATASOURCE = "WorkflowsDB"
TYPES = {"sqlite": "sqlite", "sqlite3": "sqlite", "postgresql": "postgresql",
         "postgres": "postgresql", "mariadb": "mysql", "mysql": "mysql"}
COMMON_KEYS = ("type", "maxActive", "maxWaitMs", "maxIdle", "description")
KEYS = {
    "sqlite": ("path", "busyTimeoutMs", "synchronous", "foreignKeys"),
    "postgresql": ("host", "port", "database", "user", "username", "password",
                   "connectTimeout", "sslmode"),
    "mysql": ("host", "port", "database", "user", "username", "password", "connectTimeout"),
}
DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}


class DatabaseBackend(object):
    """Datasources by name, pooled connections, transactions, named queries."""

    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.RLock()
        self._datasources = {}
        self._default = DEFAULT_DATASOURCE
        self.version = getattr(gateway, "version", "8.1")
        self.transactions = TransactionRegistry(gateway.clock, self._warn)
        self.named_queries = NamedQueryRegistry()
        self.add_datasource(DEFAULT_DATASOURCE, type="sqlite",
                            path=os.path.join(gateway.data_dir, "db", DEFAULT_DATASOURCE + ".sqlite"))

    # --- configuration ----------------------------------------------------------
    @property
    def default_name(self):
        """The project's default datasource (what ``database=""`` means)."""
        return self._default

    @default_name.setter
    def default_name(self, name):
        self.set_default(name)

    def set_default(self, name):
        if name not in self._datasources:
            raise ConfigError("default datasource %r is not configured; configured datasources: %s"
                              % (name, self._names_text()))
        self._default = name

    def datasource_names(self):
        return sorted(self._datasources)

    def datasource(self, name):
        """The ``Datasource`` object for ``name`` ("" / None = default); KeyError if unknown."""
        ds = self._lookup(name)
        if ds is None:
            raise KeyError("datasource %r is not configured; configured datasources: %s"
                           % (name, self._names_text()))
        return ds

    def configure(self, datasources, default_name=None, base_dir=None):
        """Apply the ``datasources`` / ``defaultDatasource`` config sections."""
        if not isinstance(datasources, dict):
            raise ConfigError("'datasources' must map names to settings, got %s"
                              % type(datasources).__name__, node="datasources")
        for name in sorted(datasources):
            spec = datasources[name]
            if not isinstance(spec, dict):
                raise ConfigError("datasource settings must be a mapping, got %s"
                                  % type(spec).__name__, node="datasources.%s" % name)
            params = dict(spec)
            try:
                self.add_datasource(name, base_dir=base_dir, **params)
            except ConfigError as exc:
                raise ConfigError("%s" % (exc,), node="datasources.%s" % name)
        if default_name:
            try:
                self.set_default(default_name)
            except ConfigError as exc:
                raise ConfigError("%s" % (exc,), node="defaultDatasource")

    def add_datasource(self, name, type="sqlite", base_dir=None, **params):
        """Add (or replace) datasource ``name``; see docs/cli.md for each type's settings.

        sqlite: ``path`` (default ``<data_dir>/db/<name>.sqlite``; relative to
        ``base_dir`` or the data folder; ``":memory:"`` allowed), ``busyTimeoutMs``.
        postgresql / mariadb / mysql: ``host``, ``port``, ``database``, ``user``,
        ``password``, ``connectTimeout`` (s). All: ``maxActive`` (8), ``maxWaitMs`` (5000).
        """
        if not isinstance(name, string_types) or not name.strip():
            raise ConfigError("a datasource name must be a non-empty string, got %r" % (name,))
        family = TYPES.get(str(type).lower())
        if family is None:
            raise ConfigError("datasource %r: unknown type %r; use one of sqlite, postgresql, "
                              "mariadb, mysql" % (name, type))
        known = COMMON_KEYS + KEYS[family]
        unknown = sorted(k for k in params if k not in known)
        if unknown:
            raise ConfigError("datasource %r (%s): unknown setting(s) %s; known settings: %s"
                              % (name, type, ", ".join(unknown), ", ".join(known)))
        params = dict(params)
        if family == "sqlite":
            path = params.get("path") or os.path.join(self.gateway.data_dir, "db", name + ".sqlite")
            if path != ":memory:" and not os.path.isabs(path):
                path = os.path.join(base_dir or self.gateway.data_dir, path)
            params["path"] = path
        else:
            params.setdefault("host", "127.0.0.1")
            params.setdefault("port", DEFAULT_PORTS[family])
            if "username" in params and "user" not in params:
                params["user"] = params.pop("username")
            if not params.get("database"):
                raise ConfigError("datasource %r (%s) needs a 'database' setting" % (name, type))
        driver = _make_driver(family, str(type).lower(), name, params)
        ds = Datasource(name, str(type).lower(), driver,
                        max_active=params.get("maxActive", 8),
                        max_wait_ms=params.get("maxWaitMs", 5000),
                        max_idle=params.get("maxIdle"))
        with self._lock:
            old = self._datasources.get(name)
            self._datasources[name] = ds
        if old is not None:
            old.close()
        return ds

    def remove_datasource(self, name):
        with self._lock:
            ds = self._datasources.pop(name, None)
        if ds is not None:
            ds.close()

    def register_named_query(self, project, path, sql, type, database="", parameters=None,
                             **attributes):
        """Register a named query (the project loader calls this for each resource)."""
        return self.named_queries.register(project, path, sql, type, database, parameters,
                                           **attributes)

    # --- raw SQL ----------------------------------------------------------------
    def query(self, sql, args=None, database="", tx=None, func="system.db.runPrepQuery"):
        """Run a SELECT; returns a PyDataSet."""
        res = self._run("query", func, sql, args, database, tx, False)
        return PyDataSet(BasicDataset(res[0], res[1], res[2] if len(res) > 2 else None,
                                      self.version))

    def scalar(self, sql, args=None, database="", tx=None, func="system.db.runScalarPrepQuery"):
        """First column of the first row, or None."""
        res = self._run("query", func, sql, args, database, tx, False)
        rows = res[1]
        return rows[0][0] if rows and res[0] else None

    def update(self, sql, args=None, database="", tx=None, getKey=False,
               func="system.db.runPrepUpdate"):
        """Run an INSERT/UPDATE/DELETE/DDL; rows affected, or the generated key with getKey."""
        return self._run("update", func, sql, args, database, tx, bool(getKey))

    def _run(self, kind, func, sql, args, database, tx, get_key):
        if not isinstance(sql, string_types):
            raise TypeError("%s: query must be a string, got %s" % (func, type(sql).__name__))
        if args is not None and args.__class__ is not list and args.__class__ is not tuple:
            args = _java_array_to_list(args, func)
        if tx:
            return self._run_in_tx(kind, func, sql, args, database, tx, get_key)
        if not database:
            ds = self._datasources.get(self._default)
        elif not isinstance(database, string_types):
            raise TypeError("%s: database must be a datasource name (string), got %s"
                            % (func, type(database).__name__))
        else:
            ds = self._lookup(database)
        if ds is None:
            raise javaside.gateway_error(func, sql, args, database, tx, self._unknown_text(database),
                                         _extra(kind, get_key))
        driver = ds.driver
        for attempt in (0, 1):
            try:
                conn = ds.acquire()
            except PoolExhausted as exc:
                raise javaside.gateway_error(func, sql, args, database, tx,
                                             "datasource '%s': %s." % (ds.name, exc),
                                             _extra(kind, get_key))
            except driver.errors as exc:
                raise self._driver_error(func, sql, args, database, tx, ds, exc,
                                         _extra(kind, get_key))
            broken = False
            try:
                if kind == "query":
                    return driver.query(conn, sql, args)
                return driver.update(conn, sql, args, get_key)
            except driver.errors as exc:
                broken = driver.is_broken(conn)
                # A pooled connection the server has dropped (restart, terminated backend):
                # Ignition's pool validates connections on borrow, so scripts never see
                # this; the statement did not run (or was aborted with the connection),
                # so one retry on a new connection is what the validation would have done.
                if not (broken and attempt == 0 and driver.is_disconnect(exc)):
                    raise self._driver_error(func, sql, args, database, tx, ds, exc,
                                             _extra(kind, get_key))
            finally:
                ds.release(conn, broken)
            ds.discard_idle()  # the retry gets a new connection, not another dead one

    def _run_in_tx(self, kind, func, sql, args, database, tx_id, get_key):
        extra = _extra(kind, get_key)
        if not isinstance(tx_id, string_types):
            raise TypeError("%s: tx must be a transaction id string from "
                            "system.db.beginTransaction(), got %s" % (func, type(tx_id).__name__))
        try:
            tx = self.transactions.enter(tx_id)
        except TxError as exc:
            raise javaside.gateway_error(func, sql, args, database, tx_id, "%s." % (exc,), extra)
        ds = tx.datasource
        try:
            try:
                self.transactions.ensure_begun(tx)
            except ds.driver.errors as exc:
                # First statement on a connection the server dropped while pooled: swap in
                # a new connection (nothing has happened in this transaction yet).
                if not (tx.fresh and ds.driver.is_broken(tx.conn) and ds.driver.is_disconnect(exc)):
                    raise
                ds.discard_idle()
                self.transactions.replace_connection(tx)
                self.transactions.ensure_begun(tx)
            tx.fresh = False
            if kind == "query":
                return ds.driver.query(tx.conn, sql, args)
            return ds.driver.update(tx.conn, sql, args, get_key)
        except ds.driver.errors as exc:
            tx.broken = tx.broken or ds.driver.is_broken(tx.conn)
            raise self._driver_error(func, sql, args, database, tx_id, ds, exc, extra)
        finally:
            self.transactions.leave(tx)

    # --- transactions -------------------------------------------------------------
    def begin(self, database="", isolationLevel=None, timeout=None,
              func="system.db.beginTransaction"):
        """Start a transaction; returns its id (a string)."""
        if database is not None and not isinstance(database, string_types):
            raise TypeError("%s: database must be a datasource name (string), got %s"
                            % (func, type(database).__name__))
        if isolationLevel is not None and (not isinstance(isolationLevel, integer_types)
                                           or isolationLevel not in VALID_ISOLATION):
            raise ValueError("%s: isolationLevel must be one of system.db.READ_UNCOMMITTED (1), "
                             "READ_COMMITTED (2), REPEATABLE_READ (4), SERIALIZABLE (8); got %r"
                             % (func, isolationLevel))
        if timeout is not None and (isinstance(timeout, bool)
                                    or not isinstance(timeout, integer_types + (float,))
                                    or timeout <= 0):
            raise ValueError("%s: timeout is the idle timeout in milliseconds (a number > 0), "
                             "got %r" % (func, timeout))
        ds = self._lookup(database)
        call = "%s(%s, %s, %s)" % (func, database or "", isolationLevel, timeout)
        if ds is None:
            raise javaside.make(javaside.JavaException(), "Error executing %s: %s %s" % (
                call, self._unknown_text(database), javaside._CATCH_HINT))
        try:
            return self.transactions.begin(ds, isolationLevel,
                                           timeout if timeout is not None else DEFAULT_TIMEOUT_MS)
        except PoolExhausted as exc:
            raise javaside.make(javaside.JavaException(), "Error executing %s: datasource '%s': "
                                "%s. %s" % (call, ds.name, exc, javaside._CATCH_HINT))
        except ds.driver.errors as exc:
            raise javaside.make(javaside.JavaException(), "Error executing %s on datasource '%s' "
                                "(%s): %s. %s" % (call, ds.name, ds.driver.name,
                                                  javaside.driver_error_text(exc),
                                                  javaside._CATCH_HINT),
                                javaside.to_sql_exception(exc))

    def commit(self, tx, func="system.db.commitTransaction"):
        self._tx_op(tx, func, self.transactions.commit)

    def rollback(self, tx, func="system.db.rollbackTransaction"):
        self._tx_op(tx, func, self.transactions.rollback)

    def close_transaction(self, tx, func="system.db.closeTransaction"):
        """Close a transaction (rolls back uncommitted work, with a warning)."""
        self._check_tx_arg(tx, func)
        try:
            pending = self.transactions.close(tx)
        except TxError as exc:
            raise javaside.make(javaside.JavaException(), "Error executing %s(%s): %s. %s"
                                % (func, tx, exc, javaside._CATCH_HINT))
        if pending:
            self._warn("Transaction %s was closed with uncommitted work, which was rolled back; "
                       "commit or roll back before closeTransaction." % (tx,))

    def _tx_op(self, tx_id, func, op):
        self._check_tx_arg(tx_id, func)
        try:
            tx = self.transactions.enter(tx_id)
        except TxError as exc:
            raise javaside.make(javaside.JavaException(), "Error executing %s(%s): %s. %s"
                                % (func, tx_id, exc, javaside._CATCH_HINT))
        try:
            op(tx)
        except tx.datasource.driver.errors as exc:
            tx.broken = tx.broken or tx.datasource.driver.is_broken(tx.conn)
            code = tx.datasource.driver.error_codes(exc)
            raise javaside.make(javaside.JavaException(), "Error executing %s(%s) on datasource "
                                "'%s' (%s): %s. %s" % (func, tx_id, tx.datasource.name,
                                                       tx.datasource.driver.name,
                                                       javaside.driver_error_text(exc),
                                                       javaside._CATCH_HINT),
                                javaside.to_sql_exception(exc, code[0], code[1]))
        finally:
            self.transactions.leave(tx)

    @staticmethod
    def _check_tx_arg(tx, func):
        if not isinstance(tx, string_types):
            raise TypeError("%s: tx must be a transaction id string from "
                            "system.db.beginTransaction(), got %r" % (func, tx))

    # --- named queries ------------------------------------------------------------
    def run_named_query(self, project, path, parameters=None, tx=None, getKey=False,
                        func="system.db.runNamedQuery", dataset="py"):
        """Run a registered named query; the type decides query/update/scalar.
        ``project`` None means the calling script's project (the gateway's project)."""
        if project is not None and self.gateway.has_backend("projects"):
            project = self.gateway.projects.canonical_name(project)
        nq = self.named_queries.lookup(project, path, func, self.gateway.project_name)
        database = self.named_queries.database_for(nq, parameters, func,
                                                   self.datasource_names()) or ""
        sql, args = self.named_queries.prepare(nq, parameters, func, self._dialect(database))
        if nq.type == "Query":
            res = self._run("query", func, sql, args, database, tx, False)
            ds = BasicDataset(res[0], res[1], res[2] if len(res) > 2 else None, self.version)
            return PyDataSet(ds) if dataset == "py" else ds
        if nq.type == "ScalarQuery":
            res = self._run("query", func, sql, args, database, tx, False)
            return res[1][0][0] if res[1] and res[0] else None
        return self._run("update", func, sql, args, database, tx, bool(getKey))

    def _dialect(self, database):
        ds = self._lookup(database)
        return ds.driver.family if ds is not None else "sqlite"

    # --- helpers ------------------------------------------------------------------
    def _lookup(self, name):
        if not name:
            name = self._default
        ds = self._datasources.get(name)
        if ds is None and isinstance(name, string_types):
            low = name.lower()
            for key, cand in list(self._datasources.items()):
                if key.lower() == low:
                    return cand
        return ds

    def _names_text(self):
        return ", ".join(sorted(self._datasources)) or "(none)"

    def _unknown_text(self, name):
        return ("Datasource \"%s\" does not exist in this Gateway; configured datasources: %s "
                "(default: %s)." % (name, self._names_text(), self._default))

    def _driver_error(self, func, sql, args, database, tx, ds, exc, extra):
        if isinstance(exc, NoResultSet):
            exc = NoResultSet("the statement returned no result set; use system.db.runPrepUpdate "
                              "for statements that do not return rows")
        state, code = ds.driver.error_codes(exc)
        return javaside.query_error(func, sql, args, database, tx, ds.name, ds.driver.name, exc,
                                    state, code, extra)

    def _warn(self, message):
        try:
            self.gateway.util.get_logger("gateway_sim.db").warn(message)
        except Exception:  # the util backend is optional for the database backend
            pass

    def close(self):
        """Roll back open transactions and close every connection (gateway shutdown)."""
        self.transactions.close_all()
        with self._lock:
            sources = list(self._datasources.values())
        for ds in sources:
            ds.close()


def _extra(kind, get_key):
    return (get_key,) if kind == "update" else ()


def _java_array_to_list(args, func):
    if isinstance(args, string_types) or isinstance(args, dict):
        raise TypeError("%s: args must be a list of values for the ? placeholders, got %s"
                        % (func, type(args).__name__))
    try:
        return list(args)
    except TypeError:
        raise TypeError("%s: args must be a list of values for the ? placeholders, got %s"
                        % (func, type(args).__name__))


def _make_driver(family, type_name, name, params):
    if IS_JYTHON:
        from gateway_sim.backends.database.driver_jdbc import JdbcDriver
        return JdbcDriver(name, family, type_name, params)
    if family == "sqlite":
        from gateway_sim.backends.database.driver_sqlite import SQLiteDriver
        return SQLiteDriver(name, params)
    if family == "postgresql":
        try:
            from gateway_sim.backends.database.driver_postgres import PostgresDriver
        except ImportError as exc:
            raise ConfigError("datasource %r needs psycopg 3 (pip install 'psycopg[binary]' or "
                              "the 'postgres' extra): %s" % (name, exc))
        return PostgresDriver(name, params)
    try:
        from gateway_sim.backends.database.driver_mysql import MySQLDriver
    except ImportError as exc:
        raise ConfigError("datasource %r needs PyMySQL (pip install pymysql or the 'mysql' "
                          "extra): %s" % (name, exc))
    return MySQLDriver(name, type_name, params)
