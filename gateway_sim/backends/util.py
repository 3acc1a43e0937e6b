"""State behind ``system.util``: loggers and their records, the globals dict,
message handlers, async threads.

``gw.util.records`` keeps every log record (``.logger``, ``.level`` ``TRACE``..
``ERROR``, ``.message``, ``.time_ms``, ``.thread``, ``.throwable``) so tests can
assert on logs; records are also echoed to Python ``logging`` under the same
logger name. Single-source 2.7/3.x (runs on Jython). May import: the standard
library, ``gateway_sim`` core (``_compat``, ``jvm``, ``errors``, ``runtime``).
"""
from __future__ import absolute_import, division, print_function

import itertools
import logging
import threading

from gateway_sim._compat import IS_JYTHON, string_types, text_type
from gateway_sim import jvm

LEVELS = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR")
_RANK = dict((name, i) for i, name in enumerate(LEVELS))
_PY_LEVEL = {"TRACE": 5, "DEBUG": logging.DEBUG, "INFO": logging.INFO,
             "WARN": logging.WARNING, "ERROR": logging.ERROR}
DEFAULT_LEVEL = "INFO"
MAX_RECORDS = 100000
THREAD_TYPES = ("Shared", "Dedicated", "Blocking")
_async_ids = itertools.count(1)


class LogRecord(object):
    """One log line as a test sees it."""

    __slots__ = ("logger", "level", "message", "time_ms", "thread", "throwable")

    def __init__(self, logger, level, message, time_ms, thread, throwable):
        self.logger = logger
        self.level = level
        self.message = message
        self.time_ms = time_ms
        self.thread = thread
        self.throwable = throwable

    def __repr__(self):
        return "<LogRecord %s %s: %s>" % (self.level, self.logger, self.message)


def normalize_level(level):
    """``'info'``/``'INFO'``/``'Warning'`` -> ``'INFO'``/``'WARN'``; else ValueError naming the choices."""
    if isinstance(level, string_types):
        key = level.strip().upper()
        key = {"WARNING": "WARN", "FATAL": "ERROR", "ALL": "TRACE"}.get(key, key)
        if key in _RANK:
            return key
    raise jvm.make_java_exception(
        jvm.IllegalArgumentException,
        "invalid logging level %r; use one of trace, debug, info, warn, error" % (level,))


class UtilBackend(object):
    """Per-gateway state of ``system.util``."""

    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.RLock()
        self.globals = {}
        self.records = []
        self._levels = {}
        self._loggers = {}
        self._handlers = {}
        self._blocking_locks = {}
        self._threads = []
        self.max_records = MAX_RECORDS

    # --- logging ----------------------------------------------------------------
    def get_logger(self, name):
        """The LoggerEx for ``name`` (cached)."""
        from gateway_sim.backends._logger import LoggerEx
        if not isinstance(name, string_types) or not name.strip():
            raise jvm.make_java_exception(
                jvm.IllegalArgumentException,
                "logger name must be a non-empty string, got %r" % (name,))
        with self._lock:
            lg = self._loggers.get(name)
            if lg is None:
                lg = LoggerEx(self, name)
                self._loggers[name] = lg
            return lg

    def set_level(self, name, level):
        level = normalize_level(level)
        with self._lock:
            self._levels[name or ""] = level

    def effective_level(self, name):
        """The level set on ``name`` or its nearest dotted ancestor; INFO by default."""
        levels = self._levels
        n = name
        while True:
            lv = levels.get(n)
            if lv is not None:
                return lv
            if not n:
                return DEFAULT_LEVEL
            n = n.rsplit(".", 1)[0] if "." in n else ""

    def is_enabled(self, name, level):
        return _RANK[level] >= _RANK[self.effective_level(name)]

    def log(self, name, level, message, throwable=None):
        if not self.is_enabled(name, level):
            return None
        rec = LogRecord(name, level, message, self.gateway.clock.now_ms(),
                        threading.current_thread().name, throwable)
        with self._lock:
            self.records.append(rec)
            if len(self.records) > self.max_records:
                del self.records[:len(self.records) // 2]
        text = message
        if throwable is not None:
            text = "%s\n%s" % (message, throwable_text(throwable))
        logging.getLogger(name).log(_PY_LEVEL[level], "%s", text)
        return rec

    def records_for(self, logger=None, level=None):
        """Records filtered by logger name (prefix match on dotted names) and/or level."""
        with self._lock:
            out = list(self.records)
        if logger is not None:
            out = [r for r in out if r.logger == logger or r.logger.startswith(logger + ".")]
        if level is not None:
            level = normalize_level(level)
            out = [r for r in out if r.level == level]
        return out

    def clear_records(self):
        with self._lock:
            del self.records[:]

    # --- message handlers ----------------------------------------------------------
    def register_message_handler(self, project, name, fn, thread_type="Shared"):
        """Register a gateway message handler ``fn(payload)`` of ``project``."""
        if not project or not isinstance(project, string_types):
            raise ValueError("message handler needs a project name, got %r" % (project,))
        if not name or not isinstance(name, string_types):
            raise ValueError("message handler needs a name, got %r" % (name,))
        if not callable(fn):
            raise ValueError("message handler %r of project %r must be callable, got %r"
                             % (name, project, fn))
        match = [t for t in THREAD_TYPES
                 if isinstance(thread_type, string_types) and t.lower() == thread_type.lower()]
        if not match:
            raise ValueError("message handler thread_type must be one of %s, got %r"
                             % (", ".join(THREAD_TYPES), thread_type))
        thread_type = match[0]
        with self._lock:
            self._handlers[(project, name)] = (fn, thread_type)
            self._blocking_locks.setdefault((project, name), threading.Lock())

    def unregister_message_handler(self, project, name):
        with self._lock:
            return self._handlers.pop((project, name), None) is not None

    def message_handlers(self, project=None):
        with self._lock:
            keys = list(self._handlers)
        return sorted(k for k in keys if project is None or k[0] == project)

    def find_handler(self, project, name):
        with self._lock:
            return self._handlers.get((project, name))

    def run_handler(self, project, name, payload, on_done=None):
        """Run a handler on its own thread (as the gateway does); ``on_done(result, error)``."""
        entry = self.find_handler(project, name)
        if entry is None:
            raise KeyError((project, name))
        fn, thread_type = entry
        lock = self._blocking_locks.get((project, name)) if thread_type == "Blocking" else None
        logger_name = "gateway_sim.messages.%s.%s" % (project, name)

        def body():
            result, error = None, None
            try:
                if lock is not None:
                    with lock:
                        result = fn(payload)
                else:
                    result = fn(payload)
            except jvm.JAVA_EXCEPTIONS + (Exception,) as exc:
                error = exc
                self.log(logger_name, "ERROR", "Error executing message handler %r of project %r: %s"
                         % (name, project, _exc_text(exc)), exc if jvm.is_java_exception(exc) else None)
            if on_done is not None:
                on_done(result, error)
        return self.start_thread(body, "gateway-message-%s-%s" % (name, next(_async_ids)))

    # --- threads -------------------------------------------------------------------
    def start_thread(self, fn, name):
        """Start a daemon Python thread that sees this gateway, tracked for ``join_async``."""
        t = threading.Thread(target=fn, name=name)
        t.daemon = True
        with self._lock:
            self._threads = [x for x in self._threads if _alive(x)]
            self._threads.append(t)
        t.start()
        return t

    def track(self, thread):
        with self._lock:
            self._threads = [x for x in self._threads if _alive(x)]
            self._threads.append(thread)

    def join_async(self, timeout=10.0):
        """Wait for message-handler and ``invokeAsynchronous`` threads; True if all ended."""
        import time
        end = time.time() + timeout
        while True:
            with self._lock:
                alive = [t for t in self._threads if _alive(t)]
            if not alive:
                return True
            left = end - time.time()
            if left <= 0:
                return False
            t = alive[0]
            if hasattr(t, "join"):
                try:
                    t.join(max(1, int(left * 1000)) if _is_java_thread(t) else left)
                except TypeError:
                    t.join(left)

    def close(self):
        self.join_async(timeout=2.0)


def _alive(t):
    if hasattr(t, "is_alive"):
        return t.is_alive()
    return t.isAlive()


def _is_java_thread(t):
    return not isinstance(t, threading.Thread)


def _exc_text(exc):
    if jvm.is_java_exception(exc):
        return text_type(exc.toString())
    return "%s: %s" % (type(exc).__name__, exc)


def throwable_text(throwable):
    """Java-style stack trace text of a Throwable (or a Python exception)."""
    if IS_JYTHON and jvm.is_java_exception(throwable):  # pragma: no cover
        from java.io import StringWriter, PrintWriter
        sw = StringWriter()
        throwable.printStackTrace(PrintWriter(sw))
        return text_type(sw.toString())
    if jvm.is_java_exception(throwable):
        from gateway_sim.java.lang import stack_trace_text
        return stack_trace_text(throwable).rstrip("\n")
    import traceback
    return "".join(traceback.format_exception(type(throwable), throwable,
                                              getattr(throwable, "__traceback__", None))).rstrip()
