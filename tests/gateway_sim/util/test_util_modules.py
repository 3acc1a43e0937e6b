"""system.util.getModules and getGatewayStatus (gateway_sim/system/_util_modules.py)."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.jvm import IllegalArgumentException


def _rows(ds):
    return [[ds.getValueAt(r, c) for c in range(ds.getColumnCount())]
            for r in range(ds.getRowCount())]


def test_modules_of_a_plain_gateway(system):
    ds = system.util.getModules()
    assert list(ds.getColumnNames()) == ["Id", "Name", "Version", "State", "License"]
    rows = _rows(ds)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert {r[1] for r in rows} == {"OPC UA", "Perspective", "Alarm Notification"}
    assert all(r[2].startswith("8.1.") and " (b" in r[2] for r in rows)
    assert all(r[3] == "Running" and r[4] == "Activated" for r in rows)
    assert ds.getValueAt(0, "Name") == rows[0][1]


@pytest.mark.gateway_config({"modules": {"system.twilio": None, "system.mongodb": None}},
                            version="8.3")
def test_plugged_modules_are_listed(system):
    rows = _rows(system.util.getModules())
    ids = [r[0] for r in rows]
    assert "com.inductiveautomation.twilio" in ids and "com.inductiveautomation.mongodb" in ids
    names = dict((r[0], r[1]) for r in rows)
    assert names["com.inductiveautomation.twilio"] == "Twilio Notification"
    assert all(r[2].startswith("8.3.") for r in rows)


def test_plug_module_fixture_adds_a_row(system, plug_module):
    before = system.util.getModules().getRowCount()
    plug_module("system.secsgem", None)
    ds = system.util.getModules()
    assert ds.getRowCount() == before + 1
    assert "com.inductiveautomation.secsgem" in [r[0] for r in _rows(ds)]


@pytest.mark.parametrize("address", ["localhost:8088", "127.0.0.1:8088/main",
                                     "http://localhost:8088", "https://127.0.0.1:8043/",
                                     "localhost"])
def test_own_address_is_running_without_network(system, gateway, address):
    gateway.net.passthrough = False
    assert system.util.getGatewayStatus(address) == "RUNNING"
    assert gateway.net.requests == []


def test_remote_gateway_state_from_status_ping(system, gateway):
    gateway.net.passthrough = False
    gateway.net.add_route("GET", "http://gw2:8088/StatusPing", json={"state": "RUNNING"})
    gateway.net.add_route("GET", "http://gw3:8088/main/StatusPing", json={"state": "STARTING"})
    assert system.util.getGatewayStatus("gw2:8088") == "RUNNING"
    assert system.util.getGatewayStatus("http://gw3:8088/main/", 1000, 2000) == "STARTING"
    assert [r.url for r in gateway.net.requests] == ["http://gw2:8088/StatusPing",
                                                     "http://gw3:8088/main/StatusPing"]


def test_unreachable_or_bad_answers_return_error(system, gateway):
    gateway.net.passthrough = False
    assert system.util.getGatewayStatus("gw9:8088").startswith("ERROR: ")
    gateway.net.add_route("GET", "http://gw4:8088/StatusPing", status=503, text="down")
    assert system.util.getGatewayStatus("gw4:8088") == \
        "ERROR: HTTP 503 from http://gw4:8088/StatusPing"
    gateway.net.add_route("GET", "http://gw5:8088/StatusPing", text="<html>")
    assert "did not answer the gateway status JSON" in system.util.getGatewayStatus("gw5:8088")
    gateway.net.add_route("GET", "http://gw6:8088/StatusPing", json={"other": 1})
    assert "no \"state\"" in system.util.getGatewayStatus("gw6:8088")


@pytest.mark.parametrize("args,needle", [
    ((None,), "gatewayAddress"), (("",), "gatewayAddress"),
    (("gw:8088", -1), "connectTimeoutMillis"), (("gw:8088", None, "x"), "socketTimeoutMillis"),
])
def test_status_bad_input(system, args, needle):
    with pytest.raises(IllegalArgumentException) as info:
        system.util.getGatewayStatus(*args)
    assert needle in str(info.value)
