"""Install the simulator as ``system`` (and ``java`` on CPython).

``simulate(gateway)`` works as a context manager and as a decorator. Entering
makes ``gateway`` current, puts ``gateway_sim.system`` into
``sys.modules['system']`` and (on CPython) installs the ``java.*`` import hook;
nesting is counted so the outermost exit restores the previous ``system``
module (the moto pattern). May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import functools
import sys
import threading

from gateway_sim import runtime

_lock = threading.RLock()
_depth = [0]
_saved = []


class simulate(object):
    """Make ``gateway`` the gateway behind ``import system``."""

    def __init__(self, gateway=None):
        if gateway is None:
            from gateway_sim.gateway import Gateway
            gateway = Gateway()
        self.gateway = gateway

    def __enter__(self):
        import gateway_sim.system as system_pkg
        with _lock:
            if _depth[0] == 0:
                _saved.append(sys.modules.get("system"))
                sys.modules["system"] = system_pkg
                from gateway_sim import java as java_pkg
                java_pkg.install()
            _depth[0] += 1
            runtime.push(self.gateway)
        return self.gateway

    def __exit__(self, *exc):
        with _lock:
            runtime.pop(self.gateway)
            _depth[0] -= 1
            if _depth[0] == 0:
                prev = _saved.pop()
                if prev is None:
                    sys.modules.pop("system", None)
                else:
                    sys.modules["system"] = prev
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with simulate(self.gateway):
                return fn(*args, **kwargs)
        return wrapper
