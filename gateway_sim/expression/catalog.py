"""Ignition's documented expression functions, by manual category (names only).

The source of the coverage page's expression section and of the "documented but
not implemented" error. Names follow the 8.1/8.3 manual's Expression Functions
index (categories Logic, Math, String, Type Casting, Date and Time, JSON,
Advanced, Aggregates, Colors, Translation, Users, Alarming); the indexes of
Logic, String, JSON and the date pages were re-read with the manual search, the
Advanced list re-read from the 8.1 index too; the rest is written from the index as recalled (unverified: a name missing here is
reported as "no such function" instead of "not implemented").
Single-source 2.7/3.x. May import: nothing.
"""
from __future__ import absolute_import, division, print_function

CATEGORIES = [
    ("Logic", ["binEnc", "binEnum", "case", "coalesce", "getBit", "hasChanged", "if",
               "isBad", "isBadOrError", "isError", "isGood", "isNull", "isUncertain",
               "lookup", "switch", "try"]),
    ("Math", ["abs", "acos", "asin", "atan", "ceil", "cos", "exp", "floor", "log", "log10",
              "pow", "round", "sin", "sqrt", "tan", "todegrees", "toradians"]),
    ("String", ["char", "concat", "escapeSQL", "escapeXML", "fromBinary", "fromHex",
                "fromOctal", "indexOf", "lastIndexOf", "left", "len", "lower", "numberFormat",
                "ordinal", "repeat", "replace", "right", "split", "stringFormat", "substring",
                "toBinary", "toHex", "toOctal", "trim", "unescapeXML", "upper", "urlEncode"]),
    ("Type Casting", ["toBoolean", "toBorder", "toColor", "toDataSet", "toDate", "toDouble",
                      "toFloat", "toFont", "toInt", "toInteger", "toLong", "toStr", "toString"]),
    ("Date and Time", ["addDays", "addHours", "addMillis", "addMinutes", "addMonths",
                       "addSeconds", "addWeeks", "addYears", "dateArithmetic", "dateDiff",
                       "dateExtract", "dateFormat", "daysBetween", "fromMillis", "getAMorPM",
                       "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getHour12",
                       "getHour24", "getMillis", "getMinute", "getMonth", "getQuarter",
                       "getSecond", "getTimezone", "getTimezoneOffset", "getTimezoneRawOffset",
                       "getYear", "hoursBetween", "isAfter", "isBefore", "isBetween",
                       "isDaylightTime", "midnight", "millisBetween", "minutesBetween",
                       "monthsBetween", "now", "secondsBetween", "setTime", "timeBetween",
                       "toMillis", "weeksBetween", "yearsBetween"]),
    ("JSON", ["jsonFormat", "jsonGet", "jsonSet"]),
    ("Advanced", ["columnRearrange", "columnRename", "forceQuality", "property", "qualifiedValue",
                  "qualityOf", "runScript", "sortDataset", "tag", "timestampOf", "typeOf"]),
    ("Aggregates", ["groupConcat", "max", "maxDate", "mean", "median", "min", "minDate",
                    "stdDev", "sum"]),
    ("Colors", ["brighter", "darker", "gradient"]),
    ("Translation", ["translate"]),
    ("Users", ["hasRole", "isAuthorized"]),
    ("Alarming", ["isAlarmActive", "isAlarmActiveFiltered"]),
]

_LOWER = None


def documented_lower():
    global _LOWER
    if _LOWER is None:
        _LOWER = frozenset(n.lower() for _, names in CATEGORIES for n in names)
    return _LOWER
