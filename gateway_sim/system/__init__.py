"""The ``system`` package scripts see: Ignition's scripting namespaces.

``gateway_sim.simulate`` installs this package as ``sys.modules['system']``.
Each submodule copies Ignition's function names, argument order, defaults,
return types and failure modes, and delegates to the current gateway's backends.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.system import dataset, date, db, net, tag, util  # noqa: F401

__all__ = ["tag", "db", "util", "date", "net", "dataset"]

# Every documented function the namespaces do not implement raises
# NotImplementedInSimulator naming itself (see gateway_sim.catalog / COVERAGE.md).
from gateway_sim import catalog as _catalog  # noqa: E402

_catalog.declare_all()
