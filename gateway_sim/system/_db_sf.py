"""``system.db`` store-and-forward writes: runSFNamedQuery, runSFPrepUpdate,
runSFUpdateQuery (8.1; deprecated but present on 8.3) and 8.3's execUpdateAsync.

On a gateway these hand the write to the Store and Forward engine and return True
once it is queued (Ignition manual, system.db.runSFNamedQuery / execUpdateAsync:
"Returns true if successfully sent to the Store and Forward system"; "Only Update
Named Queries are allowed in Store and Forward"). The simulator has no store-and-
forward engine: the write is forwarded at once, in the caller's thread, as a
memory buffer forwarding to a healthy datasource does, so a test sees the rows
right after the call. Choices not stated by the manual (unverified):

- a missing named query or one that is not an Update Query raises at the call
  (java.lang.Exception naming the query and the fix), like runNamedQuery;
- ``params`` may be omitted (real project scripts call ``runSFNamedQuery(path)``);
- a write that fails at the database (bad SQL, datasource down) does not raise:
  the call returns True, as the record would be quarantined by the gateway, and the
  failure is logged at ERROR on the ``StoreAndForward`` logger with its cause.

May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.registry import implements


def _forward(func, what, write):
    """Run ``write()``; a database failure is logged (quarantined), never raised."""
    from gateway_sim.jvm import Throwable
    try:
        write()
    except (Exception, Throwable) as exc:  # a Java or Python failure of the database write
        from gateway_sim.system.util import getLogger
        getLogger("StoreAndForward").error(
            "%s: %s could not be forwarded and would be quarantined on a gateway: %s"
            % (func, what, exc))
    return True


def _named(func, project, path, parameters):
    from gateway_sim.backends.database import javaside
    gw = runtime.current()
    db = gw.databases
    if parameters is not None and not isinstance(parameters, dict):
        try:
            parameters = dict(parameters)
        except (TypeError, ValueError):
            raise TypeError("%s: params must be a dictionary of the named query's parameters, "
                            "got %s" % (func, type(parameters).__name__))
    nq = db.named_queries.lookup(project or None, path, func, gw.project_name)
    if nq.type != "UpdateQuery":
        raise javaside.make(javaside.JavaException(), (
            "Error executing %s: named query '%s' is a %s; only Update Query named queries can "
            "go through Store and Forward (use system.db.runNamedQuery for it, or set its type "
            "to Update Query)." % (func, path, nq.type)))
    return _forward(func, "named query '%s'" % path, lambda: db.run_named_query(
        project or None, path, parameters, None, False, func, "basic"))


@implements("system.db.runSFNamedQuery")
def runSFNamedQuery(*args, **kwargs):
    """Gateway scope ``(project, path, params)``, project scope ``(path, params)``;
    True once queued."""
    names = ("path", "params")
    if "project" in kwargs or len(args) == 3 or (
            len(args) == 2 and isinstance(args[1], string_types)):
        names = ("project",) + names
    if len(args) > len(names):
        raise TypeError("runSFNamedQuery() takes at most 3 arguments (%d given)" % len(args))
    call = dict(zip(names, args))
    for key, value in kwargs.items():
        if key not in ("project", "path", "params"):
            raise TypeError("runSFNamedQuery() got an unexpected keyword argument '%s'" % key)
        if key in call:
            raise TypeError("runSFNamedQuery() got multiple values for argument '%s'" % key)
        call[key] = value
    if "path" not in call:
        raise TypeError("runSFNamedQuery() needs the named query path, e.g. "
                        "runSFNamedQuery('Folder/Query', {'param': value})")
    return _named("system.db.runSFNamedQuery", call.get("project"), call["path"],
                  call.get("params"))


@implements("system.db.execUpdateAsync")
def execUpdateAsync(path, parameters=None, project=None):
    """8.3: an Update Query named query through Store and Forward; True once queued."""
    return _named("system.db.execUpdateAsync", project, path, parameters)


def _datasources(func, datasources):
    if isinstance(datasources, string_types) or datasources is None:
        raise TypeError("%s: datasources must be a list of datasource names, e.g. ['MyDB'], "
                        "got %r" % (func, datasources))
    try:
        names = list(datasources)
    except TypeError:
        raise TypeError("%s: datasources must be a list of datasource names, got %s"
                        % (func, type(datasources).__name__))
    return names


def _sf_update(func, query, args, datasources):
    db = runtime.current().databases
    for name in _datasources(func, datasources):
        _forward(func, "the update on datasource '%s'" % name,
                 lambda name=name: db.update(query, args, name, None, False, func))
    return True


@implements("system.db.runSFPrepUpdate")
def runSFPrepUpdate(query, args, datasources):
    """A prepared update sent to each of ``datasources`` through Store and Forward."""
    return _sf_update("system.db.runSFPrepUpdate", query, list(args), datasources)


@implements("system.db.runSFUpdateQuery")
def runSFUpdateQuery(query, datasources):
    """An update sent to each of ``datasources`` through Store and Forward."""
    return _sf_update("system.db.runSFUpdateQuery", query, None, datasources)
