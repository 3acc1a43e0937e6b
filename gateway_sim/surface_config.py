"""Gateway config sections and per-gateway state of the gateway-scope namespaces.

``modules`` (plugged-in module namespaces), ``files`` (the root of ``system.file``),
``userSources`` (``system.user`` / ``system.security``), ``perspective`` (simulated
sessions) and ``translations`` (``system.util.translate``). ``Gateway.configure``
hands these sections here; ``backend(gw, key)`` returns the gateway's backend for
one of them, created on first use and closed at shutdown.
Single-source 2.7/3.x. May import: ``gateway_sim`` core (backends lazily).
"""
from __future__ import absolute_import, division, print_function

SECTIONS = ("modules", "files", "userSources", "perspective", "translations")

_FACTORIES = {
    "modules": ("gateway_sim.backends.modules", "ModuleBackend"),
    "files": ("gateway_sim.backends.files", "FileBackend"),
    "users": ("gateway_sim.backends.users", "UserBackend"),
    "perspective": ("gateway_sim.backends.perspective", "PerspectiveBackend"),
    "translations": ("gateway_sim.backends.translations", "TranslationBackend"),
    "processes": ("gateway_sim.backends.processes", "ProcessBackend"),
    "audit": ("gateway_sim.backends.audit", "AuditBackend"),
    "mail": ("gateway_sim.backends.mail", "MailBackend"),
}
_SECTION_BACKEND = {"modules": "modules", "files": "files", "userSources": "users",
                    "perspective": "perspective", "translations": "translations"}


def backend(gateway, key):
    """The gateway's backend ``key`` (one of ``_FACTORIES``), created on first use."""
    modname, clsname = _FACTORIES[key]

    def factory(gw):
        __import__(modname)
        import sys
        b = getattr(sys.modules[modname], clsname)(gw)
        if hasattr(b, "close"):
            gw.on_shutdown(b.close)
        return b
    return gateway._backend("surface." + key, factory)


def has_backend(gateway, key):
    return gateway.has_backend("surface." + key)


def configure(gateway, config, base_dir):
    """Apply this module's sections of a gateway config dict."""
    for section in SECTIONS:
        if section in config:
            backend(gateway, _SECTION_BACKEND[section]).configure(config[section], base_dir)


def plug_module(gateway, namespace, impl=None):
    """Plug a module namespace (``"system.twilio"``) into ``gateway``, served by ``impl``
    (a module, an object with the functions as attributes, a module path, or None:
    every catalog function then raises NotImplementedInSimulator). Returns it."""
    return backend(gateway, "modules").plug(namespace, impl)
