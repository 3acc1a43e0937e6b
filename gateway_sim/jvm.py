"""The Java classes the simulator core needs: real on Jython, pure-Python on CPython.

Core modules import Java types only from here (never ``java.*`` directly), so
the same source runs on both interpreters:

    from gateway_sim.jvm import Date, IllegalArgumentException, make_java_exception

Names: ``Date``, ``UUID``, ``Throwable``, ``JavaException`` (java.lang.Exception),
``RuntimeException``, ``IllegalStateException``, ``IllegalArgumentException``,
``InterruptedException``, ``SQLException``, ``Thread``, ``Timestamp``,
``make_java_exception(cls, message, cause=None)``, ``is_java_exception(exc)``,
``JAVA_EXCEPTIONS`` (tuple for ``except``). May import: ``gateway_sim._compat``
and (CPython) ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import IS_JYTHON

if IS_JYTHON:  # pragma: no cover - exercised by the Jython CI row
    from java.util import Date, UUID  # noqa: F401
    from java.lang import Throwable, RuntimeException, IllegalStateException  # noqa: F401
    from java.lang import IllegalArgumentException, InterruptedException, Thread  # noqa: F401
    from java.lang import Exception as JavaException  # noqa: F401
    from java.sql import SQLException, Timestamp  # noqa: F401
else:
    from gateway_sim.java.util import Date, UUID  # noqa: F401
    from gateway_sim.java.lang import (Throwable, JavaException, RuntimeException,  # noqa: F401
                                       IllegalStateException, IllegalArgumentException,
                                       InterruptedException, Thread)
    from gateway_sim.java.sql import SQLException, Timestamp  # noqa: F401

JAVA_EXCEPTIONS = (Throwable,)

__all__ = ["Date", "UUID", "Throwable", "JavaException", "RuntimeException",
           "IllegalStateException", "IllegalArgumentException", "InterruptedException",
           "SQLException", "Timestamp", "Thread", "make_java_exception",
           "is_java_exception", "JAVA_EXCEPTIONS"]


def make_java_exception(cls, message, cause=None):
    """Build ``cls(message[, cause])``.

    ``cause`` may be a Java Throwable or a Python exception; on Jython a Python
    exception cannot be a Java cause, so its text is appended to the message.
    """
    if message is not None and not isinstance(message, (type(u""), str)):
        message = u"%s" % (message,)
    if cause is None:
        return cls(message)
    if isinstance(cause, Throwable):
        return cls(message, cause)
    if IS_JYTHON:  # pragma: no cover
        return cls(u"%s (caused by %s: %s)" % (message, type(cause).__name__, cause))
    return cls(message, cause)


def is_java_exception(exc):
    """True if ``exc`` is a Java exception (or the CPython stand-in)."""
    return isinstance(exc, Throwable)
