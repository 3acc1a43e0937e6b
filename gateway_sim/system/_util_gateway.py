"""``system.util`` functions with gateway meaning beyond the core ones in ``util.py``:
``translate`` / ``modifyTranslation`` (global translations, config ``translations``),
``execute`` (starts a real process, not waited for; reaped at gateway shutdown),
``audit`` / ``queryAuditLog`` (in-memory audit profiles, ``gateway_sim.backends.audit``)
and ``getSessionInfo`` (Designer and Vision client sessions: a simulated gateway
has none, so an empty PyDataSet with the documented columns).

Audit (unverified choices, documented here): ``actionValue`` fills ACTION_VALUE
(ACTION_TARGET stays empty: the function has no target parameter); an omitted actor is
the user if known, else ``"system"``; the host is the gateway's machine;
``originatingSystem`` (an even-length list) is stored as ``key=value`` pairs joined
by ``/`` (omitted: ``project=<project>``); the default originating context is 1
(gateway). Query filters are case-insensitive substrings where ``*`` and ``%`` match
any text; the time window defaults to the last 8 hours, as documented.

``locale`` omitted means the current locale, which in gateway scope is the
gateway's (``translations.defaultLocale``); the stubs' ``"es_MX"`` default is a
placeholder of the stub generator, not Ignition's behaviour.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.registry import implements

SESSION_COLUMNS = ["username", "project", "address", "isDesigner", "clientId", "creationTime"]
SESSION_TYPES = ["String", "String", "String", "Boolean", "String", "Date"]


def _translations():
    from gateway_sim import surface_config
    return surface_config.backend(runtime.current(), "translations")


def _check_term(name, term):
    if not isinstance(term, string_types):
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("%s: term must be a string, got %r" % (name, term))


@implements("system.util.translate")
def translate(term, locale=None, strict=False):
    """The translation of ``term`` for ``locale``; the term itself (or None when
    ``strict``) if there is none."""
    _check_term("translate", term)
    found = _translations().lookup(term, locale)
    if found is None:
        return None if strict else term
    return found


@implements("system.util.modifyTranslation")
def modifyTranslation(term, translation, locale=None):
    """Add or change the translation of ``term`` for ``locale``."""
    _check_term("modifyTranslation", term)
    _translations().store(term, translation, locale)


@implements("system.util.getSessionInfo")
def getSessionInfo(usernameFilter=None, projectFilter=None):
    """Open Designer sessions and Vision clients: none on a simulated gateway."""
    runtime.current()
    from gateway_sim.dataset import BasicDataset, PyDataSet
    return PyDataSet(BasicDataset(list(SESSION_COLUMNS), [], list(SESSION_TYPES)))


@implements("system.util.execute")
def execute(commands):
    """Start ``commands`` (program, then its arguments) as a separate process."""
    from gateway_sim.jvm import IllegalArgumentException
    if isinstance(commands, string_types) or not hasattr(commands, "__iter__"):
        raise IllegalArgumentException("execute: commands must be a list of strings (the "
                                       "program, then its arguments), got %r" % (commands,))
    argv = list(commands)
    if not argv or not all(isinstance(c, string_types) for c in argv):
        raise IllegalArgumentException("execute: commands must be a non-empty list of "
                                       "strings, got %r" % (argv,))
    from gateway_sim import surface_config
    try:
        surface_config.backend(runtime.current(), "processes").start(argv)
    except (OSError, IOError) as exc:
        from gateway_sim._compat import IS_JYTHON
        if IS_JYTHON:  # pragma: no cover
            from java.io import IOException
        else:
            from gateway_sim.java.io import IOException
        raise IOException('Cannot run program "%s": error=%s, %s'
                          % (argv[0], getattr(exc, "errno", "?"), exc.strerror or exc))


def _audit():
    from gateway_sim import surface_config
    return surface_config.backend(runtime.current(), "audit")


def _ms_of(date, what):
    if date is None:
        return None
    get = getattr(date, "getTime", None)
    if not callable(get):
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("%s must be a Date (system.date.now(), parse...), got %r"
                                       % (what, date))
    return int(get())


@implements("system.util.audit")
def audit(action=None, actionValue=None, auditProfile="", actor=None, actorHost="localhost",
          originatingSystem=None, eventTimestamp=None, originatingContext=4, statusCode=0,
          actionTarget=None):
    """Insert a record into an audit profile (in-memory on the simulated gateway).

    ``actionTarget`` ("what the action happened to", ACTION_TARGET) is in the 8.1 and 8.3
    manuals, second after ``action``; the ignition-api stubs omit it. It is accepted here
    by keyword, last, so positional calls keep the stubs' order (which order a gateway
    binds positionally is unverified)."""
    import socket
    from gateway_sim import jvm
    gw = runtime.current()
    if originatingSystem is not None:
        pairs = list(originatingSystem)
        if len(pairs) % 2:
            raise jvm.IllegalArgumentException(
                "audit: originatingSystem must be an even-length list (key, value, ...), "
                "got %d items" % len(pairs))
        system_text = "/".join("%s=%s" % (pairs[i], pairs[i + 1])
                               for i in range(0, len(pairs), 2))
    else:
        system_text = "project=%s" % (gw.project_name,)
    ts = _ms_of(eventTimestamp, "audit: eventTimestamp")
    _audit().add(auditProfile, {
        "ACTION": action, "ACTION_TARGET": actionTarget, "ACTION_VALUE": actionValue,
        "ACTOR": actor if actor is not None else "system",
        "ACTOR_HOST": socket.gethostname() if actorHost in (None, "localhost") else actorHost,
        "EVENT_TIMESTAMP": jvm.Date(gw.clock.now_ms() if ts is None else ts),
        "ORIGINATING_CONTEXT": 1 if originatingContext in (None, 4) else int(originatingContext),
        "ORIGINATING_SYSTEM": system_text, "STATUS_CODE": int(statusCode or 0)})


def _matches(pattern, value):
    if pattern is None or pattern == "":
        return True
    import re
    rx = ".*".join(re.escape(part) for part in re.split(r"[*%]", pattern.lower()))
    return re.search(rx, (u"%s" % (value,)).lower() if value is not None else "") is not None


@implements("system.util.queryAuditLog")
def queryAuditLog(auditProfileName=None, startDate=None, endDate=None, actorFilter=None,
                  actionFilter=None, targetFilter=None, valueFilter=None, systemFilter=None,
                  contextFilter=None):
    """Audit records of a profile in a time window, filtered; a dataset (the audit table's
    columns), oldest first."""
    from gateway_sim.backends.audit import COLUMNS, TYPES
    from gateway_sim.dataset import BasicDataset
    now = runtime.current().clock.now_ms()
    end = _ms_of(endDate, "queryAuditLog: endDate")
    start = _ms_of(startDate, "queryAuditLog: startDate")
    end = now if end is None else end
    start = end - 8 * 3600 * 1000 if start is None else start
    rows = []
    for rec in _audit().records(auditProfileName):
        t = rec["EVENT_TIMESTAMP"].getTime()
        if not start <= t <= end:
            continue
        if contextFilter is not None and not (int(contextFilter) & rec["ORIGINATING_CONTEXT"]):
            continue
        if not (_matches(actorFilter, rec["ACTOR"]) and _matches(actionFilter, rec["ACTION"])
                and _matches(targetFilter, rec["ACTION_TARGET"])
                and _matches(valueFilter, rec["ACTION_VALUE"])
                and _matches(systemFilter, rec["ORIGINATING_SYSTEM"])):
            continue
        rows.append([rec[c] for c in COLUMNS])
    return BasicDataset(list(COLUMNS), rows, list(TYPES))
