"""``system.util``: Ignition's utility functions, as the gateway scope sees them.

Delegates to the current gateway's ``UtilBackend`` (``gw.util``). JSON helpers
live in ``gateway_sim.system._json``. ``globalVarMap`` is deliberately absent
(it comes from a third-party module; code feature-detects it with ``hasattr``).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import sys
import threading

from gateway_sim import jvm, runtime
from gateway_sim._compat import IS_JYTHON, string_types, text_type
from gateway_sim import catalog as _catalog
from gateway_sim.registry import declare_missing, implements
from gateway_sim.system._json import jsonDecode, jsonEncode  # noqa: F401 (re-exported)

_module_globals = globals()

# getSystemFlags bits (Vision client facts; a gateway reports none of them)
DESIGNER_FLAG = 1
PREVIEW_FLAG = 2
CLIENT_FLAG = 4
WEBSTART_FLAG = 8
APPLET_FLAG = 16
FULLSCREEN_FLAG = 32
SSL_FLAG = 64
MOBILE_FLAG = 128

VERSIONS = {"8.1": (8, 1, 44, 2024110512), "8.3": (8, 3, 1, 2025100914)}


def _backend():
    return runtime.current().util


def _project_named(project):
    """The loaded project ``project`` names (by name, else by title: see
    ProjectsRuntime.canonical_name)."""
    gw = runtime.current()
    if isinstance(project, string_types) and gw.has_backend("projects"):
        return gw.projects.canonical_name(project)
    return project


# --- logging ----------------------------------------------------------------------
@implements("system.util.getLogger")
def getLogger(name):
    """Return the ``LoggerEx`` called ``name``."""
    return _backend().get_logger(name)


@implements("system.util.setLoggingLevel")
def setLoggingLevel(loggerName, loggerLevel):
    """Set a logger's level (trace, debug, info, warn, error); child loggers inherit it."""
    _backend().set_level(loggerName, loggerLevel)


# --- globals ----------------------------------------------------------------------
@implements("system.util.getGlobals")
def getGlobals():
    """The gateway-wide dict that survives project script restarts."""
    return _backend().globals


class _GlobalsProxy(object):
    """``system.util.globals``: the current gateway's globals dict, looked up on every use."""

    def _d(self):
        return runtime.current().util.globals

    def __getitem__(self, k):
        return self._d()[k]

    def __setitem__(self, k, v):
        self._d()[k] = v

    def __delitem__(self, k):
        del self._d()[k]

    def __contains__(self, k):
        return k in self._d()

    def __iter__(self):
        return iter(list(self._d()))

    def __len__(self):
        return len(self._d())

    def __eq__(self, other):
        return self._d() == other

    def __ne__(self, other):
        return self._d() != other

    __hash__ = None

    def __getattr__(self, name):  # get, setdefault, pop, keys, items, update, clear...
        return getattr(self._d(), name)

    def __repr__(self):
        return repr(self._d())


globals = _GlobalsProxy()  # noqa: A001 - Ignition's name


# --- threads ----------------------------------------------------------------------
@implements("system.util.invokeAsynchronous")
def invokeAsynchronous(function, args=None, kwargs=None, description=None):
    """Run ``function(*args, **kwargs)`` on a new thread; returns the ``java.lang.Thread``.

    An exception in ``function`` is logged (logger ``system.util.invokeAsynchronous``)."""
    if not callable(function):
        raise TypeError("invokeAsynchronous(): function must be callable, got %r" % (function,))
    if args is not None and not isinstance(args, (list, tuple)):
        raise TypeError("invokeAsynchronous(): args must be a list or tuple, got %r" % (args,))
    if kwargs is not None and not isinstance(kwargs, dict):
        raise TypeError("invokeAsynchronous(): kwargs must be a dict, got %r" % (kwargs,))
    backend = _backend()
    gw = backend.gateway
    call_args = tuple(args or ())
    call_kwargs = dict(kwargs or {})
    fname = getattr(function, "__name__", "function")

    def run():
        pushed = runtime.active() is not gw
        if pushed:  # the gateway may have been left by the caller meanwhile
            runtime.push(gw)
        try:
            function(*call_args, **call_kwargs)
        except jvm.JAVA_EXCEPTIONS + (Exception,) as exc:
            from gateway_sim.backends.util import throwable_text
            backend.log("system.util.invokeAsynchronous", "ERROR",
                        "Error running function %s from invokeAsynchronous%s: %s"
                        % (fname, " (%s)" % description if description else "",
                           throwable_text(exc)),
                        exc if jvm.is_java_exception(exc) else None)
        finally:
            if pushed:
                runtime.pop(gw)
    name = "invokeAsynchronous-%s" % (description or fname)
    t = _new_java_thread(run, name)
    backend.track(t)
    t.start()
    return t


def _new_java_thread(fn, name):
    if IS_JYTHON:  # pragma: no cover
        from java.lang import Runnable

        class _R(Runnable):
            def run(self):
                fn()
        t = jvm.Thread(_R(), name)
    else:
        t = jvm.Thread(fn, name)
    t.setDaemon(True)
    return t


@implements("system.util.threadDump")
def threadDump():
    """A text dump of every thread and its stack (Java ``jstack`` style)."""
    lines = ['Full thread dump (gateway_sim, %s):' % runtime.current().name, ""]
    if IS_JYTHON:  # pragma: no cover
        from java.lang import Thread as JThread
        traces = JThread.getAllStackTraces()
        for t in traces.keySet():
            lines.append('"%s" #%d daemon=%s prio=%d' % (t.getName(), t.getId(),
                                                         "true" if t.isDaemon() else "false",
                                                         t.getPriority()))
            lines.append("   java.lang.Thread.State: %s" % t.getState())
            for el in traces.get(t):
                lines.append("\tat %s" % el)
            lines.append("")
        return u"\n".join(lines)
    frames = sys._current_frames()
    for t in sorted(threading.enumerate(), key=lambda x: x.name):
        lines.append('"%s" #%s daemon=%s' % (t.name, t.ident, "true" if t.daemon else "false"))
        lines.append("   java.lang.Thread.State: %s" % ("RUNNABLE" if t.is_alive() else "TERMINATED"))
        f = frames.get(t.ident)
        while f is not None:
            co = f.f_code
            lines.append("\tat %s.%s(%s:%d)" % (f.f_globals.get("__name__", "?"), co.co_name,
                                               co.co_filename.rsplit("/", 1)[-1], f.f_lineno))
            f = f.f_back
        lines.append("")
    return u"\n".join(lines)


# --- messages ---------------------------------------------------------------------
_SCOPES = set("GCS")


def _check_scope(scope):
    if scope is None:
        return "CG"
    if not isinstance(scope, string_types) or not scope or set(scope.upper()) - _SCOPES:
        raise jvm.make_java_exception(
            jvm.IllegalArgumentException,
            "invalid scope %r: use 'G' (gateway), 'C' (clients), 'S' (sessions) or a "
            "combination such as 'CG'" % (scope,))
    return scope.upper()


@implements("system.util.sendMessage")
def sendMessage(project, messageHandler, payload=None, scope=None, clientSessionId=None,
                user=None, hasRole=None, hostName=None, remoteServers=None):
    """Send ``payload`` to the message handler ``messageHandler`` of ``project``: its gateway
    handler (scope ``G``) and its Perspective session handler in each open session of the
    project (scope ``S``; filters: ``clientSessionId`` the session id, ``user``, ``hasRole``,
    ``hostName`` its address -- unverified for sessions). Default scope as the manual says:
    ``CS`` when ``user``, ``hasRole`` or ``hostName`` (or ``clientSessionId``) is given,
    else ``CGS``.

    Handlers run asynchronously. Returns a list of strings describing the recipients
    (empty if no handler in scope; the text for a session is unverified). Vision clients
    (``C``) have no recipients in the simulator."""
    if not project or not isinstance(project, string_types):
        raise jvm.make_java_exception(jvm.IllegalArgumentException,
                                      "sendMessage(): project name is required, got %r" % (project,))
    if scope is None:
        filtered = any(x is not None for x in (clientSessionId, user, hasRole, hostName))
        scope = "CS" if filtered else "CGS"
    scope = _check_scope(scope)
    if remoteServers:
        raise jvm.make_java_exception(
            jvm.IllegalArgumentException,
            "sendMessage(): remoteServers needs the Gateway Network, which gateway_sim does "
            "not simulate (got %r)" % (remoteServers,))
    backend = _backend()
    project = _project_named(project)
    payload = payload if payload is not None else {}
    out = []
    if "G" in scope and backend.find_handler(project, messageHandler) is not None:
        backend.run_handler(project, messageHandler, payload)
        out.append(u"type=Gateway project=%s messageHandler=%s filterParams={scope=%s} "
                   u"sendStatus=SENT" % (project, messageHandler, scope))
    if "S" in scope:
        from gateway_sim.project.session_runs import deliver_message
        for sid in deliver_message(runtime.current(), project, messageHandler, payload,
                                   clientSessionId, user, hasRole, hostName):
            out.append(u"type=Session project=%s messageHandler=%s sessionId=%s "
                       u"filterParams={scope=%s} sendStatus=SENT"
                       % (project, messageHandler, sid, scope))
    return out


class RequestHandle(object):
    """What ``sendRequestAsync`` returns: ``get()``, ``block()``, ``cancel()``,
    ``getError()``, ``onSuccess(fn)``, ``onError(fn)``."""

    def __init__(self, project, name, timeout_sec):
        self._cond = threading.Condition()
        self._done = False
        self._result = None
        self._error = None
        self._cancelled = False
        self._success_cbs = []
        self._error_cbs = []
        self._desc = "%s/%s" % (project, name)
        self._timeout = timeout_sec

    def _complete(self, result, error):
        with self._cond:
            if self._done:
                return
            self._done = True
            self._result, self._error = result, error
            cbs = list(self._error_cbs if error is not None else self._success_cbs)
            self._cond.notify_all()
        for cb in cbs:
            cb(error if error is not None else result)

    def _wait(self):
        import time
        end = time.time() + self._timeout
        with self._cond:
            while not self._done:
                left = end - time.time()
                if left <= 0:
                    self._done = True
                    self._error = jvm.make_java_exception(
                        jvm.JavaException, "Request to message handler %s timed out after %s "
                        "seconds" % (self._desc, self._timeout))
                    break
                self._cond.wait(min(left, 0.05))

    def get(self):
        """Block for the handler's return value; raise its error (a Java exception)."""
        self._wait()
        if self._cancelled:
            raise jvm.make_java_exception(jvm.IllegalStateException,
                                          "request to %s was cancelled" % self._desc)
        if self._error is not None:
            err = self._error
            if jvm.is_java_exception(err) and "timed out" in text_type(err.getMessage()):
                raise err
            raise jvm.make_java_exception(
                jvm.JavaException, "Error executing message handler %s: %s"
                % (self._desc, _exc_text(err)), err)
        return self._result

    def block(self):
        self._wait()
        return self._result if self._error is None else None

    def cancel(self):
        with self._cond:
            if self._done:
                return False
            self._cancelled = True
            self._done = True
            self._cond.notify_all()
            return True

    def getError(self):
        with self._cond:
            return self._error

    def onSuccess(self, fn):
        with self._cond:
            done, ok, result = self._done, self._error is None, self._result
            if not done:
                self._success_cbs.append(fn)
        if done and ok and not self._cancelled:
            fn(result)

    def onError(self, fn):
        with self._cond:
            done, err = self._done, self._error
            if not done:
                self._error_cbs.append(fn)
        if done and err is not None:
            fn(err)

    def isDone(self):
        with self._cond:
            return self._done


def _exc_text(exc):
    if jvm.is_java_exception(exc):
        return text_type(exc.toString())
    return u"%s: %s" % (type(exc).__name__, exc)


def _start_request(project, messageHandler, payload, remoteServer, timeoutSec):
    if not project or not isinstance(project, string_types):
        raise jvm.make_java_exception(jvm.IllegalArgumentException,
                                      "sendRequest(): project name is required, got %r" % (project,))
    if remoteServer:
        raise jvm.make_java_exception(
            jvm.IllegalArgumentException,
            "sendRequest(): remoteServer needs the Gateway Network, which gateway_sim does "
            "not simulate (got %r)" % (remoteServer,))
    timeout = 60 if timeoutSec is None else timeoutSec
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
        raise jvm.make_java_exception(jvm.IllegalArgumentException,
                                      "timeoutSec must be a positive number, got %r" % (timeoutSec,))
    backend = _backend()
    project = _project_named(project)
    if backend.find_handler(project, messageHandler) is None:
        known = [n for (p, n) in backend.message_handlers(project)]
        raise jvm.make_java_exception(
            jvm.JavaException,
            "No message handler named '%s' in project '%s' (gateway scope); registered: %s"
            % (messageHandler, project, ", ".join(known) if known else "none"))
    handle = RequestHandle(project, messageHandler, timeout)
    backend.run_handler(project, messageHandler, payload if payload is not None else {},
                        handle._complete)
    return handle


@implements("system.util.sendRequest")
def sendRequest(project, messageHandler, payload=None, hostName=None, remoteServer=None,
                timeoutSec=None):
    """Call a gateway message handler and wait (``timeoutSec``, default 60) for its return value."""
    return _start_request(project, messageHandler, payload, remoteServer, timeoutSec).get()


@implements("system.util.sendRequestAsync")
def sendRequestAsync(project, messageHandler, payload=None, hostName=None, remoteServer=None,
                     timeoutSec=None, onSuccess=None, onError=None):
    """Like ``sendRequest`` without blocking; returns a request handle."""
    handle = _start_request(project, messageHandler, payload, remoteServer, timeoutSec)
    if onSuccess is not None:
        handle.onSuccess(onSuccess)
    if onError is not None:
        handle.onError(onError)
    return handle


# --- facts about the gateway ------------------------------------------------------------
@implements("system.util.getProjectName")
def getProjectName():
    """The project the calling script belongs to (the gateway's project)."""
    return runtime.current().project_name


@implements("system.util.getSystemFlags")
def getSystemFlags():
    """Vision-client flag bits; 0 in gateway scope (no designer/client/preview)."""
    runtime.current()
    return 0


@implements("system.util.getProperty")
def getProperty(propertyName):
    """A Java system property (``os.name``, ``user.home``, ``file.separator``...) or None."""
    runtime.current()
    if IS_JYTHON:  # pragma: no cover
        from java.lang import System
    else:
        from gateway_sim.java.lang import System
    return System.getProperty(propertyName)


class Version(object):
    """``getVersion()`` result: ``major``, ``minor``, ``rev``, ``build``, ``isFutureVersion``."""

    def __init__(self, major, minor, rev, build):
        self.major, self.minor, self.rev, self.build = major, minor, rev, build

    def getMajor(self):
        return self.major

    def getMinor(self):
        return self.minor

    def getRev(self):
        return self.rev

    def getBuild(self):
        return self.build

    def isSnapshot(self):
        return False

    def _tuple(self):
        return (self.major, self.minor, self.rev)

    def isFutureVersion(self, other):
        """True if this version is newer than ``other`` (``"8.1.0"`` or a Version)."""
        return self._tuple() > _parse_version(other)

    def isAtLeast(self, other):
        return self._tuple() >= _parse_version(other)

    def toParseableString(self):
        return "%d.%d.%d.%d" % (self.major, self.minor, self.rev, self.build)

    def __str__(self):
        return "%d.%d.%d (b%d)" % (self.major, self.minor, self.rev, self.build)

    __repr__ = __str__


def _parse_version(v):
    if isinstance(v, Version):
        return v._tuple()
    parts = text_type(v).split(" ")[0].split(".")
    try:
        nums = [int(p) for p in parts[:3]]
    except ValueError:
        raise jvm.make_java_exception(jvm.IllegalArgumentException,
                                      "not a version string: %r (use e.g. '8.1.0')" % (v,))
    return tuple(nums + [0] * (3 - len(nums)))


@implements("system.util.getVersion")
def getVersion():
    """The simulated gateway's Ignition version (8.1.x or 8.3.x, per ``Gateway(version=)``)."""
    return Version(*VERSIONS[runtime.current().version])


@implements("system.util.getEdition")
def getEdition():
    """``"standard"`` (the simulator mimics a standard edition gateway)."""
    runtime.current()
    return "standard"


from gateway_sim.system._util_gateway import (  # noqa: E402,F401 (re-exported)
    audit, execute, getSessionInfo, modifyTranslation, queryAuditLog, translate)
from gateway_sim.system._util_modules import getGatewayStatus, getModules  # noqa: E402,F401

# Documented functions not simulated (client-only or out of scope) raise
# NotImplementedInSimulator naming themselves.
declare_missing(_module_globals, "system.util", _catalog.names("system.util"))
