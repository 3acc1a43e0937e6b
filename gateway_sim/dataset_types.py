"""Column types of datasets: Java class names, inference from values, coercion.

A column's type is a ``ColumnType`` naming its Java class (``java.lang.String``...);
it compares equal to that name or its simple name. ``coerce`` converts a value
to a column's type as Ignition does when a dataset is built or changed
(``"5"`` into an Integer column is 5), raising ``TypeError`` naming the column.
May import: ``gateway_sim._compat`` and ``gateway_sim.jvm`` (lazily).
"""
from __future__ import absolute_import, division, print_function

import datetime
import decimal
import re

from gateway_sim._compat import PY2, integer_types, long_type, string_types, text_type

_INT_MIN, _INT_MAX = -2 ** 31, 2 ** 31 - 1
class ColumnType(object):
    """A column's Java class as scripts see it (``ds.getColumnType(i)``)."""

    def __init__(self, name):
        self.name = name

    def getName(self):
        return self.name

    def getSimpleName(self):
        return self.name.rsplit(".", 1)[-1]

    def __eq__(self, other):
        if isinstance(other, ColumnType):
            return other.name == self.name
        if isinstance(other, string_types):
            return other in (self.name, self.getSimpleName())
        return NotImplemented

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return "<type '%s'>" % self.name

    __str__ = __repr__


STRING, INTEGER, LONG, DOUBLE, FLOAT, BOOLEAN, DATE, OBJECT, DECIMAL, SHORT, BYTE = [
    ColumnType(n) for n in ("java.lang.String", "java.lang.Integer", "java.lang.Long",
                            "java.lang.Double", "java.lang.Float", "java.lang.Boolean",
                            "java.util.Date", "java.lang.Object", "java.math.BigDecimal",
                            "java.lang.Short", "java.lang.Byte")]
_TYPES_BY_NAME = dict((t.name, t) for t in (STRING, INTEGER, LONG, DOUBLE, FLOAT, BOOLEAN, DATE,
                                            OBJECT, DECIMAL, SHORT, BYTE))


def column_type(spec):
    """A ``ColumnType`` from a ColumnType, Java class name, simple name or Python type."""
    if isinstance(spec, ColumnType):
        return spec
    if spec is None:
        return OBJECT
    if isinstance(spec, string_types):
        t = _TYPES_BY_NAME.get(spec)
        if t is None:
            for cand in _TYPES_BY_NAME.values():
                if cand.getSimpleName().lower() == spec.lower():
                    return cand
            if spec in ("str", "unicode"):
                return STRING
            if spec == "int":
                return INTEGER
            if spec == "float":
                return DOUBLE
            if spec == "bool":
                return BOOLEAN
            return ColumnType(spec)
        return t
    if isinstance(spec, type):
        if spec is bool:
            return BOOLEAN
        if spec in integer_types:
            return LONG if (PY2 and spec is long_type) else INTEGER
        if spec is float:
            return DOUBLE
        if issubclass(spec, string_types):
            return STRING
        if spec is decimal.Decimal:
            return DECIMAL
        if spec is datetime.datetime or _is_date_class(spec):
            return DATE
        return OBJECT
    if hasattr(spec, "getName"):  # a real java.lang.Class on Jython
        return column_type(spec.getName())
    raise TypeError("column type must be a Java class name like 'java.lang.String' or a "
                    "Python type, got %r" % (spec,))


def _is_date_class(cls):
    try:
        from gateway_sim.jvm import Date
        return issubclass(cls, Date)
    except Exception:  # jvm not importable yet: no Date class to compare with
        return False


def _is_date(value):
    try:
        from gateway_sim.jvm import Date
        if isinstance(value, Date):
            return True
    except Exception:
        pass
    return hasattr(value, "getTime") and hasattr(value, "after")  # a java.util.Date on Jython


def type_of_value(value):
    """The Java class Ignition would give a column holding ``value``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, integer_types):
        if PY2 and isinstance(value, long_type):
            return LONG
        return INTEGER if _INT_MIN <= value <= _INT_MAX else LONG
    if isinstance(value, float):
        return DOUBLE
    if isinstance(value, string_types):
        return STRING
    if isinstance(value, decimal.Decimal):
        return DECIMAL
    if _is_date(value):
        return DATE
    return OBJECT


def infer_types(headers, rows):
    """Per-column type: the common type of the non-None values (Integer+Long -> Long)."""
    types = []
    for c in range(len(headers)):
        found = None
        for r in rows:
            t = type_of_value(r[c])
            if t is None or t == found:
                continue
            if found is None:
                found = t
            elif set((found.name, t.name)) == set((INTEGER.name, LONG.name)):
                found = LONG
            else:
                found = OBJECT
                break
        types.append(found or OBJECT)
    return types


_TRUE = ("true", "1", "yes", "on", "t", "y")
_FALSE = ("false", "0", "no", "off", "f", "n")


def coerce(value, t, name, fname):
    """``value`` converted to column type ``t`` (None stays None)."""
    if value is None or t == OBJECT:
        return value
    try:
        if t == STRING:
            return value if isinstance(value, string_types) else text_type(value)
        if t in (INTEGER, LONG, SHORT, BYTE):
            if isinstance(value, bool):
                return int(value)
            if isinstance(value, integer_types):
                return value
            if isinstance(value, float):
                return int(value)
            if isinstance(value, string_types):
                s = value.strip()
                return int(s) if re.match(r"^[-+]?\d+$", s) else int(float(s))
            return int(value)
        if t in (DOUBLE, FLOAT, DECIMAL):
            if isinstance(value, bool):
                return 1.0 if value else 0.0
            return float(value)
        if t == BOOLEAN:
            if isinstance(value, string_types):
                low = value.strip().lower()
                if low in _TRUE:
                    return True
                if low in _FALSE:
                    return False
                raise ValueError("not a boolean")
            return bool(value)
        if t == DATE:
            if _is_date(value):
                return value
            if isinstance(value, integer_types) and not isinstance(value, bool):
                return new_date(value)
            raise ValueError("not a date")
    except (ValueError, TypeError, OverflowError):
        raise TypeError("%s: cannot convert %r (%s) to column %r of type %s"
                        % (fname, value, type(value).__name__, name, t.getName()))
    return value


def new_date(ms):
    """A ``java.util.Date`` for epoch ``ms``."""
    from gateway_sim.jvm import Date
    from gateway_sim._compat import IS_JYTHON
    return Date(long_type(ms) if IS_JYTHON else int(ms))
