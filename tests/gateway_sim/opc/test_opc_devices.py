"""Generic Simulator devices behind "Ignition OPC UA Server" (gateway_sim.backends.opc_devices):
address space, values on a VirtualClock, Writeable/ReadOnly writes, path forms, browse,
config errors, and the real factry-historian export's Test-PLC tags reading Good."""
from __future__ import absolute_import, division, print_function

import os

import pytest
from realfixtures import real_path

import gateway_sim.system as system
from gateway_sim import Gateway, simulate
from gateway_sim.clock import VirtualClock
from gateway_sim.errors import ConfigError
from gateway_sim.quality import QualityCode

SERVER = "Ignition OPC UA Server"
DEV = "ns=1;s=[Test-PLC]"
T2 = ("tags", "Mustry-Solutions__factry-historian-ignition-module", "ignition", "config")


def _gateway(tmp_path, devices):
    return Gateway(data_dir=str(tmp_path / "gw"), clock=VirtualClock(start=1000000.0),
                   config={"opcServers": {SERVER: {"devices": devices}}})


@pytest.fixture
def sim(tmp_path):
    gw = _gateway(tmp_path, {"Test-PLC": "generic", "Other": {"driver": "generic"}})
    try:
        with simulate(gw):
            yield gw
    finally:
        gw.shutdown()


def _read(path):
    return system.opc.readValue(SERVER, path)


def _val(path):
    qv = _read(path)
    assert qv.quality.isGood(), (path, qv)
    return qv.value


def test_readonly_values_and_refused_writes(sim):
    want = {"ReadOnlyBoolean1": False, "ReadOnlyBoolean2": True, "ReadOnlyShort2": 2,
            "ReadOnlyInteger5": 5, "ReadOnlyLong1": 1, "ReadOnlyFloat2": 1.2,
            "ReadOnlyDouble1": 1.1, "ReadOnlyString1": "ABCDEFG", "ReadOnlyString2": "ZYXWVUT"}
    for name, v in want.items():
        assert _val(DEV + "ReadOnly/" + name) == v
    q = system.opc.writeValue(SERVER, DEV + "ReadOnly/ReadOnlyInteger1", 9)
    assert q == QualityCode.Bad_ReadOnly and "ReadOnlyInteger1" in q.getDiagnosticMessage()
    assert _val(DEV + "ReadOnly/ReadOnlyInteger1") == 1
    assert system.opc.writeValue(SERVER, DEV + "Ramp/Ramp0", 5) == QualityCode.Bad_ReadOnly


def test_writeable_items_keep_what_is_written(sim):
    assert _val(DEV + "Writeable/WriteableInteger3") == 0
    assert _val(DEV + "Writeable/WriteableString1") == ""
    assert system.opc.writeValue(SERVER, DEV + "Writeable/WriteableInteger3", "12").isGood()
    assert _val(DEV + "Writeable/WriteableInteger3") == 12          # coerced to Int4
    assert system.opc.writeValue(SERVER, DEV + "Writeable/WriteableBoolean1", True).isGood()
    assert _val(DEV + "Writeable/WriteableBoolean1") is True
    bad = system.opc.writeValue(SERVER, DEV + "Writeable/WriteableShort1", "abc")
    assert bad == QualityCode.Error_TypeConversion and "Int2" in bad.getDiagnosticMessage()
    # Each device keeps its own values.
    assert _val("ns=1;s=[Other]Writeable/WriteableInteger3") == 0


def test_ramp_sine_random_realistic_move_with_the_clock(sim):
    assert _val(DEV + "Ramp/Ramp0") == 0.0
    assert _val(DEV + "Sine/Sine0") == pytest.approx(0.0)
    real0 = _val(DEV + "Realistic/Realistic0")
    rnd0 = [_val(DEV + "Random/RandomDouble1") for _ in range(2)]
    assert rnd0[0] == rnd0[1] and 0.0 <= rnd0[0] < 100.0      # one draw per second
    sim.clock.advance(2.5)
    assert _val(DEV + "Ramp/Ramp0") == pytest.approx(25.0)     # 0 -> 100 over 10 s
    assert _val(DEV + "Ramp/Ramp1") == pytest.approx(12.5)     # over 20 s
    assert _val(DEV + "Sine/Sine0") == pytest.approx(100.0)    # quarter of a 10 s period
    sine4 = _val(DEV + "Sine/Sine4")                           # Int4, period 50 s
    assert isinstance(sine4, int) and sine4 == 31
    assert _val(DEV + "Random/RandomDouble1") != rnd0[0]
    ints = [_val(DEV + "Random/RandomInteger%d" % i) for i in (1, 2)]
    assert all(isinstance(v, int) and 0 <= v <= 100 for v in ints)
    assert isinstance(_val(DEV + "Random/RandomBoolean1"), bool)
    real = _val(DEV + "Realistic/Realistic0")
    assert real != real0 and abs(real - real0) <= 2.0          # at most 1.0 per second
    sim.clock.advance(3600.0)
    later = _val(DEV + "Realistic/Realistic0")
    assert 0.0 <= later <= 100.0
    assert _val(DEV + "Ramp/Ramp0") == pytest.approx(25.0)     # saw-tooth restarts


def test_path_forms_and_unknown_paths(sim):
    assert _val("[Test-PLC]Sine/Sine0") == _val(DEV + "Sine/Sine0")
    assert _val("[Test-PLC]_Meta:Realistic/Realistic2") == _val(DEV + "Realistic/Realistic2")
    assert _val("ns=1;s=[Test-PLC]_Meta:ReadOnly/ReadOnlyShort1") == 1
    for path in (DEV + "Ramp/Ramp10", DEV + "Writeable/WriteableFloat3", DEV + "Nope",
                 "ns=1;s=[Nodev]Ramp/Ramp0", DEV + "Random/RandomFloat1"):
        qv = _read(path)
        assert qv.value is None and qv.quality == QualityCode.Bad_NotFound, path
    assert system.opc.writeValue(SERVER, DEV + "Ramp/Ramp10", 1) == QualityCode.Bad_NotFound


def test_browse_shows_devices_folders_and_items(sim):
    top = system.opc.browseServer(SERVER, "")
    assert [(t.displayName, t.nodeId, t.elementType) for t in top] == \
        [("Other", "ns=1;s=[Other]", "DEVICE"), ("Test-PLC", DEV, "DEVICE")]
    assert [(t.displayName, t.elementType) for t in system.opc.browseServer(SERVER, DEV)] == \
        [(f, "FOLDER") for f in ("Ramp", "Random", "ReadOnly", "Realistic", "Sine", "Writeable")]
    ramps = system.opc.browseServer(SERVER, DEV + "Ramp")
    assert [t.displayName for t in ramps] == ["Ramp%d" % i for i in range(10)]
    assert len(system.opc.browseServer(SERVER, DEV + "ReadOnly")) == 17
    assert len(system.opc.browseServer(SERVER, DEV + "Writeable")) == 17
    assert len(system.opc.browseServer(SERVER, DEV + "Random")) == 10
    sines = system.opc.browse(SERVER, "Test-PLC", "Sine", "*")
    assert [t.getDataType() for t in sines] == ["Float4", "Float4", "Float8", "Float8", "Int4",
                                                "Int4", "Int8", "Int8", "Float8", "Float8"]
    assert len(system.opc.browseSimple(SERVER, "Test-PLC", "", "*")) == 74   # 17+17+10+3*10


def test_opc_tags_on_a_device_follow_it(sim):
    sim.tags.load_data({"tags": [
        {"name": "R", "valueSource": "opc", "dataType": "Float8", "opcServer": SERVER,
         "opcItemPath": DEV + "Ramp/Ramp0"},
        {"name": "W", "valueSource": "opc", "dataType": "Int4", "opcServer": SERVER,
         "opcItemPath": "[Test-PLC]Writeable/WriteableInteger1"},
        {"name": "RO", "valueSource": "opc", "dataType": "Int4", "opcServer": SERVER,
         "opcItemPath": DEV + "ReadOnly/ReadOnlyInteger2"}]})
    assert system.tag.readBlocking(["R"])[0].value == 0.0
    sim.clock.advance(3.5)                                     # polled once a second
    assert system.tag.readBlocking(["R"])[0].value == pytest.approx(30.0)
    assert system.tag.writeBlocking(["W"], [7])[0].isGood()
    assert system.tag.readBlocking(["W"])[0].value == 7
    assert _val(DEV + "Writeable/WriteableInteger1") == 7
    assert system.opc.writeValue(SERVER, DEV + "Writeable/WriteableInteger1", 8).isGood()
    assert system.tag.readBlocking(["W"])[0].value == 8        # pushed to the tag at once
    assert system.tag.writeBlocking(["RO"], [1])[0] == QualityCode.Bad_ReadOnly


def test_configured_items_and_devices_share_a_connection(tmp_path):
    gw = Gateway(data_dir=str(tmp_path / "gw"), clock=VirtualClock(start=0.0),
                 config={"opcServers": {SERVER: {"devices": {"Sim": "generic"},
                                                 "items": {"ns=1;s=[PLC]Level": 4.5}}}})
    try:
        with simulate(gw):
            assert _val("ns=1;s=[PLC]Level") == 4.5
            assert _val("ns=1;s=[Sim]ReadOnly/ReadOnlyLong2") == 2
            assert system.opc.getServers() == [SERVER]
    finally:
        gw.shutdown()


@pytest.mark.parametrize("devices,message", [
    ({"Test-PLC": "dairy"}, "unknown driver 'dairy'; use one of generic"),
    ({"Test-PLC": {"driver": "generic", "rate": 1}}, r"unknown key\(s\) rate"),
    ({"Test-PLC": {}}, "needs a driver"),
    ({"Test-PLC": 3}, "must be a driver name"),
    ({"[X]": "generic"}, "must be non-empty"),
    (["Test-PLC"], "devices must map device names"),
])
def test_bad_device_config_is_one_clear_line(tmp_path, devices, message):
    with pytest.raises(ConfigError, match=message):
        _gateway(tmp_path, devices).shutdown()


def test_factry_export_reads_good_with_a_generic_test_plc(tmp_path):
    root = real_path(*T2)
    gw = _gateway(tmp_path, {"Test-PLC": "generic"})
    try:
        with simulate(gw):
            gw.tags.load_file(root)
            gw.tags.flush_events(30)
            res = system.tag.browse("[default]Factry", {"recursive": True, "tagType": "AtomicTag"})
            paths = [str(r["fullPath"]) for r in res.getResults()]
            assert len(paths) == 74
            qvs = system.tag.readBlocking(paths)
            bad = [(p, q.quality.getName()) for p, q in zip(paths, qvs) if not q.quality.isGood()]
            assert bad == []
            vals = dict((p.split("/")[-1], q.value) for p, q in zip(paths, qvs))
            assert vals["ReadOnlyString2"] == "ZYXWVUT" and vals["ReadOnlyInteger4"] == 4
            assert system.tag.writeBlocking(["[default]Factry/Writeable/WriteableFloat1"], [2.5])[0].isGood()
            assert system.tag.readBlocking(["[default]Factry/Writeable/WriteableFloat1"])[0].value == 2.5
            assert system.tag.writeBlocking(["[default]Factry/ReadOnly/ReadOnlyFloat1"], [2.5])[0] == \
                QualityCode.Bad_ReadOnly
            before = system.tag.readBlocking(["[default]Factry/Ramp/Ramp0"])[0].value
            gw.clock.advance(2.0)
            assert system.tag.readBlocking(["[default]Factry/Ramp/Ramp0"])[0].value != before
        assert os.path.isdir(root)
    finally:
        gw.shutdown()


def test_sflow_meta_paths_read_good_with_a_generic_device(tmp_path):
    """floriansmeyers/SFLOW-Ignition-CLI's export reads ``[Generic]_Meta:Realistic/RealisticN``."""
    gw = _gateway(tmp_path, {"Generic": "generic"})
    try:
        with simulate(gw):
            gw.tags.load_file(real_path("tags", "floriansmeyers__SFLOW-Ignition-CLI", "tags-backup.json"))
            gw.tags.flush_events(30)
            prov = gw.tags.provider("default")
            meta = [n for n in prov.root.walk() if n.tag_type == "AtomicTag" and not n.inert
                    and n.value_source == "opc"
                    and "%s" % (n.config.get("opcItemPath"),) in ("[Generic]_Meta:Realistic/Realistic1",
                                                               "[Generic]_Meta:Realistic/Realistic2")]
            assert len(meta) == 8           # the live (non-inert) tags on these paths
            qvs = system.tag.readBlocking([n.full_path() for n in meta])
            assert [(n.full_path(), q.quality.getName()) for n, q in zip(meta, qvs)
                    if not q.quality.isGood()] == []
            assert all(q.value is not None for q in qvs)
    finally:
        gw.shutdown()
