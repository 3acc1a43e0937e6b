"""Shapes found in real projects' helper modules (issue 10 hunt): ``java.lang.String``
built from a ``byte[]`` and a charset (URL-safe base64 ids decoded back to text), and
``java.util.Date.toInstant()`` handed to a ``java.time`` formatter."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.java import bridge
from gateway_sim.java.lang import NullPointerException, String
from gateway_sim.java.io import UnsupportedEncodingException
from gateway_sim.java.util import Base64, Date


class _Charset(object):
    """What ``StandardCharsets.UTF_8`` looks like to a script: an object with name()."""

    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name


def test_string_decodes_a_byte_array_with_a_charset_object_or_name():
    raw = Base64.getUrlDecoder().decode(
        Base64.getUrlEncoder().withoutPadding().encodeToString("[default]Línea/Motor"))
    assert String(raw, _Charset("UTF-8")) == u"[default]Línea/Motor"
    assert String(raw, "UTF-8") == u"[default]Línea/Motor"
    assert String(bytearray(b"abc")) == u"abc"  # default charset
    assert String(bytearray(b"hello"), 1, 3) == u"ell"
    assert String([-61, -87], "UTF-8") == u"\u00e9"  # Java bytes are signed


def test_string_from_text_chars_and_nothing():
    assert String() == u""
    assert String(u"x") == u"x"
    assert String(["a", "b", "c"]) == u"abc"
    assert String.valueOf(True) == "true"  # statics still there


def test_string_bad_input_is_a_java_error_naming_the_fix():
    with pytest.raises(NullPointerException):
        String(None)
    with pytest.raises(UnsupportedEncodingException):
        String(bytearray(b"a"), "NO-SUCH-CHARSET")
    with pytest.raises(TypeError) as exc:
        String(bytearray(b"abc"), 1)
    assert "offset and length" in str(exc.value)


def test_date_to_instant_is_a_java_time_instant():
    if bridge.unavailable_reason() is not None:
        pytest.skip("no JVM for java.time: %s" % bridge.unavailable_reason())
    from gateway_sim.java._hook import jvm_class
    fmt = jvm_class("java.time.format.DateTimeFormatter").ofPattern(
        "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(jvm_class("java.time.ZoneOffset").UTC)
    d = Date(1782820800000)
    assert d.toInstant().toEpochMilli() == 1782820800000
    assert str(fmt.format(d.toInstant())) == "2026-06-30T12:00:00.000Z"
