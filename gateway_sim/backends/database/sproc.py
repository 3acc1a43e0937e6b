"""Stored-procedure calls: the ``SProcCall`` context and how each database runs it.

``system.db.createSProcCall`` returns an ``SProcCall``; scripts register in,
out and return parameters on it (by 1-based index or by name, with a
``java.sql.Types`` code from ``system.db``), ``system.db.execSProcCall`` runs
it and the results (first result set, update count, out values, return value)
are read back from the same object.

How each database runs a call (CPython drivers):

* PostgreSQL: the routine is looked up in ``pg_proc`` (schema-qualified or on
  the search path); the overload is chosen by argument count. A procedure runs
  as ``CALL name(...)`` with every OUT/INOUT argument passed (OUT ones as NULL)
  and the returned row gives the out values; a function runs as
  ``SELECT * FROM name(...)`` (its OUT arguments are not passed): the rows are
  the result set, the first column of the first row the return value, the
  OUT columns the out values. Each argument is cast to the declared type.
* MariaDB/MySQL: the routine is looked up in ``information_schema``. A
  procedure runs as ``CALL name(?, @out, ...)`` with OUT/INOUT arguments in
  session variables (``SET @v = ?`` first for INOUT) read back with
  ``SELECT @v``; its first result set is kept. A function runs as
  ``SELECT name(...)``.
* SQLite has no stored procedures: a clear error says so.

Names are resolved to positions from the catalog, so named parameters work on
both servers. Failures are ``java.lang.Exception`` naming the procedure and the
fix, with the driver's ``SQLException`` as cause (as the rest of ``system.db``).

Unverified: in-parameter indexes start at 1 even when a return parameter is
registered (the JDBC ``{? = call}`` form would make it index 1); out values
are converted to the registered type code's Python type; ``getUpdateCount()``
is -1 when the call produced a result set (JDBC's rule), else the driver's row
count (-1 when unknown); ``getResultSet()`` is None when there is none. On the
Jython host (JDBC datasources) the call runs through ``CallableStatement``
(``sproc_jdbc``) with the same catalog lookup, checks and errors.
May import: ``gateway_sim`` core modules and this package.
"""
from __future__ import absolute_import, division, print_function

import decimal
import uuid

from gateway_sim._compat import IS_JYTHON, integer_types, string_types, text_type
from gateway_sim.backends.database import javaside
from gateway_sim.backends.database.datasource import PoolExhausted
from gateway_sim.backends.database.driver_base import DriverError, bind_value, result_value
from gateway_sim.backends.database.transactions import TxError
from gateway_sim.dataset import BasicDataset

# java.sql.Types codes system.db exposes (name -> code).
TYPE_CODES = {
    "ARRAY": 2003, "BIGINT": -5, "BINARY": -2, "BIT": -7, "BLOB": 2004, "BOOLEAN": 16,
    "CHAR": 1, "CLOB": 2005, "DATALINK": 70, "DATE": 91, "DECIMAL": 3, "DISTINCT": 2001,
    "DOUBLE": 8, "FLOAT": 6, "INTEGER": 4, "JAVA_OBJECT": 2000, "LONGNVARCHAR": -16,
    "LONGVARBINARY": -4, "LONGVARCHAR": -1, "NCHAR": -15, "NCLOB": 2011, "NULL": 0,
    "NUMERIC": 2, "NVARCHAR": -9, "OTHER": 1111, "REAL": 7, "REF": 2006, "ROWID": -8,
    "SMALLINT": 5, "SQLXML": 2009, "STRUCT": 2002, "TIME": 92, "TIMESTAMP": 93,
    "TINYINT": -6, "VARBINARY": -3, "VARCHAR": 12, "ORACLE_CURSOR": -10,
}
_NAMES = dict((v, k) for k, v in TYPE_CODES.items())
_INTS = frozenset([-6, 5, 4, -5])
_FLOATS = frozenset([6, 7, 8])
_DECIMALS = frozenset([2, 3])
_TEXTS = frozenset([1, 12, -1, -15, -9, -16, 2005, 2011])
_BOOLS = frozenset([-7, 16])

FUNC_EXEC = "system.db.execSProcCall"


class SProcError(DriverError):
    """A problem the simulator finds before or after the database runs the call."""


class SProcCall(object):
    """A stored procedure call context (``system.db.createSProcCall``)."""

    def __init__(self, procedureName, database="", tx=None, skipAudit=False):
        if not isinstance(procedureName, string_types) or not procedureName.strip():
            raise TypeError("system.db.createSProcCall: procedureName must be the stored "
                            "procedure's name (a non-empty string), got %r" % (procedureName,))
        if database is not None and not isinstance(database, string_types):
            raise TypeError("system.db.createSProcCall: database must be a datasource name "
                            "(string), got %s" % type(database).__name__)
        if tx is not None and tx != "" and not isinstance(tx, string_types):
            raise TypeError("system.db.createSProcCall: tx must be a transaction id string from "
                            "system.db.beginTransaction(), got %s" % type(tx).__name__)
        self.procedureName = procedureName.strip()
        self.database = database or ""
        self.tx = tx or None
        self.skipAudit = bool(skipAudit)
        self._in = {}      # key (int index or lower-case name) -> (typeCode, value, display key)
        self._out = {}     # key -> (typeCode, display key)
        self._return = None
        self._executed = False
        self._result = None
        self._count = -1
        self._out_values = {}
        self._return_value = None

    # --- registering ----------------------------------------------------------
    def registerInParam(self, param, typeCode, value):
        key = self._key(param, "registerInParam")
        self._type(typeCode, "registerInParam")
        self._in[key] = (typeCode, value, param)

    def registerOutParam(self, param, typeCode):
        key = self._key(param, "registerOutParam")
        self._type(typeCode, "registerOutParam")
        self._out[key] = (typeCode, param)

    def registerReturnParam(self, typeCode):
        self._type(typeCode, "registerReturnParam")
        self._return = typeCode

    def _key(self, param, method):
        if isinstance(param, bool) or not isinstance(param, integer_types + string_types):
            raise TypeError("SProcCall.%s: the parameter is a 1-based index (int) or a name "
                            "(string), got %r" % (method, param))
        if isinstance(param, integer_types):
            if param < 1:
                raise ValueError("SProcCall.%s: parameter indexes start at 1, not 0; got %d"
                                 % (method, param))
            key = int(param)
        else:
            if not param.strip():
                raise ValueError("SProcCall.%s: a parameter name must not be empty" % method)
            key = param.strip().lstrip("@").lower()
        known = list(self._in) + list(self._out)
        if known and isinstance(known[0], integer_types) != isinstance(key, integer_types):
            raise ValueError("SProcCall.%s(%r): parameters of one call are registered either "
                             "all by index or all by name (as JDBC requires); this call already "
                             "uses %s" % (method, param, "indexes" if isinstance(
                                 known[0], integer_types) else "names"))
        return key

    @staticmethod
    def _type(code, method):
        if isinstance(code, bool) or not isinstance(code, integer_types) or code not in _NAMES:
            raise ValueError("SProcCall.%s: typeCode must be one of the system.db type constants "
                             "(system.db.INTEGER, system.db.VARCHAR, ...), got %r" % (method, code))

    # --- results -------------------------------------------------------------
    def _need_run(self, method):
        if not self._executed:
            raise javaside.make(javaside.JavaException(), "SProcCall.%s(): the call to '%s' has "
                                "not run yet; pass it to system.db.execSProcCall first"
                                % (method, self.procedureName))

    def getResultSet(self):
        """The first result set of the call (a Dataset), or None."""
        self._need_run("getResultSet")
        return self._result

    def getUpdateCount(self):
        self._need_run("getUpdateCount")
        return self._count

    def getOutParamValue(self, param):
        self._need_run("getOutParamValue")
        key = param.strip().lstrip("@").lower() if isinstance(param, string_types) else param
        if key not in self._out:
            raise javaside.make(javaside.JavaException(), "SProcCall.getOutParamValue(%r): no "
                                "out parameter %r was registered on the call to '%s'; register "
                                "it with registerOutParam before system.db.execSProcCall"
                                % (param, param, self.procedureName))
        return self._out_values.get(key)

    def getReturnValue(self):
        self._need_run("getReturnValue")
        if self._return is None:
            raise javaside.make(javaside.JavaException(), "SProcCall.getReturnValue(): the call "
                                "to '%s' has no return parameter; call registerReturnParam("
                                "typeCode) before system.db.execSProcCall" % self.procedureName)
        return self._return_value

    def getProcedureName(self):
        return self.procedureName

    def getDatasource(self):
        return self.database

    def getTxId(self):
        return self.tx

    def __repr__(self):
        return "SProcCall(%s)" % self.procedureName


# --- execution ------------------------------------------------------------------

def execute(backend, call):
    """Run ``call`` on its datasource (inside its transaction when it has one)."""
    if not isinstance(call, SProcCall):
        raise TypeError("%s: callContext must be an SProcCall from system.db.createSProcCall, "
                        "got %s" % (FUNC_EXEC, type(call).__name__))
    label = "%s(%s)" % (FUNC_EXEC, call.procedureName)
    if call.tx:
        try:
            tx = backend.transactions.enter(call.tx)
        except TxError as exc:
            raise _error(label, "%s." % (exc,))
        ds = tx.datasource
        try:
            backend.transactions.ensure_begun(tx)
            tx.fresh = False
            _run(ds, tx.conn, call)
        except ds.driver.errors as exc:
            tx.broken = tx.broken or ds.driver.is_broken(tx.conn)
            raise _driver_error(label, ds, exc, call)
        finally:
            backend.transactions.leave(tx)
        return
    ds = backend._lookup(call.database)
    if ds is None:
        raise _error(label, backend._unknown_text(call.database))
    _check_family(ds, call)
    try:
        conn = ds.acquire()
    except PoolExhausted as exc:
        raise _error(label, "datasource '%s': %s." % (ds.name, exc))
    except ds.driver.errors as exc:
        raise _driver_error(label, ds, exc, call)
    broken = False
    try:
        _run(ds, conn, call)
    except ds.driver.errors as exc:
        broken = ds.driver.is_broken(conn)
        raise _driver_error(label, ds, exc, call)
    finally:
        ds.release(conn, broken)


def _check_family(ds, call):
    if ds.driver.family == "sqlite":
        raise _error("%s(%s)" % (FUNC_EXEC, call.procedureName), (
            "datasource '%s' is SQLite, which has no stored procedures; put the statements in "
            "system.db.runPrepQuery/runPrepUpdate (or a named query), or point the call at a "
            "PostgreSQL or MariaDB/MySQL datasource." % ds.name))


def _run(ds, conn, call):
    _check_family(ds, call)
    call._executed = False
    if IS_JYTHON:
        from gateway_sim.backends.database import sproc_jdbc
        out = sproc_jdbc.run(ds, conn, call)
    elif ds.driver.family == "postgresql":
        out = _run_postgres(ds, conn, call)
    else:
        out = _run_mysql(ds, conn, call)
    result, count, out_values, ret = out
    call._result = result
    call._count = count
    call._out_values = dict((k, _convert(call._out[k][0], v)) for k, v in out_values.items())
    call._return_value = _convert(call._return, ret) if call._return is not None else None
    call._executed = True


def _positions(call, params):
    """``{position: key}`` for every registered key; ``params`` is [(pos, mode, name)]."""
    by_name = dict(((n or "").lower(), p) for p, m, n in params if n)
    count = len(params)
    out = {}
    for key in list(call._in) + list(call._out):
        if isinstance(key, integer_types):
            if key > count:
                raise SProcError("parameter index %d is past the %d parameter(s) of '%s'%s"
                                 % (key, count, call.procedureName, _signature(params)))
            out[key] = key
        else:
            if key not in by_name:
                raise SProcError("'%s' has no parameter named '%s'%s; use one of these names or "
                                 "register by index" % (call.procedureName, key,
                                                        _signature(params)))
            out[by_name[key]] = key
    return out


def _signature(params):
    if not params:
        return " (it takes no parameters)"
    return " (parameters: %s)" % ", ".join("%d %s %s" % (p, m, n or "?") for p, m, n in params)


def _arg_plan(call, params, pass_out):
    """[(position, mode, key or None)] of the arguments to pass, checked against the modes."""
    where = _positions(call, params)
    plan = []
    for pos, mode, name in params:
        key = where.get(pos)
        display = name or pos
        if key is not None and key in call._in and mode == "OUT":
            raise SProcError("parameter %s of '%s' is OUT; register it with registerOutParam "
                             "only" % (display, call.procedureName))
        if key is not None and key in call._out and mode == "IN":
            raise SProcError("parameter %s of '%s' is IN, it returns nothing; use "
                             "registerInParam, or declare it OUT/INOUT in the procedure"
                             % (display, call.procedureName))
        if mode == "OUT" and not pass_out:
            continue
        if mode in ("IN", "INOUT") and (key is None or key not in call._in):
            later = [p for p, m, n in params if p > pos and where.get(p) is not None]
            if mode == "INOUT" or later or (pass_out and any(
                    m in ("OUT", "INOUT") for p, m, n in params if p > pos)):
                raise SProcError("parameter %s (%s) of '%s' has no value; register it with "
                                 "registerInParam(%r, typeCode, value)"
                                 % (display, mode, call.procedureName, display))
            break  # trailing IN parameters left to their defaults
        plan.append((pos, mode, key))
    return plan


def _in_value(call, key):
    code, value, shown = call._in[key]
    return bind_value(value, True)


# --- PostgreSQL ------------------------------------------------------------------

_PG_MODES = {"i": "IN", "o": "OUT", "b": "INOUT", "v": "IN", "t": "TABLE"}

_PG_LOOKUP = """
SELECT n.nspname, p.proname, p.prokind, p.proargnames, p.proargmodes::text[],
       ARRAY(SELECT format_type(t.oid, NULL) FROM unnest(
             COALESCE(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY AS a(oid, i)
             JOIN pg_type t ON t.oid = a.oid ORDER BY a.i)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.proname = %s AND (CASE WHEN %s::text IS NULL THEN pg_function_is_visible(p.oid)
                               ELSE n.nspname = %s END)
ORDER BY p.oid"""


def _pg_ident(part):
    part = part.strip()
    if len(part) >= 2 and part[0] == '"' and part[-1] == '"':
        return part[1:-1].replace('""', '"')
    return part.lower()


def _quote_pg(name):
    return '"%s"' % name.replace('"', '""')


def _split(name):
    parts = name.split(".")
    if len(parts) > 2 or not all(p.strip() for p in parts):
        raise SProcError("'%s' is not a procedure name; use name or schema.name" % name)
    return (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])


def _run_postgres(ds, conn, call):
    schema, name = _split(call.procedureName)
    schema = _pg_ident(schema) if schema is not None else None
    name = _pg_ident(name)
    with conn.cursor() as cur:
        cur.execute(_PG_LOOKUP, (name, schema, schema))
        found = cur.fetchall()
    nsp, proname, kind, params, argtypes = _pg_choose(call, ds, schema, found)
    target = "%s.%s" % (_quote_pg(nsp), _quote_pg(proname))
    is_proc = kind == "p"
    plan = _arg_plan(call, params, is_proc)
    pieces, args = [], []
    for pos, mode, key in plan:
        pieces.append("%%s::%s" % argtypes[pos - 1])
        args.append(_in_value(call, key) if key is not None and key in call._in else None)
    arglist = ", ".join(pieces)
    outs = [(p, n) for p, m, n in params if m in ("OUT", "INOUT")]
    result, count, out_values, ret = None, -1, {}, None
    with conn.cursor() as cur:
        if is_proc:
            cur.execute("CALL %s(%s)" % (target, arglist), args)
            row = cur.fetchone() if cur.description is not None else None
            count = cur.rowcount if cur.description is None and cur.rowcount >= 0 else -1
        else:
            cur.execute("SELECT * FROM %s(%s)" % (target, arglist), args)
            headers = [d.name for d in cur.description]
            rows = [tuple(result_value(v) for v in r) for r in cur.fetchall()]
            row = rows[0] if rows else None
            if call._return is not None:
                ret = row[0] if row else None
            else:
                result = BasicDataset(headers, rows)
    if row is not None and outs:
        for i, (pos, pname) in enumerate(outs):
            for key in (pos, (pname or "").lower()):
                if key in call._out and i < len(row):
                    out_values[key] = result_value(row[i])
    return result, count, out_values, ret


def _pg_choose(call, ds, schema, found):
    """The one routine of ``found`` (pg_proc rows) the call means, with its parameters."""
    if not found:
        raise SProcError("no procedure or function '%s' exists in datasource '%s'%s; create it "
                         "there, check the spelling/schema, or pass the right database to "
                         "createSProcCall" % (call.procedureName, ds.name,
                                              "" if schema else " (on the search_path)"))
    candidates = []
    for nsp, proname, kind, argnames, argmodes, argtypes in found:
        modes = [_PG_MODES.get(m, "IN") for m in (argmodes or ["i"] * len(argtypes))]
        names = list(argnames or []) + [None] * len(argtypes)
        params = [(i + 1, modes[i], names[i] or None) for i in range(len(argtypes))
                  if modes[i] != "TABLE"]
        candidates.append((nsp, proname, kind, params, argtypes))
    if len(candidates) > 1:
        keys = list(call._in) + list(call._out)
        wanted = max([k for k in keys if isinstance(k, integer_types)] or [0])
        fit = [c for c in candidates if len(c[3]) == wanted] or \
              [c for c in candidates if len(c[3]) >= wanted]
        if len(fit) != 1:
            raise SProcError("'%s' is overloaded (%d versions); register every parameter by "
                             "index so the argument count picks one, or give the overloads "
                             "different names" % (call.procedureName, len(candidates)))
        candidates = fit
    nsp, proname, kind, params, argtypes = candidates[0]
    if kind == "p" and call._return is not None:
        raise SProcError("'%s' is a procedure, which returns no value; drop registerReturnParam "
                         "and read OUT/INOUT parameters with registerOutParam"
                         % call.procedureName)
    return nsp, proname, kind, params, argtypes


# --- MariaDB / MySQL -------------------------------------------------------------

def _quote_my(name):
    return "`%s`" % name.replace("`", "``")


def _run_mysql(ds, conn, call):
    schema, name = _split(call.procedureName)
    schema = schema.strip().strip("`") if schema else None
    name = name.strip().strip("`")
    with conn.cursor() as cur:
        cur.execute("SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, SPECIFIC_NAME FROM "
                    "information_schema.ROUTINES WHERE ROUTINE_SCHEMA = COALESCE(%s, DATABASE()) "
                    "AND ROUTINE_NAME = %s", (schema, name))
        found = cur.fetchall()
        if not found:
            raise SProcError(_my_missing(call, ds, schema))
        rschema, rname, rtype, specific = found[0]
        cur.execute("SELECT ORDINAL_POSITION, PARAMETER_MODE, PARAMETER_NAME FROM "
                    "information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = %s AND SPECIFIC_NAME "
                    "= %s AND ROUTINE_TYPE = %s AND ORDINAL_POSITION > 0 ORDER BY "
                    "ORDINAL_POSITION", (rschema, specific, rtype))
        params = [(int(p), (m or "IN").upper(), n) for p, m, n in cur.fetchall()]
    target = "%s.%s" % (_quote_my(rschema), _quote_my(rname))
    is_proc = rtype.upper() == "PROCEDURE"
    plan = _my_plan(call, params, is_proc)
    tag = uuid.uuid4().hex[:12]
    pieces, args, setup, outs = [], [], [], []
    for pos, mode, key in plan:
        if mode == "IN" or not is_proc:
            pieces.append("%s")
            args.append(_in_value(call, key) if key is not None else None)
            continue
        var = "@gwsim_%s_%d" % (tag, pos)
        pieces.append(var)
        value = _in_value(call, key) if (mode == "INOUT" and key is not None
                                         and key in call._in) else None
        setup.append(("SET %s = %%s" % var, (value,)))
        outs.append((pos, (params[pos - 1][2] or "").lower(), var))
    result, count, out_values, ret = None, -1, {}, None
    with conn.cursor() as cur:
        for sql, a in setup:
            cur.execute(sql, a)
        if is_proc:
            n = cur.execute("CALL %s(%s)" % (target, ", ".join(pieces)), tuple(args))
            if cur.description is not None:
                headers = [d[0] for d in cur.description]
                result = BasicDataset(headers, [tuple(result_value(v) for v in r)
                                                for r in cur.fetchall()])
            else:
                count = n if n is not None and n >= 0 else -1
            while cur.nextset():
                if cur.description is not None:
                    cur.fetchall()
            if outs:
                cur.execute("SELECT %s" % ", ".join(v for p, n, v in outs))
                row = cur.fetchone()
                for i, (pos, pname, var) in enumerate(outs):
                    for key in (pos, pname):
                        if key in call._out:
                            out_values[key] = result_value(row[i])
        else:
            cur.execute("SELECT %s(%s) AS %s" % (target, ", ".join(pieces), _quote_my(rname)),
                        tuple(args))
            headers = [d[0] for d in cur.description]
            rows = [tuple(result_value(v) for v in r) for r in cur.fetchall()]
            if call._return is not None:
                ret = rows[0][0] if rows else None
            else:
                result = BasicDataset(headers, rows)
    return result, count, out_values, ret


def _my_missing(call, ds, schema):
    return ("no procedure or function '%s' exists in datasource '%s' (database %s); create it "
            "there, check the spelling, or pass the right database to createSProcCall"
            % (call.procedureName, ds.name, schema or "of the connection"))


def _my_plan(call, params, is_proc):
    """The checked argument plan of a MariaDB/MySQL routine (every parameter is passed)."""
    if is_proc and call._return is not None:
        raise SProcError("'%s' is a procedure, which returns no value; drop registerReturnParam "
                         "and read OUT/INOUT parameters with registerOutParam"
                         % call.procedureName)
    plan = _arg_plan(call, params, True)
    if is_proc and len(plan) != len(params):
        missing = params[len(plan)]
        raise SProcError("parameter %s (%s) of '%s' has no value; MariaDB/MySQL procedures take "
                         "every parameter: register it with registerInParam"
                         % (missing[2] or missing[0], missing[1], call.procedureName))
    return plan


# --- values and errors ---------------------------------------------------------------

def _convert(code, value):
    """An out/return value as the registered type code's Python value."""
    if value is None or code is None:
        return value
    try:
        if code in _INTS and isinstance(value, (float, decimal.Decimal) + integer_types) \
                and not isinstance(value, bool):
            return int(value)
        if code in _FLOATS and isinstance(value, (decimal.Decimal,) + integer_types):
            return float(value)
        if code in _DECIMALS and isinstance(value, integer_types + (float,)) \
                and not isinstance(value, bool):
            return decimal.Decimal(str(value))
        if code in _TEXTS and not isinstance(value, string_types):
            return text_type(value)
        if code in _BOOLS and isinstance(value, integer_types):
            return bool(value)
    except (ValueError, decimal.InvalidOperation):
        return value
    return value


def _error(label, problem):
    return javaside.make(javaside.JavaException(), "Error executing %s: %s %s"
                         % (label, problem, javaside._CATCH_HINT))


def _driver_error(label, ds, exc, call):
    state, code = ds.driver.error_codes(exc)
    if isinstance(exc, SProcError):
        text = "%s" % (exc,)
    else:
        text = "%s; check the procedure's parameters and types against the registered ones" % (
            javaside.driver_error_text(exc),)
    msg = "Error executing %s on datasource '%s' (%s): %s. %s" % (
        label, ds.name, ds.driver.name, text, javaside._CATCH_HINT)
    return javaside.make(javaside.JavaException(), msg, javaside.to_sql_exception(exc, state, code))
