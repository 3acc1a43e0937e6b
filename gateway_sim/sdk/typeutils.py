"""``com.inductiveautomation.ignition.common.TypeUtilities``: Ignition's value coercion.

``toInteger`` / ``toLong`` / ``toShort`` / ``toDouble`` / ``toFloat`` / ``toBool`` /
``toStr`` / ``toDate`` / ``toDataset`` / ``coerce(value, Class)`` and friends, plus
``java_class_name(t)``: the Java class name behind whatever a script passes as a
``Class`` (a ``java.lang`` stand-in such as ``Integer``, a JPype class, a Python type,
a dataset ``ColumnType``).

Semantics (javadoc: ``coerce`` "attempts to coerce the value into an instance of the
Class"; ``coerceNullSafe`` is "like coerce, except that if value is null, null will be
returned instead of the default value for the desired type"). The conversions
themselves follow the simulator's expression-language casts (``toInt`` rounds half
up, text is parsed as a number, ``"true"``/``"false"`` are booleans), on the
assumption that Ignition's expression casts are TypeUtilities underneath --
unverified. Also unverified: the null defaults (0, 0.0, False, None for other types)
and the ``ClassCastException`` text. May import: ``gateway_sim._compat``,
``gateway_sim.dataset_types``, ``gateway_sim.java`` and ``gateway_sim.expression`` (lazily).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import IS_JYTHON, PY2, integer_types, string_types, text_type

_INT_NAMES = ("java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte",
              "int", "long", "short", "byte")
_FLOAT_NAMES = ("java.lang.Double", "java.lang.Float", "double", "float")
_BOOL_NAMES = ("java.lang.Boolean", "boolean")
_STR_NAMES = ("java.lang.String",)
_DATE_NAMES = ("java.util.Date", "java.sql.Timestamp")
_RANGES = {"java.lang.Integer": 32, "int": 32, "java.lang.Short": 16, "short": 16,
           "java.lang.Byte": 8, "byte": 8, "java.lang.Long": 64, "long": 64}


def java_class_name(t):
    """The fully qualified Java class name ``t`` stands for, or None if it is no class."""
    from gateway_sim.dataset_types import ColumnType
    if isinstance(t, ColumnType):
        return t.name
    if t is bool:
        return "java.lang.Boolean"
    if t is float:
        return "java.lang.Double"
    if isinstance(t, type) and t in integer_types:
        return "java.lang.Long" if PY2 and t is not int else "java.lang.Integer"
    if isinstance(t, type) and issubclass(t, string_types):
        return "java.lang.String"
    if IS_JYTHON and isinstance(t, type):
        from java.lang import Object as JObject
        if issubclass(t, JObject):      # a real Java class on Jython
            return "%s.%s" % (t.__module__, t.__name__)
    jcls = getattr(t, "class_", None)  # a JPype class
    if jcls is not None and hasattr(jcls, "getName"):
        return text_type(jcls.getName())
    name = getattr(t, "_java_name", None)  # a gateway_sim.java stand-in class
    if isinstance(t, type) and isinstance(name, string_types):
        return name
    get = getattr(t, "getName", None)      # java.lang.Class (stand-in or real)
    if get is not None and not isinstance(t, type):
        return text_type(get())
    return None


def _class_arg(dest, what):
    name = java_class_name(dest)
    if name is None:
        raise TypeError("%s needs a Java class such as java.lang.Integer (from java.lang "
                        "import Integer), got %r" % (what, dest))
    return name


def _cce(value, target, why=None):
    from gateway_sim.sdk import java_class
    return java_class("java.lang.ClassCastException")("Unable to coerce %r to %s%s" % (value, target,
                                                               (": %s" % why) if why else ""))


def _fix_width(n, name):
    bits = _RANGES.get(name, 64)
    n &= (1 << bits) - 1          # Java narrowing keeps the low bits
    if n >= 1 << (bits - 1):
        n -= 1 << bits
    return int(n)  # back to a plain int where it fits (Python 2 / Jython longs)


def _to_int(value, name):
    from gateway_sim.expression import fn_cast
    from gateway_sim.expression.ast import ExprError
    if value is None:
        return 0
    try:
        n = fn_cast._int(value)
    except (ExprError, ValueError, TypeError, OverflowError) as exc:
        raise _cce(value, name, exc)
    return _fix_width(n, name)


def _to_float(value, name):
    from gateway_sim.expression import fn_cast
    from gateway_sim.expression.ast import ExprError
    if value is None:
        return 0.0
    try:
        return fn_cast._float(value.strip() if isinstance(value, string_types) else value)
    except (ExprError, ValueError, TypeError, OverflowError) as exc:
        raise _cce(value, name, exc)


def _to_bool(value):
    from gateway_sim.expression.ast import ExprError, truthy
    try:
        return truthy(value)
    except ExprError as exc:
        raise _cce(value, "java.lang.Boolean", exc)


def _to_str(value):
    if value is None:
        return None
    if value is True or value is False:
        return u"true" if value else u"false"
    to_string = getattr(value, "toString", None)
    if to_string is not None and not isinstance(value, string_types):
        return text_type(to_string())
    return text_type(value)


def _to_date(value):
    from gateway_sim.expression import fn_cast
    from gateway_sim.expression.ast import ExprError
    if value is None:
        return None
    try:
        return fn_cast.to_date(value)
    except (ExprError, ValueError, TypeError) as exc:
        raise _cce(value, "java.util.Date", exc)


def _to_dataset(value):
    from gateway_sim.dataset import BasicDataset, PyDataSet
    if value is None or isinstance(value, BasicDataset):
        return value
    if isinstance(value, PyDataSet):
        return value.getUnderlyingDataset()
    raise _cce(value, "com.inductiveautomation.ignition.common.Dataset")


def _coerce(value, name):
    if name in _INT_NAMES:
        return _to_int(value, name)
    if name in _FLOAT_NAMES:
        return _to_float(value, name)
    if name in _BOOL_NAMES:
        return False if value is None else _to_bool(value)
    if name in _STR_NAMES:
        return _to_str(value)
    if name in _DATE_NAMES:
        return _to_date(value)
    if name.endswith(".Dataset") or name.endswith(".BasicDataset"):
        return _to_dataset(value)
    if name == "java.lang.Object" or value is None:
        return value
    if java_class_name(type(value)) == name:
        return value
    raise _cce(value, name, "gateway_sim coerces only to numbers, Boolean, String, Date, "
                            "Dataset and Object")


class TypeUtilities(object):
    """Static coercion helpers (``TypeUtilities.toInteger("42")``)."""

    _java_name = "com.inductiveautomation.ignition.common.TypeUtilities"
    DATE_FORMAT_STRING = "yyyyMMdd.HHmmssSSSZ"

    @staticmethod
    def coerce(value, destType):
        return _coerce(value, _class_arg(destType, "TypeUtilities.coerce(value, destType)"))

    @staticmethod
    def coerceGeneric(value, destType):
        return _coerce(value, _class_arg(destType, "TypeUtilities.coerceGeneric(value, destType)"))

    @staticmethod
    def coerceNullSafe(value, destType):
        name = _class_arg(destType, "TypeUtilities.coerceNullSafe(value, destType)")
        return None if value is None else _coerce(value, name)

    @staticmethod
    def toInteger(value):
        return _to_int(value, "java.lang.Integer")

    @staticmethod
    def toLong(value):
        return _to_int(value, "java.lang.Long")

    @staticmethod
    def toShort(value):
        return _to_int(value, "java.lang.Short")

    @staticmethod
    def toDouble(value):
        return _to_float(value, "java.lang.Double")

    @staticmethod
    def toFloat(value):
        return _to_float(value, "java.lang.Float")

    @staticmethod
    def toBool(value):
        return _to_bool(value)

    @staticmethod
    def toStr(value):
        return _to_str(value)

    @staticmethod
    def toDate(value):
        return _to_date(value)

    @staticmethod
    def toDataset(value):
        return _to_dataset(value)

    @staticmethod
    def isNullOrEmpty(s):
        return s is None or len(s) == 0

    @staticmethod
    def equalsIgnoreCase(o1, o2):
        if o1 is None or o2 is None:
            return o1 is None and o2 is None
        return text_type(o1).lower() == text_type(o2).lower()

    @staticmethod
    def anyEqual(value, *others):
        return any(value == o for o in others)

    @staticmethod
    def neq(o1, o2):
        return not (o1 == o2)

    @staticmethod
    def isNumber(clazz):
        return _class_arg(clazz, "TypeUtilities.isNumber(clazz)") in _INT_NAMES + _FLOAT_NAMES + (
            "java.lang.Number", "java.math.BigDecimal", "java.math.BigInteger")

    @staticmethod
    def isFractional(clazz):
        return _class_arg(clazz, "TypeUtilities.isFractional(clazz)") in _FLOAT_NAMES + (
            "java.math.BigDecimal",)

    @staticmethod
    def isBoolean(clazz):
        return _class_arg(clazz, "TypeUtilities.isBoolean(clazz)") in _BOOL_NAMES

    @staticmethod
    def pyToGson(pyObject, customGson=None):
        """A Gson JsonElement of a Python tree (``gateway_sim.sdk.gson``)."""
        from gateway_sim.sdk.gson import py_to_gson
        return py_to_gson(pyObject)

    @staticmethod
    def gsonToPy(element):
        """Plain Python (dicts, lists, values) of a JsonElement from ``pyToGson``."""
        from gateway_sim.sdk.gson import gson_to_py
        return gson_to_py(element)

    @staticmethod
    def pyToJava(pyObject):
        """Python values already are the simulator's Java values: returned as is."""
        return pyObject
