"""What a fuzzed ``system.*`` call may raise, checked strictly.

Ignition answers a bad call in two ways: a Java exception (SQL and driver errors, wrapped as
``java.lang.Exception`` with a ``java.sql.SQLException`` cause), or an argument error raised by
the function's own checks (Jython surfaces those as ``TypeError`` / ``ValueError`` /
``IndexError``). A simulator crash looks the same from outside, so each is checked:

* a Java-style exception must not carry a Python coding error anywhere in its cause chain
  (only driver errors: sqlite3 / psycopg / pymysql / the simulator's ``DriverError``);
* a ``TypeError`` / ``ValueError`` / ``IndexError`` must come from a deliberate ``raise`` in
  ``gateway_sim`` code (the innermost traceback frame is in ``gateway_sim`` and its line is a
  ``raise`` statement), not from the interpreter or a library tripping over a bad value.

May import: the standard library, ``gateway_sim`` and the database drivers.
"""
from __future__ import absolute_import, division, print_function

import linecache
import os
import traceback

import gateway_sim

SIM_DIR = os.path.dirname(os.path.abspath(gateway_sim.__file__))
ARGUMENT_ERRORS = (TypeError, ValueError, IndexError)


def driver_errors():
    from gateway_sim.backends.database.driver_base import DriverError
    out = [DriverError]
    import sqlite3
    out.append(sqlite3.Error)
    for mod, attr in (("psycopg", "Error"), ("pymysql.err", "MySQLError")):
        try:
            m = __import__(mod, fromlist=[attr])
            out.append(getattr(m, attr))
        except ImportError:
            pass
    return tuple(out)


def _causes(exc):
    seen = set()
    cur = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        nxt = getattr(cur, "__cause__", None)
        if nxt is None and hasattr(cur, "getCause"):
            try:
                nxt = cur.getCause()
            except Exception:
                nxt = None
        cur = nxt


def _deliberate(exc):
    """True if ``exc`` was raised by a ``raise`` statement in gateway_sim's own code."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return False
    frame_file = os.path.abspath(last.tb_frame.f_code.co_filename)
    if not frame_file.startswith(SIM_DIR + os.sep):
        return False
    line = linecache.getline(frame_file, last.tb_lineno).strip()
    return line.startswith("raise")


def problem(exc):
    """None if ``exc`` is something Ignition would raise, else why it is a simulator crash."""
    from gateway_sim.jvm import Throwable
    if isinstance(exc, Throwable):
        ok = driver_errors() + (Throwable,)
        for c in list(_causes(exc))[1:]:
            if not isinstance(c, ok):
                return ("a Java-style exception wraps a Python coding error: %s: %s"
                        % (type(c).__name__, c))
        return None
    if isinstance(exc, ARGUMENT_ERRORS):
        if _deliberate(exc):
            return None
        return "raw %s from inside the simulator or a library: %s\n%s" % (
            type(exc).__name__, exc, "".join(traceback.format_tb(exc.__traceback__)[-3:]))
    return "unexpected %s: %s" % (type(exc).__name__, exc)


def attempt(fn, *a, **kw):
    """Call ``fn``; return its result or the (acceptable) exception; fail on a crash."""
    from gateway_sim.jvm import Throwable
    try:
        return fn(*a, **kw)
    except BaseException as exc:  # noqa: BLE001 - Java-style ones are not Exceptions
        if not isinstance(exc, (Exception, Throwable)):
            raise  # KeyboardInterrupt, hypothesis' own control flow
        why = problem(exc)
        if why is not None:
            raise AssertionError("%s(...) crashed: %s" % (getattr(fn, "__name__", fn), why))
        return exc
