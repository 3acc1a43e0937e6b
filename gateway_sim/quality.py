# -*- coding: utf-8 -*-
"""Ignition's ``QualityCode`` and ``QualifiedValue`` (what tag reads return).

Faithful to ``com.inductiveautomation.ignition.common.model.values``: the exact
32-bit codes and names of reference section 1.3 (level in the two top bits, sub-code in
the low 16), both the Java getter face (``isGood()``, ``getValue()``) and the
bean-attribute face Jython gives (``qc.good``, ``qv.value``), and Java-like
``str()``. Objects are immutable, so they are safe to share between threads.

May import: the standard library and ``gateway_sim._compat``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import integer_types, string_types, text_type

# (name, sub-code) per level; the full code is level bits | sub-code (signed 32-bit).
_GOOD = [("Good_Unspecified", 0), ("Good_WritePending", 2), ("Good", 192),
         ("Good_Provisional", 200), ("Good_Initial", 201), ("Good_Overload", 202),
         ("Good_Backfill", 203)]
_UNCERTAIN = [("Uncertain", 256), ("Uncertain_LastKnownValue", 257),
              ("Uncertain_InitialValue", 258), ("Uncertain_DataSubNormal", 259),
              ("Uncertain_EngineeringUnitsExceeded", 260),
              ("Uncertain_IncompleteOperation", 261)]
_BAD = [("Bad", 512), ("Bad_Unauthorized", 513), ("Bad_AccessDenied", 514),
        ("Bad_Disabled", 515), ("Bad_Stale", 516), ("Bad_TrialExpired", 517),
        ("Bad_LicenseExceeded", 518), ("Bad_NotFound", 519), ("Bad_ReferenceNotFound", 520),
        ("Bad_AggregateNotFound", 521), ("Bad_NotConnected", 522), ("Bad_GatewayCommOff", 523),
        ("Bad_OutOfRange", 524), ("Bad_DatabaseNotConnected", 525), ("Bad_ReadOnly", 526),
        ("Bad_Failure", 527), ("Bad_Unsupported", 528)]
_ERROR = [("Error", 768), ("Error_Configuration", 769), ("Error_ExpressionEval", 770),
          ("Error_TagExecution", 771), ("Error_TypeConversion", 772),
          ("Error_DatabaseQuery", 773), ("Error_IO", 774), ("Error_TimeoutExpired", 775),
          ("Error_Exception", 776), ("Error_InvalidPathSyntax", 777), ("Error_Formatting", 778),
          ("Error_ScriptEval", 779), ("Error_CycleDetected", 780)]

_LEVEL_BITS = {"Good": 0, "Uncertain": 1, "Bad": 2, "Error": 3}


def _signed32(n):
    n &= 0xFFFFFFFF
    # int(): on Jython a 32-bit value must be an int, not a long (Java int getCode()).
    return int(n - 0x100000000) if n >= 0x80000000 else int(n)


CODES = {}      # name -> full signed code
NAMES = {}      # full signed code -> name
for _level, _table in (("Good", _GOOD), ("Uncertain", _UNCERTAIN), ("Bad", _BAD), ("Error", _ERROR)):
    for _name, _sub in _table:
        _code = _signed32((_LEVEL_BITS[_level] << 30) | _sub)
        CODES[_name] = _code
        NAMES[_code] = _name


class Level(object):
    """``QualityCode.Level``: Good, Uncertain, Bad or Error (str gives the name)."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name

    __repr__ = __str__

    def __eq__(self, other):
        if isinstance(other, Level):
            return other.name == self.name
        return isinstance(other, string_types) and other == self.name

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.name)


_LEVELS = dict((n, Level(n)) for n in ("Good", "Uncertain", "Bad", "Error"))
_LEVEL_BY_BITS = {0: _LEVELS["Good"], 1: _LEVELS["Uncertain"], 2: _LEVELS["Bad"], 3: _LEVELS["Error"]}


class QualityCode(object):
    """A quality: 32-bit code plus an optional diagnostic message.

    ``QualityCode(code_or_name, message=None)``; constants such as
    ``QualityCode.Good`` and ``QualityCode.Bad_NotFound`` are predefined.
    Equality compares the code only (the diagnostic message is commentary).
    """
    __slots__ = ("_code", "_msg")

    def __init__(self, code, message=None):
        if isinstance(code, QualityCode):
            code = code._code
        elif isinstance(code, string_types):
            if code not in CODES:
                raise ValueError("unknown quality name %r; use a name like 'Good' or "
                                 "'Bad_NotFound' (see QualityCode.CODES)" % (code,))
            code = CODES[code]
        elif not isinstance(code, integer_types) or isinstance(code, bool):
            raise TypeError("QualityCode needs an int code or a name, got %r" % (code,))
        object.__setattr__(self, "_code", _signed32(int(code)))
        object.__setattr__(self, "_msg", None if message is None else text_type(message))

    def __setattr__(self, name, value):
        raise AttributeError("QualityCode is immutable; use derive(message) for a copy")

    # --- Java getters --------------------------------------------------------
    def getCode(self):
        return self._code

    def getName(self):
        return NAMES.get(self._code, "Unknown(%d)" % self._code)

    def getLevel(self):
        return _LEVEL_BY_BITS[(self._code & 0xFFFFFFFF) >> 30]

    def getDiagnosticMessage(self):
        """The message, or None (Java returns an Optional; None is its Python face)."""
        return self._msg

    def isGood(self):
        return self.getLevel().name == "Good"

    def isUncertain(self):
        return self.getLevel().name == "Uncertain"

    def isBad(self):
        return self.getLevel().name == "Bad"

    def isError(self):
        return self.getLevel().name == "Error"

    def isBadOrError(self):
        return self.getLevel().name in ("Bad", "Error")

    def isNotGood(self):
        return not self.isGood()

    def _is(self, other):
        """Java ``is(QualityCode)``: same code (reach it with ``getattr(qc, "is")``)."""
        if isinstance(other, QualityCode):
            return other._code == self._code
        if isinstance(other, integer_types):
            return _signed32(other) == self._code
        return False

    def derive(self, message):
        """A copy of this code carrying ``message`` as its diagnostic."""
        return QualityCode(self._code, message)

    @staticmethod
    def getCodeName(code):
        return NAMES.get(_signed32(int(code)), "Unknown")

    @staticmethod
    def getQualityFor(code):
        return QualityCode(code)

    # --- bean attributes (Jython exposes isX()/getX() as attributes) -----------
    good = property(isGood)
    bad = property(isBad)
    error = property(isError)
    uncertain = property(isUncertain)
    badOrError = property(isBadOrError)
    notGood = property(isNotGood)
    code = property(getCode)
    name = property(getName)
    level = property(getLevel)
    diagnosticMessage = property(getDiagnosticMessage)

    # --- Python protocol -------------------------------------------------------
    def __eq__(self, other):
        return isinstance(other, QualityCode) and other._code == self._code

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._code)

    def __str__(self):
        if self._msg:
            return '%s("%s")' % (self.getName(), self._msg)
        return self.getName()

    def __repr__(self):
        return self.__str__()

    def toString(self):
        return self.__str__()


setattr(QualityCode, "is", QualityCode._is)
QualityCode.CODES = CODES
QualityCode.Level = Level
for _name, _code in CODES.items():
    setattr(QualityCode, _name, QualityCode(_code))


def quality_of(q, message=None):
    """Coerce a QualityCode / name / int to a QualityCode (test and config helper)."""
    qc = q if isinstance(q, QualityCode) else QualityCode(q)
    return qc.derive(message) if message else qc


def _java_text(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return text_type(value)


class QualifiedValue(object):
    """``BasicQualifiedValue``: value + QualityCode + ``java.util.Date`` timestamp.

    Equal only to another QualifiedValue with equal value, quality and
    timestamp; comparing to a plain value is False, as in Ignition (scripts
    must use ``.value``).
    """
    __slots__ = ("_value", "_quality", "_timestamp")

    def __init__(self, value=None, quality=None, timestamp=None):
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_quality", QualityCode.Good if quality is None else quality)
        object.__setattr__(self, "_timestamp", timestamp)

    def __setattr__(self, name, value):
        raise AttributeError("QualifiedValue is immutable; write the tag instead")

    def getValue(self):
        return self._value

    def getQuality(self):
        return self._quality

    def getTimestamp(self):
        return self._timestamp

    value = property(getValue)
    quality = property(getQuality)
    timestamp = property(getTimestamp)

    def derive(self, message):
        return QualifiedValue(self._value, self._quality.derive(message), self._timestamp)

    def __eq__(self, other):
        if not isinstance(other, QualifiedValue):
            return False
        return (self._quality == other._quality and self._value == other._value
                and _ts_ms(self._timestamp) == _ts_ms(other._timestamp))

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self._quality, _ts_ms(self._timestamp)))

    def __str__(self):
        return "[%s, %s, %s]" % (_java_text(self._value), self._quality, _java_text(self._timestamp))

    __repr__ = __str__

    def toString(self):
        return self.__str__()


def _ts_ms(ts):
    if ts is None:
        return None
    get = getattr(ts, "getTime", None)
    return get() if get is not None else ts


__all__ = ["QualityCode", "QualifiedValue", "Level", "CODES", "NAMES", "quality_of"]
