"""Errors raised by the simulator itself (not the Java-style ones scripts see).

Java-style exceptions that Ignition raises to scripts live in
``gateway_sim.java.lang`` (CPython) or are the real classes (Jython). These are
for misuse of the simulator: no gateway, bad configuration, missing features.
May import: the standard library only.
"""
from __future__ import absolute_import, division, print_function


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


class NotImplementedInSimulator(GatewaySimError, NotImplementedError):
    """An Ignition scripting function the simulator does not implement yet."""

    def __init__(self, qualified_name):
        self.qualified_name = qualified_name
        GatewaySimError.__init__(
            self,
            "%s is not implemented by gateway_sim (see COVERAGE.md for what is). "
            "Run this script on a real gateway, or contribute the function." % qualified_name)
