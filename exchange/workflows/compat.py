"""Interpreter seam: the only module that knows whether it runs on Jython or CPython.

Everything else in ``exchange/`` imports the names below instead of testing
``sys.platform`` or importing ``java.*`` itself. Both branches bind the same
names. May import: the standard library and ``java.*`` (Jython, or the
simulator's pure-Python ``java`` package when one is installed).
"""
from __future__ import absolute_import, division, print_function

import sys
import threading
import time
import traceback

IS_JYTHON = sys.platform.startswith("java")
PY2 = sys.version_info[0] == 2

if PY2:  # Jython 2.7 (and CPython 2.7, should anyone run it)
    string_types = (basestring,)  # noqa: F821
    text_type = unicode  # noqa: F821
    integer_types = (int, long)  # noqa: F821
    binary_type = str
else:
    string_types = (str,)
    text_type = str
    integer_types = (int,)
    binary_type = bytes


def _java_throwable():
    """The Java base exception class, or None when no ``java`` package exists.

    Under Jython this is the real ``java.lang.Throwable``; under CPython it is the
    simulator's stand-in (which, like the real one, is not a Python ``Exception``).
    """
    try:
        from java.lang import Throwable  # noqa
        return Throwable
    except Exception:  # ImportError or a broken bridge: plain CPython, no Java
        return None


JavaThrowable = _java_throwable()

# What a boundary (step body, workflow body, DB call) must catch. Java exceptions
# are not Python Exceptions on Jython, so ``except Exception`` alone lets them escape.
if JavaThrowable is not None:
    CATCHABLE = (Exception, JavaThrowable)
else:
    CATCHABLE = (Exception,)


def is_java_exception(exc):
    """True when ``exc`` is a Java Throwable (real or simulated)."""
    return JavaThrowable is not None and isinstance(exc, JavaThrowable)


def to_text(value, encoding="utf-8"):
    """Return ``value`` as text (unicode on 2.7, str on 3)."""
    if isinstance(value, text_type):
        return value
    if isinstance(value, binary_type):
        return value.decode(encoding, "replace")
    return text_type(value)


def exception_text(exc):
    """One-line description of a Python or Java exception: ``Class: message``."""
    if is_java_exception(exc):
        try:
            name = exc.getClass().getName()
        except Exception:
            name = type(exc).__name__
        try:
            msg = exc.getMessage()
        except Exception:
            msg = None
        return "%s: %s" % (name, msg) if msg else name
    msg = to_text(exc) if exc is not None else ""
    name = type(exc).__name__
    return "%s: %s" % (name, msg) if msg else name


def format_exc_text():
    """Traceback of the exception being handled, as text."""
    return to_text(traceback.format_exc())


if IS_JYTHON:
    from java.lang import System as _JSystem

    def monotonic():
        """Seconds from an arbitrary origin that never goes backwards."""
        return _JSystem.nanoTime() / 1e9
else:
    monotonic = time.monotonic


def start_daemon(target, name, args=()):
    """Start a daemon thread running ``target(*args)`` and return it."""
    t = threading.Thread(target=target, name=name, args=tuple(args))
    t.daemon = True
    t.start()
    return t
