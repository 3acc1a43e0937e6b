"""``gateway-sim check`` on the gateway EVENTS of real public 8.3 projects (event hunt):
each project here is a small one written for the test with the shape of what was found
(timers, scheduled events, tag-change scripts in ``ignition/<kind>/<Name>/``)."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import check
from gateway_sim.check import OK, check_project
from hunt_projects import jython_check, rows, write_project


def _project(tmp_path, events=(), modules=None):
    """``events``: (kind, name, attributes, script text); ``modules``: dotted -> code."""
    return write_project(str(tmp_path / "events"), modules, events)


def _jython_check(root, **kw):
    return jython_check(root, "8.3", **kw)


_rows = rows


# A tag-change script that publishes the changed tag (an MQTT transmission helper): the
# ``event`` argument's tagPath is a TagPath object, not a string.
TAG_PATH_EVENT = (
    "def onTagChange(initialChange, newValue, previousValue, event, executionCount):\n"
    "\tfull = event.tagPath.toStringFull()\n"
    "\tassert full == '[default]Line/Speed', full\n"
    "\tassert str(event.tagPath) == full\n"
    "\tassert event.getTagPath().getItemName() == 'Speed'\n"
    "\tassert str(event.tagPath.getParentPath()) == '[default]Line'\n"
    "\tassert event.tagPath.getSource() == 'default'\n"
    "\tqv = event.currentValue\n"
    "\tassert qv.quality.isGood() and qv.value == 12.5\n")
SPEED_TAGS = {"tagProviders": {"default": {"tags": [
    {"name": "Line", "tagType": "Folder", "tags": [
        {"name": "Speed", "tagType": "AtomicTag", "valueSource": "memory",
         "dataType": "Float8", "value": 12.5}]}]}}}


def _tag_path_project(tmp_path):
    return _project(tmp_path, [("tag-change", "Publish",
                                {"paths": ["[default]Line/Speed"],
                                 "changeTypes": ["ValueChange"], "enabled": True},
                                TAG_PATH_EVENT)])


def test_tag_change_event_tag_path_is_a_tag_path_object(tmp_path):
    report = check_project(_tag_path_project(tmp_path), "8.3", config=SPEED_TAGS)
    row = _rows(report)["tag-change Publish"]
    assert row["status"] == OK, row["cause"]


@pytest.mark.jython
def test_tag_change_event_tag_path_on_the_jython_host(tmp_path):
    report = _jython_check(_tag_path_project(tmp_path), config=SPEED_TAGS)
    row = _rows(report)["tag-change Publish"]
    assert row["status"] == OK, row["cause"]


# A date helper written for Jython: long literals (``Date(1767243600000L)``), ``long(v)``,
# ``isinstance(v, basestring)``. CPython 3.10+ reports the literal as "invalid decimal
# literal", and the builtins compile and fail only when called: the check must still see
# the project as Python 2 and run it on Jython.
PY2_LONG_LITERAL = "from java.util import Date\nEPOCH = Date(1767243600000L)\n"
PY2_BUILTINS = ("def toLong(v):\n\treturn long(v)\n\n"
                "def isText(v):\n\treturn isinstance(v, basestring)\n")
PY2_DICT_METHOD = "def has(d, k):\n\treturn d.has_key(k)\n"
PY3_SAFE = ("try:\n\tlong\nexcept NameError:\n\tlong = int\n\n"
            "def toLong(v):\n\treturn long(v)\n\n"
            "def unicode_name(unicode):\n\treturn unicode.upper()\n")


def test_python2_long_literals_and_builtins_count_as_python2(tmp_path):
    root = _project(tmp_path, [("timer", "Tick", {"delay": 1000},
                                "def handleTimerEvent():\n\tn = xrange(3)\n")],
                    {"time.converter": PY2_LONG_LITERAL, "util.convert": PY2_BUILTINS,
                     "util.dicts": PY2_DICT_METHOD, "util.modern": PY3_SAFE})
    assert sorted(check.python2_sources(root)) == ["Tick", "time.converter", "util.convert",
                                                   "util.dicts"]


def test_python2_long_literal_gets_the_jython_hint(tmp_path):
    root = _project(tmp_path, modules={"time.converter": PY2_LONG_LITERAL})
    report = check_project(root, "8.3", fire_events=False)
    row = _rows(report)["time.converter"]
    assert row["status"] == "FAIL" and "run the project on Jython 2.7" in row["cause"]


# A timer with an emoji in a comment ahead of its system.* calls. Jython's re reports
# group offsets in UTF-16 units, so every name after the emoji came out shifted by one
# and was listed as missing (``system..perspectiv..getSessionInf``).
EMOJI_TIMER = (u"def handleTimerEvent():\n"
               u"\tTARGET_IP = '10.0.0.5'   # \U0001F448 the grading PC\n"
               u"\tsessions = system.perspective.getSessionInfo()\n"
               u"\tsystem.tag.writeBlocking(['[default]grader'], [None])\n")


@pytest.mark.jython
def test_names_after_an_emoji_are_scanned_right_on_the_jython_host(tmp_path):
    root = _project(tmp_path, [("timer", "Grader", {"delay": 5000}, EMOJI_TIMER)])
    report = _jython_check(root, fire_events=False)
    assert report["missing"]["system"] == {}, report["missing"]["system"]
