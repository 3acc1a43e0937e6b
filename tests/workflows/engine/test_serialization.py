"""serialization.encode: the value a step returns on its first run equals what replay decodes."""
from __future__ import absolute_import, division, print_function

import json

import pytest

from exchange.workflows.engine import serialization as ser
from exchange.workflows.errors import SerializationError


class Text(str):
    pass


@pytest.mark.parametrize("value", [
    0, -5, 2 ** 70, True, False, 0.1 + 0.2, -0.0, 1e-300, 1e300, u"\u00e9\U0001F600\"\\\n", "abc",
    [], (), {}, [1, (2, 3), {"a": None}], {"k": {"n": [1.5, "x", (True,)]}, "z": []},
    {"a": Text("sub")},  # a str subclass: decoded from the text instead
])
def test_encode_matches_a_json_round_trip(value):
    text, decoded = ser.encode(value, "v")
    assert text == json.dumps(value, sort_keys=True, separators=(",", ":"))
    ref = json.loads(text)
    assert decoded == ref
    assert json.dumps(decoded, sort_keys=True) == json.dumps(ref, sort_keys=True)
    assert type(decoded) is type(ref)


def test_encode_none_and_bad_values():
    assert ser.encode(None) == (None, None)
    with pytest.raises(SerializationError):
        ser.encode({"a": float("nan")}, "v")
    with pytest.raises(SerializationError):
        ser.encode({1: 2}, "v")
