"""The simulated gateway: owns the clock, the data folder and every backend.

State lives in backends (``gateway_sim.backends.*``), one per ``system``
namespace; the ``system`` package is only the API surface that finds the current
gateway (``gateway_sim.runtime``) and delegates here (the moto split).

Backends are created on first use so that a test touching only tags never
imports a database driver. May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import tempfile
import threading

from gateway_sim._compat import string_types
from gateway_sim.clock import RealClock
from gateway_sim.errors import ConfigError

SUPPORTED_VERSIONS = ("8.1", "8.3")
# One default for Gateway(), Gateway.from_file(), the CLI and the pytest fixtures: 8.1 is
# the LTS release most projects in the field run (choice, not an Ignition fact).
DEFAULT_VERSION = "8.1"
# Keys of the ``gateway:`` section (checked like every other section: a typo such as
# ``dataDri`` must not silently put the data in a throw-away folder).
GATEWAY_KEYS = ("name", "version", "dataDir", "projectName", "interpreter", "logLevel")
# The data folder when ``gateway.dataDir`` is not set: next to the config file.
DEFAULT_DATA_DIR = ".gateway"
CONFIG_SECTIONS = ("gateway", "datasources", "defaultDatasource", "tagProviders",
                   "defaultTagProvider", "project", "projects", "http", "opcServers",
                   "modules", "files", "userSources", "perspective", "translations")


class Gateway(object):
    """One simulated Ignition gateway (one JVM's worth of state).

    Args:
        name: the gateway's system name (``[System]Gateway/SystemName``).
        data_dir: folder for SQLite files and exports; by default a temp folder that
            ``shutdown()`` removes (nothing is left in the system temp folder).
        clock: ``RealClock()`` (default) or ``VirtualClock()``.
        project_name: what ``system.util.getProjectName()`` returns.
        version: ``"8.1"`` or ``"8.3"``; selects version-specific behaviour
            (dataset iteration, deprecated functions).
        config: a dict in the gateway config format (see docs/cli.md), applied at once.
        config_dir: folder that relative paths in ``config`` are resolved against.
    """

    def __init__(self, name="gateway-sim", data_dir=None, clock=None, project_name="gateway_sim",
                 version=DEFAULT_VERSION, config=None, config_dir=None):
        if str(version) not in SUPPORTED_VERSIONS:
            raise ConfigError("unsupported Ignition version %r; use one of %s"
                              % (version, ", ".join(SUPPORTED_VERSIONS)))
        self.name = name
        self.version = str(version)
        self.project_name = project_name
        self.clock = clock if clock is not None else RealClock()
        self._own_data_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="gateway_sim-")
        if not os.path.isdir(self.data_dir):
            os.makedirs(self.data_dir)
        self.config_dir = config_dir or os.getcwd()
        self._lock = threading.RLock()
        self._backends = {}
        self._shutdown_hooks = []
        self.closed = False
        if config:
            try:
                self.configure(config, config_dir)
            except:  # noqa: E722 - a bad config (or a Java error on Jython): no half gateway left
                try:
                    self.shutdown()
                except Exception:
                    pass
                raise

    # --- construction from files ------------------------------------------
    @classmethod
    def from_file(cls, path, **kw):
        """Build a gateway from a JSON (or, on CPython, YAML) config file."""
        config = load_config_file(path)
        settings = gateway_settings(config, path)
        base = os.path.dirname(os.path.abspath(path))
        return cls(name=kw.pop("name", settings["name"]),
                   data_dir=kw.pop("data_dir", None) or settings["dataDir"],
                   project_name=kw.pop("project_name", settings["projectName"]),
                   version=kw.pop("version", settings["version"]),
                   config=config, config_dir=base, **kw)

    def configure(self, config, config_dir=None):
        """Apply a config dict: each section goes to the backend that owns it."""
        if not isinstance(config, dict):
            raise ConfigError("gateway config must be a mapping, got %s" % type(config).__name__)
        unknown = [k for k in config if k not in CONFIG_SECTIONS]
        if unknown:
            raise ConfigError("unknown config section(s) %s; known sections: %s"
                              % (", ".join(sorted(unknown)), ", ".join(CONFIG_SECTIONS)))
        base = config_dir or self.config_dir
        if "gateway" in config:
            check_gateway_section(config["gateway"])
        if "opcServers" in config:   # before tags, so OPC tags bind to their connection
            self.opc.configure(config["opcServers"])
        if "datasources" in config or "defaultDatasource" in config:
            self.databases.configure(config.get("datasources") or {},
                                     config.get("defaultDatasource"), base)
        if "tagProviders" in config or "defaultTagProvider" in config:
            self.tags.configure(config.get("tagProviders") or {},
                                config.get("defaultTagProvider"), base)
        if "http" in config:
            self.net.configure(config["http"], base)
        from gateway_sim import surface_config   # modules, files, userSources, perspective...
        surface_config.configure(self, config, base)
        if "project" in config or "projects" in config:
            self.projects.configure(config.get("project"), config.get("projects"), base)

    # --- backends (created on first use) ------------------------------------
    def _backend(self, key, factory):
        b = self._backends.get(key)
        if b is None:
            with self._lock:
                b = self._backends.get(key)
                if b is None:
                    b = factory(self)
                    self._backends[key] = b
        return b

    @property
    def tags(self):
        """Tag providers (``gateway_sim.backends.tags.TagBackend``)."""
        from gateway_sim.backends.tags import TagBackend
        return self._backend("tags", TagBackend)

    @property
    def opc(self):
        """Simulated OPC UA connections (``gateway_sim.backends.opc.OpcBackend``)."""
        from gateway_sim.backends.opc import OpcBackend
        return self._backend("opc", OpcBackend)

    @property
    def databases(self):
        """Datasources and transactions (``gateway_sim.backends.database.DatabaseBackend``)."""
        from gateway_sim.backends.database import DatabaseBackend
        return self._backend("databases", DatabaseBackend)

    @property
    def util(self):
        """Globals, loggers, message handlers (``gateway_sim.backends.util.UtilBackend``)."""
        from gateway_sim.backends.util import UtilBackend
        return self._backend("util", UtilBackend)

    @property
    def net(self):
        """HTTP clients (``gateway_sim.backends.net.NetBackend``; CPython needs httpx)."""
        from gateway_sim.backends.net import NetBackend
        return self._backend("net", NetBackend)

    @property
    def projects(self):
        """Loaded Ignition projects and their event scripts (``gateway_sim.project``)."""
        from gateway_sim.project import ProjectRuntime
        return self._backend("projects", ProjectRuntime)

    def script_globals(self):
        """Implicit globals of project scripts: ``system`` plus, when a project is
        loaded, its top-level script-python packages (as in a gateway)."""
        import gateway_sim.system as system_pkg
        g = {"system": system_pkg}
        if "projects" in self._backends:
            g.update(self._backends["projects"].implicit_globals())
        return g

    def has_backend(self, key):
        return key in self._backends

    # --- lifecycle -----------------------------------------------------------
    def on_shutdown(self, fn):
        """Register ``fn()`` to run when the gateway shuts down (last in, first out)."""
        self._shutdown_hooks.append(fn)
        return fn

    def shutdown(self):
        """Stop timers, run shutdown hooks, close backends. Idempotent."""
        if self.closed:
            return
        self.closed = True
        errors = []
        for fn in reversed(self._shutdown_hooks):
            try:
                fn()
            except Exception as exc:
                errors.append(exc)
        try:
            self._stop_engine()
        except Exception as exc:
            errors.append(exc)
        self.clock.close()
        for key in ("projects", "net", "tags", "opc", "util", "databases"):
            b = self._backends.get(key)
            if b is not None and hasattr(b, "close"):
                try:
                    b.close()
                except Exception as exc:
                    errors.append(exc)
        if self._own_data_dir:  # a temp folder nobody named: leave nothing behind
            shutil.rmtree(self.data_dir, ignore_errors=True)
        if errors:
            raise errors[0]

    # The engine's runtime kernel lives in this gateway's globals; its worker threads would
    # otherwise outlive the gateway, retrying against one that is gone. Engines loaded as
    # project library modules are stopped by the project's shutdown script (projects
    # backend, closed above); this stops the one imported as a plain package.
    def _stop_engine(self):
        import sys
        util = self._backends.get("util")
        instance = sys.modules.get("exchange.workflows.engine.instance")
        if util is None or instance is None:
            return
        key = getattr(sys.modules.get("exchange.workflows.settings"), "KERNEL_KEY", None)
        if key is None or key not in util.globals:
            return
        from gateway_sim.simulate import simulate
        with simulate(self):
            instance.shutdownRuntime(5)

    def __enter__(self):
        from gateway_sim.simulate import simulate
        self._sim = simulate(self)
        self._sim.__enter__()
        return self

    def __exit__(self, *exc):
        try:
            self._sim.__exit__(*exc)
        finally:
            self.shutdown()
        return False

    def __repr__(self):
        return "<Gateway %s (Ignition %s)>" % (self.name, self.version)


def check_gateway_section(section, source=None):
    """Raise ``ConfigError`` for a ``gateway:`` section that is not a mapping of known keys."""
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise ConfigError("the gateway section must be a mapping (name, version, dataDir...), "
                          "got %s" % type(section).__name__, source=source, node="gateway")
    unknown = sorted(k for k in section if k not in GATEWAY_KEYS)
    if unknown:
        raise ConfigError("unknown key(s) %s in the gateway section; known keys: %s"
                          % (", ".join(unknown), ", ".join(GATEWAY_KEYS)),
                          source=source, node="gateway")
    version = section.get("version")
    if version is not None and str(version) not in SUPPORTED_VERSIONS:
        raise ConfigError("gateway.version is %r; use one of %s (quoted in YAML: \"8.3\")"
                          % (version, ", ".join(SUPPORTED_VERSIONS)), source=source,
                          node="gateway.version")
    return section


def gateway_settings(config, path=None):
    """The ``gateway:`` section of a config read from ``path``, checked, with defaults.

    ``dataDir`` is absolute: relative to the config file, ``.gateway`` next to it by
    default (never a throw-away folder, so runs survive between commands).
    """
    section = check_gateway_section(config.get("gateway"), source=path)
    base = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
    data_dir = section.get("dataDir") or DEFAULT_DATA_DIR
    if not isinstance(data_dir, string_types):
        raise ConfigError("gateway.dataDir must be a folder path, got %r" % (data_dir,),
                          source=path, node="gateway.dataDir")
    return {"name": str(section.get("name", "gateway-sim")),
            "version": str(section.get("version", DEFAULT_VERSION)),
            "dataDir": os.path.normpath(os.path.join(base, data_dir)),
            "projectName": section.get("projectName", "gateway_sim"),
            "interpreter": section.get("interpreter", "cpython"),
            "logLevel": section.get("logLevel")}


def load_config_file(path):
    """Read a gateway config file (``.json``, or ``.yaml``/``.yml`` on CPython)."""
    if not os.path.isfile(path):
        raise ConfigError("config file not found", source=path)
    with open(path) as f:
        text = f.read()
    lower = path.lower()
    if lower.endswith((".yaml", ".yml")):
        try:
            import yaml
        except ImportError:
            raise ConfigError("YAML configs need PyYAML (pip install pyyaml); "
                              "on Jython use the JSON form", source=path)
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ConfigError("invalid YAML: %s" % (exc,), source=path)
    else:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ConfigError("invalid JSON: %s" % (exc,), source=path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("top level must be a mapping of sections", source=path)
    return data
