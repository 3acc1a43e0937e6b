"""One project running on a gateway: ``LoadedProject`` (namespace, events, reloads).

Holds the project's resolved resources, its current script namespace and the
bindings of its gateway events to the gateway: timers and cron schedules on
``gw.clock``, tag-change scripts on ``gw.tags.subscribe``, message handlers on
``gw.util.register_message_handler``. Event scripts that raise are logged (one
logger per event kind, full traceback) and never stop their timer. Perspective session
events run against simulated sessions (``open_session``, ``run_session_event``;
``gateway_sim.project.session_runs``); a started project runs its session shutdown
script when one of its sessions closes.
May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import os
import threading
import traceback

from gateway_sim._compat import string_types
from gateway_sim.project import events as ev_mod
from gateway_sim.project.event_runs import EventRuns
from gateway_sim.project.importer import ScriptNamespace
from gateway_sim.project.library import package_dir, package_modules
from gateway_sim.project.model import resolve_project

LOGGERS = {"startup": "StartupScript", "shutdown": "ShutdownScript", "update": "UpdateScript",
           "timer": "TimerScripts", "scheduled": "ScheduledScripts",
           "tag-change": "TagChangeScripts", "message": "MessageHandlers"}
LIBRARY_LOGGER = "ScriptManager"


def _catchable():
    # A simulator gap (NotImplementedInSimulator, deliberately not an Exception) in an event
    # script is logged like any script error, so a project start never ends in a traceback;
    # the pytest plugin still fails the test that hit it.
    from gateway_sim.errors import NotImplementedInSimulator
    try:
        from gateway_sim.jvm import Throwable
        return (Exception, Throwable, NotImplementedInSimulator)
    except Exception:  # jvm not available: plain Python exceptions only
        return (Exception, NotImplementedInSimulator)


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
    """The ``event`` argument of ``onTagChange``: tag path plus both values.

    Also the SDK ``TagChangeEvent`` getters real 8.1 scripts call
    (``event.getValue().getValue()``, ``isInitial()``). ``tagPath`` / ``getTagPath()`` is
    a ``TagPath`` object as on a gateway, not a string: scripts call
    ``event.tagPath.toStringFull()``, ``getItemName()``, ``getParentPath()`` or take
    ``str(event.tagPath)`` (``[default]Folder/Tag``).
    """

    def __init__(self, path, previous, current, initial=False):
        self.tagPath = _tag_path_object(path)
        self.previousValue = previous
        self.currentValue = current
        self.value = current
        self.initial = bool(initial)

    def getTagPath(self):
        return self.tagPath

    def getValue(self):
        return self.currentValue

    def isInitial(self):
        return self.initial

    def getPreviousValue(self):
        return self.previousValue

    def getCurrentValue(self):
        return self.currentValue

    def __repr__(self):
        return "TagChangeEvent(%s, %r -> %r)" % (self.tagPath, self.previousValue, self.currentValue)


def _tag_path_object(path):
    """``path`` (a string) as a ``TagPath``; a path without ``[provider]`` gets the
    ``default`` provider (unverified: event paths saved by the Designer always name one).
    Text that does not parse as a tag path stays as it is."""
    if not isinstance(path, string_types):
        return path
    from gateway_sim.backends.tags import paths as tag_paths
    try:
        parsed = tag_paths.parse(path)
    except (ValueError, TypeError):
        return path
    return tag_paths.TagPath(parsed.provider or "default", parsed.segments, parsed.prop)


def _qv_parts(qv):
    if qv is None:
        return (None, None, None)
    get = lambda attr: getattr(qv, attr, None)  # noqa: E731
    quality = get("quality")
    return (get("value"), str(quality) if quality is not None else None, get("timestamp"))


class LoadedProject(object):
    """One project on the gateway: its resources, current namespace and event bindings."""

    def __init__(self, runtime, path, name=None, python_packages=None, events_file=None,
                 projects_dirs=None, allow_missing_parent=False):
        self.runtime = runtime
        self.gateway = runtime.gateway
        self.path = os.path.abspath(path)
        self._name = name
        self.python_packages = [package_dir(p, os.getcwd()) for p in (python_packages or [])]
        self.events_file = events_file
        self.projects_dirs = list(projects_dirs or [])
        # None: a parent project not on disk is a ConfigError; a list: its name lands here
        self.missing_parents = [] if allow_missing_parent else None
        self._lock = threading.RLock()
        self._bindings = []
        self._exec_counts = {}
        self.event_runs = EventRuns()  # last fire / error per event key (event_runs.py)
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
        if self.missing_parents is not None:
            del self.missing_parents[:]
        lines = []
        resolved = resolve_project(self.path, self._name, self.projects_dirs, extra,
                                   self.events_file, self.missing_parents, warn=lines.append)
        self.load_warnings = list(lines)  # `gateway-sim check` lists them in its report
        log = get_logger(self.gateway, LIBRARY_LOGGER)
        for line in lines:  # on the gateway's log, where tests and `check` look
            log.warn(line)
        return resolved

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

    @property
    def session_events(self):
        """Perspective session events: {(kind, name): SessionEventScript}."""
        return self.resolved.session_events

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
            try:
                register(self.name, path, nq.sql, nq.type, database=nq.database,
                         parameters=nq.parameters)
            except ValueError as exc:  # one bad query never stops the project
                get_logger(self.gateway, LIBRARY_LOGGER).warn(
                    "project %s: named query %s not registered: %s (%s)"
                    % (self.name, path, exc, nq.display_path))

    def _apply_global_props(self):
        """The gateway scripting project's defaults (8.x ``global-props``) become the gateway's
        default datasource / tag provider, unless the gateway config chose others."""
        props = self.resolved.global_props
        if not props or self.runtime.default is not self:
            return
        log = get_logger(self.gateway, LIBRARY_LOGGER)
        ds = props.get("defaultDatasource")
        if ds:
            try:
                from gateway_sim.backends.database.backend import DEFAULT_DATASOURCE
                dbs = self.gateway.databases
                if dbs.default_name == DEFAULT_DATASOURCE and ds != DEFAULT_DATASOURCE:
                    if ds in dbs.datasource_names():
                        dbs.set_default(ds)
                    else:
                        log.warn("project %s: its default datasource %r (global-props) is not "
                                 "configured; database=\"\" uses %r. Add %r under \"datasources\" "
                                 "in the gateway config" % (self.name, ds, dbs.default_name, ds))
            except (ImportError, AttributeError):
                pass
        provider = props.get("defaultTagProvider")
        if provider:
            try:
                tags = self.gateway.tags
                if tags.default_name == "default" and provider.lower() != "default":
                    if provider.lower() in tags.providers:
                        tags.default_name = provider
                    else:
                        log.warn("project %s: its default tag provider %r (global-props) does "
                                 "not exist; paths without [provider] use [%s]. Add it under "
                                 "\"tagProviders\" in the gateway config"
                                 % (self.name, provider, tags.default_name))
            except (ImportError, AttributeError):
                pass

    # --- lifecycle ------------------------------------------------------------
    def prepare(self):
        """What a gateway has before any script of the project runs: its named queries and
        its global-props defaults (``gateway-sim check`` imports modules without starting)."""
        with self._lock:
            self._apply_global_props()
            self._register_named_queries()
        return self

    def start(self, run_startup=True):
        """Create the script namespace and start the gateway events."""
        with self._lock:
            if self.namespace is None:
                self._new_namespace()
            self._apply_global_props()
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
        """A project save: re-read from disk, new namespace, rebind events, fire ``update``.

        As on a gateway, a save that changes gateway event scripts restarts the
        project: the old shutdown script runs, then the new startup script.
        """
        with self._lock:
            resolved = self._read()  # a config error leaves the running project untouched
            was_started = self.started
            restart = was_started and _events_signature(resolved.events) != \
                _events_signature(self.resolved.events)
            if was_started:
                self._unbind_events()
                if restart:
                    self._run_singleton("shutdown")
            self.resolved = resolved
            self._new_namespace()
            if was_started:
                self._register_named_queries()
                if restart:
                    self._run_singleton("startup")
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
        """Run one event script now; errors are logged (never raised). Each run is recorded
        in ``event_runs`` (fire time, duration, outcome, last error)."""
        from gateway_sim.simulate import simulate
        log = get_logger(self.gateway, getattr(event, "logger_name", None) or LOGGERS[event.kind])
        clock = self.gateway.clock
        started = clock.now_ms()
        try:
            fn = self.handler(event)
            with simulate(self.gateway):
                out = fn(*args)
            self.event_runs.record(event.key, started, clock.now_ms())
            return out
        except _catchable() as exc:
            text = _exc_text(exc)
            self.event_runs.record(event.key, started, clock.now_ms(),
                                   text.strip().split("\n", 1)[0][:500] or type(exc).__name__)
            log.error("Error executing %s (%s): %s\n%s"
                      % (event.code_name(self.name), event.display_path, text,
                         traceback.format_exc()))
            return None

    # --- Perspective sessions ---------------------------------------------------
    def run_session_event(self, event, session, page=None, *args):
        """Run the session event ``event`` now with ``session`` (a simulated Session; and
        ``page``) attached to the thread; ``args`` are its arguments. Logged, never raised."""
        from gateway_sim.project.session_runs import perspective
        with perspective(self.gateway).attach(session, page):
            return self.run_event(event, *args)

    def fire_session_event(self, kind, session_id, name=None, *args):
        """Run the session event ``kind`` (``name`` for message / key-event...) of session
        ``session_id`` now (tests); without ``args`` it gets the arguments
        ``gateway-sim check`` uses; a dict given as a device or key event's data reads
        as Ignition's objects do (``data.text``). A page event runs for the session's
        first page."""
        from gateway_sim.project import session_runs
        return session_runs.fire(self, kind, session_id, name, args)

    def open_session(self, **spec):
        """Open a simulated Perspective session of this project (``spec`` as in the
        ``perspective.sessions`` config) and run its ``onStartup``, then ``onPageStartup``
        for each page, as a browser opening the project does. Returns the session id."""
        from gateway_sim.project import session_runs
        return session_runs.open_session(self, spec)

    def _run_session_kind(self, kind, session, page, *args):
        event = self.session_events.get((kind, kind))
        if event is not None and event.enabled:
            self.run_session_event(event, session, page, *args)

    def _bind_session_close(self):
        from gateway_sim.project.session_runs import perspective

        def closed(session):
            if session.project == self.name and self.started:
                self._run_session_kind("shutdown", session, None, session.script)
        return perspective(self.gateway).on_session_closed(closed)

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
        if self.session_events:
            self._bindings.append(self._bind_session_close())

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
                           _TagChangeEvent(path, previous, current, initial), count)

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


def _events_signature(events):
    import json
    return sorted((k, events[k].text, json.dumps(events[k].attributes, sort_keys=True, default=str))
                  for k in events)


def _exc_text(exc):
    try:
        from exchange.workflows.compat import exception_text  # richer Java-aware text
        return exception_text(exc)
    except Exception:
        return "%s: %s" % (type(exc).__name__, exc)
