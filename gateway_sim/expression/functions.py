"""The expression functions: one table built from the per-category modules.

``FUNCTIONS`` get evaluated arguments (``fn(ctx, *values)``); ``LAZY`` ones
(``if``, ``try``, ``switch``, quality functions...) get the argument nodes and
the call site (``fn(ctx, args, call)``) and evaluate what they need. Names are
case-insensitive. ``unknown_function`` builds the error of a name not in the
table: a documented Ignition function gateway_sim lacks is told apart from a
name Ignition does not have, and a Perspective-only one (``property``,
``isAuthorized``: ``catalog.GATEWAY_UNAVAILABLE``) says a gateway cannot evaluate it. May import: stdlib and siblings.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.expression import (catalog, fn_aggregate, fn_cast, fn_color, fn_dataset, fn_date,
                                    fn_gateway, fn_json, fn_logic, fn_math, fn_string, fn_tags)
from gateway_sim.expression.ast import ExprError

FUNCTIONS = {}
LAZY = {}
for _mod in (fn_logic, fn_math, fn_aggregate, fn_string, fn_cast, fn_color, fn_date, fn_json,
             fn_tags, fn_dataset, fn_gateway):
    FUNCTIONS.update(_mod.FUNCTIONS)
    LAZY.update(getattr(_mod, "LAZY", {}))


def implemented_names():
    """Lower-case names of every function the simulator evaluates."""
    return sorted(set(FUNCTIONS) | set(LAZY))


def unknown_function(name, pos):
    low = name.lower()
    if low in catalog.GATEWAY_UNAVAILABLE:
        return ExprError("expression function %s() at position %d cannot run in gateway scope "
                         "(tags, alarm bindings): %s; a gateway tag using it reads "
                         "Error_ExpressionEval too" % (name, pos, catalog.GATEWAY_UNAVAILABLE[low]))
    if low in catalog.documented_lower():
        return ExprError("expression function %s() at position %d is an Ignition function "
                         "gateway_sim does not implement (see COVERAGE.md); compute the value "
                         "another way or add it to gateway_sim.expression" % (name, pos))
    return ExprError("unknown function %s() at position %d: Ignition's expression language has "
                     "no such function (check the spelling; see COVERAGE.md for the list)"
                     % (name, pos))
