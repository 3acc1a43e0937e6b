"""gateway_sim: Ignition's ``system.*`` scripting functions and common ``java.*``
classes, simulated under CPython (and Jython 2.7) for offline runs and tests.

Public names are listed in ``__all__``; everything else is internal.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.clock import RealClock, VirtualClock
from gateway_sim.errors import ConfigError, GatewaySimError, NoGatewayError, NotImplementedInSimulator
from gateway_sim.gateway import Gateway
from gateway_sim.runtime import current as current_gateway
from gateway_sim.simulate import simulate

__version__ = "0.1.0"

__all__ = [
    "Gateway", "simulate", "current_gateway", "RealClock", "VirtualClock",
    "ConfigError", "GatewaySimError", "NoGatewayError", "NotImplementedInSimulator",
]
