"""Values and document shapes as real exports write them (issue 9 items 2, 3, 10)."""
from __future__ import absolute_import, division, print_function

import datetime
import json
import time

import gateway_sim.system as system

DS = {"columns": [{"name": "t_stamp", "type": "java.util.Date"}, {"name": "v", "type": "java.lang.Double"}],
      "rows": [[1583395200000, 48.0], [1583481600000, 47.5]]}


def test_values_as_exported(gateway):
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [  # provider root as ""
        {"name": "DsText", "dataType": "DataSet", "value": json.dumps(DS)},
        {"name": "DsObj", "dataType": "DataSet", "value": DS},
        {"name": "Doc", "dataType": "Document", "value": {"a": [1, 2], "b": {"c": "x"}}},
        {"name": "DocText", "dataType": "Document", "value": "{\"k\": 1}"},
        {"name": "When", "dataType": "DateTime", "value": 1689946982654},
        {"name": "WhenText", "dataType": "DateTime", "value": "2023-07-21 13:43:02"},
        {"name": "WhenIso", "dataType": "DateTime", "value": "2023-07-21T18:43:02.654+05:00"},
        {"name": "WhenZ", "dataType": "DateTime", "value": "2023-07-21T13:43:02.654Z"},
        {"name": "WhenJava", "dataType": "DateTime", "value": "Fri Jul 21 13:43:02 UTC 2023"},
        {"name": "Ints", "dataType": "Int4Array", "value": [1, 2, 3]},
        {"name": "Floats", "dataType": "Float8Array", "value": [1.5, 2]},
        {"name": "Bools", "dataType": "BooleanArray", "value": [True, False]},
        {"name": "Strs", "dataType": "StringArray", "value": ["a", "b"]},
        {"name": "Dates", "dataType": "DateTimeArray", "value": [0, 1000]},
        {"name": "Bytes", "dataType": "ByteArray", "value": [1, 255, -1]},
        {"name": "Shorts", "dataType": "Int2Array", "value": [-1, 7]},
    ]})
    assert gateway.tags.warnings == []
    v = gateway.tags.value
    for name in ("DsText", "DsObj"):
        ds = v(name)
        assert ds.getRowCount() == 2 and ds.getValueAt(1, "v") == 47.5
        assert ds.getValueAt(0, "t_stamp").getTime() == 1583395200000
    assert v("Doc") == {"a": [1, 2], "b": {"c": "x"}} and v("DocText") == {"k": 1}
    assert v("When").getTime() == 1689946982654
    # Text is read in the gateway's local time zone (datatypes docstring).
    local = int(time.mktime(datetime.datetime(2023, 7, 21, 13, 43, 2).timetuple())) * 1000
    assert v("WhenText").getTime() == local
    assert v("WhenIso").getTime() == v("WhenZ").getTime() == 1689946982654
    assert v("WhenJava").getTime() == 1689946982000
    assert v("Ints") == [1, 2, 3] and v("Floats") == [1.5, 2.0] and v("Bools") == [True, False]
    assert v("Strs") == ["a", "b"] and [d.getTime() for d in v("Dates")] == [0, 1000]
    assert list(v("Bytes")) == [1, 255, 255] and v("Shorts") == [-1, 7]


def test_system_provider_export_merges_into_the_built_in_tags(gateway):
    name = gateway.tags.value("[System]Gateway/SystemName")
    gateway.tags.load_data({"name": "", "tagType": "Provider", "tags": [
        {"name": "Gateway", "tagType": "Folder", "tags": [
            {"name": "SystemName", "dataType": "String", "value": "exported-name"},
            {"name": "Performance", "tagType": "Folder", "tags": [
                {"name": "Memory Utilization", "dataType": "Float8", "value": 0.25},
                {"name": "Threads", "dataType": "Int4", "value": 12}]}]},
        {"name": "Site", "dataType": "String", "value": "north"}]}, provider="System")
    v = gateway.tags.value
    assert v("[System]Gateway/SystemName") == name                       # built-in kept
    assert v("[System]Gateway/CurrentDateTime") is not None              # still live
    assert v("[System]Gateway/Performance/Threads") == 12                # exported added
    mem = gateway.tags.provider("System").find(["Gateway", "Performance", "Memory Utilization"])
    assert mem.live is not None                                          # still computed
    assert v("[System]Site") == "north"


def test_system_performance_tags_real_exports_bind_to(gateway):
    # Paths a real export (T1) binds derived tags to, as {source}*100: fractions 0..1.
    for name in ("CPU Usage", "Memory Utilization", "Disk Utilization"):
        qv = gateway.tags.read_one("[System]Gateway/Performance/%s" % name)
        if qv.value is None:
            assert qv.quality.isUncertain(), (name, qv)
        else:
            assert qv.quality.isGood() and 0.0 <= qv.value <= 1.0, (name, qv)
    assert system.tag.writeBlocking(["[System]Gateway/Performance/CPU Usage"], [0.5])[0].isBad()
