"""Logic and Math functions: exact values per the manual's examples and rules."""
from __future__ import absolute_import, division, print_function

import math

import pytest

from gateway_sim.dataset import BasicDataset
from gateway_sim.expression import ExprError, SimpleContext, compile_expression, evaluate


@pytest.mark.parametrize("text,expected", [
    ("switch(2, 1, 2, 3, 'one', 'two', 'three', 'none')", "two"),
    ("switch(9, 1, 2, 3, 'one', 'two', 'three', 'none')", "none"),
    ("switch('2', 1, 2, 'a', 'b', 'z')", "b"),
    ("case(2, 1, 'one', 2, 'two', 'other')", "two"),
    ("case(5, 1, 'one', 2, 'two', 'other')", "other"),
    ("binEnc(0, 0, 1, 0)", 4), ("binEnc(true, 0, 1, 1, 0)", 13),
    ("binEnum(0, 1, 0)", 2), ("binEnum(0, false, 15, 0, 23)", 3), ("binEnum(0, 0)", 0),
    ("getBit(5, 0)", 1), ("getBit(5, 1)", 0), ("getBit(5, 2)", 1),
    ("coalesce(null, 'x', 'y')", "x"), ("coalesce(null, null)", None),
    ("try(toInteger('boom'), -1)", -1), ("try(1 + 1, -1)", 2),
    ("if(true, 1, 1/0)", 1),
    ("isNull(null)", True), ("isNull(0)", False),
])
def test_logic(text, expected):
    assert evaluate(text) == expected


def test_lookup():
    ds = BasicDataset(["id", "name", "qty"], [[1, "a", 10], [2, "b", 20]])
    ctx = SimpleContext({"ds": ds})
    run = lambda t: compile_expression(t).evaluate(ctx)  # noqa: E731
    assert run("lookup({ds}, 2, 'none')") == "b"
    assert run("lookup({ds}, 3, 'none')") == "none"
    assert run("lookup({ds}, 'b', -1, 'name', 'qty')") == 20
    assert run("lookup({ds}, 'a', -1, 1, 2)") == 10
    with pytest.raises(ExprError, match="no column"):
        run("lookup({ds}, 1, 0, 'nope')")


def test_dataset_subscript():
    ds = BasicDataset(["c1", "c2"], [[1.5, "x"], [2.5, "y"]])
    ctx = SimpleContext({"ds": ds})
    assert compile_expression("{ds}[1, 'c2']").evaluate(ctx) == "y"
    assert compile_expression("{ds}[0, 1]").evaluate(ctx) == "x"
    assert compile_expression("try(toDataset({ds})[0,\"c1\"], 0)").evaluate(ctx) == 1.5
    assert compile_expression("try({ds}[5, 0], -1)").evaluate(ctx) == -1
    with pytest.raises(ExprError, match="row 5 out of range"):
        compile_expression("{ds}[5, 0]").evaluate(ctx)


def test_has_changed_keeps_state_per_context():
    e = compile_expression("hasChanged({a})")
    ctx = SimpleContext({"a": 1})
    assert e.evaluate(ctx) is False
    assert e.evaluate(ctx) is False
    ctx.values["a"] = 2
    assert e.evaluate(ctx) is True
    assert e.evaluate(ctx) is False
    polled = compile_expression("hasChanged({a}, true, 500)")
    assert polled.evaluate(ctx) is False and ctx.poll_ms == 500


@pytest.mark.parametrize("text,expected", [
    ("abs(-4.5)", 4.5), ("sin(0)", 0.0), ("cos(0)", 1.0), ("tan(0)", 0.0),
    ("asin(1)", math.pi / 2), ("acos(1)", 0.0), ("atan(1)", math.pi / 4),
    ("exp(0)", 1.0), ("log(1)", 0.0), ("log10(1000)", 3.0), ("sqrt(9)", 3.0),
    ("floor(-2.5)", -3.0), ("ceil(-2.5)", -2.0), ("todegrees(0)", 0.0),
    ("toradians(180)", math.pi), ("pow(2, 0.5)", 2 ** 0.5), ("round(2.5)", 3),
    ("round(-2.5)", -2), ("round(3.14159, 3)", 3.142), ("min(4, 2.5, 3)", 2.5),
    ("max(4, 2.5, 3)", 4), ("sin(null)", None), ("abs(null)", None),
    ("todegrees(toradians(90))", 90.0),
])
def test_math(text, expected):
    assert evaluate(text) == pytest.approx(expected) if expected is not None else evaluate(text) is None


def test_min_max_date():
    ctx = SimpleContext({"a": 1000, "b": 2000})
    assert compile_expression("maxDate(fromMillis({a}), fromMillis({b}))").evaluate(ctx).getTime() == 2000
    assert compile_expression("minDate(fromMillis({a}), fromMillis({b}))").evaluate(ctx).getTime() == 1000


@pytest.mark.parametrize("text,message", [
    ("switch(1, 2, 3)", "even number"), ("binEnc()", "at least one"),
    ("nosuchfn(1)", "no such function"), ("toFont('Dialog')", "does not implement"),
])
def test_errors(text, message):
    with pytest.raises(ExprError, match=message):
        evaluate(text)


def test_aggregates_over_values_and_dataset_columns():
    ds = BasicDataset(["name", "v"], [["a", 1.0], ["b", 4.0], ["c", None], ["d", 7.0]])
    ctx = SimpleContext({"ds": ds})
    run = lambda t: compile_expression(t).evaluate(ctx)  # noqa: E731
    assert run("sum({ds}, 1)") == 12.0 and run("sum({ds}, 'v')") == 12.0 and run("sum(1, 2, 3)") == 6
    assert run("mean({ds}, 'v')") == 4.0 and run("mean(1, 2)") == 1.5
    assert run("median({ds}, 1)") == 4.0 and run("median(4, 1, 3, 2)") == 2.5
    assert run("stdDev({ds}, 1)") == pytest.approx(3.0) and run("stdDev(2, 4, 4, 4, 5, 5, 7, 9)") == \
        pytest.approx(2.138089935)
    assert run("max({ds}, 'v')") == 7.0 and run("min({ds}, 1)") == 1.0
    assert run("groupConcat({ds}, 'name', '|')") == "a|b|c|d"
    assert run("groupConcat('x', 'y', ', ')") == "x, y"
    with pytest.raises(ExprError, match="needs numbers"):
        run("mean({ds}, 'name')")
    with pytest.raises(ExprError, match="no column"):
        run("sum({ds}, 'nope')")


def test_dataset_functions_and_timestamp_of():
    from gateway_sim.quality import QualifiedValue, QualityCode
    from gateway_sim import jvm
    ds = BasicDataset(["n", "v"], [["b", 2], ["a", None], ["c", 1]])
    ctx = SimpleContext({"ds": ds, "[default]T": QualifiedValue(5, QualityCode.Good, jvm.Date(1234))},
                        now_ms=99)
    run = lambda t: compile_expression(t).evaluate(ctx)  # noqa: E731
    s = run("sortDataset({ds}, 'v')")
    assert [s.getValueAt(r, 0) for r in range(3)] == ["a", "c", "b"]
    s = run("sortDataset({ds}, 0, false)")
    assert [s.getValueAt(r, 0) for r in range(3)] == ["c", "b", "a"]
    r = run("columnRename({ds}, 'x', 'y')")
    assert list(r.getColumnNames()) == ["x", "y"] and r.getValueAt(0, 1) == 2
    r = run("columnRearrange({ds}, 'v')")
    assert list(r.getColumnNames()) == ["v"] and r.getColumnCount() == 1
    with pytest.raises(ExprError, match="one name per column"):
        run("columnRename({ds}, 'x')")
    assert run("timestampOf({[default]T})").getTime() == 1234
    assert run("timestampOf(tag('[default]T'))").getTime() == 1234
    assert run("timestampOf(3)").getTime() == 99
    assert run("qualifiedValue({[default]T}, 'Bad_Stale')") == 5 and ctx.worst == QualityCode.Bad_Stale
