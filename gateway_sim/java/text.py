"""Pure-Python ``java.text.SimpleDateFormat`` (English names, the gateway's zone).

Pattern letters: ``G y Y M L w W D d F E u a H k K h m s S z Z X``; text in
single quotes is literal and ``''`` is a quote; any other ASCII letter raises
``IllegalArgumentException("Illegal pattern character 'q'")`` like Java.
``parse`` is lenient like Java's default (``2024-13-01`` rolls into 2025),
ignores trailing text, and raises ``ParseException`` ("Unparseable date")
when the start of the text does not fit. Single-source 2.7/3.x (no Java).
May import: the standard library and ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import calendar
import re
import time

from gateway_sim._compat import string_types, text_type
from gateway_sim.java import _timefmt
from gateway_sim.java.lang import IllegalArgumentException, JavaException, NullPointerException

PATTERN_LETTERS = "GyYMLwWDdFEuaHkKhmsSzZX"
_NUMERIC = set("yYMLwWDdFuHkKhmsS")
_MONTHS = _timefmt.MONTH_NAMES
_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


class ParseException(JavaException):
    """``java.text.ParseException(message, errorOffset)``."""

    _java_name = "java.text.ParseException"

    def __init__(self, message=None, errorOffset=0):
        JavaException.__init__(self, message)
        self._offset = errorOffset

    def getErrorOffset(self):
        return self._offset

    errorOffset = property(getErrorOffset)


_CACHE = {}
_CACHE_MAX = 256


def compile_pattern(pattern):
    """Tokens of a pattern: ``('lit', text)`` or ``('field', letter, count)`` (cached)."""
    tokens = _CACHE.get(pattern) if isinstance(pattern, string_types) else None
    if tokens is None:
        tokens = _compile(pattern)
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[pattern] = tokens
    return tokens


def _compile(pattern):
    if pattern is None:
        raise NullPointerException("date pattern is null")
    if not isinstance(pattern, string_types):
        raise IllegalArgumentException("date pattern must be a string, got %r" % (pattern,))
    tokens = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "'":
            if i + 1 < n and pattern[i + 1] == "'":
                tokens.append(("lit", "'"))
                i += 2
                continue
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise IllegalArgumentException("Unterminated quote in pattern %r" % pattern)
                if pattern[j] == "'":
                    if j + 1 < n and pattern[j + 1] == "'":
                        buf.append("'")
                        j += 2
                        continue
                    break
                buf.append(pattern[j])
                j += 1
            tokens.append(("lit", "".join(buf)))
            i = j + 1
        elif ("a" <= c <= "z") or ("A" <= c <= "Z"):
            if c not in PATTERN_LETTERS:
                raise IllegalArgumentException("Illegal pattern character '%s'" % c)
            j = i
            while j < n and pattern[j] == c:
                j += 1
            tokens.append(("field", c, j - i))
            i = j
        else:
            tokens.append(("lit", c))
            i += 1
    return tuple(tokens)


def _offset_text(secs, style):
    sign = "-" if secs < 0 else "+"
    secs = abs(secs)
    hh, mm = secs // 3600, (secs % 3600) // 60
    if style == "Z":
        return "%s%02d%02d" % (sign, hh, mm)
    return "%s%02d:%02d" % (sign, hh, mm)


def _week_of_year(lt):
    """US rules (week starts Sunday, week 1 holds Jan 1), as Java's default locale."""
    jan1_wday = (time.struct_time(lt).tm_wday + 1 - (lt.tm_yday - 1)) % 7  # 0=Sunday
    week = (lt.tm_yday - 1 + jan1_wday) // 7 + 1
    days_in_year = 366 if calendar.isleap(lt.tm_year) else 365
    # the days of late December that share a week with the next Jan 1 are week 1
    dec31_wday = (jan1_wday + days_in_year - 1) % 7
    if lt.tm_yday > days_in_year - (dec31_wday + 1) and dec31_wday != 6:
        return 1
    return week


def format_ms(tokens, ms):
    lt = _timefmt.fields(ms)
    millis = ms % 1000
    out = []
    for tok in tokens:
        if tok[0] == "lit":
            out.append(tok[1])
            continue
        _, c, k = tok
        wday_sun0 = (lt.tm_wday + 1) % 7
        if c == "G":
            out.append("AD" if lt.tm_year > 0 else "BC")
        elif c in "yY":
            out.append("%02d" % (lt.tm_year % 100) if k == 2 else "%0*d" % (k, lt.tm_year))
        elif c in "ML":
            if k >= 4:
                out.append(_MONTHS[lt.tm_mon - 1])
            elif k == 3:
                out.append(_MONTHS[lt.tm_mon - 1][:3])
            else:
                out.append("%0*d" % (k, lt.tm_mon))
        elif c == "d":
            out.append("%0*d" % (k, lt.tm_mday))
        elif c == "D":
            out.append("%0*d" % (k, lt.tm_yday))
        elif c == "F":
            out.append("%0*d" % (k, (lt.tm_mday - 1) // 7 + 1))
        elif c == "w":
            out.append("%0*d" % (k, _week_of_year(lt)))
        elif c == "W":
            first_wday = (wday_sun0 - (lt.tm_mday - 1)) % 7
            out.append("%0*d" % (k, (lt.tm_mday - 1 + first_wday) // 7 + 1))
        elif c == "E":
            name = _DAYS[wday_sun0]
            out.append(name if k >= 4 else name[:3])
        elif c == "u":
            out.append("%0*d" % (k, lt.tm_wday + 1))
        elif c == "a":
            out.append("AM" if lt.tm_hour < 12 else "PM")
        elif c == "H":
            out.append("%0*d" % (k, lt.tm_hour))
        elif c == "k":
            out.append("%0*d" % (k, lt.tm_hour or 24))
        elif c == "K":
            out.append("%0*d" % (k, lt.tm_hour % 12))
        elif c == "h":
            out.append("%0*d" % (k, (lt.tm_hour % 12) or 12))
        elif c == "m":
            out.append("%0*d" % (k, lt.tm_min))
        elif c == "s":
            out.append("%0*d" % (k, lt.tm_sec))
        elif c == "S":
            out.append("%0*d" % (k, millis))
        elif c == "z":
            out.append(_timefmt.tz_abbrev(ms) if k < 4 else _timefmt.tz_id())
        elif c == "Z":
            out.append(_offset_text(_timefmt.offset_seconds(ms), "Z"))
        elif c == "X":
            off = _timefmt.offset_seconds(ms)
            if k > 3:
                raise IllegalArgumentException("invalid ISO 8601 format: length=%d" % k)
            if off == 0:
                out.append("Z")
            elif k == 1:
                out.append(_offset_text(off, "Z")[:3])
            elif k == 2:
                out.append(_offset_text(off, "Z"))
            else:
                out.append(_offset_text(off, "X"))
    return "".join(out)


# --- parsing ---------------------------------------------------------------------
def _names_re(names):
    return "(" + "|".join(sorted(set(names), key=len, reverse=True)) + ")"


def _build_regex(tokens):
    parts = []
    for idx, tok in enumerate(tokens):
        if tok[0] == "lit":
            lit = tok[1]
            parts.append(r"\s+" if lit.isspace() else re.escape(lit))
            continue
        _, c, k = tok
        nxt = tokens[idx + 1] if idx + 1 < len(tokens) else None
        abutting = nxt is not None and nxt[0] == "field" and nxt[1] in _NUMERIC
        if c in "ML" and k >= 3:
            parts.append(_names_re([m for m in _MONTHS] + [m[:3] for m in _MONTHS]))
        elif c == "E":
            parts.append(_names_re(_DAYS + [d[:3] for d in _DAYS]))
        elif c == "a":
            parts.append("(AM|PM|am|pm|a\\.m\\.|p\\.m\\.)")
        elif c == "G":
            parts.append("(AD|BC)")
        elif c == "z":
            parts.append(r"([A-Za-z][A-Za-z0-9_/+\-:]*)")
        elif c == "Z":
            parts.append(r"([+-]\d{4}|Z|GMT|UTC)")
        elif c == "X":
            parts.append(r"(Z|[+-]\d{2}(?::?\d{2})?)")
        elif abutting:
            parts.append(r"(\d{%d})" % k)
        elif c in "yY":
            parts.append(r"(-?\d+)")
        else:
            parts.append(r"(\d+)")
    return re.compile("".join(parts), re.IGNORECASE)


def _zone_offset(text):
    t = text.strip()
    up = t.upper()
    if up in ("Z", "UTC", "GMT", "UT"):
        return 0
    m = re.match(r"^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$", up)
    if m:
        secs = int(m.group(2)) * 3600 + int(m.group(3) or 0) * 60
        return -secs if m.group(1) == "-" else secs
    return None  # a local zone name: resolve through the local zone


def parse_ms(tokens, text, regex=None):
    if text is None:
        raise NullPointerException("date text is null")
    if not isinstance(text, string_types):
        raise IllegalArgumentException("date text must be a string, got %r" % (text,))
    regex = regex or _build_regex(tokens)
    m = regex.match(text)
    if m is None:
        raise ParseException('Unparseable date: "%s"' % text, 0)
    groups = iter(m.groups())
    now = _timefmt.fields(int(time.time() * 1000))
    year, month, day, hour, minute, second, millis = 1970, 1, 1, 0, 0, 0, 0
    pm = None
    hour12 = None
    offset = None
    for tok in tokens:
        if tok[0] == "lit":
            continue
        _, c, k = tok
        v = next(groups)
        if c in "yY":
            year = int(v)
            if k <= 2 and len(v) <= 2:
                # Java: two-digit years fall within 80 years before / 20 after now
                base = now.tm_year - 80
                year = base - base % 100 + year
                if year < base:
                    year += 100
        elif c in "ML":
            if k >= 3 or not v.isdigit():
                low = v.lower()
                month = [i for i, name in enumerate(_MONTHS)
                         if name.lower() == low or name[:3].lower() == low][0] + 1
            else:
                month = int(v)
        elif c == "d":
            day = int(v)
        elif c == "D":
            month, day = 1, int(v)
        elif c in "Hk":
            hour = int(v) % 24 if c == "k" else int(v)
        elif c in "hK":
            hour12 = int(v) % 12
        elif c == "m":
            minute = int(v)
        elif c == "s":
            second = int(v)
        elif c == "S":
            millis = int(v)
        elif c == "a":
            pm = v.lower().startswith("p")
        elif c in "zZX":
            offset = _zone_offset(v)
        # E, u, F, w, W, G: accepted and ignored (Java lets d/M/y win)
    if hour12 is not None:
        hour = hour12 + (12 if pm else 0)
    elif pm and hour < 12:
        hour += 12
    if offset is None:
        return _timefmt.make_ms(year, month, day, hour, minute, second, millis)
    y = year + (month - 1) // 12
    mo = (month - 1) % 12 + 1
    secs = calendar.timegm((y, mo, 1, 0, 0, 0, 0, 0, 0)) + (day - 1) * 86400 + hour * 3600 + \
        minute * 60 + second
    return (secs - offset) * 1000 + millis


class SimpleDateFormat(object):
    """``java.text.SimpleDateFormat(pattern="M/d/yy h:mm a", locale=None)``."""

    _java_name = "java.text.SimpleDateFormat"

    def __init__(self, pattern="M/d/yy h:mm a", locale=None):
        self._pattern = pattern
        self._tokens = compile_pattern(pattern)
        self._regex = None
        self._lenient = True

    def format(self, date):
        if date is None:
            raise NullPointerException("cannot format a null date")
        get = getattr(date, "getTime", None)
        if get is None:
            raise IllegalArgumentException("Cannot format given Object (%s) as a Date"
                                           % type(date).__name__)
        return text_type(format_ms(self._tokens, get()))

    def parse(self, text):
        from gateway_sim.java.util import Date
        if self._regex is None:
            self._regex = _build_regex(self._tokens)
        return Date(parse_ms(self._tokens, text, self._regex))

    def toPattern(self):
        return self._pattern

    def applyPattern(self, pattern):
        self._tokens = compile_pattern(pattern)
        self._pattern = pattern
        self._regex = None

    def setLenient(self, lenient):
        self._lenient = bool(lenient)

    def isLenient(self):
        return self._lenient


# Number formats live in their own module (this one is about dates).
from gateway_sim.java._decimalformat import DecimalFormat, NumberFormat  # noqa: E402,F401
