"""Catalog of Ignition's documented ``system.*`` scripting functions (names only).

The source for the coverage page (``gateway_sim.coverage``) and for
``declare_all()``, which defines every documented-but-unimplemented function
as a callable raising ``NotImplementedInSimulator`` naming itself. Names come
from the Ignition 8.1 and 8.3 user manuals' function indexes (including
deprecated functions, which IA says keep working); each name carries the
versions whose manual lists it. Vision/Perspective-only functions that make
no sense in gateway scope are listed too (they are documented in the
namespace), marked scope ``client``.

Single-source 2.7/3.x. May import: ``gateway_sim.registry`` (lazily).
"""
from __future__ import absolute_import, division, print_function

BOTH = ("8.1", "8.3")
ONLY_83 = ("8.3",)

# namespace -> list of (name, versions, note)
CATALOG = {
    "system.tag": [
        ("browse", BOTH, ""), ("browseHistoricalTags", BOTH, "historian in 8.3"),
        ("configure", BOTH, ""), ("copy", BOTH, ""), ("deleteAnnotations", BOTH, ""),
        ("deleteTags", BOTH, ""), ("exists", BOTH, ""), ("exportTags", BOTH, ""),
        ("getConfiguration", BOTH, ""), ("importTags", BOTH, ""), ("move", BOTH, ""),
        ("queryAnnotations", BOTH, ""), ("queryTagCalculations", BOTH, "historian in 8.3"),
        ("queryTagDensity", BOTH, "historian in 8.3"),
        ("queryTagHistory", BOTH, "historian in 8.3"), ("readAsync", BOTH, ""),
        ("readBlocking", BOTH, ""), ("rename", BOTH, ""), ("requestGroupExecution", BOTH, ""),
        ("storeAnnotations", BOTH, ""), ("storeTagHistory", BOTH, "historian in 8.3"),
        ("writeAsync", BOTH, ""), ("writeBlocking", BOTH, ""),
        ("getAttribute", BOTH, "deprecated"), ("read", BOTH, "deprecated"),
        ("readAll", BOTH, "deprecated"), ("write", BOTH, "deprecated"),
        ("writeAll", BOTH, "deprecated"), ("writeSynchronous", BOTH, "deprecated"),
        ("writeAllSynchronous", BOTH, "deprecated"), ("browseTags", BOTH, "deprecated"),
        ("browseTagsSimple", BOTH, "deprecated"), ("addTag", BOTH, "deprecated"),
        ("editTag", BOTH, "deprecated"), ("editTags", BOTH, "deprecated"),
        ("removeTag", BOTH, "deprecated"), ("removeTags", BOTH, "deprecated"),
        ("isOverlaysEnabled", BOTH, "client"), ("setOverlaysEnabled", BOTH, "client"),
    ],
    "system.db": [
        ("addDatasource", BOTH, ""), ("beginNamedQueryTransaction", BOTH, ""),
        ("beginTransaction", BOTH, ""), ("clearAllNamedQueryCaches", BOTH, ""),
        ("clearNamedQueryCache", BOTH, ""), ("closeTransaction", BOTH, ""),
        ("commitTransaction", BOTH, ""), ("createSProcCall", BOTH, ""),
        ("dateFormat", BOTH, ""), ("execSProcCall", BOTH, ""), ("getConnectionInfo", BOTH, ""),
        ("getConnections", BOTH, ""), ("removeDatasource", BOTH, ""),
        ("rollbackTransaction", BOTH, ""), ("runNamedQuery", BOTH, "deprecated in 8.3"),
        ("runPrepQuery", BOTH, ""), ("runPrepUpdate", BOTH, ""),
        ("runQuery", BOTH, "deprecated in 8.3"), ("runSFNamedQuery", BOTH, ""),
        ("runSFPrepUpdate", BOTH, ""), ("runSFUpdateQuery", BOTH, ""),
        ("runScalarPrepQuery", BOTH, ""), ("runScalarQuery", BOTH, "deprecated in 8.3"),
        ("runUpdateQuery", BOTH, "deprecated in 8.3"), ("setDatasourceConnectURL", BOTH, ""),
        ("setDatasourceEnabled", BOTH, ""), ("setDatasourceMaxConnections", BOTH, ""),
        ("refresh", BOTH, "client"),
        ("execQuery", ONLY_83, ""), ("execUpdate", ONLY_83, ""), ("execScalar", ONLY_83, ""),
        ("execUpdateAsync", ONLY_83, ""),
    ],
    "system.util": [
        ("audit", BOTH, ""), ("execute", BOTH, ""), ("getGatewayStatus", BOTH, ""),
        ("getGlobals", BOTH, ""), ("getLogger", BOTH, ""), ("getModules", BOTH, ""),
        ("getProjectName", BOTH, ""), ("getProperty", BOTH, ""),
        ("getSessionInfo", BOTH, ""), ("getSystemFlags", BOTH, ""), ("getVersion", BOTH, ""),
        ("invokeAsynchronous", BOTH, ""), ("jsonDecode", BOTH, ""), ("jsonEncode", BOTH, ""),
        ("modifyTranslation", BOTH, ""), ("queryAuditLog", BOTH, ""),
        ("sendMessage", BOTH, ""), ("sendRequest", BOTH, ""), ("sendRequestAsync", BOTH, ""),
        ("setLoggingLevel", BOTH, ""), ("threadDump", BOTH, ""), ("translate", BOTH, ""),
        ("getEdition", BOTH, ""), ("getGatewayAddress", BOTH, "client"),
        ("beep", BOTH, "client"), ("exit", BOTH, "client"),
        ("getAvailableLocales", BOTH, "client"), ("getAvailableTerms", BOTH, "client"),
        ("getClientId", BOTH, "client"), ("getConnectTimeout", BOTH, "client"),
        ("getConnectionMode", BOTH, "client"), ("getInactivitySeconds", BOTH, "client"),
        ("getLocale", BOTH, "client"), ("getReadTimeout", BOTH, "client"),
        ("invokeLater", BOTH, "client"), ("playSoundClip", BOTH, "client"),
        ("retarget", BOTH, "client"), ("setConnectTimeout", BOTH, "client"),
        ("setConnectionMode", BOTH, "client"), ("setLocale", BOTH, "client"),
        ("setReadTimeout", BOTH, "client"), ("showDiagnostics", BOTH, "client"),
        ("validateUser", BOTH, "deprecated"), ("getUserRoles", BOTH, "deprecated"),
        ("manualEntry", BOTH, "client"),
    ],
    "system.date": [(n, BOTH, "") for n in (
        "addDays", "addHours", "addMillis", "addMinutes", "addMonths", "addSeconds",
        "addWeeks", "addYears", "daysBetween", "format", "fromMillis", "getAMorPM", "getDate",
        "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getHour12", "getHour24",
        "getMillis", "getMinute", "getMonth", "getQuarter", "getSecond", "getTimezone",
        "getTimezoneOffset", "getTimezoneRawOffset", "getYear", "hoursBetween", "isAfter",
        "isBefore", "isBetween", "isDaylightTime", "midnight", "millisBetween",
        "minutesBetween", "monthsBetween", "now", "parse", "secondsBetween", "setTime",
        "toMillis", "weeksBetween", "yearsBetween")],
    "system.net": [
        ("httpClient", BOTH, ""), ("httpGet", BOTH, "deprecated in 8.3"),
        ("httpPost", BOTH, "deprecated in 8.3"), ("httpPut", BOTH, "deprecated in 8.3"),
        ("httpDelete", BOTH, "deprecated in 8.3"), ("getExternalIpAddress", BOTH, ""),
        ("getHostName", BOTH, ""), ("getIpAddress", BOTH, ""), ("getRemoteServers", BOTH, ""),
        ("sendEmail", BOTH, ""), ("openURL", BOTH, "client"),
    ],
    "system.dataset": [
        ("addColumn", BOTH, ""), ("addRow", BOTH, ""), ("addRows", BOTH, ""),
        ("appendDataset", BOTH, ""), ("clearDataset", BOTH, ""), ("deleteRow", BOTH, ""),
        ("deleteRows", BOTH, ""), ("exportCSV", BOTH, "client"), ("exportExcel", BOTH, "client"),
        ("exportHTML", BOTH, "client"), ("filterColumns", BOTH, ""), ("formatDates", BOTH, ""),
        ("fromCSV", BOTH, ""), ("getColumnHeaders", BOTH, ""), ("setValue", BOTH, ""),
        ("sort", BOTH, ""), ("toCSV", BOTH, ""), ("toDataSet", BOTH, ""), ("toExcel", BOTH, ""),
        ("toPyDataSet", BOTH, "deprecated in 8.3"), ("updateRow", BOTH, ""),
        ("dataSetToExcel", BOTH, "deprecated"), ("dataSetToHTML", BOTH, "deprecated"),
        ("columnsEqual", BOTH, ""), ("valuesEqual", BOTH, ""),
    ],
}

NAMESPACES = ("system.tag", "system.db", "system.util", "system.date", "system.net",
              "system.dataset")


def names(namespace):
    """Documented function names of ``namespace`` (``"system.util"`` or ``"util"``)."""
    if not namespace.startswith("system."):
        namespace = "system." + namespace
    return [n for (n, _, _) in CATALOG[namespace]]


def entries(namespace):
    """``(name, versions, note)`` tuples of ``namespace``, sorted by name."""
    return sorted(CATALOG[namespace])


def qualified_names():
    return sorted("%s.%s" % (ns, n) for ns in CATALOG for (n, _, _) in CATALOG[ns])


def declare_all():
    """Define every catalog function a ``system`` module does not define yet as a
    ``NotImplementedInSimulator`` raiser (called once ``gateway_sim.system`` is built)."""
    import sys
    from gateway_sim.registry import declare_missing
    for ns in NAMESPACES:
        mod = sys.modules.get("gateway_sim." + ns)
        if mod is not None:
            declare_missing(vars(mod), ns, names(ns))
