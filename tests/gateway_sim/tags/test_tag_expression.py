"""The expression-language subset (pure evaluation, no tags)."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.expression import ExprError, ExpressionSyntaxError, compile_expression, evaluate


@pytest.mark.parametrize("text,expected", [
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("2 ^ 3", 8), ("7 / 2", 3.5), ("7 % 4", 3),
    ("-3 + 1", -2), ("'a' + 1", "a1"), ('"x" + "y"', "xy"),
    ("1 < 2", True), ("2 <= 1", False), ("1 = 1", True), ("1 == 2", False), ("1 != 2", True),
    ("1 <> 1", False), ("'5' = 5", True),
    ("true && false", False), ("true || false", True), ("!true", False),
    ("true and not false", True), ("false or 1 > 0", True),
    ("if(1 > 0, 'yes', 'no')", "yes"), ("if(0, 1, 2)", 2),
    ("abs(-4)", 4), ("min(3, 1, 2)", 1), ("max(3, 1, 2)", 3), ("round(2.5)", 3),
    ("round(1.234, 2)", 1.23), ("floor(2.7)", 2.0), ("ceil(2.1)", 3.0), ("sqrt(16)", 4.0),
    ("pow(2, 10)", 1024.0),
    ("concat('a', 1, true)", "a1true"), ("len('abcd')", 4), ("upper('ab')", "AB"),
    ("lower('AB')", "ab"), ("substring('hello', 1, 3)", "el"), ("substring('hello', 2)", "llo"),
    ("indexOf('hello', 'l')", 2),
    ("toInt('42')", 42), ("toInt(2.6)", 3), ("toFloat('1.5')", 1.5), ("toStr(12)", "12"),
    ("toBoolean('true')", True), ("toBoolean(0)", False),
    ("coalesce(null, null, 3)", 3), ("try(1/0, -1)", -1), ("try(nosuch(1), 'f')", "f"),
    ("null + 1", None), ("0x10", 16), ("1 // comment", 1), ("isNull(null)", True),
])
def test_values(text, expected):
    assert evaluate(text) == expected


def test_references_and_refs_list():
    e = compile_expression("{[.]A} + {[~]F/B} * {[prov]C/D}")
    assert e.refs == ["[.]A", "[~]F/B", "[prov]C/D"]
    assert evaluate("{a} * 2", {"a": 21}) == 42


def test_now_notes_poll_rate():
    from gateway_sim.expression import SimpleContext
    ctx = SimpleContext(now_ms=1000)
    v = compile_expression("now(500)").evaluate(ctx)
    assert v.getTime() == 1000 and ctx.poll_ms == 500


@pytest.mark.parametrize("text", ["nosuch(1)", "1 / 0", "'abc' * 2", "if(1, 2)", "toInt('x')"])
def test_eval_errors_raise_expr_error(text):
    with pytest.raises(ExprError):
        evaluate(text)


@pytest.mark.parametrize("text", ["", "1 +", "(1", "foo", "1 2", "{}", "@"])
def test_syntax_errors(text):
    with pytest.raises(ExpressionSyntaxError):
        compile_expression(text)
