"""Pure-Python ``java.sql``: ``SQLException`` family and ``Timestamp``.

Ignition's ``system.db`` raises ``java.sql.SQLException`` subclasses (wrapped
by Ignition, see the db backend) and returns ``java.sql.Timestamp`` for
timestamp columns. May import: the standard library and ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.java import _timefmt
from gateway_sim.java.lang import JavaException
from gateway_sim.java.util._date import Date


class SQLException(JavaException):
    """``java.sql.SQLException(reason=None, SQLState=None, vendorCode=0, cause=None)``."""

    _java_name = "java.sql.SQLException"

    def __init__(self, reason=None, SQLState=None, vendorCode=0, cause=None):
        if isinstance(SQLState, BaseException) and cause is None:  # (reason, cause) form
            SQLState, cause = None, SQLState
        JavaException.__init__(self, reason, cause)
        self._state = SQLState
        self._code = vendorCode
        self._next = None

    def getSQLState(self):
        return self._state

    def getErrorCode(self):
        return self._code

    def getNextException(self):
        return self._next

    def setNextException(self, exc):
        cur = self
        while cur._next is not None:
            cur = cur._next
        cur._next = exc

    SQLState = property(getSQLState)
    errorCode = property(getErrorCode)


class SQLTimeoutException(SQLException):
    _java_name = "java.sql.SQLTimeoutException"


class SQLIntegrityConstraintViolationException(SQLException):
    _java_name = "java.sql.SQLIntegrityConstraintViolationException"


class SQLSyntaxErrorException(SQLException):
    _java_name = "java.sql.SQLSyntaxErrorException"


class SQLTransientConnectionException(SQLException):
    _java_name = "java.sql.SQLTransientConnectionException"


class Timestamp(Date):
    """``java.sql.Timestamp``: a Date with nanoseconds; str ``yyyy-mm-dd hh:mm:ss.f``."""

    _java_name = "java.sql.Timestamp"
    __slots__ = ("_nanos",)

    def __init__(self, millis):
        Date.__init__(self, millis)
        self._nanos = int(self._ms % 1000) * 1000000

    def getNanos(self):
        return self._nanos

    def setNanos(self, n):
        self._nanos = int(n)
        self._ms = (self._ms // 1000) * 1000 + self._nanos // 1000000

    @staticmethod
    def valueOf(text):
        from gateway_sim.java.text import SimpleDateFormat
        base, _, frac = text.strip().partition(".")
        d = SimpleDateFormat("yyyy-MM-dd HH:mm:ss").parse(base)
        ts = Timestamp(d.getTime())
        if frac:
            ts.setNanos(int((frac + "000000000")[:9]))
        return ts

    def toString(self):
        lt = _timefmt.fields(self._ms)
        frac = ("%09d" % self._nanos).rstrip("0") or "0"
        return "%04d-%02d-%02d %02d:%02d:%02d.%s" % (lt.tm_year, lt.tm_mon, lt.tm_mday,
                                                     lt.tm_hour, lt.tm_min, lt.tm_sec, frac)


class SQLDate(Date):
    """``java.sql.Date`` (exported as ``Date`` by this module's namespace map)."""
    _java_name = "java.sql.Date"

    def toString(self):
        lt = _timefmt.fields(self._ms)
        return "%04d-%02d-%02d" % (lt.tm_year, lt.tm_mon, lt.tm_mday)


class Types(object):
    """``java.sql.Types`` constants."""
    BIT, TINYINT, SMALLINT, INTEGER, BIGINT = -7, -6, 5, 4, -5
    FLOAT, REAL, DOUBLE, NUMERIC, DECIMAL = 6, 7, 8, 2, 3
    CHAR, VARCHAR, LONGVARCHAR, DATE, TIME, TIMESTAMP = 1, 12, -1, 91, 92, 93
    BINARY, VARBINARY, BOOLEAN, NULL, OTHER = -2, -3, 16, 0, 1111


Date = SQLDate  # java.sql.Date; java.util.Date stays importable from java.util
