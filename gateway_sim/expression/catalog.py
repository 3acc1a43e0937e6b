"""Ignition's documented expression functions, by manual category (names only).

The source of the coverage page's expression section and of the "documented but
not implemented" error. Names follow the 8.1/8.3 manual's Expression Functions
index (docs.inductiveautomation.com/docs/8.1/appendix/expression-functions/<category>),
every category index re-read with the manual search: Advanced, Aggregates,
Alarming, Colors, Date and Time, JSON, Logic, Math, String, Translation, Type
Casting, Users. Date and Time has ``dateIsAfter``/``dateIsBefore``/``dateIsBetween``/
``dateIsDaylight``, not ``system.date``'s ``isAfter``/``isBefore``/``isBetween``/
``isDaylightTime`` (script names only: a gateway reports them as unknown); Colors
has ``color`` too; 8.3's index files ``indexOf`` under Logic (8.1: String), kept in
String here. Not listed, deliberately: Identity Provider (``containsAll``,
``containsAny``: only in IdP Security Level Rules and User Attribute Mapping, never
in a tag) and "MongoDB - Expression Binding" (``maxKey``, ``minKey``,
``toObjectId``: the MongoDB module's Perspective binding), so a tag using them gets
"no such function", as a gateway's tag does.

``GATEWAY_UNAVAILABLE`` names documented functions a gateway-scope expression (tag,
alarm binding) cannot evaluate, with the manual's reason; the error says so.
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
                       "dateExtract", "dateFormat", "dateIsAfter", "dateIsBefore",
                       "dateIsBetween", "dateIsDaylight", "daysBetween", "fromMillis",
                       "getAMorPM", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getHour12",
                       "getHour24", "getMillis", "getMinute", "getMonth", "getQuarter",
                       "getSecond", "getTimezone", "getTimezoneOffset", "getTimezoneRawOffset",
                       "getYear", "hoursBetween", "midnight", "millisBetween", "minutesBetween",
                       "monthsBetween", "now", "secondsBetween", "setTime", "timeBetween",
                       "toMillis", "weeksBetween", "yearsBetween"]),
    ("JSON", ["jsonFormat", "jsonGet", "jsonSet"]),
    ("Advanced", ["columnRearrange", "columnRename", "forceQuality", "property", "qualifiedValue",
                  "qualityOf", "runScript", "sortDataset", "tag", "timestampOf", "typeOf"]),
    ("Aggregates", ["groupConcat", "max", "maxDate", "mean", "median", "min", "minDate",
                    "stdDev", "sum"]),
    ("Colors", ["brighter", "color", "darker", "gradient"]),
    ("Translation", ["translate"]),
    ("Users", ["hasRole", "isAuthorized"]),
    ("Alarming", ["isAlarmActive", "isAlarmActiveFiltered"]),
]

# lower-case name -> why a gateway-scope expression cannot evaluate it (the manual's words)
GATEWAY_UNAVAILABLE = {
    "property": "the manual: \"The property() expression function is only accessible in "
                "Perspective\" (it reads view/component properties)",
    "isauthorized": "the manual: \"Scope is Perspective Sessions only\" (it reads the "
                    "session user's security levels)",
}

_LOWER = None


def documented_lower():
    global _LOWER
    if _LOWER is None:
        _LOWER = frozenset(n.lower() for _, names in CATEGORIES for n in names)
    return _LOWER
