"""Module namespaces plugged into one gateway (``system.twilio``, a vendor's ``system.mes``).

A real gateway has ``system.twilio`` only when the Twilio module is installed; the
simulator likewise has none until one is plugged in, from the gateway config::

    "modules": {"system.twilio": "tests.fakes.twilio",   # a module path: its functions
                "system.secsgem": null}                  # declared only: each raises
                                                         # NotImplementedInSimulator

or from Python (``gateway_sim.surface_config.plug_module(gw, "system.twilio", obj)``) or
the pytest fixture ``plug_module("system.twilio", obj)``.
Catalog functions the plugged object lacks are declared with the stubs' parameters.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import importlib
import threading
import types

from gateway_sim._compat import string_types
from gateway_sim.errors import ConfigError


class ModuleBackend(object):
    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.Lock()
        self._plugged = {}

    def configure(self, section, base_dir=None):
        if isinstance(section, (list, tuple)):
            section = dict((name, None) for name in section)
        if not isinstance(section, dict):
            raise ConfigError("modules must map a namespace (\"system.twilio\") to a Python "
                              "module path or null", node="modules")
        for namespace, impl in sorted(section.items()):
            if impl is not None and not isinstance(impl, string_types):
                raise ConfigError("modules.%s must be a Python module path or null, got %r"
                                  % (namespace, impl), node="modules")
            self.plug(namespace, impl)

    def plug(self, namespace, impl=None):
        """Make ``namespace`` exist on this gateway, served by ``impl`` (a module, any
        object with the functions as attributes, a module path, or None)."""
        from gateway_sim import catalog, surface
        if not isinstance(namespace, string_types) or not namespace.startswith("system.") \
                or namespace.count(".") != 1:
            raise ConfigError("module namespace must look like \"system.twilio\", got %r"
                              % (namespace,), node="modules")
        if namespace in catalog.PLATFORM_NAMESPACES:
            raise ConfigError("%s is part of the platform, not a pluggable module; plug only "
                              "module namespaces such as %s" % (
                                  namespace, ", ".join(catalog.MODULE_NAMESPACES)),
                              node="modules")
        if isinstance(impl, string_types):
            try:
                impl = importlib.import_module(impl)
            except ImportError as exc:
                raise ConfigError("cannot import %r for %s: %s" % (impl, namespace, exc),
                                  node="modules")
        ns = surface.wrap_plugged(namespace, impl if impl is not None
                                  else types.ModuleType(namespace))
        with self._lock:
            self._plugged[namespace] = ns
        return ns

    def unplug(self, namespace):
        with self._lock:
            self._plugged.pop(namespace, None)

    def get(self, namespace):
        with self._lock:
            return self._plugged.get(namespace)

    def names(self):
        with self._lock:
            return sorted(self._plugged)
