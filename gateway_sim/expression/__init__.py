"""A documented subset of Ignition's expression language (expression/derived tags).

Supported:

* literals: numbers (``12``, ``1.5``, ``0x1F``), strings (``"a"`` / ``'a'``),
  ``true``, ``false``, ``null``; ``//`` comments.
* references in braces: ``{[.]Sibling}`` (``..`` segments are not supported),
  ``{[~]Folder/Tag}`` (provider root of the owning tag), ``{[prov]Folder/Tag}``,
  ``{Folder/Tag}`` (the owning tag's provider), ``{Tag.Quality}`` properties; inside UDT
  members ``{ParamName}`` reads a UDT parameter; derived tags use ``{source}``
  and ``{value}``.
* operators: ``+ - * / % ^`` (``/`` is true division, ``^`` is power, ``+`` joins
  text when either side is text), comparison ``= == != <> < > <= >=``, logic
  ``&& || !`` and ``and or not``; ``null`` propagates through arithmetic.
* functions: ``if(c, a, b)``, ``try(expr, failover)``, ``coalesce(a, ...)``,
  ``now([pollMs])``, ``abs min max round(x[, decimals]) floor ceil sqrt pow``,
  ``concat len upper lower substring(s, start[, end]) indexOf(s, sub)``,
  ``toInt toFloat toStr toBoolean`` (optional fallback argument), ``isNull``.

Anything else (an unknown function, a bad operand) raises ``ExprError`` at
evaluation; tags turn it into an ``Error_ExpressionEval`` quality. A syntax
error is reported by ``compile_expression`` as ``ExpressionSyntaxError``.
May import: stdlib, ``gateway_sim._compat``, ``gateway_sim.jvm``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.expression.ast import ExprError
from gateway_sim.expression.parser import ExpressionSyntaxError, parse


class Expression(object):
    """A parsed expression: ``refs`` (reference texts) and ``evaluate(ctx)``."""

    def __init__(self, text):
        self.text = text
        self.tree = parse(text)
        seen = []
        for r in self.tree.refs():
            if r not in seen:
                seen.append(r)
        self.refs = seen

    def evaluate(self, ctx):
        try:
            return self.tree.eval(ctx)
        except ExprError:
            raise
        except RuntimeError as exc:  # RecursionError on CPython 3
            raise ExprError("expression too deep: %s" % (exc,))


def compile_expression(text):
    """Parse ``text``; raises ``ExpressionSyntaxError`` with the position."""
    return Expression(text)


class SimpleContext(object):
    """Evaluation context over a dict of reference values (tests, tools)."""

    def __init__(self, values=None, now_ms=0):
        self.values = values or {}
        self._now = now_ms
        self.poll_ms = None

    def ref(self, text):
        if text not in self.values:
            raise ExprError("unknown reference {%s}" % text)
        return self.values[text]

    def now_ms(self):
        return self._now

    def note_poll(self, ms):
        self.poll_ms = ms


def evaluate(text, values=None, now_ms=0):
    """Evaluate ``text`` with reference values from a dict (no tags involved)."""
    return compile_expression(text).evaluate(SimpleContext(values, now_ms))


__all__ = ["Expression", "ExprError", "ExpressionSyntaxError", "compile_expression",
           "evaluate", "SimpleContext"]
