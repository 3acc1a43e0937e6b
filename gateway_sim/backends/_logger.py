"""Ignition's ``LoggerEx`` as scripts get it from ``system.util.getLogger``.

``trace/debug/info/warn/error(msg[, throwable])`` and the ``*f`` variants with
Java ``String.format`` rules (``%s %d %.2f %n %%``; ``{}`` is NOT a
placeholder). As in Jython, the optional second argument must be a Java
Throwable: passing a Python exception raises TypeError (log
``traceback.format_exc()`` or ``str(e)`` instead). Single-source 2.7/3.x.
May import: the standard library, ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import IS_JYTHON, string_types, text_type
from gateway_sim import jvm


def java_format(fmt, args):
    """Java ``String.format`` (the real one on Jython)."""
    if IS_JYTHON:  # pragma: no cover
        from java.lang import String
        return text_type(String.format(fmt, *args))
    from gateway_sim.java._format import java_format as fmt_impl
    return fmt_impl(fmt, args)


def _message(method, msg):
    if msg is None:
        return u"null"
    if isinstance(msg, string_types):
        return msg
    raise TypeError("%s(): 1st arg can't be coerced to String (got %s); format it first, "
                    "e.g. %s(str(value))" % (method, type(msg).__name__, method))


def _throwable(method, t):
    if t is None or jvm.is_java_exception(t):
        return t
    if isinstance(t, BaseException):
        raise TypeError("%s(): 2nd arg can't be coerced to java.lang.Throwable: a Python "
                        "exception (%s) is not a Java Throwable. Log traceback.format_exc() "
                        "or str(e) instead." % (method, type(t).__name__))
    raise TypeError("%s(): 2nd arg can't be coerced to java.lang.Throwable (got %s)"
                    % (method, type(t).__name__))


class LoggerEx(object):
    """``com.inductiveautomation.ignition.common.util.LoggerEx`` look-alike."""

    def __init__(self, backend, name):
        self._backend = backend
        self._name = name

    def getName(self):
        return self._name

    name = property(getName)

    def createSubLogger(self, name):
        return self._backend.get_logger("%s.%s" % (self._name, name))

    def getLoggerSLF4J(self):
        return self

    # --- enabled checks ---------------------------------------------------------
    def isTraceEnabled(self):
        return self._backend.is_enabled(self._name, "TRACE")

    def isDebugEnabled(self):
        return self._backend.is_enabled(self._name, "DEBUG")

    def isInfoEnabled(self):
        return self._backend.is_enabled(self._name, "INFO")

    def isWarnEnabled(self):
        return self._backend.is_enabled(self._name, "WARN")

    def isErrorEnabled(self):
        return self._backend.is_enabled(self._name, "ERROR")

    # --- plain ------------------------------------------------------------------
    def _plain(self, level, method, msg, throwable):
        text = _message(method, msg)
        t = _throwable(method, throwable)
        self._backend.log(self._name, level, text, t)

    def trace(self, msg, throwable=None):
        self._plain("TRACE", "trace", msg, throwable)

    def debug(self, msg, throwable=None):
        self._plain("DEBUG", "debug", msg, throwable)

    def info(self, msg, throwable=None):
        self._plain("INFO", "info", msg, throwable)

    def warn(self, msg, throwable=None):
        self._plain("WARN", "warn", msg, throwable)

    def error(self, msg, throwable=None):
        self._plain("ERROR", "error", msg, throwable)

    def fatal(self, msg, throwable=None):
        self._plain("ERROR", "fatal", msg, throwable)

    # --- formatted ------------------------------------------------------------------
    def _formatted(self, level, method, fmt, args):
        if not self._backend.is_enabled(self._name, level):
            return
        fmt = _message(method, fmt)
        throwable = None
        if args and jvm.is_java_exception(args[-1]):
            throwable = args[-1]  # a trailing Throwable is logged as the exception, like LoggerEx
        self._backend.log(self._name, level, java_format(fmt, args), throwable)

    def tracef(self, fmt, *args):
        self._formatted("TRACE", "tracef", fmt, args)

    def debugf(self, fmt, *args):
        self._formatted("DEBUG", "debugf", fmt, args)

    def infof(self, fmt, *args):
        self._formatted("INFO", "infof", fmt, args)

    def warnf(self, fmt, *args):
        self._formatted("WARN", "warnf", fmt, args)

    def errorf(self, fmt, *args):
        self._formatted("ERROR", "errorf", fmt, args)

    def __repr__(self):
        return "<LoggerEx %s>" % self._name
