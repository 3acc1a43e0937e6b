"""The ``system`` package scripts see: Ignition's scripting namespaces.

``gateway_sim.simulate`` installs this package as ``sys.modules['system']``.
Each submodule copies Ignition's function names, argument order, defaults,
return types and failure modes, and delegates to the current gateway's backends.
``gateway_sim.surface`` wraps every namespace so that a simulated 8.1 gateway shows
exactly 8.1's names and 8.3 exactly 8.3's (see ``gateway_sim.catalog`` / COVERAGE.md).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.system import dataset, date, db, net, tag, util  # noqa: F401

__all__ = ["tag", "db", "util", "date", "net", "dataset"]

# Every namespace of the catalog, version-filtered; functions the simulator does not
# implement raise NotImplementedInSimulator naming themselves.
import sys as _sys  # noqa: E402

from gateway_sim import surface as _surface  # noqa: E402

_surface.install(_sys.modules[__name__])


def __getattr__(name):
    """Version-only namespaces (8.3's ``system.vision``...) and plugged-in modules."""
    return _surface.package_getattr(name)


def __dir__():
    return _surface.package_dir(_sys.modules[__name__])


del absolute_import, division, print_function   # not Ignition names  # noqa: F821
