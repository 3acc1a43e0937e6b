"""``system.util`` functions with gateway meaning beyond the core ones in ``util.py``:
``translate`` / ``modifyTranslation`` (global translations, config ``translations``),
``execute`` (starts a real process, not waited for; reaped at gateway shutdown) and
``getSessionInfo`` (Designer and Vision client sessions: a simulated gateway
has none, so an empty PyDataSet with the documented columns).

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
