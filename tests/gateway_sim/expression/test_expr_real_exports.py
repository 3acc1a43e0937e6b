"""Every expression in the real public exports parses, and none uses a function
gateway_sim lacks. Sources: ../shared/fixtures/real/SOURCES.md (tags T1-T3, projects
P1-P4; MIT / Apache-2.0); read in place through ``real_path``, never copied."""
from __future__ import absolute_import, division, print_function

import io
import json
import os

from realfixtures import real_path

from gateway_sim.expression import ExprError, compile_expression
from gateway_sim.quality import QualifiedValue, QualityCode

_KEYS = ("expression", "deriveExpressionGetter", "deriveExpressionSetter")


def _walk(o, out):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in _KEYS and isinstance(v, str) and v.strip():
                out.append(v)
            elif isinstance(v, dict) and str(v.get("type", "")).lower() == "expr" and \
                    isinstance(v.get("config"), dict) and isinstance(v["config"].get("expression"), str):
                out.append(v["config"]["expression"])
            _walk(v, out)
    elif isinstance(o, list):
        for x in o:
            _walk(x, out)


def _expressions(*roots):
    out = []
    for root in roots:
        for dp, _, files in os.walk(root):
            for f in files:
                if f.endswith(".json"):
                    with io.open(os.path.join(dp, f), encoding="utf-8") as fh:
                        try:
                            doc = json.load(fh)
                        except ValueError:
                            continue
                    _walk(doc, out)
    return out


class _AnyContext(object):
    """Every reference and tag reads 1 (Good); scripts fail like a missing module."""

    def __init__(self):
        self.worst = QualityCode.Good
        self.state = {}

    def ref(self, text):
        return 1

    def read_tag(self, path):
        return QualifiedValue(1, QualityCode.Good)

    def run_script(self, script, args):
        raise ExprError("no project scripts here")

    def now_ms(self):
        return 1700000000000

    def note_poll(self, ms):
        pass


def test_every_real_expression_parses_and_uses_known_functions():
    exprs = _expressions(real_path("tags"), real_path("projects"))
    assert len(exprs) > 300
    missing = []
    for text in exprs:
        e = compile_expression(text)
        try:
            e.evaluate(_AnyContext())
        except ExprError as exc:
            msg = str(exc)
            if "no such function" in msg or "does not implement" in msg:
                missing.append((text[:80], msg))
    assert not missing, missing[:5]
