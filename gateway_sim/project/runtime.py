"""Projects running on a simulated gateway: ``gw.projects`` (``ProjectRuntime``).

Loads project folders (``gateway_sim.project.model``), gives each a script
namespace (``importer.ScriptNamespace``), registers its named queries with the
database backend and runs its gateway events: startup, shutdown, update,
timers (gateway clock, delay / fixed delay or rate / enabled), scheduled (cron),
tag change (tag subscriptions) and message handlers.

``reload_scripts()`` is a project save: the project is re-read from disk, every
module is discarded and a new namespace takes over (new runs of events use new
code, ``update`` fires); ``system.util.getGlobals()`` and threads already running
are untouched, so those threads keep running the old code.

Event scripts that raise are logged (logger per event kind, full traceback) and
do not stop their timer. May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import os
import threading
import traceback

from gateway_sim._compat import string_types
from gateway_sim.errors import ConfigError
from gateway_sim.project import events as ev_mod
from gateway_sim.project.importer import ScriptNamespace
from gateway_sim.project.library import package_modules
from gateway_sim.project.model import resolve_project

LOGGERS = {"startup": "StartupScript", "shutdown": "ShutdownScript", "update": "UpdateScript",
           "timer": "TimerScripts", "scheduled": "ScheduledScripts",
           "tag-change": "TagChangeScripts", "message": "MessageHandlers"}
LIBRARY_LOGGER = "ScriptManager"


def _catchable():
    try:
        from gateway_sim.jvm import Throwable
        return (Exception, Throwable)
    except Exception:  # jvm not available: plain Python exceptions only
        return (Exception,)


class _PyLogger(object):
    """Fallback when the util backend is missing: Python logging with Ignition's method names."""

    def __init__(self, name):
        import logging
        self._log = logging.getLogger(name)

    def info(self, msg):
        self._log.info(msg)

    def warn(self, msg):
        self._log.warning(msg)

    def error(self, msg):
        self._log.error(msg)

    def debug(self, msg):
        self._log.debug(msg)


def get_logger(gateway, name):
    """The gateway's Ignition-style logger ``name`` (records kept in ``gw.util.records``)."""
    try:
        return gateway.util.get_logger(name)
    except (ImportError, AttributeError):
        return _PyLogger(name)


class _TagChangeEvent(object):
    """The ``event`` argument of ``onTagChange``: tag path plus both values."""

    def __init__(self, path, previous, current):
        self.tagPath = path
        self.previousValue = previous
        self.currentValue = current

    def getTagPath(self):
        return self.tagPath

    def getPreviousValue(self):
        return self.previousValue

    def getCurrentValue(self):
        return self.currentValue

    def __repr__(self):
        return "TagChangeEvent(%s, %r -> %r)" % (self.tagPath, self.previousValue, self.currentValue)


def _qv_parts(qv):
    if qv is None:
        return (None, None, None)
    get = lambda attr: getattr(qv, attr, None)  # noqa: E731
    quality = get("quality")
    return (get("value"), str(quality) if quality is not None else None, get("timestamp"))


class LoadedProject(object):
    """One project on the gateway: its resources, current namespace and event bindings."""

    def __init__(self, runtime, path, name=None, python_packages=None, events_file=None,
                 projects_dirs=None):
        self.runtime = runtime
        self.gateway = runtime.gateway
        self.path = os.path.abspath(path)
        self._name = name
        self.python_packages = list(python_packages or [])
        self.events_file = events_file
        self.projects_dirs = list(projects_dirs or [])
        self._lock = threading.RLock()
        self._bindings = []
        self._exec_counts = {}
        self.namespaces = []
        self.namespace = None
        self.started = False
        self.resolved = self._read()
        self._new_namespace()

    # --- resources ------------------------------------------------------------
    def _read(self):
        extra = {}
        for pkg in self.python_packages:
            extra.update(package_modules(pkg, self._name or os.path.basename(self.path)))
        return resolve_project(self.path, self._name, self.projects_dirs, extra, self.events_file)

    @property
    def name(self):
        return self.resolved.name

    @property
    def info(self):
        return self.resolved.info

    @property
    def events(self):
        return self.resolved.events

    @property
    def named_queries(self):
        return self.resolved.named_queries

    def _new_namespace(self):
        lib_log = get_logger(self.gateway, LIBRARY_LOGGER)
        ns = ScriptNamespace(self.resolved.modules, self.name, self.runtime.base_globals,
                             on_error=lib_log.error)
        self.namespaces.append(ns)
        self.namespace = ns
        return ns

    def _register_named_queries(self):
        if not self.named_queries:
            return
        try:
            register = self.gateway.databases.register_named_query
        except (ImportError, AttributeError):
            get_logger(self.gateway, LIBRARY_LOGGER).warn(
                "project %s has named queries but the database backend cannot register them yet"
                % self.name)
            return
        for path in sorted(self.named_queries):
            nq = self.named_queries[path]
            register(self.name, path, nq.sql, nq.type, database=nq.database,
                     parameters=nq.parameters)

    # --- lifecycle ------------------------------------------------------------
    def start(self, run_startup=True):
        """Create the script namespace and start the gateway events."""
        with self._lock:
            if self.namespace is None:
                self._new_namespace()
            self._register_named_queries()
            self.started = True
            if run_startup:
                self._run_singleton("startup")
            self._bind_events()
        return self

    def stop(self, run_shutdown=True):
        """Stop timers, subscriptions and handlers, then run the shutdown script."""
        with self._lock:
            if not self.started:
                return
            self._unbind_events()
            self.started = False
        if run_shutdown:
            self._run_singleton("shutdown")

    def reload(self):
        """A project save: re-read from disk, new namespace, rebind events, fire ``update``."""
        with self._lock:
            resolved = self._read()  # a config error leaves the running project untouched
            was_started = self.started
            if was_started:
                self._unbind_events()
            self.resolved = resolved
            self._new_namespace()
            if was_started:
                self._register_named_queries()
                self._bind_events()
        if was_started:
            self._run_singleton("update", "gateway-sim",
                                sorted(self.resolved.modules) + sorted(self.named_queries))
        return self.namespace

    # --- running scripts --------------------------------------------------------
    def import_module(self, dotted):
        """The library module ``dotted`` from the current namespace (executed)."""
        from gateway_sim.simulate import simulate
        ns = self.namespace or self._new_namespace()
        with simulate(self.gateway):
            return ns.get(dotted)

    def handler(self, event, ns=None):
        """The compiled handler function of ``event`` in namespace ``ns`` (default: current)."""
        ns = ns or self.namespace or self._new_namespace()
        cache = ns.event_handlers
        fn = cache.get(event.key)
        if fn is None:
            text, offset = ev_mod.handler_source(event)
            code = ns.compile(text, event.code_name(self.name), event.display_path, offset,
                              log=False)
            g = ns.make_globals(event.code_name(self.name))
            exec(code, g)
            fn = g[event.handler]
            cache[event.key] = fn
        return fn

    def run_event(self, event, *args):
        """Run one event script now; errors are logged (never raised)."""
        from gateway_sim.simulate import simulate
        log = get_logger(self.gateway, LOGGERS[event.kind])
        try:
            fn = self.handler(event)
            with simulate(self.gateway):
                return fn(*args)
        except _catchable() as exc:
            log.error("Error executing %s (%s): %s\n%s"
                      % (event.code_name(self.name), event.display_path, _exc_text(exc),
                         traceback.format_exc()))
            return None

    def _run_singleton(self, kind, *args):
        event = self.events.get((kind, kind))
        if event is not None and event.enabled:
            self.run_event(event, *args)

    def _bind_events(self):
        for key in sorted(self.events):
            event = self.events[key]
            if not event.enabled or event.kind in ("startup", "shutdown", "update"):
                continue
            binder = getattr(self, "_bind_" + event.kind.replace("-", "_"))
            self._bindings.append(binder(event))

    def _unbind_events(self):
        bindings, self._bindings = self._bindings, []
        for undo in bindings:
            try:
                undo()
            except _catchable() as exc:
                get_logger(self.gateway, LIBRARY_LOGGER).warn("stopping an event failed: %s"
                                                              % _exc_text(exc))

    def _bind_timer(self, event):
        delay_s = float(event.attributes.get("delay", 10000)) / 1000.0
        fixed_delay = event.attributes.get("fixedDelay", True) is not False
        timer = self.gateway.clock.call_every(delay_s, self.run_event, event,
                                              fixed_rate=not fixed_delay, initial_delay=delay_s,
                                              name=event.code_name(self.name))
        return timer.cancel

    def _bind_scheduled(self, event):
        from gateway_sim.project.cron import CronSchedule
        schedule = CronSchedule(event.attributes["cronExpression"], source=event.display_path)
        clock = self.gateway.clock
        state = {"timer": None, "stopped": False}

        def arm():
            if state["stopped"]:
                return
            now = clock.time()
            state["timer"] = clock.call_later(max(0.0, schedule.next_after(now) - now), fire,
                                              name=event.code_name(self.name))

        def fire():
            try:
                self.run_event(event)
            finally:
                arm()

        def undo():
            state["stopped"] = True
            if state["timer"] is not None:
                state["timer"].cancel()
        arm()
        return undo

    def _bind_tag_change(self, event):
        paths = [str(p) for p in event.attributes["paths"]]
        wanted = set(event.attributes.get("changeTypes") or ["ValueChange", "QualityChange"])
        key = event.key

        def on_change(path, previous, current, initial):
            if not initial and previous is not None:
                pv, pq, pt = _qv_parts(previous)
                cv, cq, ct = _qv_parts(current)
                changed = set()
                if pv != cv:
                    changed.add("ValueChange")
                if pq != cq:
                    changed.add("QualityChange")
                if pt != ct:
                    changed.add("TimestampChange")
                if not (changed & wanted):
                    return
            with self._lock:
                count = self._exec_counts.get(key, 0) + 1
                self._exec_counts[key] = count
            self.run_event(event, bool(initial), current, previous,
                           _TagChangeEvent(path, previous, current), count)

        handle = self.gateway.tags.subscribe(paths, on_change)

        def undo():
            for meth in ("unsubscribe", "cancel", "close"):
                if hasattr(handle, meth):
                    getattr(handle, meth)()
                    return
            if hasattr(self.gateway.tags, "unsubscribe"):
                self.gateway.tags.unsubscribe(handle)
        return undo

    def _bind_message(self, event):
        thread_type = event.attributes.get("threadType", "Shared")

        def handle(payload):
            return self.run_event(event, payload)
        handle.__name__ = str(event.handler)
        util = self.gateway.util
        util.register_message_handler(self.name, event.name, handle, thread_type)

        def undo():
            if hasattr(util, "unregister_message_handler"):
                util.unregister_message_handler(self.name, event.name)
        return undo


def _exc_text(exc):
    try:
        from exchange.workflows.compat import exception_text  # richer Java-aware text
        return exception_text(exc)
    except Exception:
        return "%s: %s" % (type(exc).__name__, exc)


def _package_dir(entry, base):
    """A ``pythonPackages`` entry: a folder (relative to the config) or an importable name."""
    path = entry if os.path.isabs(entry) else os.path.join(base, entry)
    if os.path.isdir(path):
        return path
    if "/" not in entry and os.sep not in entry:
        try:
            import importlib
            mod = importlib.import_module(entry)
            return os.path.dirname(os.path.abspath(mod.__file__))
        except ImportError:
            pass
    raise ConfigError("pythonPackages entry %r is neither a package folder (looked in %s) nor an "
                      "importable package name" % (entry, path), node="project.pythonPackages")


class ProjectRuntime(object):
    """``gw.projects``: the projects loaded on a gateway.

    The first project loaded is the gateway scripting project: its library
    names are the implicit globals of ``gw.script_globals()`` and its name is
    what ``system.util.getProjectName()`` returns in gateway scope.
    """

    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.RLock()
        self.projects = {}
        self.default = None
        self.projects_dirs = []

    def base_globals(self):
        import gateway_sim.system as system_pkg
        return {"system": system_pkg}

    # --- configuration ------------------------------------------------------------
    def configure(self, project=None, projects=None, base_dir=None):
        """Apply the config's ``project`` / ``projects`` sections (see README).

        ``projects``: a folder (or list of folders) of projects, searched for
        parents and for a project given by name. ``project``: a project folder
        path, a project name, or ``{"path"|"name", "pythonPackages", "events",
        "start"}``.
        """
        base = base_dir or os.getcwd()
        if projects:
            dirs = [projects] if isinstance(projects, string_types) else list(projects)
            for d in dirs:
                full = d if os.path.isabs(d) else os.path.join(base, d)
                if not os.path.isdir(full):
                    raise ConfigError("projects folder %s not found" % full, node="projects")
                self.projects_dirs.append(full)
        if project is None:
            return None
        if isinstance(project, string_types):
            project = {"path": project}
        if not isinstance(project, dict):
            raise ConfigError("project must be a path or a mapping with \"path\"", node="project")
        unknown = sorted(set(project) - set(["path", "name", "pythonPackages", "events", "start"]))
        if unknown:
            raise ConfigError("unknown key(s) %s; use path, name, pythonPackages, events, start"
                              % ", ".join(unknown), node="project")
        path = project.get("path")
        name = project.get("name")
        if not path:
            if not name:
                raise ConfigError("project needs \"path\" (a project folder) or \"name\" (a project "
                                  "in the projects folder)", node="project")
            path = self._find_by_name(name)
        elif not os.path.isabs(path):
            path = os.path.join(base, path)
        pkgs = project.get("pythonPackages") or []
        if isinstance(pkgs, string_types):
            pkgs = [pkgs]
        pkgs = [_package_dir(p, base) for p in pkgs]
        events_file = project.get("events")
        if events_file and not os.path.isabs(events_file):
            events_file = os.path.join(base, events_file)
        return self.load(path, name=name, start=project.get("start", True) is not False,
                         python_packages=pkgs, events_file=events_file)

    def _find_by_name(self, name):
        for d in self.projects_dirs:
            cand = os.path.join(d, name)
            if os.path.isfile(os.path.join(cand, "project.json")):
                return cand
        raise ConfigError("project %r not found in the projects folder(s) %s"
                          % (name, ", ".join(self.projects_dirs) or "(none configured)"),
                          node="project")

    # --- loading ------------------------------------------------------------------
    def load(self, path, name=None, start=True, python_packages=None, events_file=None,
             projects_dirs=None):
        """Load the project folder at ``path`` and (by default) start its events.

        Args:
            path: folder with ``project.json``.
            name: project name (default: the folder name, as in a gateway).
            start: run the startup script and start timers/tag/message events.
            python_packages: Python package folders converted to library modules
                on the fly (what ``gateway-sim export`` writes as script-python).
            events_file: 8.1 gateway-events side file (default: found in the folder).
            projects_dirs: extra folders searched for parent projects.
        Returns: the ``LoadedProject``.
        """
        dirs = list(projects_dirs or []) + self.projects_dirs
        proj = LoadedProject(self, path, name, python_packages, events_file, dirs)
        with self._lock:
            old = self.projects.get(proj.name)
            if old is not None:
                old.stop()
            self.projects[proj.name] = proj
            if self.default is None or self.default is old:
                self.default = proj
                # scripts of the gateway scripting project see its name
                self.gateway.project_name = proj.name
        if start:
            proj.start()
        return proj

    def get(self, name=None):
        """A loaded project by name (default: the gateway scripting project)."""
        if name is None:
            if self.default is None:
                raise ConfigError("no project is loaded; add \"project\": \"path/to/project\" to "
                                  "the gateway config or call gw.projects.load(path)")
            return self.default
        try:
            return self.projects[name]
        except KeyError:
            raise ConfigError("project %r is not loaded (loaded: %s)"
                              % (name, ", ".join(sorted(self.projects)) or "none"))

    def implicit_globals(self, project=None):
        """``system`` plus the library's top-level names of ``project`` (default project)."""
        if project is None and self.default is None:
            return self.base_globals()
        proj = self.get(project)
        ns = proj.namespace or proj._new_namespace()
        return ns.implicit_globals()

    def import_module(self, dotted, project=None):
        """Module ``dotted`` of a project's library, executed in its current namespace."""
        return self.get(project).import_module(dotted)

    def reload_scripts(self, project=None):
        """Simulate a project save: discard every module, start a new namespace.

        ``getGlobals()`` and already-running threads are kept (they go on running
        the old code). Returns the new namespace (or a list, for all projects).
        """
        if project is not None:
            return self.get(project).reload()
        with self._lock:
            projs = [self.projects[n] for n in sorted(self.projects)]
        return [p.reload() for p in projs]

    # Ignition-style alias used in the issue text
    reloadScripts = reload_scripts

    def run_event(self, kind, name=None, project=None, *args):
        """Run one gateway event now (tests): e.g. ``run_event("timer", "tick")``."""
        proj = self.get(project)
        key = (kind, name or kind)
        if key not in proj.events:
            raise ConfigError("project %s has no %s event %r (events: %s)"
                              % (proj.name, kind, name or kind,
                                 ", ".join("%s/%s" % k for k in sorted(proj.events)) or "none"))
        return proj.run_event(proj.events[key], *args)

    def close(self):
        """Stop every project (shutdown scripts run), in reverse load order."""
        with self._lock:
            projs = list(self.projects.values())
        for p in projs:
            p.stop()
