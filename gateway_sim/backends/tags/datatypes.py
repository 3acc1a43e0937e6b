# -*- coding: utf-8 -*-
"""Tag data types (reference section 2.4) and write coercion.

``coerce(value, data_type)`` turns a written value into the tag's type or
raises ``CoercionError`` (the writer gets ``Error_TypeConversion``). Choices
where Ignition is not documented (written down so tests pin them):

* integers: range-checked per type (Int1 -128..127, Int2, Int4, Int8); floats
  are rounded half-up like Java ``Math.round``; out of range is a conversion
  error (not a silent wrap).
* Boolean: bools, numbers (non-zero is True), strings "true"/"false"/"1"/"0"/
  "on"/"off"/"yes"/"no" (any case); anything else is a conversion error.
* DateTime: ``java.util.Date``, epoch millis, ``datetime``, or text
  ``yyyy-MM-dd[ HH:mm[:ss[.SSS]]]`` / ISO ``T`` form, read in local time unless it ends
  in ``Z`` or an offset (``+05:00``); also ``java.util.Date.toString()`` text
  (``Fri Jul 21 13:43:02 UTC 2023``, ``... CEST 2025`` from a European gateway's DataSet
  export): a zone abbreviation SimpleDateFormat knows keeps its instant (``_JAVA_ZONES``),
  an unknown or ambiguous one reads as local time (unverified). A 7.x XML ``Value`` text
  (``XmlValueText``) of digits is epoch millis.
* arrays: a list/tuple, each element coerced; a scalar is a conversion error.
* Document: dict/list, or JSON text.
* DataSet: a Dataset, or Ignition's JSON form as an object or as JSON text (exports hold both).
* ``None`` is accepted by every type (a null value).
May import: stdlib, ``gateway_sim._compat``, ``gateway_sim.jvm``.
"""
from __future__ import absolute_import, division, print_function

import datetime
import json
import math
import re
import time

from gateway_sim._compat import integer_types, long_type, string_types, text_type
from gateway_sim.jvm import Date

CODES = {"Int1": 0, "Int2": 1, "Int4": 2, "Int8": 3, "Float4": 4, "Float8": 5, "Boolean": 6,
         "String": 7, "DateTime": 8, "DataSet": 9, "Text": 10, "Int4Array": 11, "Int8Array": 12,
         "Float8Array": 13, "BooleanArray": 14, "StringArray": 15, "DateTimeArray": 16,
         "Int1Array": 17, "Int2Array": 18, "Float4Array": 19, "ByteArray": 20, "Document": 29}
NAMES = dict((v, k) for k, v in CODES.items())
_LOWER = dict((k.lower(), k) for k in CODES)
# Ignition 7 names that still appear in old exports.
_ALIASES = {"short": "Int2", "integer": "Int4", "int": "Int4", "long": "Int8", "float": "Float4",
            "double": "Float8", "bool": "Boolean", "date": "DateTime", "dataset": "DataSet"}

_RANGES = {"Int1": (-128, 127), "Int2": (-32768, 32767), "Int4": (-2 ** 31, 2 ** 31 - 1),
           "Int8": (-2 ** 63, 2 ** 63 - 1)}


class XmlValueText(text_type):
    """The text of a 7.x XML ``Value`` property: untyped until the tag's dataType is known.

    Ignition 7.9 writes a DateTime value either as a date text or, in an instance's
    EXTENSION override, as epoch milliseconds; only text marked this way reads digits as
    milliseconds (a JSON string of digits is not a date)."""
    __slots__ = ()


class CoercionError(ValueError):
    """A value that cannot become the tag's data type; the message says why."""


def canonical(name):
    """The canonical data type name for ``name`` (str or int code), or None."""
    if isinstance(name, bool):
        return None
    if isinstance(name, integer_types):
        return NAMES.get(int(name))
    if not isinstance(name, string_types):
        return None
    n = name.strip().lower()
    return _LOWER.get(n) or _ALIASES.get(n)


def is_array(dt):
    return dt.endswith("Array")


def default_value(dt):
    """The value a new memory tag of type ``dt`` holds when the config gives none
    (exports omit values equal to these defaults)."""
    if dt in _RANGES:
        return 0
    if dt in ("Float4", "Float8"):
        return 0.0
    if dt == "Boolean":
        return False
    if dt in ("String", "Text"):
        return ""
    return None


def infer(value):
    """A data type for a bare value (YAML shorthand, UDT parameters)."""
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, integer_types):
        return "Int4" if -2 ** 31 <= value < 2 ** 31 else "Int8"
    if isinstance(value, float):
        return "Float8"
    if isinstance(value, Date):
        return "DateTime"
    if isinstance(value, (dict,)):
        return "Document"
    if isinstance(value, (list, tuple)):
        return "Document"
    return "String"


def coerce(value, dt):
    """Return ``value`` converted to data type ``dt`` or raise CoercionError."""
    if value is None:
        return None
    if hasattr(value, "getValue") and hasattr(value, "getQuality") and not isinstance(value, dict):
        value = value.getValue()  # writing a QualifiedValue writes its value
        if value is None:
            return None
    if dt in _RANGES:
        return _to_int(value, dt)
    if dt in ("Float4", "Float8"):
        return _to_float(value, dt)
    if dt == "Boolean":
        return _to_bool(value)
    if dt in ("String", "Text"):
        return _to_str(value)
    if dt == "DateTime":
        return _to_date(value)
    if dt == "Document":
        return _to_document(value)
    if dt == "DataSet":
        return _to_dataset(value)
    if dt == "ByteArray":
        if isinstance(value, (bytes, bytearray)):
            return bytearray(value)
        if isinstance(value, (list, tuple)):
            # Java bytes are signed (-128..127); exports and scripts also write 0..255.
            out = []
            for v in value:
                b = _to_int(v, "Int2")
                if b < -128 or b > 255:
                    raise CoercionError("%r is not a byte (-128..255)" % (v,))
                out.append(b & 0xFF)
            return bytearray(out)
        raise CoercionError("cannot convert %s %r to ByteArray" % (type(value).__name__, value))
    if is_array(dt):
        if not isinstance(value, (list, tuple)) and not _is_java_array(value):
            raise CoercionError("cannot convert %s %r to %s: write a list" % (type(value).__name__, value, dt))
        elem = dt[:-5]
        return [coerce(v, elem) for v in value]
    raise CoercionError("unknown data type %r" % (dt,))


def _is_java_array(value):
    return hasattr(value, "__len__") and hasattr(value, "__getitem__") and not isinstance(
        value, string_types + (dict,))


def _to_int(value, dt):
    lo, hi = _RANGES[dt]
    if isinstance(value, bool):
        n = 1 if value else 0
    elif isinstance(value, integer_types):
        n = value
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CoercionError("cannot convert %r to %s" % (value, dt))
        n = int(math.floor(value + 0.5))
    elif isinstance(value, string_types):
        s = value.strip()
        try:
            n = int(s)
        except ValueError:
            try:
                f = float(s)
            except ValueError:
                raise CoercionError("cannot convert string %r to %s" % (value, dt))
            return _to_int(f, dt)
    elif isinstance(value, Date):
        n = value.getTime()
    else:
        raise CoercionError("cannot convert %s %r to %s" % (type(value).__name__, value, dt))
    if n < lo or n > hi:
        raise CoercionError("%r is out of range for %s (%d..%d)" % (value, dt, lo, hi))
    return long_type(n) if dt == "Int8" else int(n)


def _to_float(value, dt):
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, integer_types + (float,)):
        f = float(value)
    elif isinstance(value, string_types):
        try:
            f = float(value.strip())
        except ValueError:
            raise CoercionError("cannot convert string %r to %s" % (value, dt))
    elif isinstance(value, Date):
        # epoch milliseconds, as for the integer types (Ignition's timer tags: an
        # expression tag `now(1000)` of type Float8)
        f = float(value.getTime())
    else:
        raise CoercionError("cannot convert %s %r to %s" % (type(value).__name__, value, dt))
    if dt == "Float4" and not (math.isnan(f) or math.isinf(f)):
        import struct
        try:
            f = struct.unpack("f", struct.pack("f", f))[0]
        except (OverflowError, struct.error):
            raise CoercionError("%r is out of range for Float4" % (value,))
    return f


_TRUE = ("true", "1", "on", "yes", "t", "y")
_FALSE = ("false", "0", "off", "no", "f", "n", "")


def _to_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, integer_types + (float,)):
        return value != 0
    if isinstance(value, string_types):
        s = value.strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        try:
            return float(s) != 0
        except ValueError:
            raise CoercionError("cannot convert string %r to Boolean (use true/false or a number)" % (value,))
    raise CoercionError("cannot convert %s %r to Boolean" % (type(value).__name__, value))


def _to_str(value):
    if isinstance(value, string_types):
        return text_type(value)
    if isinstance(value, bool):
        return u"true" if value else u"false"
    if isinstance(value, (dict, list)):
        return text_type(json.dumps(value, sort_keys=True))
    return text_type(value)


_OFFSET_RE = re.compile(r"([+-])(\d\d):?(\d\d)$")
_MILLIS_RE = re.compile(r"^-?\d+$")
_JAVA_DATE_RE = re.compile(r"^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d\d?) (\d\d:\d\d:\d\d) ([A-Z]{2,5}) (\d{4})$")
# Zone abbreviations java.util.Date.toString() writes, as minutes east of UTC (as
# SimpleDateFormat's "zzz" parses them: CST is US Central). Ambiguous ones (IST) are left
# out and, like unknown ones, read in the gateway's zone.
_JAVA_ZONES = {
    "UTC": 0, "GMT": 0, "UT": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120,
    "MET": 60, "MEST": 120, "EET": 120, "EEST": 180, "MSK": 180, "EST": -300, "EDT": -240,
    "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "AKST": -540, "AKDT": -480, "HST": -600, "JST": 540, "KST": 540, "AWST": 480,
    "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
}
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
                 "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


def _to_date(value):
    if isinstance(value, Date):
        return value
    if isinstance(value, bool):
        raise CoercionError("cannot convert a boolean to DateTime")
    if isinstance(value, integer_types + (float,)):
        return Date(long_type(int(value)))
    if isinstance(value, datetime.datetime):
        return Date(_dt_millis(value))
    if hasattr(value, "getTime"):
        return Date(long_type(value.getTime()))
    if isinstance(value, string_types):
        s = value.strip()
        if isinstance(value, XmlValueText) and _MILLIS_RE.match(s):
            return Date(long_type(int(s)))
        offset_ms = 0
        if s.endswith("Z"):
            s = s[:-1]
            utc = True
        else:
            m = _OFFSET_RE.search(s)
            utc = m is not None and "T" in s
            if utc:
                # ISO 8601 offset (+05:00 / -0500): strptime on 2.7 has no %z.
                sign = -1 if m.group(1) == "-" else 1
                offset_ms = sign * (int(m.group(2)) * 60 + int(m.group(3))) * 60000
                s = s[:m.start()]
        java = _JAVA_DATE_RE.match(s)
        if java:
            # java.util.Date.toString(): "Fri Jul 21 13:43:02 UTC 2023" (7.x exports).
            s = "%s %s %s %s" % (java.group(1), java.group(2), java.group(5), java.group(3))
            zone = _JAVA_ZONES.get(java.group(4))
            try:
                d = datetime.datetime.strptime(s, "%b %d %Y %H:%M:%S")
                if zone is None:
                    return Date(_dt_millis(d))
                return Date(_dt_millis(d, True) - zone * 60000)
            except ValueError:
                pass
        for fmt in _DATE_FORMATS:
            try:
                d = datetime.datetime.strptime(s, fmt)
            except ValueError:
                continue
            return Date(_dt_millis(d, utc) - offset_ms)
        raise CoercionError("cannot convert string %r to DateTime (use yyyy-MM-dd HH:mm:ss)" % (value,))
    raise CoercionError("cannot convert %s %r to DateTime" % (type(value).__name__, value))


def _dt_millis(d, utc=False):
    if d.tzinfo is not None:
        import calendar
        return long_type(calendar.timegm(d.utctimetuple()) * 1000 + d.microsecond // 1000)
    if utc:
        import calendar
        return long_type(calendar.timegm(d.timetuple()) * 1000 + d.microsecond // 1000)
    return long_type(int(time.mktime(d.timetuple())) * 1000 + d.microsecond // 1000)


def _to_document(value):
    if isinstance(value, (dict, list)):
        return value
    if isinstance(value, string_types):
        try:
            return json.loads(value)
        except ValueError as exc:
            raise CoercionError("cannot convert text to Document: invalid JSON (%s)" % (exc,))
    if isinstance(value, (bool, float) + integer_types):
        return value
    raise CoercionError("cannot convert %s %r to Document" % (type(value).__name__, value))


def _to_dataset(value):
    """A Dataset from a Dataset, Ignition's JSON form ``{"columns": [{"name", "type"}],
    "rows": [[...]]}`` (as an object or as the JSON *string* real exports hold), or
    the 7.x/8.0 form ``{"columns": [...], "types": [...], "rows": [...]}``. Cells of a
    ``java.util.Date`` column given as epoch millis or text become Dates."""
    if hasattr(value, "getRowCount") and hasattr(value, "getColumnCount"):
        return value
    if isinstance(value, string_types):
        text = value.strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise CoercionError("cannot convert text to DataSet: invalid JSON (%s); write "
                                "{\"columns\": [...], \"rows\": [...]}" % (exc,))
    if isinstance(value, dict) and "columns" in value and "rows" in value:
        cols = value.get("columns") or []
        rows = value.get("rows") or []
        if not isinstance(cols, list) or not isinstance(rows, list):
            raise CoercionError("DataSet 'columns' and 'rows' must be lists")
        headers = []
        types = []
        for i, c in enumerate(cols):
            if isinstance(c, dict):
                headers.append(text_type(c.get("name", "Col %d" % (i + 1))))
                types.append(c.get("type"))
            else:
                headers.append(text_type(c))
                types.append(None)
        extra = value.get("types")
        if isinstance(extra, list) and len(extra) == len(types):
            types = [t if t is not None else extra[i] for i, t in enumerate(types)]
        out_rows = []
        for r in rows:
            if not isinstance(r, (list, tuple)) or len(r) != len(headers):
                raise CoercionError("DataSet row %r does not have %d cells" % (r, len(headers)))
            out_rows.append([_cell(v, types[i]) for i, v in enumerate(r)])
        try:
            from gateway_sim.dataset import BasicDataset
        except ImportError:
            return value
        known = [t for t in types if t]
        return BasicDataset(headers, out_rows, types if len(known) == len(types) else None)
    raise CoercionError("cannot convert %s %r to DataSet (write a Dataset)" % (type(value).__name__, value))


def _cell(v, jtype):
    if v is None or not isinstance(jtype, string_types):
        return v
    if jtype in ("java.util.Date", "Date", "java.sql.Timestamp"):
        try:
            return _to_date(v)
        except CoercionError:
            return v
    return v


def same_value(a, b):
    """Value equality used for change detection (Dates by millis, NaN equal to NaN)."""
    if a is b:
        return True
    if a is None or b is None:
        return False
    if isinstance(a, Date) or isinstance(b, Date):
        ga, gb = getattr(a, "getTime", None), getattr(b, "getTime", None)
        return ga is not None and gb is not None and ga() == gb()
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a == b
    try:
        return bool(a == b)
    except Exception:
        return False
