"""Registry of the ``system.*`` functions the simulator implements.

Each API-surface function is decorated with ``@implements("system.tag.readBlocking")``.
``declare_missing(globals(), "system.tag", names)`` defines the documented
functions that are not implemented yet as callables that raise
``NotImplementedInSimulator`` naming themselves. ``gateway_sim.coverage``
turns both lists into the coverage page. May import: ``gateway_sim.errors``.
"""
from __future__ import absolute_import, division, print_function

import functools

from gateway_sim.errors import NotImplementedInSimulator

_implemented = {}
_missing = {}


def implements(qualified_name):
    """Mark a function as the simulator's implementation of ``qualified_name``."""
    def deco(fn):
        _implemented[qualified_name] = fn
        return fn
    return deco


def declare_missing(namespace_globals, namespace, names):
    """Define each documented-but-unimplemented ``names`` in a ``system`` module."""
    for name in names:
        qualified = "%s.%s" % (namespace, name)
        if qualified in _implemented or name in namespace_globals:
            continue
        namespace_globals[name] = _make_missing(qualified)
        _missing[qualified] = True


def _make_missing(qualified):
    def missing(*args, **kwargs):
        raise NotImplementedInSimulator(qualified)
    missing.__name__ = str(qualified.rsplit(".", 1)[-1])
    missing.__doc__ = "Not implemented by gateway_sim: calling it raises NotImplementedInSimulator."
    return functools.wraps(missing)(missing)


def implemented_names():
    return sorted(_implemented)


def missing_names():
    return sorted(n for n in _missing if n not in _implemented)
