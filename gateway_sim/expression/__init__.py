"""Ignition's expression language (expression/derived tags, bindings).

Syntax:

* literals: numbers (``12``, ``1.5``, ``0x1F``), strings (``"a"`` / ``'a'``),
  ``true``, ``false``, ``null``; ``//`` comments.
* references in braces: ``{[.]Sibling}``, ``{[~]Folder/Tag}``, ``{[prov]Folder/Tag}``,
  ``{Folder/Tag}``, ``{Tag.Quality}`` properties; inside UDT members ``{ParamName}``;
  derived tags use ``{source}`` and ``{value}``. How a reference resolves is the
  context's business (``ctx.ref(text)``).
* operators: ``+ - * / % ^`` (``/`` is true division, ``^`` is power, ``+`` joins
  text when either side is text), comparison ``= == != <> < > <= >=``, logic
  ``&& || !`` and ``and or not``; ``null`` propagates through arithmetic;
  postfix ``dataset[row, column]`` and ``list[i]``.
* functions: the manual's Logic, Math, String, Type Casting, Date and Time, JSON,
  Aggregates, Advanced, Colors, Translation, Users and Alarming categories
  (``gateway_sim.expression.functions``, names in ``catalog``; the list per category
  and what is missing is in COVERAGE.md).

Values carry a quality: the context tracks the worst quality read
(``ctx.worst``), quality functions (``isGood``, ``qualityOf``, ``forceQuality``,
``try``) read or replace it. Anything else (an unknown function, a bad operand)
raises ``ExprError`` at evaluation; tags turn it into ``Error_ExpressionEval``. A
syntax error is reported by ``compile_expression`` as ``ExpressionSyntaxError``.
May import: stdlib, ``gateway_sim._compat``, ``gateway_sim.quality``, ``gateway_sim.jvm``,
``gateway_sim.dataset``, ``gateway_sim.java``, ``gateway_sim.system.date`` (lazily).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.expression.ast import GOOD, ExprError
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

    def evaluate_qualified(self, ctx):
        """``(value, quality)``: the value and the worst quality it was computed from."""
        ctx.worst = GOOD
        value = self.evaluate(ctx)
        return value, ctx.worst


_CACHE = {}
_CACHE_LIMIT = 20000


def compile_expression(text):
    """Parse ``text``; raises ``ExpressionSyntaxError`` with the position. Parsed
    expressions are shared by text (they hold no evaluation state: ``hasChanged``
    keeps its memory in the context), so the members of many UDT instances parse once."""
    expr = _CACHE.get(text)
    if expr is None:
        expr = Expression(text)
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[text] = expr
    return expr


class SimpleContext(object):
    """Evaluation context over a dict of reference values (tests, tools).

    ``values`` maps reference texts (and tag paths read by ``tag()``) to values or
    QualifiedValues; ``script_globals`` is the scope of ``runScript``. ``state``
    keeps ``hasChanged``'s memory between evaluations with the same context.
    """

    def __init__(self, values=None, now_ms=0, script_globals=None):
        self.values = values or {}
        self._now = now_ms
        self.poll_ms = None
        self.worst = GOOD
        self.state = {}
        self.script_globals = script_globals

    def _lookup(self, text, what):
        if text not in self.values:
            raise ExprError("unknown %s {%s}" % (what, text))
        v = self.values[text]
        if hasattr(v, "getQuality") and hasattr(v, "getValue"):
            return v
        from gateway_sim.quality import QualifiedValue
        return QualifiedValue(v, GOOD)

    def ref(self, text):
        qv = self._lookup(text, "reference")
        from gateway_sim.expression.ast import note_quality
        note_quality(self, qv.getQuality())
        return qv.getValue()

    def read_tag(self, path):
        return self._lookup(path, "tag path")

    def run_script(self, script, args):
        if self.script_globals is None:
            raise ExprError("runScript(%r): no script scope in this context" % (script,))
        from gateway_sim.expression.fn_tags import run_script
        return run_script(self.script_globals, script, args)

    def now_ms(self):
        return self._now

    def note_poll(self, ms):
        self.poll_ms = ms


def evaluate(text, values=None, now_ms=0):
    """Evaluate ``text`` with reference values from a dict (no tags involved)."""
    return compile_expression(text).evaluate(SimpleContext(values, now_ms))


__all__ = ["Expression", "ExprError", "ExpressionSyntaxError", "compile_expression",
           "evaluate", "SimpleContext"]
