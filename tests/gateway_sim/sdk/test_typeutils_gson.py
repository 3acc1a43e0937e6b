"""TypeUtilities.pyToGson / gsonToPy: the forum idiom a real project library uses to turn a
(Perspective) property object into plain Python: ``gsonToPy(pyToGson(obj))``."""
from __future__ import absolute_import, division, print_function

import collections

import pytest

from gateway_sim.sdk.typeutils import TypeUtilities


def test_round_trip_gives_plain_python():
    src = collections.OrderedDict([("a", [1, 2.5, True, None]), ("b", {"c": u"x"}), ("t", (3,))])
    el = TypeUtilities.pyToGson(src)
    assert el.isJsonObject() and not el.isJsonArray()
    assert el.toString() == '{"a":[1,2.5,true,null],"b":{"c":"x"},"t":[3]}'
    back = TypeUtilities.gsonToPy(el)
    assert back == {"a": [1, 2.5, True, None], "b": {"c": u"x"}, "t": [3]}
    assert type(back) is dict and type(back["a"]) is list


def test_primitives_and_null():
    assert TypeUtilities.pyToGson(None).isJsonNull()
    assert TypeUtilities.pyToGson(u"s").isJsonPrimitive()
    assert TypeUtilities.gsonToPy(TypeUtilities.pyToGson(7)) == 7
    assert str(TypeUtilities.pyToGson(u'q"')) == '"q\\""'


def test_a_mapping_that_is_not_a_dict_converts():
    class Wrapper(object):   # what a property object looks like to a script: keys + items
        def __init__(self, d):
            self._d = d

        def keys(self):
            return list(self._d.keys())

        def __getitem__(self, k):
            return self._d[k]
    assert TypeUtilities.gsonToPy(TypeUtilities.pyToGson(Wrapper({"k": [Wrapper({"n": 1})]}))) \
        == {"k": [{"n": 1}]}


def test_gson_to_py_needs_a_json_element():
    with pytest.raises(TypeError) as info:
        TypeUtilities.gsonToPy({"a": 1})
    assert "pyToGson" in str(info.value)
