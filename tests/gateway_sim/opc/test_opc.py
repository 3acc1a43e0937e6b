"""Simulated OPC connections: OPC tags without/with a connection, function items on the
virtual clock, system.opc read/write/browse/state."""
from __future__ import absolute_import, division, print_function

import pytest

import gateway_sim.system as system
from gateway_sim import Gateway, simulate
from gateway_sim.clock import VirtualClock
from gateway_sim.errors import ConfigError
from gateway_sim.quality import QualityCode

SERVER = "Ignition OPC UA Server"
OPC = {SERVER: {"items": {
    "ns=1;s=[PLC]Tank/Level": 42.5,
    "ns=1;s=[PLC]Tank/Mode": {"type": "memory", "value": "AUTO"},
    "ns=1;s=[PLC]Const": {"type": "constant", "value": 7},
    "ns=1;s=[PLC]Ramp": {"type": "ramp", "min": 0, "max": 100, "period": 10},
    "ns=1;s=[PLC]Wave": {"type": "sine", "min": -1, "max": 1, "period": 4},
    "ns=1;s=[PLC]Noise": {"type": "random", "min": 0, "max": 5, "seed": 3, "updateRate": 500},
}}}
TAGS = {"tags": [{"name": "P", "tagType": "Folder", "tags": [
    {"name": "Level", "valueSource": "opc", "dataType": "Float8", "opcServer": SERVER,
     "opcItemPath": "ns=1;s=[PLC]Tank/Level"},
    {"name": "Ramp", "valueSource": "opc", "dataType": "Float8", "opcServer": SERVER,
     "opcItemPath": "ns=1;s=[PLC]Ramp"},
    {"name": "Const", "valueSource": "opc", "dataType": "Int4", "opcItemPath": "ns=1;s=[PLC]Const"},
    {"name": "Missing", "valueSource": "opc", "dataType": "Int4", "opcServer": SERVER,
     "opcItemPath": "ns=1;s=[PLC]Nope"},
    {"name": "OtherConn", "valueSource": "opc", "dataType": "Int4", "opcServer": "Kepware",
     "opcItemPath": "ns=2;s=Chan.Dev.T"},
    {"name": "Doubled", "valueSource": "expr", "dataType": "Float8", "expression": "{[.]Level} * 2"},
]}]}


@pytest.fixture
def plant(tmp_path):
    gw = Gateway(data_dir=str(tmp_path / "gw"), clock=VirtualClock(start=1000000.0),
                 config={"opcServers": OPC})
    try:
        with simulate(gw):
            gw.tags.load_data(TAGS)
            yield gw
    finally:
        gw.shutdown()


def _qv(path):
    return system.tag.readBlocking([path])[0]


def test_opc_tags_follow_their_items(plant):
    assert _qv("P/Level").value == 42.5 and _qv("P/Level").quality.isGood()
    assert _qv("P/Doubled").value == 85.0
    assert _qv("P/Const").value == 7
    assert _qv("P/Ramp").value == 0.0
    plant.clock.advance(2.5)
    assert _qv("P/Ramp").value == pytest.approx(20.0)   # polled every 1000 ms: t=2 s
    plant.clock.advance(10.0)
    assert _qv("P/Ramp").value == pytest.approx(20.0)   # t=12 s: saw-tooth of 10 s


def test_unknown_item_and_missing_connection(plant):
    assert _qv("P/Missing").quality == QualityCode.Bad_NotFound
    other = _qv("P/OtherConn")
    assert other.value is None and other.quality == QualityCode.Bad_NotConnected
    assert "Kepware" in other.quality.getDiagnosticMessage()


def test_tag_write_goes_to_the_item(plant):
    assert system.tag.writeBlocking(["P/Level"], [50])[0].isGood()
    assert system.opc.readValue(SERVER, "ns=1;s=[PLC]Tank/Level").value == 50.0
    assert _qv("P/Doubled").value == 100.0
    assert system.tag.writeBlocking(["P/Const"], [1])[0] == QualityCode.Bad_ReadOnly
    assert system.tag.writeBlocking(["P/Level"], ["abc"])[0] == QualityCode.Error_TypeConversion


def test_system_opc_write_pushes_to_tags(plant):
    q = system.opc.writeValue(SERVER, "ns=1;s=[PLC]Tank/Level", 12.0)
    assert q.isGood() and _qv("P/Level").value == 12.0
    qs = system.opc.writeValues(SERVER, ["ns=1;s=[PLC]Tank/Mode", "ns=1;s=[PLC]Ramp", "x"], ["MAN", 1, 2])
    assert [c.getName() for c in qs] == ["Good", "Bad_ReadOnly", "Bad_NotFound"]
    vals = system.opc.readValues(SERVER, ["ns=1;s=[PLC]Tank/Mode", "ns=1;s=[PLC]Const"])
    assert [v.value for v in vals] == ["MAN", 7]


def test_function_items(plant):
    wave = lambda: system.opc.readValue(SERVER, "ns=1;s=[PLC]Wave").value  # noqa: E731
    assert wave() == pytest.approx(0.0)
    plant.clock.advance(1.0)
    assert wave() == pytest.approx(1.0)
    noise = lambda: system.opc.readValue(SERVER, "ns=1;s=[PLC]Noise").value  # noqa: E731
    a = noise()
    assert 0 <= a <= 5 and noise() == a              # one draw per 500 ms slot
    plant.clock.advance(0.5)
    assert noise() != a


def test_server_state_and_enable(plant):
    assert system.opc.getServers() == [SERVER]
    assert system.opc.getServerState(SERVER) == "CONNECTED"
    assert system.opc.getServerState("Nope") is None
    plant.opc.set_state(SERVER, "FAULTED")
    assert _qv("P/Level").quality == QualityCode.Bad_NotConnected
    assert system.opc.readValue(SERVER, "ns=1;s=[PLC]Const").quality == QualityCode.Bad_NotConnected
    plant.opc.set_state(SERVER, "CONNECTED")
    assert _qv("P/Level").value == 42.5 and _qv("P/Level").quality.isGood()
    system.opc.setServerEnabled(SERVER, False)
    assert system.opc.isServerEnabled(SERVER) is False
    assert system.opc.getServers() == [] and system.opc.getServers(True) == [SERVER]
    assert system.opc.getServerState(SERVER) == "DISABLED"
    assert _qv("P/Level").quality == QualityCode.Bad_NotConnected
    from gateway_sim import jvm
    with pytest.raises(jvm.IllegalArgumentException, match="not found"):
        system.opc.isServerEnabled("Nope")


def test_connection_added_later_binds_existing_tags(plant):
    assert _qv("P/OtherConn").quality == QualityCode.Bad_NotConnected
    plant.opc.add_server("Kepware", {"items": {"ns=2;s=Chan.Dev.T": 5}})
    assert _qv("P/OtherConn").value == 5 and _qv("P/OtherConn").quality.isGood()


def test_browse(plant):
    tags = system.opc.browse(SERVER, "PLC", "Tank", "*")
    assert sorted(t.getDisplayName() for t in tags) == ["Level", "Mode"]
    assert tags[0].getOpcItemPath().startswith("ns=1;s=[PLC]Tank/")
    assert len(system.opc.browseSimple(SERVER, "", "", "*Ramp")) == 1
    top = system.opc.browseServer(SERVER, "")
    assert [(t.getDisplayName(), t.getNodeId(), t.getElementType()) for t in top] == \
        [("PLC", "ns=1;s=[PLC]", "DEVICE")]
    under = system.opc.browseServer(SERVER, "ns=1;s=[PLC]")
    assert [(t.displayName, t.elementType) for t in under] == \
        [("Const", "DATAVARIABLE"), ("Noise", "DATAVARIABLE"), ("Ramp", "DATAVARIABLE"),
         ("Tank", "FOLDER"), ("Wave", "DATAVARIABLE")]
    assert [t.nodeId for t in system.opc.browseServer(SERVER, "ns=1;s=[PLC]Tank")] == \
        ["ns=1;s=[PLC]Tank/Level", "ns=1;s=[PLC]Tank/Mode"]


@pytest.mark.parametrize("cfg,message", [
    ({SERVER: {"items": {"a": {"type": "wobble"}}}}, "unknown type 'wobble'"),
    ({SERVER: {"items": {"a": {"type": "ramp", "period": 0}}}}, "must be > 0"),
    ({SERVER: {"itemz": {}}}, "unknown key"),
    ([{"items": {}}], "needs a 'name'"),
    ("x", "must be a mapping"),
])
def test_bad_config_is_one_clear_line(tmp_path, cfg, message):
    with pytest.raises(ConfigError, match=message):
        gw = Gateway(data_dir=str(tmp_path / "g"), config={"opcServers": cfg})
        gw.shutdown()


def test_default_connection_always_present(gateway):
    # Every gateway has its own "Ignition OPC UA Server" connection, CONNECTED, serving no
    # items until the config gives it some: an item it does not serve reads Bad_NotFound.
    gateway.tags.load_data({"tags": [
        {"name": "T", "valueSource": "opc", "dataType": "Int4", "opcServer": SERVER,
         "opcItemPath": "ns=1;s=x", "value": 3},
        {"name": "Default", "valueSource": "opc", "dataType": "Int4", "opcItemPath": "ns=1;s=y"},
        {"name": "Other", "valueSource": "opc", "dataType": "Int4", "opcServer": "Kepware",
         "opcItemPath": "ns=2;s=z"}]})
    qv = system.tag.readBlocking(["T"])[0]
    assert qv.value is None and qv.quality == QualityCode.Bad_NotFound
    assert "ns=1;s=x" in qv.quality.getDiagnosticMessage()
    assert system.tag.readBlocking(["Default"])[0].quality == QualityCode.Bad_NotFound
    assert system.opc.getServers() == [SERVER] and system.opc.getServerState(SERVER) == "CONNECTED"
    assert system.opc.readValue(SERVER, "ns=1;s=x").quality == QualityCode.Bad_NotFound
    assert system.opc.writeValue(SERVER, "ns=1;s=x", 1) == QualityCode.Bad_NotFound
    assert system.opc.browseServer(SERVER, "") == []
    # A connection that does not exist (another name) or is FAULTED stays Bad_NotConnected.
    other = system.tag.readBlocking(["Other"])[0]
    assert other.quality == QualityCode.Bad_NotConnected and "Kepware" in other.quality.getDiagnosticMessage()
    gateway.opc.set_state(SERVER, "FAULTED")
    assert system.tag.readBlocking(["T"])[0].quality == QualityCode.Bad_NotConnected
    assert system.opc.readValue(SERVER, "ns=1;s=x").quality == QualityCode.Bad_NotConnected
