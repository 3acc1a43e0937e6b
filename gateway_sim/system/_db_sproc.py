"""``system.db.createSProcCall`` / ``execSProcCall``: stored procedure calls.

The call context and how each database runs it live in
``gateway_sim.backends.database.sproc``; these are the script-facing
functions, with Ignition's parameter names and defaults (8.1 and 8.3).
May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim.backends.database import sproc
from gateway_sim.registry import implements


@implements("system.db.createSProcCall")
def createSProcCall(procedureName, database="", tx=None, skipAudit=False):
    """A stored procedure call context; register parameters, then execSProcCall it."""
    return sproc.SProcCall(procedureName, database, tx, skipAudit)


@implements("system.db.execSProcCall")
def execSProcCall(callContext):
    """Run the call; its results are read back from ``callContext``. Returns None."""
    gw = runtime.current()
    sproc.execute(gw.databases, callContext)
