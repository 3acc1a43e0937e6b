"""Named queries: the registry behind ``runNamedQuery`` and 8.3's ``exec*``.

A named query is a project resource (``ignition/named-query/<path>/query.sql``
+ ``resource.json``); the project loader registers each one here. Ignition's
three parameter kinds (manual, "Named Query Parameters"), ``type`` in resource.json:

* ``Parameter`` (the Designer's "Value"): ``:identifier`` in the SQL, bound like a
  prepared-statement value after coercion to the parameter's ``sqlType``;
* ``QueryString``: ``{identifier}`` spliced into the SQL as text, never sanitized
  (its ``sqlType`` plays no part);
* ``Database``: created by the Designer when the query's database connection is
  set to ``<Parameter>``; not used in the SQL body, its value names the
  datasource the query runs against (at most one per query).

``sqlType`` is Ignition's DataType, as a code in resource.json (``7`` String,
``2`` Int4; the table tag JSON uses, ``gateway_sim.backends.tags.datatypes``)
or a name. Unverified: what the gateway does with an out-of-range integer for
Int1/Int2 (passed on unchanged here) and with array / DataSet / Document types
(passed on unchanged). May import: the standard library, ``gateway_sim`` core
modules and this package.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim._compat import integer_types, long_type, string_types, text_type
from gateway_sim.backends.database import javaside
from gateway_sim.backends.database.sqltext import named_to_qmark, splice_query_strings

QUERY_TYPES = {"query": "Query", "select": "Query", "updatequery": "UpdateQuery",
               "update": "UpdateQuery", "scalarquery": "ScalarQuery", "scalar": "ScalarQuery"}
PARAM_TYPES = ("Parameter", "QueryString", "Database")
_INT_TYPES = ("int1", "int2", "int4", "int8", "integer", "int", "long", "short", "byte")
_FLOAT_TYPES = ("float4", "float8", "float", "double", "real", "decimal", "numeric")


class NamedQuery(object):
    def __init__(self, project, path, sql, type_, database, parameters, attributes):
        self.project = project
        self.path = path
        self.sql = sql
        self.type = type_
        self.database = database or ""
        self.parameters = parameters
        self.attributes = attributes
        self._prepared = {}  # (spliced sql, dialect) -> (sql with ?, names)

    def __repr__(self):
        return "<NamedQuery %s/%s %s>" % (self.project, self.path, self.type)


def normalize_path(path):
    return "/".join(p for p in path.replace("\\", "/").split("/") if p)


class NamedQueryRegistry(object):
    def __init__(self):
        self._lock = threading.Lock()
        self._queries = {}  # (project, path) -> NamedQuery

    def register(self, project, path, sql, type_, database="", parameters=None, **attributes):
        if not isinstance(project, string_types) or not project:
            raise ValueError("named query project must be a project name, got %r" % (project,))
        if not isinstance(path, string_types) or not normalize_path(path):
            raise ValueError("named query path must be like 'Folder/QueryName', got %r" % (path,))
        if not isinstance(sql, string_types):
            raise ValueError("named query %s: sql must be a string, got %s"
                             % (path, type(sql).__name__))
        canonical = QUERY_TYPES.get(str(type_).replace(" ", "").lower())
        if canonical is None:
            raise ValueError("named query %s: type %r is not one of Query, UpdateQuery, ScalarQuery"
                             % (path, type_))
        params = []
        for i, p in enumerate(parameters or []):
            if not isinstance(p, dict) or not p.get("identifier"):
                raise ValueError("named query %s: parameter #%d must be a mapping with "
                                 "'identifier' (and 'type', 'sqlType'), got %r" % (path, i, p))
            ptype = p.get("type", "Parameter")
            if ptype not in PARAM_TYPES:
                raise ValueError("named query %s: parameter %r has type %r; use Parameter, "
                                 "QueryString or Database" % (path, p["identifier"], ptype))
            params.append({"type": ptype, "identifier": p["identifier"],
                           "sqlType": sql_type_name(p.get("sqlType"), p["identifier"], path)})
        if len([p for p in params if p["type"] == "Database"]) > 1:
            raise ValueError("named query %s: more than one Database parameter (%s); a query "
                             "runs against one datasource" % (path, ", ".join(
                                 p["identifier"] for p in params if p["type"] == "Database")))
        nq = NamedQuery(project, normalize_path(path), sql, canonical, database, params,
                        attributes)
        with self._lock:
            self._queries[(project, nq.path)] = nq
        return nq

    def unregister_project(self, project):
        with self._lock:
            for key in [k for k in self._queries if k[0] == project]:
                del self._queries[key]

    def projects(self):
        """The projects that have named queries registered."""
        with self._lock:
            return set(proj for (proj, p) in self._queries)

    def paths(self, project):
        with self._lock:
            return sorted(p for (proj, p) in self._queries if proj == project)

    def lookup(self, project, path, func, default_project=None):
        """The named query ``path`` of ``project``. With ``project`` None the calling
        script's project is meant: ``default_project``, or else the only loaded
        project that has ``path`` (the simulator does not track the caller's project)."""
        if not isinstance(path, string_types):
            raise TypeError("%s: path must be a string like 'Folder/QueryName', got %s"
                            % (func, type(path).__name__))
        norm = normalize_path(path)
        if project is None:
            project = default_project
            nq = self._queries.get((project, norm))
            if nq is None:
                with self._lock:
                    owners = [k[0] for k in self._queries if k[1] == norm]
                if len(owners) == 1:
                    return self._queries[(owners[0], norm)]
        else:
            nq = self._queries.get((project, norm))
        if nq is None:
            known = self.paths(project)
            raise javaside.make(javaside.JavaException(), (
                "Error executing %s: named query '%s' not found in project '%s'; its named "
                "queries are: %s. %s") % (func, path, project, ", ".join(known) or "(none)",
                                          javaside._CATCH_HINT))
        return nq

    def database_for(self, nq, parameters, func, known=None):
        """The datasource ``nq`` runs against: its Database parameter's value, else its
        ``database`` attribute ("" = the default). ``known``: configured datasource names."""
        dbp = [p for p in nq.parameters if p["type"] == "Database"]
        if not dbp:
            return nq.database
        ident = dbp[0]["identifier"]
        value = (parameters or {}).get(ident) if isinstance(parameters, dict) else None
        if not isinstance(value, string_types) or not value.strip():
            raise javaside.make(javaside.JavaException(), (
                "Error executing %s: named query '%s' takes its database connection from its "
                "Database parameter '%s'; pass the datasource name, e.g. {'%s': 'MyDB'} "
                "(got %r). %s") % (func, nq.path, ident, ident, value, javaside._CATCH_HINT))
        if known is not None and value not in known:
            raise javaside.make(javaside.JavaException(), (
                "Error executing %s: named query '%s': Database parameter '%s' names datasource "
                "'%s', which is not configured; configured: %s. %s") % (
                    func, nq.path, ident, value, ", ".join(sorted(known)) or "(none)",
                    javaside._CATCH_HINT))
        return value

    def prepare(self, nq, parameters, func, dialect):
        """``(sql with ? placeholders, args)`` for one call of ``nq``."""
        if parameters is None:
            parameters = {}
        if not isinstance(parameters, dict):
            raise TypeError("%s: parameters must be a dict of parameter name -> value, got %s"
                            % (func, type(parameters).__name__))
        values = {}
        strings = {}
        for p in nq.parameters:
            ident = p["identifier"]
            if p["type"] == "Database":
                continue  # names the datasource (database_for), never part of the SQL
            if ident not in parameters:
                raise javaside.make(javaside.JavaException(), (
                    "Error executing %s: named query '%s' needs parameter '%s' (declared: %s); "
                    "pass it in the parameters dict. %s") % (
                        func, nq.path, ident, ", ".join(q["identifier"] for q in nq.parameters),
                        javaside._CATCH_HINT))
            value = parameters[ident]
            if p["type"] == "QueryString":
                strings[ident] = value
            else:
                values[ident] = coerce(value, p["sqlType"], ident, nq.path, func)
        sql = splice_query_strings(nq.sql, strings) if strings else nq.sql
        key = (sql, dialect)
        prepared = nq._prepared.get(key)
        if prepared is None:
            prepared = named_to_qmark(sql, dialect)
            if len(nq._prepared) < 500:
                nq._prepared[key] = prepared
        qsql, names = prepared
        args = []
        for name in names:
            if name in values:
                args.append(values[name])
            elif name in parameters:  # used in the SQL but not declared: bind as given
                args.append(parameters[name])
            else:
                raise javaside.make(javaside.JavaException(), (
                    "Error executing %s: named query '%s' uses :%s but it is neither declared "
                    "nor passed. %s") % (func, nq.path, name, javaside._CATCH_HINT))
        return qsql, args


def sql_type_name(sql_type, ident, path):
    """A parameter's ``sqlType`` as a DataType name ("String"), from a code (7) or a name."""
    if sql_type is None or sql_type == "":
        return None
    if isinstance(sql_type, bool):
        raise ValueError("named query %s: parameter %r has sqlType %r; use a DataType name such "
                         "as \"String\" or its code such as 7" % (path, ident, sql_type))
    if isinstance(sql_type, integer_types):
        from gateway_sim.backends.tags.datatypes import NAMES
        name = NAMES.get(sql_type)
        if name is None:
            raise ValueError("named query %s: parameter %r has sqlType %d, which is not an "
                             "Ignition DataType code (known: %s)" % (
                                 path, ident, sql_type, ", ".join(
                                     "%d %s" % (k, NAMES[k]) for k in sorted(NAMES))))
        return name
    return sql_type


def coerce(value, sql_type, ident, path, func):
    """A parameter value converted to its declared ``sqlType`` (None stays NULL)."""
    if value is None or not sql_type:
        return value
    t = str(sql_type).lower()
    try:
        if t in _INT_TYPES:
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, integer_types):
                return value
            f = float(value)
            if f != int(f):
                raise ValueError("not a whole number")
            return long_type(int(f)) if t in ("int8", "long") else int(f)
        if t in _FLOAT_TYPES:
            return float(value)
        if t in ("string", "varchar", "text"):
            return value if isinstance(value, string_types) else text_type(value)
        if t == "bytearray":
            if isinstance(value, (bytes, bytearray)):
                return value
            raise ValueError("not bytes")
        if t in ("boolean", "bool", "bit"):
            if isinstance(value, string_types):
                low = value.strip().lower()
                if low in ("true", "1", "yes", "on"):
                    return True
                if low in ("false", "0", "no", "off", ""):
                    return False
                raise ValueError("not a boolean")
            return bool(value)
        if t in ("datetime", "date", "timestamp"):
            if isinstance(value, integer_types + (float,)) and not isinstance(value, bool):
                return javaside.new_date(int(value))
            if hasattr(value, "getTime"):
                return value
            raise ValueError("not a date")
    except (ValueError, TypeError) as exc:
        raise javaside.make(javaside.JavaException(), (
            "Error executing %s: named query '%s' parameter '%s' is declared %s but got %r "
            "(%s). %s") % (func, path, ident, sql_type, value, exc, javaside._CATCH_HINT))
    return value
