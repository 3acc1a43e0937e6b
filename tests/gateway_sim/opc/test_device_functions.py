"""system.device on the gateway's own OPC UA server (gateway_sim.system.device,
gateway_sim.backends.opc_device_admin): listDevices' dataset, enable/disable seen by OPC
tags and system.opc, addDevice/removeDevice with their refusals, hostnames, restart and
refreshBrowse, both versions' surface, and reads racing device changes."""
from __future__ import absolute_import, division, print_function

import inspect
import threading

import pytest

import gateway_sim.system as system
from gateway_sim import Gateway, simulate
from gateway_sim.clock import VirtualClock
from gateway_sim.errors import ConfigError, NotImplementedInSimulator
from gateway_sim.jvm import IllegalArgumentException
from gateway_sim.quality import QualityCode

SERVER = "Ignition OPC UA Server"
DEVICES = {"Test-PLC": "generic", "Spare": {"driver": "generic", "enabled": False}}
TAGS = {"tags": [
    {"name": "W", "valueSource": "opc", "dataType": "Int4", "opcServer": SERVER,
     "opcItemPath": "ns=1;s=[Test-PLC]Writeable/WriteableInteger1"},
    {"name": "R", "valueSource": "opc", "dataType": "Float8", "opcServer": SERVER,
     "opcItemPath": "[Test-PLC]Ramp/Ramp0"},
    {"name": "New", "valueSource": "opc", "dataType": "Int4", "opcServer": SERVER,
     "opcItemPath": "ns=1;s=[Line2]ReadOnly/ReadOnlyInteger3"},
    {"name": "Mb", "valueSource": "opc", "dataType": "Int4", "opcServer": SERVER,
     "opcItemPath": "ns=1;s=[PLC1]HR1"}]}


def _gateway(tmp_path, devices=None, version="8.1"):
    return Gateway(data_dir=str(tmp_path / "gw"), clock=VirtualClock(start=1000000.0),
                   version=version, config={"opcServers": {SERVER: {"devices": devices or DEVICES}}})


@pytest.fixture
def sim(tmp_path):
    gw = _gateway(tmp_path)
    try:
        with simulate(gw):
            gw.tags.load_data(TAGS)
            yield gw
    finally:
        gw.shutdown()


def _rows():
    ds = system.device.listDevices()
    return [tuple(ds.getValueAt(r, c) for c in range(ds.getColumnCount()))
            for r in range(ds.getRowCount())]


def _tag(name):
    return system.tag.readBlocking([name])[0]


def _opc(path):
    return system.opc.readValue(SERVER, path)


def test_list_devices_is_the_manuals_four_columns(sim):
    ds = system.device.listDevices()
    assert list(ds.getColumnNames()) == ["Name", "Enabled", "State", "Driver"]
    assert _rows() == [("Spare", False, "Disabled", "ProgrammableSimulatorDevice"),
                       ("Test-PLC", True, "Running", "ProgrammableSimulatorDevice")]
    assert [ds.getColumnType(i).getSimpleName() for i in range(4)] == \
        ["String", "Boolean", "String", "String"]
    # the device a script finds by name (real usage: toPyDataSet rows by column name)
    by_name = dict((row["Name"], row["State"]) for row in system.dataset.toPyDataSet(ds))
    assert by_name == {"Spare": "Disabled", "Test-PLC": "Running"}


def test_disabling_a_device_makes_its_tags_bad_until_enabled(sim):
    assert system.tag.writeBlocking(["W"], [41])[0].isGood()
    assert _tag("W").value == 41 and _tag("R").quality.isGood()
    system.device.setDeviceEnabled("Test-PLC", False)
    for name in ("W", "R"):
        qv = _tag(name)
        assert qv.quality == QualityCode.Bad_Disabled and qv.value is None, name
        assert "Test-PLC" in qv.quality.getDiagnosticMessage()
    assert _opc("[Test-PLC]ReadOnly/ReadOnlyInteger2").quality == QualityCode.Bad_Disabled
    assert system.opc.writeValue(SERVER, "[Test-PLC]Writeable/WriteableInteger1", 5) == \
        QualityCode.Bad_Disabled
    assert ("Test-PLC", False, "Disabled", "ProgrammableSimulatorDevice") in _rows()
    sim.clock.advance(3.0)                       # polled tags stay bad while disabled
    assert _tag("R").quality == QualityCode.Bad_Disabled
    system.device.setDeviceEnabled("Test-PLC", True)
    assert _tag("W").value == 41 and _tag("W").quality.isGood()      # the value was kept
    assert _tag("R").quality.isGood()
    assert ("Test-PLC", True, "Running", "ProgrammableSimulatorDevice") in _rows()
    # a device the config starts disabled comes up on enable
    assert _opc("ns=1;s=[Spare]ReadOnly/ReadOnlyInteger4").quality == QualityCode.Bad_Disabled
    system.device.setDeviceEnabled("Spare", 1)
    assert _opc("ns=1;s=[Spare]ReadOnly/ReadOnlyInteger4").value == 4


def test_add_device_serves_the_generic_items_and_binds_waiting_tags(sim):
    assert _tag("New").quality == QualityCode.Bad_NotFound
    system.device.addDevice(deviceType="ProgrammableSimulatorDevice", deviceName="Line2",
                            deviceProps={}, description="second line")
    assert _tag("New").value == 3 and _tag("New").quality.isGood()
    assert ("Line2", True, "Running", "ProgrammableSimulatorDevice") in _rows()
    assert [t.displayName for t in system.opc.browseServer(SERVER, "")] == \
        ["Line2", "Spare", "Test-PLC"]
    # the manual's legacy Generic Simulator type id, and deviceProps' Enabled (8.1.28+)
    system.device.addDevice(deviceType="Simulator", deviceName="Gen", deviceProps={})
    system.device.addDevice(deviceType="ProgrammableSimulatorDevice", deviceName="Cold",
                            deviceProps={"Enabled": "0"})
    assert ("Gen", True, "Running", "Simulator") in _rows()
    assert ("Cold", False, "Disabled", "ProgrammableSimulatorDevice") in _rows()
    assert _opc("[Gen]ReadOnly/ReadOnlyShort2").value == 2
    assert _opc("[Cold]ReadOnly/ReadOnlyShort2").quality == QualityCode.Bad_Disabled


def test_add_device_refusals_name_the_fix(sim):
    with pytest.raises(IllegalArgumentException) as info:
        system.device.addDevice(deviceType="ProgrammableSimulatorDevice", deviceName="test-plc",
                                deviceProps={})
    assert "already exists" in str(info.value) and "removeDevice" in str(info.value)
    with pytest.raises(IllegalArgumentException) as info:
        system.device.addDevice(deviceType="GenericSim", deviceName="X", deviceProps={})
    assert "unknown device type 'GenericSim'" in str(info.value)
    assert "ProgrammableSimulatorDevice" in str(info.value)
    with pytest.raises(IllegalArgumentException):
        system.device.addDevice(deviceType="Simulator", deviceName="[bad]", deviceProps={})
    with pytest.raises(TypeError):
        system.device.addDevice(deviceType="Simulator", deviceName="Y", deviceProps="hostname=x")
    assert [r[0] for r in _rows()] == ["Spare", "Test-PLC"]          # nothing was added


@pytest.mark.allow_not_implemented
def test_unsimulated_simulator_types_are_a_loud_gap(sim):
    with pytest.raises(NotImplementedInSimulator) as info:
        system.device.addDevice(deviceType="DairyDemoSimulator", deviceName="Dairy",
                                deviceProps={})
    assert "DairyDemoSimulator" in str(info.value)
    assert "Dairy" not in [r[0] for r in _rows()]


def test_remove_device_leaves_its_tags_not_found(sim):
    assert _tag("W").quality.isGood()
    system.device.removeDevice("Test-PLC")
    assert _tag("W").quality == QualityCode.Bad_NotFound
    assert _tag("R").quality == QualityCode.Bad_NotFound
    assert [r[0] for r in _rows()] == ["Spare"]
    assert [t.displayName for t in system.opc.browseServer(SERVER, "")] == ["Spare"]
    with pytest.raises(IllegalArgumentException) as info:
        system.device.removeDevice("Test-PLC")
    assert "does not exist" in str(info.value) and "Spare" in str(info.value)
    system.device.addDevice(deviceType="ProgrammableSimulatorDevice", deviceName="Test-PLC",
                            deviceProps={})
    assert _tag("W").value == 0 and _tag("W").quality.isGood()      # a new device: defaults


def test_hostnames_of_network_and_simulator_devices(sim):
    system.device.addDevice(deviceType="ModbusTcp", deviceName="PLC1",
                            deviceProps={"Host Name": "10.0.0.5", "port": 502})
    assert system.device.getDeviceHostname("PLC1") == "10.0.0.5"
    system.device.setDeviceHostname("PLC1", "10.0.0.6")
    assert system.device.getDeviceHostname("plc1") == "10.0.0.6"
    assert ("PLC1", True, "Disconnected", "ModbusTcp") in _rows()
    assert _tag("Mb").quality == QualityCode.Bad_NotConnected      # no PLC behind it
    qv = _opc("[PLC1]HR1")
    assert qv.quality == QualityCode.Bad_NotConnected and "10.0.0.6" in \
        qv.quality.getDiagnosticMessage()
    assert system.device.getDeviceHostname("Test-PLC") is None
    with pytest.raises(IllegalArgumentException) as info:
        system.device.setDeviceHostname("Test-PLC", "10.0.0.7")
    assert "no hostname property" in str(info.value)
    with pytest.raises(IllegalArgumentException):
        system.device.getDeviceHostname("Nope")
    system.device.addDevice(deviceType="TCPDriver", deviceName="Scale",
                            deviceProps={"Address": "10.0.0.9", "Ports": "1000"})
    assert system.device.getDeviceHostname("Scale") is None
    system.device.setDeviceEnabled("PLC1", False)
    assert _tag("Mb").quality == QualityCode.Bad_Disabled


def test_restart_and_refresh_browse(sim):
    system.tag.writeBlocking(["W"], [9])
    system.device.restart("Test-PLC")
    system.device.refreshBrowse("Test-PLC")
    assert _tag("W").value == 9 and _tag("W").quality.isGood()
    assert sim.opc.devices.get("t", "Test-PLC").restarts == 1
    system.device.restart("Spare")                       # a disabled device stays disabled
    assert ("Spare", False, "Disabled", "ProgrammableSimulatorDevice") in _rows()
    for fn in (system.device.restart, system.device.refreshBrowse):
        with pytest.raises(IllegalArgumentException) as info:
            fn("my_device")
        assert "'my_device' does not exist" in str(info.value)


@pytest.mark.parametrize("version", ["8.1", "8.3"])
def test_surface_matches_the_stubs(tmp_path, version):
    gw = _gateway(tmp_path, version=version)
    try:
        with simulate(gw):
            want = {"addDevice": ["deviceType", "deviceName", "deviceProps", "description"],
                    "getDeviceHostname": ["deviceName"], "listDevices": [],
                    "refreshBrowse": ["deviceName"], "removeDevice": ["deviceName"],
                    "restart": ["deviceName"], "setDeviceEnabled": ["deviceName", "enabled"],
                    "setDeviceHostname": ["deviceName", "hostname"]}
            for name, params in want.items():
                fn = getattr(system.device, name)
                try:
                    got = list(inspect.signature(fn).parameters)
                except AttributeError:             # Python 2 (Jython)
                    got = inspect.getargspec(fn).args
                assert got == params, name
            assert len(_rows()) == 2
    finally:
        gw.shutdown()


def test_config_device_errors(tmp_path):
    with pytest.raises(ConfigError, match="enabled must be true or false"):
        _gateway(tmp_path, {"A": {"driver": "generic", "enabled": "no"}}).shutdown()
    with pytest.raises(ConfigError, match="differ only in case"):
        _gateway(tmp_path, {"A": "generic", "a": "generic"}).shutdown()


def test_reads_and_browses_racing_device_changes(sim):
    """While another thread adds and removes a device, each read is Good with the item's
    value or Bad_NotFound, and browsing (which iterates the item table) never fails."""
    stop = threading.Event()
    seen, odd = set(), []

    def reader():
        while not stop.is_set():
            for path in ("[Dyn]ReadOnly/ReadOnlyInteger5", "ns=1;s=[Dyn]_Meta:ReadOnly/ReadOnlyLong2"):
                qv = _opc(path)
                seen.add(qv.quality.getName())
                if not ((qv.quality.isGood() and qv.value in (5, 2)) or
                        qv.quality == QualityCode.Bad_NotFound):
                    odd.append((path, qv))
            try:
                names = [t.displayName for t in system.opc.browseServer(SERVER, "")]
            except Exception as exc:      # e.g. a dict changed size during iteration
                odd.append(("browse", exc))
            else:
                if names not in (["Spare", "Test-PLC"], ["Dyn", "Spare", "Test-PLC"]):
                    odd.append(("browse", names))

    threads = [threading.Thread(target=_in_gateway(sim, reader)) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        for _ in range(150):
            system.device.addDevice(deviceType="ProgrammableSimulatorDevice", deviceName="Dyn",
                                    deviceProps={})
            system.device.removeDevice("Dyn")
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert odd == []
    assert "Bad_NotFound" in seen


def _in_gateway(gw, fn):
    def run():
        with simulate(gw):
            fn()
    return run
