"""The Java classes the database backend raises and returns, on either interpreter.

Prefers the team contract module ``gateway_sim.jvm``; until that exists (or
if it lacks a name) falls back to the real classes on Jython and to the
pure-Python ``gateway_sim.java`` stand-ins on CPython. Also builds the errors
``system.db`` raises: ``java.lang.Exception`` whose message names the function,
the query, the datasource and the driver error, with a ``java.sql.SQLException``
(caused by the driver's own error) as its cause. May import: ``gateway_sim``
core modules and ``java.*`` (Jython).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import IS_JYTHON, integer_types, string_types, text_type

_cache = {}


def _load(name):
    try:
        return _cache[name]
    except KeyError:
        pass
    obj = None
    try:
        from gateway_sim import jvm
        obj = getattr(jvm, name, None)
    except ImportError:
        obj = None
    if obj is None:
        if IS_JYTHON:
            import java.lang as jl
            import java.sql as js
            import java.util as ju
            obj = {"JavaException": jl.Exception, "Throwable": jl.Throwable,
                   "RuntimeException": jl.RuntimeException,
                   "IllegalArgumentException": jl.IllegalArgumentException,
                   "SQLException": js.SQLException, "Date": ju.Date,
                   "Timestamp": js.Timestamp}.get(name)
        else:
            from gateway_sim.java import lang as jl
            from gateway_sim.java import sql as js
            from gateway_sim.java.util import _date
            obj = {"JavaException": jl.JavaException, "Throwable": jl.Throwable,
                   "RuntimeException": jl.RuntimeException,
                   "IllegalArgumentException": jl.IllegalArgumentException,
                   "SQLException": js.SQLException, "Date": _date.Date,
                   "Timestamp": js.Timestamp}.get(name)
    if obj is None:
        raise ImportError("no Java class %s available" % name)
    _cache[name] = obj
    return obj


def JavaException():
    return _load("JavaException")


def Throwable():
    return _load("Throwable")


def Date():
    return _load("Date")


def Timestamp():
    try:
        return _load("Timestamp")
    except ImportError:
        return _load("Date")


def SQLException():
    return _load("SQLException")


def is_java(exc):
    try:
        return isinstance(exc, Throwable())
    except ImportError:
        return False


def new_date(millis):
    return Date()(long_ms(millis))


def new_timestamp(millis):
    return Timestamp()(long_ms(millis))


def long_ms(millis):
    if IS_JYTHON:
        from gateway_sim._compat import long_type
        return long_type(millis)
    return int(millis)


def make(cls, message, cause=None):
    """A Java exception of ``cls`` (with ``cause``), chained for Python tracebacks too."""
    try:
        from gateway_sim.jvm import make_java_exception
        exc = make_java_exception(cls, message, cause)
    except ImportError:
        exc = cls(message) if cause is None else cls(message, cause)
    if cause is not None and not IS_JYTHON:
        try:
            exc.__cause__ = cause
        except Exception:  # some exception types refuse attribute writes; the Java cause is set
            pass
    return exc


_CATCH_HINT = ("This is a Java exception (java.lang.Exception), not a Python one: on a gateway "
               "`except Exception:` does not catch it; catch java.lang.Exception (or "
               "java.lang.Throwable) as well.")


def java_text(value):
    """``value`` as Java's toString would print it inside an argument list."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(java_text(v) for v in value) + "]"
    if isinstance(value, string_types):
        return value
    try:
        return text_type(value)
    except Exception:
        return repr(value)


def call_text(func, query, args, database, tx, extra=()):
    """``system.db.runPrepQuery(SELECT ..., [1, 2], WorkflowsDB, )`` as Ignition prints it."""
    parts = [java_text(query)]
    if args is not None:
        parts.append(java_text(list(args) if isinstance(args, (list, tuple)) else args))
    parts.append(java_text(database or ""))
    parts.append("" if tx is None else java_text(tx))
    parts.extend(java_text(e) for e in extra)
    return "%s(%s)" % (func, ", ".join(parts))


def driver_error_text(exc):
    if is_java(exc):
        try:
            name = exc.getClass().getName()
        except Exception:
            name = type(exc).__name__
        msg = exc.getMessage()
        return "%s: %s" % (name, msg) if msg else name
    mod = type(exc).__module__
    name = type(exc).__name__
    if mod and mod not in ("builtins", "exceptions"):
        name = "%s.%s" % (mod.split(".")[0], name)
    text = text_type(exc).strip()
    return "%s: %s" % (name, text) if text else name


def to_sql_exception(exc, state=None, code=0):
    """The driver error as a ``java.sql.SQLException`` (itself, if it already is one)."""
    sqlexc = SQLException()
    if isinstance(exc, sqlexc):
        return exc
    if IS_JYTHON and is_java(exc):
        return exc
    try:
        se = sqlexc(driver_error_text(exc), state, code if isinstance(code, integer_types) else 0)
        try:
            se.initCause(exc)
        except:  # noqa: E722 - cause already set or not settable (a Java error on Jython): keep the message only
            pass
        if not IS_JYTHON:
            se.__cause__ = exc
        return se
    except:  # noqa: E722 - constructor shape differs (Java errors too): fall back to the driver error itself
        return exc


def query_error(func, query, args, database, tx, datasource, driver_name, exc,
                state=None, code=0, extra=()):
    """The ``java.lang.Exception`` Ignition raises when a query fails in the driver."""
    cause = to_sql_exception(exc, state, code)
    msg = "Error executing %s on datasource '%s' (%s): %s. %s" % (
        call_text(func, query, args, database, tx, extra), datasource, driver_name,
        driver_error_text(exc), _CATCH_HINT)
    return make(JavaException(), msg, cause)


def gateway_error(func, query, args, database, tx, problem, extra=()):
    """A ``java.lang.Exception`` for a failure before the driver (unknown datasource, tx)."""
    msg = "Error executing %s: %s %s" % (call_text(func, query, args, database, tx, extra),
                                          problem, _CATCH_HINT)
    return make(JavaException(), msg)
