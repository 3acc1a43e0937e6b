"""``system.util`` functions with gateway meaning beyond the core ones in ``util.py``:
``translate`` / ``modifyTranslation`` (global translations, config ``translations``)
and ``getSessionInfo`` (Designer and Vision client sessions: a simulated gateway
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
