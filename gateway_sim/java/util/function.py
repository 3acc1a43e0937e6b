"""Pure-Python ``java.util.function``: the functional interfaces scripts implement.

May import: ``gateway_sim.java._interfaces``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.java._interfaces import (  # noqa: F401
    BiConsumer, BiFunction, BiPredicate, Consumer, Function, Predicate, Supplier, UnaryOperator)
