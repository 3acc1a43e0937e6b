"""Expression functions that read gateway configuration: ``translate`` (Translation)
and ``hasRole`` (Users).

``translate(stringKey[, languageString])``: the translation of the key from the
gateway's global translations (config ``translations``, the store
``system.util.translate`` reads); the key itself when there is none (the manual:
"If the string does not exist in the global translations, the original string will
be returned"; it exists in the Gateway scope). Without a language the gateway's
default locale is used (a tag has no session locale); ``es-ES`` and ``es_ES`` are
both accepted (8.3 page). Unverified: a null key gives null.

``hasRole(role, username, usersource)``: true if the user of that user source has
the role. The manual: username and usersource "are optional in the client scope,
but required in the Gateway scope", so a tag calling ``hasRole(role)`` fails naming
the missing arguments. Unverified choices: an unknown user is false; an unknown user
source fails naming the known ones; role names compare exactly.

``isAuthorized`` (Perspective sessions only) and ``property`` (Perspective only)
are not evaluated in gateway scope: see ``catalog.GATEWAY_UNAVAILABLE``.

The gateway is the context's (``ctx.gateway``, or the tag runtime's backend), else
the active simulated gateway. May import: stdlib, siblings, ``gateway_sim.runtime``,
``gateway_sim.surface_config`` (lazily).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.expression.ast import ExprError, text


def _gateway(ctx):
    gw = getattr(ctx, "gateway", None)
    if gw is None:
        backend = getattr(getattr(ctx, "rt", None), "backend", None)
        gw = getattr(backend, "gateway", None)
    if gw is None:
        from gateway_sim import runtime
        gw = runtime.active()
    return gw


def _backend(gw, key):
    from gateway_sim import surface_config
    return surface_config.backend(gw, key)


def _translate(ctx, key, language=None):
    if key is None:
        return None
    term = text(key)
    gw = _gateway(ctx)
    if gw is None:
        return term
    found = _backend(gw, "translations").lookup(term, None if language is None else text(language))
    return term if found is None else found


def _has_role(ctx, role, username=None, usersource=None):
    if username is None or usersource is None:
        raise ExprError("hasRole(%r): in gateway scope (tags, alarms) the username and the "
                        "user source are required: hasRole(role, username, usersource)" % (role,))
    gw = _gateway(ctx)
    if gw is None:
        raise ExprError("hasRole(): no gateway, so no user sources to look in")
    users = _backend(gw, "users")
    try:
        src = users.source(text(usersource))
    except ValueError as exc:
        raise ExprError("hasRole(): %s" % (exc,))
    with users._lock:
        user = src["users"].get(text(username))
        roles = list(user.getRoles()) if user is not None else []
    return text(role) in roles


FUNCTIONS = {
    "translate": _translate,
    "hasrole": _has_role,
}
