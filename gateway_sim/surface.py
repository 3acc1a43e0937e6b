"""The ``system`` package as a script sees it: exactly the simulated version's names.

Every catalog namespace (``gateway_sim.catalog``) becomes a ``Namespace``: a module
object that wraps the implementation module (``gateway_sim/system/<name>.py``, or an
empty one when the simulator has none) and answers attribute lookups for the
*current* gateway (``gateway_sim.runtime``):

* a function the simulated version lacks is an ``AttributeError`` (``execQuery`` on
  8.1), as on a real gateway, even though the implementation module defines it;
* every catalog function of the version exists: implemented, or declared by
  ``gateway_sim.registry`` with the stub's parameters, raising
  ``NotImplementedInSimulator`` (a gap) or, for Vision-client functions, the
  ``AttributeError`` a gateway raises;
* namespaces of optional modules (``system.twilio``...) exist only when plugged into
  the gateway (config section ``modules``, ``surface_config.plug_module(gw, ...)``
  or the pytest fixture ``plug_module``).

With no gateway running every name of either version is visible (calls then raise
``NoGatewayError``). Version-only namespaces (8.3's ``system.vision``...) and plugged
modules are found through the package's module ``__getattr__`` (PEP 562): on Jython
2.7, which lacks it, every platform namespace of either version is set on the
package instead (function-level version filtering still applies). ``import system.db``
and ``from system.db import x`` resolve to the same namespace objects (an import
hook); the import system caches ``sys.modules["system.<name>"]``, so a version-only
namespace imported that way stays importable for the rest of the process.

Single-source 2.7/3.x. May import: ``gateway_sim`` core (catalog, registry, runtime).
"""
from __future__ import absolute_import, division, print_function

import os
import sys
import threading
import types

from gateway_sim import catalog, registry, runtime

_lock = threading.RLock()
_namespaces = {}       # qualified namespace -> Namespace
_hidden = {}           # (namespace, version) -> catalog names that version lacks
_allowed = {}          # (namespace, version) -> every public name that version has
_rules = {}            # namespace -> {version: (hidden, allowed or None)}: the fast path
PEP562 = sys.version_info >= (3, 7)


def _current_version():
    """The active gateway's version, without a lock (this runs on every ``system.x.y``
    access; a list read is atomic, and a concurrent pop only means "no gateway")."""
    try:
        return runtime._stack[-1].version
    except IndexError:
        return None


_module_getattribute = types.ModuleType.__getattribute__


def _absent(qualified, name, version):
    """The AttributeError text for ``qualified.name``; ``version`` when it exists on the
    other version."""
    if version is None:
        return "'%s' object has no attribute '%s' (%s has no %s)" % (
            registry.SCRIPT_PACKAGE, name, qualified, name)
    other = [v for v in catalog.versions_of(qualified, name) if v != version]
    return ("'%s' object has no attribute '%s' (%s.%s exists on Ignition %s, not on the "
            "simulated %s gateway: choose the gateway version that matches your target)"
            % (registry.SCRIPT_PACKAGE, name, qualified, name, "/".join(other), version))


class Namespace(types.ModuleType):
    """One ``system.<name>`` namespace, filtered by the current gateway's version."""

    def __init__(self, qualified, impl, fallback=None):
        types.ModuleType.__init__(self, qualified, getattr(impl, "__doc__", None))
        self.__dict__["_impl"] = impl
        self.__dict__["_fallback"] = fallback     # declared raisers behind a plugged module
        self.__dict__["_qualified"] = qualified

    def __getattribute__(self, name):
        # Every public attribute goes through here (not __getattr__, whose miss path costs
        # a failed module lookup per call); private and dunder names take the normal path.
        if name[:1] == "_":
            return _module_getattribute(self, name)
        d = _module_getattribute(self, "__dict__")
        qualified = d["_qualified"]
        version = _current_version()
        if version is not None:
            rules = _rules.get(qualified)
            if rules is not None:
                hidden, allowed = rules[version]
                if allowed is not None and d["_fallback"] is None:
                    if name not in allowed:     # the other version's, or a module helper
                        raise AttributeError(_absent(qualified, name,
                                                     version if name in hidden else None))
                elif name in hidden:
                    raise AttributeError(_absent(qualified, name, version))
        try:
            return getattr(d["_impl"], name)
        except AttributeError:
            fallback = d["_fallback"]
            if fallback is not None and name in vars(fallback):
                return vars(fallback)[name]
            raise AttributeError(_absent(qualified, name, None))

    def __getattr__(self, name):
        # called when __getattribute__ raised AttributeError: only private names the
        # namespace object lacks go on to the implementation module
        d = _module_getattribute(self, "__dict__")
        if name[:1] != "_":
            version = _current_version()
            hidden = version is not None and name in _hidden.get((d["_qualified"], version), ())
            raise AttributeError(_absent(d["_qualified"], name, version if hidden else None))
        return getattr(d["_impl"], name)

    def __setattr__(self, name, value):
        if name.startswith("__"):      # module metadata (the import system sets some) is ours
            self.__dict__[name] = value
            return
        setattr(self.__dict__["_impl"], name, value)

    def __delattr__(self, name):
        delattr(self.__dict__["_impl"], name)

    def __dir__(self):
        d = self.__dict__
        version = _current_version()
        names = set(dir(d["_impl"])) | set(vars(d["_fallback"]) if d["_fallback"] else ())
        allowed = _allowed.get((d["_qualified"], version))
        if version is None or allowed is None:
            return sorted(names)
        if d["_fallback"] is not None:
            return sorted(n for n in names if n not in _hidden.get((d["_qualified"], version), ()))
        return sorted(n for n in names if n.startswith("_") or n in allowed)

    def __repr__(self):
        return "<module '%s' (gateway_sim)>" % (self.__dict__["_qualified"],)


def implementation(namespace):
    """The implementation module behind ``namespace`` (``gateway_sim.system.<name>``)."""
    return namespace_object(namespace).__dict__["_impl"]


def namespace_object(namespace):
    """The ``Namespace`` object of ``namespace`` (built on first use)."""
    ns = _namespaces.get(namespace)
    if ns is None:
        with _lock:
            ns = _namespaces.get(namespace)
            if ns is None:
                ns = _build(namespace, _load_impl(namespace))
    return ns


def _load_impl(namespace):
    """``gateway_sim/system/<short>.py`` when the simulator has one, else an empty module."""
    short = namespace[len("system."):]
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "system")
    rel = short.replace(".", os.sep)
    if os.path.isfile(os.path.join(folder, rel + ".py")) or os.path.isfile(
            os.path.join(folder, rel, "__init__.py")):
        modname = "gateway_sim.system." + short
        __import__(modname)
        return sys.modules[modname]
    mod = types.ModuleType("gateway_sim.system." + short,
                           "%s: no simulator implementation; every function raises "
                           "NotImplementedInSimulator (or, for client scope, AttributeError)."
                           % namespace)
    return mod


def _build(namespace, impl, register=True):
    registry.declare_missing(vars(impl), namespace, catalog.names(namespace))
    for name, value in catalog.constants(namespace).items():
        if name not in vars(impl):       # the stubs' value (Java constants: unverified copies)
            setattr(impl, name, value)
    _set_hidden(namespace)
    ns = Namespace(namespace, impl)
    if register:
        _namespaces[namespace] = ns
    # nested namespaces (system.perspective.workstation) hang off their parent
    for child in catalog.ALL_NAMESPACES:
        if child.startswith(namespace + ".") and child.count(".") == namespace.count(".") + 1 \
                and child not in catalog.MODULE_NAMESPACES:
            setattr(impl, child.rsplit(".", 1)[1], namespace_object(child))
    return ns


def _set_hidden(namespace):
    everything = set(catalog.names(namespace)) | set(catalog.constants(namespace))
    children = set(c.rsplit(".", 1)[1] for c in catalog.ALL_NAMESPACES
                   if c.startswith(namespace + ".") and c.count(".") == namespace.count(".") + 1)
    for version in catalog.VERSIONS:
        have = set(catalog.names(namespace, version)) | set(catalog.constants(namespace, version))
        _hidden[(namespace, version)] = frozenset(everything - have)
        if namespace in catalog.FUNCTIONS:
            _allowed[(namespace, version)] = frozenset(have | children)
    _rules[namespace] = dict((v, (_hidden[(namespace, v)], _allowed.get((namespace, v))))
                             for v in catalog.VERSIONS)


def wrap_plugged(namespace, impl):
    """A ``Namespace`` for a user-supplied module or object (``modules`` config / plug):
    its own attributes first, then the catalog's declared functions it lacks."""
    fallback = types.ModuleType(namespace)
    registry.declare_missing(vars(fallback), namespace,
                             [n for n in catalog.names(namespace) if not hasattr(impl, n)])
    with _lock:
        _set_hidden(namespace)
    return Namespace(namespace, impl, fallback)


_static = set()        # short names set on the package (platform, both versions)


class _Package(types.ModuleType):
    """The ``gateway_sim.system`` package on CPython: the import system may not pin a
    version-only or plugged namespace onto it (``import system.historian`` sets the
    parent's attribute), which would bypass the per-gateway ``__getattr__``."""

    def __setattr__(self, name, value):
        if isinstance(value, Namespace) and name not in _static:
            return
        types.ModuleType.__setattr__(self, name, value)


def install(package):
    """Put every platform namespace present in both versions on ``package`` (the
    ``gateway_sim.system`` package); the rest is found by ``package_getattr``. Also
    routes ``import system.db`` to these namespaces (``_AliasFinder``)."""
    for namespace in catalog.PLATFORM_NAMESPACES:
        if namespace.count(".") != 1:
            continue
        short = namespace[len("system."):]
        ns = namespace_object(namespace)
        if PEP562 and catalog.namespace_versions(namespace) != catalog.VERSIONS:
            package.__dict__.pop(short, None)
            continue
        _static.add(short)
        setattr(package, short, ns)
        if not PEP562:
            # Jython resolves ``import system.db`` through the package's own name and
            # would bind the implementation module; a ready entry is taken first.
            sys.modules["system." + short] = ns
    if PEP562:
        package.__class__ = _Package
    if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())


class _AliasFinder(object):
    """``import system.db`` / ``from system.db import x`` while the simulator is
    ``system``: the namespace objects, never a second copy of an implementation module
    loaded through the package's folder (which would also replace the namespace)."""

    @staticmethod
    def _target(fullname):
        if not fullname.startswith("system."):
            return None
        obj = sys.modules.get("system")
        if obj is None or getattr(obj, "__name__", None) != "gateway_sim.system":
            return None
        try:
            for part in fullname.split(".")[1:]:
                obj = getattr(obj, part)
        except AttributeError:
            return None
        return obj if isinstance(obj, Namespace) else None

    def find_module(self, fullname, path=None):      # PEP 302 (Jython 2.7)
        return self if self._target(fullname) is not None else None

    def load_module(self, fullname):
        mod = self._target(fullname)
        if mod is None:
            raise ImportError("No module named %s" % fullname)
        sys.modules[fullname] = mod
        return mod

    def find_spec(self, fullname, path=None, target=None):   # PEP 451 (CPython)
        if self._target(fullname) is None:
            return None
        import importlib.util
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        return self._target(spec.name)

    def exec_module(self, module):
        return None


def package_dir(package):
    """``dir(system)``: the namespaces the current gateway has (plus module metadata)."""
    names = set(n for n in vars(package) if n.startswith("__") or n in _static)
    gw = runtime.active()
    for namespace in catalog.PLATFORM_NAMESPACES:
        if namespace.count(".") == 1 and (gw is None or gw.version in
                                          catalog.namespace_versions(namespace)):
            names.add(namespace[len("system."):])
    if gw is not None:
        from gateway_sim import surface_config
        if surface_config.has_backend(gw, "modules"):
            names.update(ns[len("system."):] for ns in surface_config.backend(gw, "modules").names())
    return sorted(names)


def package_getattr(name):
    """``system.<name>`` for version-only namespaces and plugged modules (PEP 562)."""
    namespace = "system." + name
    gw = runtime.active()
    if gw is not None:
        from gateway_sim import surface_config
        if surface_config.has_backend(gw, "modules"):
            plugged = surface_config.backend(gw, "modules").get(namespace)
            if plugged is not None:
                return plugged
    if namespace in catalog.PLATFORM_NAMESPACES and not name.startswith("_"):
        if gw is None or gw.version in catalog.namespace_versions(namespace):
            return namespace_object(namespace)
        raise AttributeError("'%s' object has no attribute '%s' (%s exists on Ignition %s, "
                             "not on the simulated %s gateway)"
                             % (registry.SCRIPT_PACKAGE, name, namespace,
                                "/".join(catalog.namespace_versions(namespace)), gw.version))
    if namespace in catalog.MODULE_NAMESPACES:
        raise AttributeError(
            "'%s' object has no attribute '%s' (%s comes from an optional Ignition module this "
            "simulated gateway does not have: plug one in with the gateway config section "
            "\"modules\" or the pytest fixture plug_module(%r, impl))"
            % (registry.SCRIPT_PACKAGE, name, namespace, namespace))
    raise AttributeError("'%s' object has no attribute '%s'" % (registry.SCRIPT_PACKAGE, name))
