"""What every database driver module provides, and the value conversions they share.

A driver instance serves one datasource: it opens connections and runs one
statement on a connection it is handed (the pool and transactions decide
which). Results come back as ``(headers, rows[, types])`` with values as a
gateway's Jython would see them (timestamps as ``java.util.Date``/
``java.sql.Timestamp``, text as text, NULL as None). May import: the standard
library, ``gateway_sim._compat`` and ``gateway_sim.backends.database.javaside``.
"""
from __future__ import absolute_import, division, print_function

import calendar
import datetime
import decimal
import time
import uuid

from gateway_sim._compat import integer_types, string_types, text_type
from gateway_sim.backends.database import javaside

ISOLATION_NAMES = {1: "READ UNCOMMITTED", 2: "READ COMMITTED", 4: "REPEATABLE READ",
                   8: "SERIALIZABLE"}


class DriverError(Exception):
    """A failure the JDBC driver would report as a ``java.sql.SQLException`` but that the
    simulator detects itself (a value it cannot bind, a statement with no result set)."""


class NoResultSet(DriverError):
    """A query statement produced no result set (it was an update)."""


class UnbindableValue(DriverError, TypeError):
    """A script value no driver can bind as a SQL parameter."""


class Driver(object):
    """Base class: one per datasource. Subclasses set ``family`` and ``name``."""

    family = "?"
    name = "?"
    # The exception classes of this driver: only these become Ignition's Java exceptions;
    # anything else is a bug in the simulator and propagates as itself.
    errors = (DriverError,)

    def __init__(self, ds_name, params):
        self.ds_name = ds_name
        self.params = params

    def describe(self):
        return self.name

    def connect(self):
        raise NotImplementedError

    def close_connection(self, conn):
        try:
            conn.close()
        except self.errors:  # closing a dead connection: nothing left to do
            pass

    def is_broken(self, conn):
        return False

    def is_disconnect(self, exc):
        """True if ``exc`` says the server dropped the connection (safe to retry once)."""
        return False

    def query(self, conn, sql, args):
        """``(headers, rows)`` or ``(headers, rows, java class names of the columns)``."""
        raise NotImplementedError

    def update(self, conn, sql, args, get_key):
        raise NotImplementedError

    def begin(self, conn, isolation):
        raise NotImplementedError

    def commit(self, conn):
        raise NotImplementedError

    def rollback(self, conn):
        raise NotImplementedError

    def error_codes(self, exc):
        """``(SQLState, vendorCode)`` of a driver error, when the driver says."""
        return None, 0

    def close(self):
        """Release driver-wide resources (called after every connection is closed)."""


# --- value conversions for the CPython drivers ------------------------------

def date_millis(value):
    """Epoch ms of a java-style Date (``getTime()``), or None if ``value`` is not one."""
    get = getattr(value, "getTime", None)
    if get is not None and not isinstance(value, (datetime.datetime, datetime.date)):
        try:
            return int(get())
        except Exception:  # getTime with another meaning: not a Date
            return None
    return None


def datetime_millis(dt):
    """Epoch ms of a datetime; naive values are local time (the JVM default zone)."""
    if dt.tzinfo is not None and dt.utcoffset() is not None:
        return calendar.timegm(dt.utctimetuple()) * 1000 + dt.microsecond // 1000
    return int(time.mktime(dt.timetuple())) * 1000 + dt.microsecond // 1000


_PLAIN = (type(None), bool, float, decimal.Decimal) + tuple(integer_types) + tuple(string_types)


def bind_value(value, as_datetime):
    """A script value as a driver parameter. Dates become a datetime (``as_datetime``)
    or epoch ms (SQLite, as the SQLite JDBC driver stores them)."""
    if isinstance(value, _PLAIN):
        return value
    ms = date_millis(value)
    if ms is not None:
        if as_datetime:
            return datetime.datetime.fromtimestamp(ms / 1000.0)
        return ms
    if isinstance(value, datetime.datetime):
        return value if as_datetime else datetime_millis(value)
    if isinstance(value, datetime.date):
        return value if as_datetime else value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, uuid.UUID):
        return text_type(value)
    if type(value).__name__ == "UUID" and hasattr(value, "toString"):
        return text_type(value.toString())
    raise UnbindableValue("cannot bind a %s (%r) as a SQL parameter; pass a number, string, bool, "
                    "None, bytes or a java.util.Date" % (type(value).__name__, value))


def bind_args(args, as_datetime):
    if not args:
        return ()
    plain = _PLAIN
    for a in args:
        if not isinstance(a, plain):
            return tuple(bind_value(a, as_datetime) for a in args)
    return tuple(args)


def result_value(value):
    """A driver result value as Ignition's Jython sees the JDBC object."""
    if isinstance(value, datetime.datetime):
        return javaside.new_timestamp(datetime_millis(value))
    if isinstance(value, datetime.date):
        return javaside.new_date(int(time.mktime(value.timetuple())) * 1000)
    if isinstance(value, datetime.time):
        base = datetime.datetime(1970, 1, 1, value.hour, value.minute, value.second,
                                 value.microsecond, value.tzinfo)
        return javaside.new_date(datetime_millis(base))
    if isinstance(value, datetime.timedelta):  # MySQL TIME
        base = datetime.datetime(1970, 1, 1) + value
        return javaside.new_date(datetime_millis(base))
    if isinstance(value, memoryview):
        return value.tobytes()
    if isinstance(value, bytearray):
        return bytes(value)
    if isinstance(value, uuid.UUID):
        return text_type(value)
    return value


_CONVERT = (datetime.date, datetime.time, datetime.timedelta, memoryview, bytearray, uuid.UUID)


def convert_rows(rows):
    """Rows with driver values converted; rows needing nothing are kept as they are."""
    out = rows
    conv = _CONVERT
    for i, row in enumerate(rows):
        for v in row:
            if isinstance(v, conv):
                break
        else:
            continue
        if out is rows:
            out = list(rows)
        out[i] = tuple(result_value(v) for v in row)
    return out
