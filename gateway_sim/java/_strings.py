"""``java.lang.StringBuilder`` / ``StringBuffer``, ``Character`` and the small number
wrappers ``Float`` / ``Short`` (re-exported by ``gateway_sim.java.lang``).

``append`` renders values as ``String.valueOf`` does here (None -> ``null``, booleans ->
``true``/``false``); index errors raise ``StringIndexOutOfBoundsException`` as in the JDK.
``StringBuffer`` is the synchronized twin (one lock per buffer). May import:
``gateway_sim._compat``, ``gateway_sim.java.lang``.
"""
from __future__ import absolute_import, division, print_function

import struct
import threading

from gateway_sim._compat import integer_types, text_type
from gateway_sim.java.lang import (NumberFormatException, Object, String,
                                   StringIndexOutOfBoundsException)


def _oob(what, index, length):
    return StringIndexOutOfBoundsException("%s %d out of bounds for length %d" % (what, index, length))


class StringBuilder(Object):
    """``StringBuilder()``, ``StringBuilder(capacity)``, ``StringBuilder(text)``."""

    _java_name = "java.lang.StringBuilder"

    def __init__(self, initial=None):
        if initial is None or (isinstance(initial, integer_types) and not isinstance(initial, bool)):
            self._s = u""
        else:
            self._s = String.valueOf(initial)

    def _check(self, i, limit, what="index"):
        if not isinstance(i, integer_types) or i < 0 or i > limit:
            raise _oob(what, i, len(self._s))

    def append(self, value, start=None, end=None):
        text = String.valueOf(value)
        if start is not None:
            text = text[start:end]
        self._s += text
        return self

    def insert(self, offset, value):
        self._check(offset, len(self._s), "offset")
        self._s = self._s[:offset] + String.valueOf(value) + self._s[offset:]
        return self

    def length(self):
        return len(self._s)

    def isEmpty(self):
        return not self._s

    def charAt(self, i):
        self._check(i, len(self._s) - 1)
        return self._s[i]

    def setCharAt(self, i, ch):
        self._check(i, len(self._s) - 1)
        self._s = self._s[:i] + text_type(ch) + self._s[i + 1:]

    def deleteCharAt(self, i):
        self._check(i, len(self._s) - 1)
        self._s = self._s[:i] + self._s[i + 1:]
        return self

    def delete(self, start, end):
        self._check(start, len(self._s), "start")
        if end < start:
            raise _oob("start", start, len(self._s))
        self._s = self._s[:start] + self._s[min(end, len(self._s)):]
        return self

    def replace(self, start, end, text):
        self._check(start, len(self._s), "start")
        self._s = self._s[:start] + text_type(text) + self._s[min(end, len(self._s)):]
        return self

    def reverse(self):
        self._s = self._s[::-1]
        return self

    def setLength(self, n):
        if n < 0:
            raise _oob("length", n, len(self._s))
        self._s = self._s[:n] + u"\0" * max(0, n - len(self._s))

    def indexOf(self, text, fromIndex=0):
        return self._s.find(text_type(text), max(0, fromIndex))

    def lastIndexOf(self, text, fromIndex=None):
        if fromIndex is None:
            return self._s.rfind(text_type(text))
        return self._s.rfind(text_type(text), 0, fromIndex + len(text_type(text)))

    def substring(self, start, end=None):
        end = len(self._s) if end is None else end
        if start < 0 or end > len(self._s) or start > end:
            raise _oob("begin %d, end" % start, end, len(self._s))
        return self._s[start:end]

    def toString(self):
        return self._s

    def __len__(self):
        return len(self._s)

    def __str__(self):
        return self._s

    def __repr__(self):
        return self._s


class StringBuffer(StringBuilder):
    """Like ``StringBuilder``, every method holding the buffer's lock."""

    _java_name = "java.lang.StringBuffer"

    def __init__(self, initial=None):
        StringBuilder.__init__(self, initial)
        self._lock = threading.RLock()

    def __getattribute__(self, name):
        attr = object.__getattribute__(self, name)
        if name.startswith("_") or not callable(attr):
            return attr
        lock = object.__getattribute__(self, "_lock")

        def locked(*args):
            with lock:
                return attr(*args)
        return locked


class Float(object):
    _java_name = "java.lang.Float"
    MAX_VALUE = struct.unpack(">f", b"\x7f\x7f\xff\xff")[0]
    MIN_VALUE = struct.unpack(">f", b"\x00\x00\x00\x01")[0]
    NaN = float("nan")
    POSITIVE_INFINITY = float("inf")
    NEGATIVE_INFINITY = float("-inf")

    @staticmethod
    def parseFloat(s):
        try:
            v = float(text_type(s).strip())
        except (ValueError, TypeError):
            raise NumberFormatException('For input string: "%s"' % (s,))
        return struct.unpack(">f", struct.pack(">f", v))[0] if abs(v) <= Float.MAX_VALUE else v

    valueOf = parseFloat

    @staticmethod
    def isNaN(x):
        return x != x


class Short(object):
    _java_name = "java.lang.Short"
    MAX_VALUE = 32767
    MIN_VALUE = -32768

    @staticmethod
    def parseShort(s, radix=10):
        try:
            v = int(text_type(s), radix)
        except (ValueError, TypeError):
            raise NumberFormatException('For input string: "%s"' % (s,))
        if not Short.MIN_VALUE <= v <= Short.MAX_VALUE:
            raise NumberFormatException('Value out of range. Value:"%s" Radix:%d' % (s, radix))
        return v

    valueOf = parseShort


class Character(object):
    """``java.lang.Character`` statics on one-character strings (or code points)."""

    _java_name = "java.lang.Character"
    MIN_VALUE = u"\u0000"
    MAX_VALUE = u"\uffff"

    @staticmethod
    def _c(ch):
        return unichr_(ch) if isinstance(ch, integer_types) else text_type(ch)

    @staticmethod
    def isDigit(ch):
        return Character._c(ch).isdigit()

    @staticmethod
    def isLetter(ch):
        return Character._c(ch).isalpha()

    isAlphabetic = isLetter

    @staticmethod
    def isLetterOrDigit(ch):
        return Character._c(ch).isalnum()

    @staticmethod
    def isWhitespace(ch):
        return Character._c(ch).isspace()

    @staticmethod
    def isUpperCase(ch):
        return Character._c(ch).isupper()

    @staticmethod
    def isLowerCase(ch):
        return Character._c(ch).islower()

    @staticmethod
    def toUpperCase(ch):
        up = Character._c(ch).upper()
        return ord(up) if isinstance(ch, integer_types) else up

    @staticmethod
    def toLowerCase(ch):
        low = Character._c(ch).lower()
        return ord(low) if isinstance(ch, integer_types) else low

    @staticmethod
    def getNumericValue(ch):
        c = Character._c(ch)
        if c.isdigit():
            return int(c)
        if c.isalpha() and c.lower() in "abcdefghijklmnopqrstuvwxyz":
            return ord(c.lower()) - ord("a") + 10
        return -1

    @staticmethod
    def toString(ch):
        return Character._c(ch)

    @staticmethod
    def valueOf(ch):
        return Character._c(ch)


def unichr_(code):
    try:
        return unichr(code)  # noqa: F821 - Python 2 / Jython
    except NameError:
        return chr(code)
