"""Catalog of Ignition's ``system.*`` scripting functions, per version (8.1, 8.3).

The facts (names, parameter names and defaults, which version has what) are
generated into ``gateway_sim.catalog_data`` from the public ``ignition-api`` stubs
by ``tools/catalog_from_stubs.py``; this module adds the simulator's reading of
them: which namespaces a simulated gateway has without configuration
(``PLATFORM_NAMESPACES``), which come from optional modules and must be plugged in
(``MODULE_NAMESPACES``), and which functions are Vision-client scope
(``is_client``), which a gateway script cannot call.

Used by ``gateway_sim.surface`` (the version-exact ``system`` package),
``gateway_sim.coverage`` (COVERAGE.md) and the surface tests.
Single-source 2.7/3.x. May import: ``gateway_sim.catalog_data``, ``gateway_sim.registry``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.catalog_data import FUNCTIONS, STUBS  # noqa: F401

VERSIONS = ("8.1", "8.3")
BOTH = VERSIONS
ONLY_83 = ("8.3",)

# Namespaces that exist only when a gateway has the (optional, separately licensed or
# downloaded) module installed: plug them in from the gateway config (``modules``) or
# ``gateway.modules.plug(...)``. Everything else is a platform or standard-install module.
MODULE_NAMESPACES = ("system.bacnet", "system.dnp", "system.dnp3", "system.eam",
                     "system.iec61850", "system.kafka", "system.mongodb", "system.secsgem",
                     "system.twilio")

# Vision-client namespaces: absent from a gateway's scripting scope.
CLIENT_NAMESPACES = ("system.gui", "system.nav", "system.vision",
                     "system.perspective.workstation")
# Functions of other namespaces that 8.3 moved into ``system.vision`` are client scope,
# except these, which the 8.1 manual documents for every scope (unverified for 8.3).
_NOT_CLIENT = frozenset(["system.util.getEdition", "system.net.getExternalIpAddress",
                         "system.perspective.logout", "system.user.getRoles"])
_CLIENT_EXTRA = frozenset(["system.db.refresh"])  # refreshes a Vision component binding

NAMESPACES = tuple(sorted(ns for ns in FUNCTIONS if ns not in MODULE_NAMESPACES))
PLATFORM_NAMESPACES = NAMESPACES
ALL_NAMESPACES = tuple(sorted(FUNCTIONS))

_VISION = frozenset(FUNCTIONS.get("system.vision", {}))


def _norm(namespace):
    return namespace if namespace.startswith("system.") else "system." + namespace


def versions_of(namespace, name):
    """The versions whose gateway has ``namespace.name`` (``()`` if none)."""
    entry = FUNCTIONS.get(_norm(namespace), {}).get(name)
    if entry is None:
        return ()
    return tuple(v for v, sig in zip(VERSIONS, entry) if sig is not None)


def signature(namespace, name, version):
    """The stub signature of ``namespace.name`` on ``version`` (see catalog_data), or None."""
    entry = FUNCTIONS.get(_norm(namespace), {}).get(name)
    return None if entry is None else entry[VERSIONS.index(version)]


def _is_constant(sig):
    return isinstance(sig, str) and sig.startswith("const:")


def names(namespace, version=None):
    """Function (and object) names of ``namespace`` (``"system.util"`` or ``"util"``),
    sorted; with ``version``, only those that version has. Constants: ``constants``."""
    fns = FUNCTIONS.get(_norm(namespace), {})
    if version is None:
        return sorted(n for n, entry in fns.items()
                      if not any(_is_constant(sig) for sig in entry))
    i = VERSIONS.index(version)
    return sorted(n for n, entry in fns.items()
                  if entry[i] is not None and not _is_constant(entry[i]))


def constants(namespace, version=None):
    """``{name: value}`` of the constants of ``namespace`` (on ``version``, or on either:
    the newest value)."""
    import ast
    out = {}
    for n, entry in FUNCTIONS.get(_norm(namespace), {}).items():
        sigs = [entry[VERSIONS.index(version)]] if version else list(entry)
        for sig in sigs:
            if _is_constant(sig):
                out[n] = ast.literal_eval(sig[len("const:"):])
    return out


def namespace_versions(namespace):
    """The versions that have at least one function of ``namespace``."""
    fns = FUNCTIONS.get(_norm(namespace), {})
    return tuple(v for i, v in enumerate(VERSIONS)
                 if any(e[i] is not None and not _is_constant(e[i]) for e in fns.values()))


def is_client(namespace, name):
    """True for Vision-client functions (a gateway script cannot call them)."""
    namespace = _norm(namespace)
    q = "%s.%s" % (namespace, name)
    if namespace in CLIENT_NAMESPACES or q in _CLIENT_EXTRA:
        return True
    return name in _VISION and q not in _NOT_CLIENT


def note(namespace, name):
    """Short note for the coverage page: client scope, version-only, deprecated."""
    parts = []
    if is_client(namespace, name):
        parts.append("client")
    vs = versions_of(namespace, name)
    if vs == ("8.3",):
        parts.append("8.3 only")
    elif vs == ("8.1",):
        parts.append("8.1 only")
    return ", ".join(parts)


def entries(namespace):
    """``(name, versions, note)`` tuples of ``namespace``, sorted by name."""
    return [(n, versions_of(namespace, n), note(namespace, n)) for n in names(namespace)]


def qualified_names():
    return sorted("%s.%s" % (ns, n) for ns in NAMESPACES for n in names(ns))


def declare_all():
    """Kept for callers of the old API: ``gateway_sim.surface`` now builds every namespace."""
    import gateway_sim.system  # noqa: F401
