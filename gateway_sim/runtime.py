"""Which simulated gateway the ``system`` functions talk to.

``system.*`` functions are module-level functions, as in Ignition, so they find
their gateway here: the innermost gateway entered with ``simulate()``. It is a
process-wide stack (not thread-local) because a gateway's own threads (workers,
timers, ``invokeAsynchronous``) must see the same gateway as the thread that
started it. May import: ``gateway_sim.errors``.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim.errors import NoGatewayError

_lock = threading.RLock()
_stack = []


def push(gateway):
    """Make ``gateway`` the current one."""
    with _lock:
        _stack.append(gateway)


def pop(gateway):
    """Undo the matching ``push`` (the innermost entry for ``gateway``)."""
    with _lock:
        for i in range(len(_stack) - 1, -1, -1):
            if _stack[i] is gateway:
                del _stack[i]
                return
        raise ValueError("gateway %r is not active" % (gateway,))


def current():
    """The active gateway; raises ``NoGatewayError`` with the fix if there is none."""
    with _lock:
        if _stack:
            return _stack[-1]
    raise NoGatewayError(
        "No simulated gateway is running, so system.* has nothing to talk to. "
        "Start one with `with gateway_sim.simulate(gateway_sim.Gateway()):` "
        "or use the pytest fixture `gateway`.")


def active():
    """The active gateway or None."""
    with _lock:
        return _stack[-1] if _stack else None
