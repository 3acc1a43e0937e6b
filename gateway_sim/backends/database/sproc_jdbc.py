"""Stored-procedure calls on the Jython host: ``java.sql.CallableStatement`` over JDBC.

``sproc.execute`` hands a call here when the datasource's driver is the JDBC
one. The routine and its parameters are looked up in the same catalogs as on
CPython (``pg_proc``; ``information_schema``) and checked by the same rules
(``sproc._arg_plan``), so the errors are the same; then:

* PostgreSQL procedure: ``CALL name(?::type, ...)`` prepared with
  ``prepareCall``, every argument passed (OUT ones as NULL), OUT/INOUT ones
  registered with ``registerOutParameter`` and read with ``getObject``.
* PostgreSQL function: ``{? = call name(?::type, ...)}`` when a return
  parameter is registered; otherwise ``SELECT * FROM name(...)``, its rows the
  result set and the OUT columns of the first row the out values (as CPython).
* MariaDB/MySQL procedure: ``{call name(?, ...)}`` with every parameter,
  OUT/INOUT registered; the first result set is kept, else the update count.
* MariaDB/MySQL function: ``{? = call name(?, ...)}`` with a return parameter,
  else ``SELECT name(...)`` as the result set.

Values are the Java objects JDBC returns (as ``runPrepQuery`` on this host),
converted to the registered type code's Python type where it is a number,
text or boolean. Unverified: the java.sql.Types code passed to
``registerOutParameter`` for an OUT parameter the script did not register is
the code of the registered in value, else ``Types.VARCHAR`` (MariaDB) /
``Types.OTHER`` (PostgreSQL); both drivers accept any code here.
May import: ``java.*``, the standard library and this package. Jython only.
"""
from __future__ import absolute_import, division, print_function

from java.sql import Types

from gateway_sim.backends.database import sproc
from gateway_sim.dataset import BasicDataset


def run(ds, conn, call):
    """``(result, count, out values by key, return value)`` of ``call`` on ``conn``."""
    if ds.driver.family == "postgresql":
        return _run_postgres(ds, conn, call)
    return _run_mysql(ds, conn, call)


def _rows(ds, conn, sql, args):
    return ds.driver.query(conn, sql, args)[1]


def _jlist(value):
    """A java.sql.Array (or None) as a Python list."""
    if value is None:
        return None
    if hasattr(value, "getArray"):
        return [(v if v is None else u"%s" % (v,)) for v in value.getArray()]
    return list(value)


def _dataset(rs):
    """A ResultSet as a BasicDataset (column classes from its metadata); closes it."""
    try:
        md = rs.getMetaData()
        n = md.getColumnCount()
        headers = [md.getColumnLabel(i) for i in range(1, n + 1)]
        types = []
        for i in range(1, n + 1):
            try:
                types.append(md.getColumnClassName(i) or "java.lang.Object")
            except Exception:  # some drivers do not say for every type
                types.append("java.lang.Object")
        rows = []
        while rs.next():
            rows.append(tuple(rs.getObject(i) for i in range(1, n + 1)))
    finally:
        rs.close()
    return BasicDataset(headers, rows, types)


def _bind(ds, cs, index, call, key):
    if key is None or key not in call._in:
        cs.setNull(index, Types.OTHER if ds.driver.family == "postgresql" else Types.NULL)
        return
    value = sproc._in_value(call, key)
    if value is None:
        cs.setNull(index, call._in[key][0])
    else:
        ds.driver._bind_one(cs, index, value)


def _out_code(ds, call, key):
    if key is not None and key in call._out:
        return call._out[key][0]
    if key is not None and key in call._in:
        return call._in[key][0]
    return Types.OTHER if ds.driver.family == "postgresql" else Types.VARCHAR


def _read_outs(cs, plan, params, call, out_values):
    """The OUT/INOUT values of an executed call, under the keys the script registered them
    with (position and/or lower-case name)."""
    for j, (pos, mode, key) in enumerate(plan):
        if mode in ("OUT", "INOUT"):
            value = cs.getObject(j + 1)
            for k in (pos, (params[pos - 1][2] or "").lower()):
                if k in call._out:
                    out_values[k] = value


def _call_returning(ds, conn, call, sql, plan):
    """Run ``{? = call f(...)}`` with the IN values of ``plan``; the function's value."""
    cs = conn.prepareCall(sql)
    try:
        cs.registerOutParameter(1, call._return)
        for j, (pos, mode, key) in enumerate(plan):
            _bind(ds, cs, j + 2, call, key)
        cs.execute()
        return cs.getObject(1)
    finally:
        _close(cs)


def _close(cs):
    try:
        cs.close()
    except:  # noqa: E722 - a Java SQLException on close: nothing left to do
        pass


# --- PostgreSQL ------------------------------------------------------------------------

_PG_LOOKUP = sproc._PG_LOOKUP.replace("%s", "?")


def _run_postgres(ds, conn, call):
    schema, name = sproc._split(call.procedureName)
    schema = sproc._pg_ident(schema) if schema is not None else None
    name = sproc._pg_ident(name)
    found = [(r[0], r[1], u"%s" % (r[2],), _jlist(r[3]), _jlist(r[4]), _jlist(r[5]))
             for r in _rows(ds, conn, _PG_LOOKUP, [name, schema, schema])]
    nsp, proname, kind, params, argtypes = sproc._pg_choose(call, ds, schema, found)
    target = "%s.%s" % (sproc._quote_pg(nsp), sproc._quote_pg(proname))
    is_proc = kind == "p"
    plan = sproc._arg_plan(call, params, is_proc)
    arglist = ", ".join("?::%s" % argtypes[pos - 1] for pos, mode, key in plan)
    outs = [(p, n) for p, m, n in params if m in ("OUT", "INOUT")]
    result, count, out_values, ret = None, -1, {}, None
    if is_proc:
        cs = conn.prepareCall("CALL %s(%s)" % (target, arglist))
        try:
            for j, (pos, mode, key) in enumerate(plan):
                _bind(ds, cs, j + 1, call, key)
                if mode in ("OUT", "INOUT"):
                    cs.registerOutParameter(j + 1, _out_code(ds, call, key))
            has_rs = cs.execute()
            if not has_rs and not outs:
                n = cs.getUpdateCount()
                count = n if n >= 0 else -1
            _read_outs(cs, plan, params, call, out_values)
        finally:
            _close(cs)
    elif call._return is not None and not outs:
        ret = _call_returning(ds, conn, call, "{? = call %s(%s)}" % (target, arglist), plan)
    else:
        data = _select_call(ds, conn, call, "SELECT * FROM %s(%s)" % (target, arglist), plan)
        row = [data.getValueAt(0, c) for c in range(data.getColumnCount())] \
            if data.getRowCount() else None
        if call._return is not None:
            ret = row[0] if row else None
        else:
            result = data
        if row is not None:
            for i, (pos, pname) in enumerate(outs):
                for k in (pos, (pname or "").lower()):
                    if k in call._out and i < len(row):
                        out_values[k] = row[i]
    return result, count, out_values, ret


# --- MariaDB / MySQL -------------------------------------------------------------------

def _run_mysql(ds, conn, call):
    schema, name = sproc._split(call.procedureName)
    schema = schema.strip().strip("`") if schema else None
    name = name.strip().strip("`")
    found = _rows(ds, conn, "SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, SPECIFIC_NAME "
                  "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = COALESCE(?, DATABASE()"
                  ") AND ROUTINE_NAME = ?", [schema, name])
    if not found:
        raise sproc.SProcError(sproc._my_missing(call, ds, schema))
    rschema, rname, rtype, specific = found[0]
    params = [(int(p), u"%s" % ((m or "IN"),), n) for p, m, n in _rows(
        ds, conn, "SELECT ORDINAL_POSITION, PARAMETER_MODE, PARAMETER_NAME FROM "
        "information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = ? AND SPECIFIC_NAME = ? AND "
        "ROUTINE_TYPE = ? AND ORDINAL_POSITION > 0 ORDER BY ORDINAL_POSITION",
        [rschema, specific, rtype])]
    params = [(p, m.upper(), n) for p, m, n in params]
    target = "%s.%s" % (sproc._quote_my(rschema), sproc._quote_my(rname))
    is_proc = rtype.upper() == "PROCEDURE"
    plan = sproc._my_plan(call, params, is_proc)
    marks = ", ".join("?" for _ in plan)
    result, count, out_values, ret = None, -1, {}, None
    if is_proc:
        cs = conn.prepareCall("{call %s(%s)}" % (target, marks))
        try:
            for j, (pos, mode, key) in enumerate(plan):
                if mode in ("IN", "INOUT"):
                    _bind(ds, cs, j + 1, call, key)
                if mode in ("OUT", "INOUT"):
                    cs.registerOutParameter(j + 1, _out_code(ds, call, key))
            if cs.execute():
                result = _dataset(cs.getResultSet())
            else:
                n = cs.getUpdateCount()
                count = n if n >= 0 else -1
            _read_outs(cs, plan, params, call, out_values)
        finally:
            _close(cs)
    elif call._return is not None:
        ret = _call_returning(ds, conn, call, "{? = call %s(%s)}" % (target, marks), plan)
    else:
        result = _select_call(ds, conn, call, "SELECT %s(%s) AS %s"
                              % (target, marks, sproc._quote_my(rname)), plan)
    return result, count, out_values, ret


def _select_call(ds, conn, call, sql, plan):
    """Run a function through a SELECT (every parameter an input); its result set."""
    cs = conn.prepareCall(sql)
    try:
        for j, (pos, mode, key) in enumerate(plan):
            _bind(ds, cs, j + 1, call, key)
        cs.execute()
        return _dataset(cs.getResultSet())
    finally:
        _close(cs)
