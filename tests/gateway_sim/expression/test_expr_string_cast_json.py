"""String, Type Casting and JSON functions: exact values (the manual's examples)."""
from __future__ import absolute_import, division, print_function

import json

import pytest

from gateway_sim.expression import ExprError, evaluate


@pytest.mark.parametrize("text,expected", [
    ("concat('a', 1, null)", "a1null"), ("len('abcd')", 4), ("len(null)", 0),
    ("upper('ab')", "AB"), ("lower('AB')", "ab"), ("trim('  x y ')", "x y"),
    ("substring('hello', 1, 3)", "el"), ("indexOf('hello', 'l')", 2),
    ("lastIndexOf('hello', 'l')", 3), ("indexOf('hello', 'z')", -1),
    ("left('hello', 2)", "he"), ("right('hello', 3)", "llo"), ("right('hi', 5)", "hi"),
    ("repeat('hello', 2)", "hellohello"), ("repeat('hello', 0)", ""),
    ("replace('A-B-C', '-', '+')", "A+B+C"),
    ("replace('[default]Line/A', '[default]', '')", "Line/A"),
    ('escapeSQL("Jim\'s Settings")', "Jim''s Settings"),
    ("escapeXML('<a & \"b\">')", "&lt;a &amp; &quot;b&quot;&gt;"),
    ("unescapeXML('&lt;a &amp; b&gt;')", "<a & b>"),
    ("urlEncode('a b&c=d~')", "a+b%26c%3Dd%7E"),
    ("toHex(255)", "FF"), ("toOctal(8)", "10"), ("toBinary(5)", "101"),
    ("fromHex('FF')", 255), ("fromHex('0x1f')", 31), ("fromOctal('17')", 15),
    ("fromBinary('101')", 5), ("char(65)", "A"), ("ordinal('A')", 65),
    ('stringFormat("Hello %s", "world")', "Hello world"),
    ('stringFormat("%s, %s, %s", 1, 2, 3)', "1, 2, 3"),
    ('stringFormat("%d, %d, %d", 4, 5, 6)', "4, 5, 6"),
    ("numberFormat(34.8, \"#0.00'%'\")", "34.80%"),
    ('numberFormat(1234567.891, "#,##0")', "1,234,568"),
    ('numberFormat(1234.5, "#,##0.00")', "1,234.50"),
    ('numberFormat(0.125, "0.00")', "0.12"),
    ('numberFormat(-3.5, "0.0")', "-3.5"),
    ('numberFormat(0.256, "0.0%")', "25.6%"),
    ('numberFormat(7, "000")', "007"),
    ('numberFormat(1.5, "#")', "2"),
])
def test_string(text, expected):
    assert evaluate(text) == expected


def test_split_returns_parts_dataset():
    ds = evaluate("split('a,b,,c,,', ',')")
    assert list(ds.getColumnNames()) == ["parts"]
    assert [ds.getValueAt(r, 0) for r in range(ds.getRowCount())] == ["a", "b", "", "c"]
    assert evaluate("split('a1b2c', '[0-9]')").getRowCount() == 3
    assert evaluate("split('a,b,c', ',', 2)").getValueAt(1, 0) == "b,c"
    assert evaluate("len(split('x y z', ' '))") == 3


@pytest.mark.parametrize("text,expected", [
    ("toInt('42')", 42), ("toInt(2.5)", 3), ("toInteger('38.2')", 38), ("toLong(7.9)", 8),
    ("toInt('x', -1)", -1), ("toInt(null, 5)", 5), ("toFloat('1.5')", 1.5),
    ("toDouble(3)", 3.0), ("toStr(12)", "12"), ("toString(1.5)", "1.5"),
    ("toString(true)", "true"), ("toBoolean('true')", True), ("toBoolean(0)", False),
    ("toBoolean('maybe', false)", False), ("typeOf(1)", "Integer"), ("typeOf(1.5)", "Double"),
    ("typeOf('s')", "String"), ("typeOf(true)", "Boolean"), ("typeOf(10000000000)", "Long"),
])
def test_casts(text, expected):
    assert evaluate(text) == expected


@pytest.mark.parametrize("text", ["toInt('x')", "toFloat('abc')", "toBoolean('maybe')",
                                  "toDate('not a date')", "toDataSet(5)"])
def test_cast_failures(text):
    with pytest.raises(ExprError):
        evaluate(text)


def test_json_get_set_format():
    src = "\"{'item':{'firstThing':1, 'secondThing':2}}\""
    assert evaluate("jsonGet(%s, 'item.secondThing')" % src) == 2
    assert json.loads(evaluate("jsonGet(%s, 'item')" % src)) == {"firstThing": 1, "secondThing": 2}
    assert evaluate("jsonGet(%s, 'item')" % src) == '{"firstThing":1,"secondThing":2}'
    assert evaluate("jsonGet(%s, 'item.nope')" % src) is None
    assert evaluate("jsonSet(%s, 'item.secondThing', 5)" % src) == \
        '{"item":{"firstThing":1,"secondThing":5}}'
    assert evaluate("jsonGet('{rows:[{id:7},{id:8}]}', 'rows[1].id')") == 8
    assert evaluate("jsonFormat('{item1:10,item2:20}')") == '{\n  "item1": 10,\n  "item2": 20\n}'
    with pytest.raises(ExprError, match="bad JSON"):
        evaluate("jsonGet('{a:', 'a')")
