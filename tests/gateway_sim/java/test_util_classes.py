"""java.util: Date, UUID, collections."""
from __future__ import absolute_import, division, print_function

import os
import pickle
import time

import pytest

from gateway_sim import jvm
from gateway_sim.java import util


@pytest.fixture
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_date_is_millis_based(utc):
    d = jvm.Date(1764072000123)
    assert d.getTime() == 1764072000123
    assert str(d) == "Tue Nov 25 12:00:00 UTC 2025"
    assert repr(d) == str(d)


def test_date_to_string_in_local_zone(new_york):
    assert str(jvm.Date(1764072000000)) == "Tue Nov 25 07:00:00 EST 2025"
    assert str(jvm.Date(1751371200000)) == "Tue Jul 01 08:00:00 EDT 2025"


def test_date_comparisons_and_hash():
    a, b, a2 = jvm.Date(1000), jvm.Date(2000), jvm.Date(1000)
    assert a < b and b > a and a <= a2 and a >= a2
    assert a == a2 and a != b and not (a == 1000)
    assert a.before(b) and b.after(a) and not a.after(a2)
    assert (a.compareTo(b), b.compareTo(a), a.compareTo(a2)) == (-1, 1, 0)
    assert a.equals(a2) and not a.equals(b)
    assert hash(a) == hash(a2) == a.hashCode()
    assert len({a, a2, b}) == 2
    assert jvm.Date(-1).getTime() == -1


def test_date_java_hashcode():
    # Java: (int)(t ^ (t >>> 32))
    assert jvm.Date(1764072000123).hashCode() == -1159558175


def test_date_set_time_clone_pickle():
    d = jvm.Date(5)
    c = d.clone()
    d.setTime(10)
    assert c.getTime() == 5 and d.getTime() == 10
    assert pickle.loads(pickle.dumps(d)) == d


def test_date_bad_input():
    with pytest.raises(jvm.IllegalArgumentException) as info:
        jvm.Date("2024-01-01")
    assert "system.date.parse" in str(info.value)
    with pytest.raises(jvm.Throwable):
        jvm.Date(1) < "x"
    with pytest.raises(jvm.Throwable):
        jvm.Date(1).before(None)


def test_date_now_uses_gateway_clock(virtual_gateway):
    assert jvm.Date().getTime() == 1764072000000


def test_timestamp():
    ts = jvm.Timestamp(1764072000123)
    assert isinstance(ts, jvm.Date)
    assert ts.getNanos() == 123000000
    os.environ  # noqa - zone-independent parts only
    assert str(ts).endswith(".123")


def test_uuid():
    u = util.UUID.randomUUID()
    s = u.toString()
    assert len(s) == 36 and s.count("-") == 4 and u.version() == 4
    assert util.UUID.fromString(s) == u and hash(util.UUID.fromString(s)) == hash(u)
    assert str(u) == s
    with pytest.raises(jvm.IllegalArgumentException):
        util.UUID.fromString("not-a-uuid")
    fixed = util.UUID.fromString("00000000-0000-0001-0000-000000000002")
    assert fixed.getMostSignificantBits() == 1 and fixed.getLeastSignificantBits() == 2
    assert util.UUID(1, 2) == fixed
    # Java: UUID.nameUUIDFromBytes("abc".getBytes()) -> version 3
    assert str(util.UUID.nameUUIDFromBytes(b"abc")) == "90015098-3cd2-3fb0-9696-3f7d28e17f72"


def test_array_list_and_hash_map():
    lst = util.ArrayList()
    assert lst.add("a") is True
    lst.add(0, "b")
    assert list(lst) == ["b", "a"] and lst.size() == 2 and lst.get(1) == "a"
    assert lst.contains("a") and "a" in lst and lst.indexOf("zz") == -1
    with pytest.raises(jvm.Throwable) as info:
        lst.get(5)
    assert "IndexOutOfBoundsException" in str(info.value)
    assert lst.remove(0) == "b" and lst.remove("a") is True and lst.isEmpty()
    m = util.HashMap()
    assert m.put("k", 1) is None and m.put("k", 2) == 1
    assert m.get("k") == 2 and m.get("zz") is None and m.getOrDefault("zz", 9) == 9
    assert m.containsKey("k") and len(m) == 1 and m["k"] == 2
    assert sorted(m.keySet()) == ["k"] and list(m.values()) == [2]
    assert m.remove("k") == 2 and m.isEmpty()
    assert str(util.ArrayList([1, None, "x"])) == "[1, null, x]"


def test_collections_synchronized_and_unmodifiable():
    s = util.Collections.synchronizedList(util.ArrayList())
    s.add(1)
    assert list(s) == [1] and len(s) == 1
    u = util.Collections.unmodifiableList([1, 2])
    assert u.get(0) == 1
    with pytest.raises(jvm.Throwable) as info:
        u.add(3)
    assert "UnsupportedOperationException" in str(info.value)
    lst = util.ArrayList([3, 1, 2])
    util.Collections.sort(lst)
    assert list(lst) == [1, 2, 3]


def test_time_zone(utc):
    tz = util.TimeZone.getDefault()
    assert tz.getRawOffset() == 0 and tz.getID()
