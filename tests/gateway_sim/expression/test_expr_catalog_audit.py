"""The expression catalog against the 8.1/8.3 manual's Expression Functions index:
the Date and Time comparisons are dateIsAfter/dateIsBefore/dateIsBetween/dateIsDaylight
(system.date's isAfter... are script names only), Colors has color/brighter/darker/
gradient, toColor and toBoolean cast by the manual's rules, translate and hasRole read
the gateway, Perspective-only functions say so. Values are the manual's examples."""
from __future__ import absolute_import, division, print_function

import time

import pytest

from gateway_sim.expression import ExprError, SimpleContext, compile_expression, evaluate
from gateway_sim.expression import catalog
from gateway_sim.expression.functions import implemented_names


def _at(text, now_ms):
    return compile_expression(text).evaluate(SimpleContext(now_ms=now_ms))


@pytest.fixture
def pacific(monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- Date and Time --------------------------------------------------------------------------------
def test_catalog_has_the_manual_date_names_not_system_date_ones():
    names = dict(catalog.CATEGORIES)["Date and Time"]
    for n in ("dateIsAfter", "dateIsBefore", "dateIsBetween", "dateIsDaylight"):
        assert n in names and n.lower() in implemented_names()
    for n in ("isAfter", "isBefore", "isBetween", "isDaylightTime"):
        assert n not in names and n.lower() not in implemented_names()


@pytest.mark.parametrize("text", [
    'isAfter(toDate("2009-2-2"), toDate("2009-2-1"))',
    'isBefore(toDate("2009-2-2"), toDate("2009-2-1"))',
    'isBetween(toDate("2009-2-2"), toDate("2009-2-1"), toDate("2009-2-3"))',
    'isDaylightTime(toDate("2009-2-2"))',
])
def test_system_date_names_are_unknown_expression_functions(utc, text):
    with pytest.raises(ExprError, match="no such function"):
        evaluate(text)


def test_date_is_after_and_before_are_exclusive(utc):
    april12 = _at('toMillis(toDate("2016-04-12 00:00:00"))', 0)
    manual = 'dateIsAfter(now(), toDate("2016-04-12 00:00:00"))'
    assert _at(manual, april12 + 1) is True
    assert _at(manual, april12) is False
    assert _at('dateIsBefore(now(), toDate("2016-04-12 00:00:00"))', april12 - 1) is True
    assert _at('dateIsBefore(now(), toDate("2016-04-12 00:00:00"))', april12) is False


def test_date_is_between_is_inclusive(utc):
    manual = 'dateIsBetween(now(), toDate("2016-06-12 00:00:00"), toDate("2016-06-19 00:00:00"))'
    start = _at('toMillis(toDate("2016-06-12 00:00:00"))', 0)
    end = _at('toMillis(toDate("2016-06-19 00:00:00"))', 0)
    assert _at(manual, start) is True and _at(manual, end) is True
    assert _at(manual, start + 86400000) is True
    assert _at(manual, start - 1) is False and _at(manual, end + 1) is False


def test_date_is_daylight_in_the_gateway_zone(pacific):
    assert evaluate('dateIsDaylight(toDate("2007-06-28 00:00:00"))') is True   # the manual's
    assert evaluate('dateIsDaylight(toDate("2007-01-28 00:00:00"))') is False
    july = _at('toMillis(toDate("2020-07-01 12:00:00"))', 0)
    assert _at("dateIsDaylight()", july) is True       # omitted: the gateway clock's now
    assert _at("dateIsDaylight()", july - 180 * 86400000) is False


def test_date_is_daylight_false_in_utc(utc):
    assert evaluate('dateIsDaylight(toDate("2007-06-28 00:00:00"))') is False


# --- Colors and toColor / toHex -------------------------------------------------------------------
def _rgb(text):
    c = evaluate(text)
    return (c.getRed(), c.getGreen(), c.getBlue(), c.getAlpha())


def test_colors_category_lists_color():
    assert "color" in dict(catalog.CATEGORIES)["Colors"]


def test_brighter_and_darker_manual_examples():
    assert _rgb("brighter(color(100,150,250))") == (142, 214, 255, 255)
    assert _rgb("darker(color(100,150,250))") == (70, 105, 175, 255)
    assert _rgb("brighter(color(0,0,0))") == (3, 3, 3, 255)
    assert _rgb("color(1, 2, 3, 4)") == (1, 2, 3, 4)


def test_gradient_manual_examples():
    assert evaluate('gradient(0, 0, 100, toColor("red"), toColor("blue"))') == evaluate('toColor("red")')
    assert evaluate('gradient(100, 0, 100, toColor("red"), toColor("blue"))') == evaluate("color(0,0,255)")
    r, g, b, a = _rgb('gradient(60, 0, 100, toColor("red"), toColor("blue"))')   # "a shade of purple"
    assert g == 0 and 0 < r < b < 255 and a == 255
    assert _rgb("gradient({v}, 0, 100, color(255,0,0), color(0,0,255))".replace("{v}", "50")) == \
        (128, 0, 128, 255)


def test_to_color_manual_forms():
    red = evaluate("color(255, 0, 0)")
    for text in ('toColor("red")', 'toColor("#FF0000")', 'toColor("255,0,0")', 'toColor("RED")',
                 'toColor("ff0000")', 'toColor("(255, 0, 0)")', 'toColor("255-0-0")'):
        assert evaluate(text) == red, text
    assert _rgb('toColor("556B2F")') == (85, 107, 47, 255)
    assert _rgb('toColor("[255,255,33,127]")') == (255, 255, 33, 127)
    assert evaluate('toColor("no color", "fallback")') == "fallback"
    with pytest.raises(ExprError, match="not a color"):
        evaluate('toColor("no color")')


def test_to_hex_of_a_color_manual_example():
    assert evaluate("toHex(color(192,26,68,241))") == "C01A44F1"
    assert evaluate("toHex(255)") == "FF"


def test_color_text_is_java_awt_color():
    assert evaluate("toStr(color(1,2,3))") == "java.awt.Color[r=1,g=2,b=3]"


# --- Type Casting: toBoolean ----------------------------------------------------------------------
@pytest.mark.parametrize("text,expected", [
    ("toBoolean('on')", True), ("toBoolean('T')", True), ("toBoolean('Yes')", True),
    ("toBoolean('y')", True), ("toBoolean('off')", False), ("toBoolean('F')", False),
    ("toBoolean('no')", False), ("toBoolean(' N ')", False),
])
def test_to_boolean_manual_rules(text, expected):
    assert evaluate(text) is expected


@pytest.mark.parametrize("text", ["toBoolean('')", "toBoolean(now())"])
def test_to_boolean_fails_on_other_texts_and_types(text):
    with pytest.raises(ExprError):
        evaluate(text)


# --- Translation and Users ------------------------------------------------------------------------
def test_translate_without_translations_returns_the_key():
    assert evaluate("translate('Start')") == "Start"


@pytest.mark.gateway_config({"translations": {"defaultLocale": "de_DE", "terms": {
    "Start": {"es": "Iniciar", "de": "Starten"}}}})
def test_translate_reads_the_gateway_translations(gateway):
    assert evaluate("translate('Start')") == "Starten"
    assert evaluate("translate('Start', 'es-ES')") == "Iniciar"
    assert evaluate("translate('Stop')") == "Stop"
    gateway.tags.load_data({"tags": [
        {"name": "Label", "valueSource": "expr", "dataType": "String",
         "expression": "translate('Start', 'es')"}]})
    assert gateway.tags.value("[default]Label") == "Iniciar"


USERS = {"userSources": {"default": {
    "roles": ["Administrator", "Operator"],
    "users": [{"username": "ada", "password": "pw", "roles": ["Administrator"]}]}}}


@pytest.mark.gateway_config(USERS)
def test_has_role_in_gateway_scope_needs_user_and_source(gateway):
    gateway.tags.load_data({"tags": [
        {"name": "AdaAdmin", "valueSource": "expr", "dataType": "Boolean",
         "expression": "hasRole('Administrator', 'ada', 'default')"},
        {"name": "AdaOperator", "valueSource": "expr", "dataType": "Boolean",
         "expression": "hasRole('Operator', 'ada', 'default')"},
        {"name": "Nobody", "valueSource": "expr", "dataType": "Boolean",
         "expression": "hasRole('Administrator', 'nobody', 'default')"},
        {"name": "ClientForm", "valueSource": "expr", "dataType": "Boolean",
         "expression": "hasRole('Administrator')"},
    ]})
    assert gateway.tags.value("[default]AdaAdmin") is True
    assert gateway.tags.value("[default]AdaOperator") is False
    assert gateway.tags.value("[default]Nobody") is False
    assert not gateway.tags.read_one("[default]ClientForm").quality.isGood()
    with pytest.raises(ExprError, match="username and the user source are required"):
        evaluate("hasRole('Administrator')")
    with pytest.raises(ExprError, match="does not exist"):
        evaluate("hasRole('Administrator', 'ada', 'ldap')")


@pytest.mark.parametrize("text", ["property('this.custom.x')", "isAuthorized(true, 'A/B')"])
def test_perspective_only_functions_say_so(text):
    with pytest.raises(ExprError, match="Perspective"):
        evaluate(text)


def test_date_is_between_in_an_expression_tag(gateway):
    gateway.tags.load_data({"tags": [
        {"name": "InWindow", "valueSource": "expr", "dataType": "Boolean",
         "expression": 'dateIsBetween(toDate("2016-06-15 00:00:00"), '
                       'toDate("2016-06-12 00:00:00"), toDate("2016-06-19 00:00:00"))'}]})
    assert gateway.tags.value("[default]InWindow") is True
