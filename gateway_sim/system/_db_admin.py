"""``system.db`` connection administration with gateway meaning: ``getConnections``,
``getConnectionInfo``, ``removeDatasource``, ``setDatasourceMaxConnections``, the
named query cache clears (no-ops: the simulator caches nothing) and the deprecated
``dateFormat``.

Dataset columns as the manual lists them (Name, Description, DBType, Status, Problem,
ExtStatus, Throughput, ActiveConnections, MaxConnections, ValidationQuery). DBType
uses the product names the manual's examples show (``PostgreSQL``...; ``SQLite``,
``MariaDB``, ``MySQL`` unverified); a running datasource is ``Valid`` (``Disabled`` after
``setDatasourceEnabled(name, False)``: unverified status text), throughput
``-1`` (idle: the simulator does not measure it), validation query ``SELECT 1``.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim._compat import integer_types, string_types
from gateway_sim.registry import implements

COLUMNS = ["Name", "Description", "DBType", "Status", "Problem", "ExtStatus", "Throughput",
           "ActiveConnections", "MaxConnections", "ValidationQuery"]
TYPES = ["String", "String", "String", "String", "String", "String", "Double", "Integer",
         "Integer", "String"]
_DB_TYPES = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "postgres": "PostgreSQL",
             "mariadb": "MariaDB", "mysql": "MySQL"}


def _backend():
    return runtime.current().databases


def _row(ds):
    status = "Faulted" if ds.closed else ("Valid" if ds.enabled else "Disabled")
    in_use = max(0, ds._active - len(ds._idle))
    return [ds.name, ds.description, _DB_TYPES.get(ds.type, ds.type), status, "", status, -1.0,
            in_use, ds.max_active, ds.validation_query or "SELECT 1"]


def _dataset(rows):
    from gateway_sim.dataset import BasicDataset
    return BasicDataset(list(COLUMNS), rows, list(TYPES))


def _illegal(message):
    from gateway_sim.jvm import IllegalArgumentException
    return IllegalArgumentException(message)


@implements("system.db.getConnections")
def getConnections():
    """One row per configured datasource."""
    b = _backend()
    return _dataset([_row(b.datasource(n)) for n in b.datasource_names()])


@implements("system.db.getConnectionInfo")
def getConnectionInfo(name=""):
    """One row for datasource ``name`` ('' = the project default); no rows if unknown."""
    try:
        ds = _backend().datasource(name)
    except KeyError:
        return _dataset([])
    return _dataset([_row(ds)])


@implements("system.db.removeDatasource")
def removeDatasource(name):
    """Remove datasource ``name`` (its pool is closed)."""
    b = _backend()
    if not isinstance(name, string_types) or name not in b.datasource_names():
        raise _illegal("removeDatasource: no datasource named %r (datasources: %s)"
                       % (name, ", ".join(b.datasource_names())))
    b.remove_datasource(name)


@implements("system.db.setDatasourceMaxConnections")
def setDatasourceMaxConnections(name, maxConnections):
    """Change the pool size of datasource ``name``."""
    if isinstance(maxConnections, bool) or not isinstance(maxConnections, integer_types) \
            or maxConnections < 1:
        raise _illegal("setDatasourceMaxConnections: maxConnections must be an integer >= 1, "
                       "got %r" % (maxConnections,))
    try:
        ds = _backend().datasource(name)
    except KeyError as exc:
        raise _illegal("setDatasourceMaxConnections: %s" % (exc.args[0],))
    with ds._cond:
        ds.max_active = int(maxConnections)
        ds.max_idle = min(ds.max_idle, ds.max_active)
        ds._cond.notify_all()


@implements("system.db.dateFormat")
def dateFormat(date, formatPattern):
    """``date`` as text with a Java date pattern (deprecated: ``system.date.format``)."""
    from gateway_sim.system.date import format as _format
    return _format(date, formatPattern)


# Named query results are never cached by the simulator (every call runs the query), so
# clearing a cache has nothing to do; the calls exist so scripts that clear run unchanged.
@implements("system.db.clearAllNamedQueryCaches")
def clearAllNamedQueryCaches(project=None):
    """Clear every named query cache (nothing is cached by the simulator)."""
    runtime.current()


@implements("system.db.clearNamedQueryCache")
def clearNamedQueryCache(*args, **kwargs):
    """``(path)`` or ``(project, path)``: clear one named query's cache (nothing cached)."""
    runtime.current()
    if not 1 <= len(args) + len(kwargs) <= 2:
        raise _illegal("clearNamedQueryCache takes (path) or (project, path), got %d arguments"
                       % (len(args) + len(kwargs)))


@implements("system.db.clearQueryCache")
def clearQueryCache(project=None, path=None):
    """8.3: clear the named query caches of a project or one query (nothing cached)."""
    runtime.current()
