"""``system.security``: credential checks against the gateway's user sources.

``validateUser`` / ``getUserRoles`` run in every scope (the Vision-client ones,
``getRoles``, ``lockScreen``..., are declared by the catalog). ``authProfile=''``
means the gateway's default user source (``default``). ``timeout`` (ms) is
accepted and validated; the simulated check never blocks. An unknown
``authProfile`` raises ``IllegalArgumentException`` (unverified text).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim._compat import integer_types
from gateway_sim.registry import implements


def _check(name, authProfile, timeout):
    if isinstance(timeout, bool) or not isinstance(timeout, integer_types) or timeout < 0:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("%s: timeout must be milliseconds >= 0, got %r"
                                       % (name, timeout))
    from gateway_sim import surface_config
    users = surface_config.backend(runtime.current(), "users")
    try:
        users.source(authProfile, "authProfile")
    except ValueError as exc:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("%s: %s" % (name, exc))
    return users


@implements("system.security.validateUser")
def validateUser(username, password, authProfile="", timeout=60000):
    """True if ``password`` is ``username``'s in ``authProfile``."""
    users = _check("validateUser", authProfile, timeout)
    return users.authenticate(authProfile, username, password) is not None


@implements("system.security.getUserRoles")
def getUserRoles(username, password, authProfile="", timeout=60000):
    """The user's roles (a tuple of strings) if the credentials are valid, else None."""
    users = _check("getUserRoles", authProfile, timeout)
    user = users.authenticate(authProfile, username, password)
    return None if user is None else tuple(user.getRoles())
