"""JPype bridge: Java classes gateway_sim does not reimplement, from a real JVM.

Used by the ``java.*`` import hook only for names outside the pure-Python set.
The JVM starts lazily on the first such class (``convertStrings=True`` so Java
strings arrive as Python ``str``, as they arrive as ``unicode`` on Jython).
CPython only. May import: the standard library; ``jpype`` lazily.
"""
from __future__ import absolute_import, division, print_function

import threading

_lock = threading.RLock()
_state = {"reason": None, "checked": False}


def unavailable_reason():
    """None if a JVM can be used; else why not (text for an error message)."""
    with _lock:
        if _state["checked"]:
            return _state["reason"]
        if _state.get("busy"):
            return "the JVM check is already in progress (re-entrant import)"
        _state["busy"] = True
        try:
            return _check()
        finally:
            _state["busy"] = False


def _check():
    _state["checked"] = True
    try:
        import jpype  # noqa: F401
    except ImportError:
        _state["reason"] = "the jpype1 package is not installed"
        return _state["reason"]
    if getattr(jpype, "isJVMStarted", None) is None:
        # jpype itself is mid-import (it probes java.* while initialising): no verdict yet
        _state["checked"] = False
        return "jpype is still being imported"
    try:
        if not jpype.isJVMStarted():
            jpype.getDefaultJVMPath()
    except Exception as exc:  # JVMNotFoundException and friends
        _state["reason"] = "jpype1 found no JVM (%s)" % (exc,)
    return _state["reason"]


def reset():
    """Forget the cached availability check (tests)."""
    with _lock:
        _state["checked"] = False
        _state["reason"] = None


def start_jvm():
    """Start the JVM once (no-op if running). Raises ImportError if impossible."""
    reason = unavailable_reason()
    if reason is not None:
        raise ImportError("cannot start a JVM: %s" % reason)
    import jpype
    with _lock:
        if not jpype.isJVMStarted():
            jpype.startJVM(convertStrings=True)
    return jpype


def jclass(name):
    """The Java class ``name`` (fully qualified)."""
    jpype = start_jvm()
    return jpype.JClass(name)


def is_package(name):
    """True if ``name`` is a Java package the JVM knows."""
    jpype = start_jvm()
    try:
        pkg = jpype.JPackage(name.split(".", 1)[0])
        for part in name.split(".")[1:]:
            pkg = getattr(pkg, part)
        return isinstance(pkg, jpype.JPackage)
    except Exception:
        return False
