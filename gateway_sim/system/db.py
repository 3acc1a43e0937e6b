"""``system.db``: Ignition's database scripting functions (API surface only).

Names, argument order, defaults and return types follow Ignition 8.1 (plus
8.3's ``execQuery``/``execUpdate``/``execScalar``). Each call finds the current
gateway and delegates to ``gw.databases`` (``gateway_sim.backends.database``).
Failures raise ``java.lang.Exception`` (not a Python ``Exception``), as on a
gateway. May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim.registry import declare_missing, implements

# Transaction isolation levels (java.sql.Connection values).
READ_UNCOMMITTED = 1
READ_COMMITTED = 2
REPEATABLE_READ = 4
SERIALIZABLE = 8

# java.sql.Types constants (used with stored-procedure calls).
ARRAY, BIGINT, BINARY, BIT, BLOB, BOOLEAN, CHAR, CLOB = 2003, -5, -2, -7, 2004, 16, 1, 2005
DATALINK, DATE, DECIMAL, DISTINCT, DOUBLE, FLOAT, INTEGER = 70, 91, 3, 2001, 8, 6, 4
JAVA_OBJECT, LONGNVARCHAR, LONGVARBINARY, LONGVARCHAR = 2000, -16, -4, -1
NCHAR, NCLOB, NULL, NUMERIC, NVARCHAR, OTHER, REAL, REF = -15, 2011, 0, 2, -9, 1111, 7, 2006
ROWID, SMALLINT, SQLXML, STRUCT, TIME, TIMESTAMP = -8, 5, 2009, 2002, 92, 93
TINYINT, VARBINARY, VARCHAR, ORACLE_CURSOR = -6, -3, 12, -10


def _db():
    gw = runtime.current()
    # The backend dict lookup skips the property's import on the hot path.
    return gw._backends.get("databases") or gw.databases


@implements("system.db.runQuery")
def runQuery(query, database="", tx=None):
    """Run a SELECT; returns a PyDataSet."""
    return _db().query(query, None, database, tx, "system.db.runQuery")


@implements("system.db.runPrepQuery")
def runPrepQuery(query, args, database="", tx=None):
    """Run a SELECT with ``?`` placeholders bound to ``args``; returns a PyDataSet."""
    return _db().query(query, args, database, tx, "system.db.runPrepQuery")


@implements("system.db.runScalarQuery")
def runScalarQuery(query, database="", tx=None):
    """First column of the first row, or None."""
    return _db().scalar(query, None, database, tx, "system.db.runScalarQuery")


@implements("system.db.runScalarPrepQuery")
def runScalarPrepQuery(query, args, database="", tx=None):
    """First column of the first row of a prepared query, or None."""
    return _db().scalar(query, args, database, tx, "system.db.runScalarPrepQuery")


@implements("system.db.runUpdateQuery")
def runUpdateQuery(query, database="", tx=None, getKey=False, skipAudit=True):
    """Run an update; rows affected, or the generated key when ``getKey``."""
    return _db().update(query, None, database, tx, getKey, "system.db.runUpdateQuery")


@implements("system.db.runPrepUpdate")
def runPrepUpdate(query, args, database="", tx=None, getKey=False, skipAudit=True):
    """Run a prepared update; rows affected, or the generated key when ``getKey``."""
    return _db().update(query, args, database, tx, getKey, "system.db.runPrepUpdate")


@implements("system.db.beginTransaction")
def beginTransaction(database="", isolationLevel=None, timeout=None):
    """Start a transaction; returns its id (a string). ``timeout`` is the idle timeout in ms."""
    return _db().begin(database, isolationLevel, timeout)


@implements("system.db.beginNamedQueryTransaction")
def beginNamedQueryTransaction(*args, **kwargs):
    """Vision ``(database="", isolationLevel=None, timeout=None)``; Perspective/gateway
    ``(project, database="", isolationLevel=None, timeout=None)``. Returns a transaction id
    for runNamedQuery/execQuery/execUpdate and commit/rollback/closeTransaction.

    Two leading strings (or ``project=``) select the gateway form; ``database`` ""
    means the project's default datasource. Unverified: the simulator has one default
    datasource for every project, so ``project`` is only checked to be a known project.
    """
    func = "system.db.beginNamedQueryTransaction"
    names = ("database", "isolationLevel", "timeout")
    if "project" in kwargs or (len(args) >= 2 and _is_text(args[0]) and _is_text(args[1])) \
            or len(args) == 4:
        names = ("project",) + names
    if len(args) > len(names):
        raise TypeError("%s() takes at most %d arguments (%d given)" % (func, len(names),
                                                                        len(args)))
    call = dict(zip(names, args))
    for key, value in kwargs.items():
        if key not in ("project",) + names:
            raise TypeError("%s() got an unexpected keyword argument '%s'" % (func, key))
        if key in call:
            raise TypeError("%s() got multiple values for argument '%s'" % (func, key))
        call[key] = value
    gw = runtime.current()
    if "project" in call:
        project = call["project"]
        known = gw.databases.named_queries.projects() | set([gw.project_name])
        if not _is_text(project) or project not in known:
            raise ValueError("%s: project must be the name of a project with named queries "
                             "(known: %s), got %r" % (func, ", ".join(sorted(known)), project))
    return gw.databases.begin(call.get("database") or "", call.get("isolationLevel"),
                              call.get("timeout"), func)


@implements("system.db.commitTransaction")
def commitTransaction(tx):
    _db().commit(tx)


@implements("system.db.rollbackTransaction")
def rollbackTransaction(tx):
    _db().rollback(tx)


@implements("system.db.closeTransaction")
def closeTransaction(tx):
    """Close a transaction and free its connection (commit or roll back first)."""
    _db().close_transaction(tx)


@implements("system.db.runNamedQuery")
def runNamedQuery(*args, **kwargs):
    """8.1: project scope ``(path, parameters=None, tx=None, getKey=False)``; gateway
    scope ``(project, path, parameters=None, tx=None, getKey=False)``."""
    gw = runtime.current()
    names = ("path", "parameters", "tx", "getKey")
    if "project" in kwargs or (len(args) >= 2 and _is_text(args[0]) and _is_text(args[1])):
        names = ("project",) + names
    if len(args) > len(names):
        raise TypeError("runNamedQuery() takes at most %d arguments (%d given)"
                        % (len(names), len(args)))
    call = dict(zip(names, args))
    for key, value in kwargs.items():
        if key not in ("project",) + names:
            raise TypeError("runNamedQuery() got an unexpected keyword argument '%s'" % key)
        if key in call:
            raise TypeError("runNamedQuery() got multiple values for argument '%s'" % key)
        call[key] = value
    if "path" not in call:
        raise TypeError("runNamedQuery() needs the named query path")
    project = call.get("project") or None
    return gw.databases.run_named_query(project, call["path"], call.get("parameters"),
                                        call.get("tx"), call.get("getKey", False),
                                        "system.db.runNamedQuery", "py")


@implements("system.db.execQuery")
def execQuery(path, parameters=None, tx=None, project=None):
    """8.3: run a Query named query; returns a Dataset."""
    gw = runtime.current()
    return gw.databases.run_named_query(project or None, path, parameters, tx, False,
                                        "system.db.execQuery", "basic")


@implements("system.db.execUpdate")
def execUpdate(path, parameters=None, tx=None, getKey=False, project=None):
    """8.3: run an UpdateQuery named query; rows affected or the generated key."""
    gw = runtime.current()
    return gw.databases.run_named_query(project or None, path, parameters, tx, getKey,
                                        "system.db.execUpdate", "basic")


@implements("system.db.execScalar")
def execScalar(path, parameters=None, tx=None, project=None):
    """8.3: run a named query and return the first column of the first row, or None."""
    gw = runtime.current()
    return gw.databases.run_named_query(project or None, path, parameters, tx, False,
                                        "system.db.execScalar", "basic")


def _is_text(value):
    from gateway_sim._compat import string_types
    return isinstance(value, string_types)


from gateway_sim.system._db_admin import (  # noqa: E402,F401 (re-exported)
    clearAllNamedQueryCaches, clearNamedQueryCache, clearQueryCache, dateFormat,
    getConnectionInfo, getConnections, removeDatasource, setDatasourceMaxConnections)

from gateway_sim.system._db_sf import (  # noqa: E402,F401 (re-exported)
    execUpdateAsync, runSFNamedQuery, runSFPrepUpdate, runSFUpdateQuery)

from gateway_sim.system._db_sproc import createSProcCall, execSProcCall  # noqa: E402,F401

from gateway_sim.system._db_datasources import (  # noqa: E402,F401 (re-exported)
    addDatasource, setDatasourceConnectURL, setDatasourceEnabled)

declare_missing(globals(), "system.db", [
    "addDatasource", "removeDatasource", "setDatasourceConnectURL", "setDatasourceEnabled",
    "setDatasourceMaxConnections", "getConnectionInfo", "getConnections",
    "createSProcCall", "execSProcCall", "runSFNamedQuery", "runSFPrepUpdate", "runSFUpdateQuery",
    "beginNamedQueryTransaction", "clearAllNamedQueryCaches", "clearNamedQueryCache",
    "dateFormat", "execUpdateAsync", "refresh",
])
