"""Errors raised by the simulator itself (not the Java-style ones scripts see).

Java-style exceptions that Ignition raises to scripts live in
``gateway_sim.java.lang`` (CPython) or are the real classes (Jython). These are
for misuse of the simulator: no gateway, bad configuration, missing features.
May import: the standard library only.
"""
from __future__ import absolute_import, division, print_function

import threading


class GatewaySimError(Exception):
    """Base class of the simulator's own errors."""


class NoGatewayError(GatewaySimError):
    """A ``system.*`` function was called with no simulated gateway running."""


class ConfigError(GatewaySimError):
    """A configuration file or node is invalid; the message names file and node."""

    def __init__(self, message, source=None, node=None):
        self.source = source
        self.node = node
        where = []
        if source:
            where.append("in %s" % (source,))
        if node:
            where.append("at %s" % (node,))
        text = message if not where else "%s (%s)" % (message, ", ".join(where))
        GatewaySimError.__init__(self, text)


class NotImplementedInSimulator(BaseException):
    """An Ignition scripting function the simulator does not implement yet.

    Derives from ``BaseException``, not ``Exception``, like the simulator's Java
    exceptions (``gateway_sim.java.lang.Throwable``): a script's ``except Exception:``
    must not swallow a gap and let a test pass although the call never ran. Every
    instance is recorded (``hits_since``) so the pytest plugin fails the test that hit
    it even when the script caught it with a bare ``except:``.
    """

    def __init__(self, qualified_name):
        self.qualified_name = qualified_name
        BaseException.__init__(
            self,
            "%s is not implemented by gateway_sim (see COVERAGE.md for what is). "
            "Run this script on a real gateway, or contribute the function." % qualified_name)
        with _hits_lock:
            _hits.append(qualified_name)
            if len(_hits) > _MAX_KEPT:          # a long-running gateway: keep the recent ones
                drop = len(_hits) - _MAX_KEPT // 2
                del _hits[:drop]
                _dropped[0] += drop


_MAX_KEPT = 20000
_hits_lock = threading.Lock()
_hits = []
_dropped = [0]


def hit_count():
    """How many ``NotImplementedInSimulator`` were raised in this process so far."""
    with _hits_lock:
        return _dropped[0] + len(_hits)


def hits_since(mark):
    """Qualified names of the gaps raised since ``hit_count()`` returned ``mark`` (the
    most recent ones if very many were raised since)."""
    with _hits_lock:
        return list(_hits[max(0, mark - _dropped[0]):])
