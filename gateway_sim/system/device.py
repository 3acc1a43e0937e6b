"""``system.device``: the gateway's device connections (state in ``gw.opc.devices``).

Names, parameters and defaults follow the ignition-api 8.1.55 / 8.3.10 stubs (the same in
both). The devices are those of the gateway's own ``Ignition OPC UA Server`` (config
``opcServers: {Ignition OPC UA Server: {devices: {Test-PLC: generic}}}``, see
``gateway_sim.backends.opc_device_admin`` for the facts and the unverified choices):
``listDevices()`` -> Dataset of Name, Enabled, State, Driver (the manual's four columns);
``addDevice(deviceType, deviceName, deviceProps)`` creates a ``ProgrammableSimulatorDevice``
or ``Simulator`` serving the Generic Simulator items, or a network device (``ModbusTcp``...)
with no PLC behind it; ``setDeviceEnabled(name, False)`` makes its OPC tags read
``Bad_Disabled`` until re-enabled; ``removeDevice`` drops its items (tags then read
``Bad_NotFound``, as for any unknown device); ``getDeviceHostname`` is None for a device
without a hostname; ``restart``/``refreshBrowse`` of an existing device keep its values.
The manual asks for keyword arguments to ``addDevice``; positional ones work here too.
Single-source 2.7/3.x. May import: ``gateway_sim`` core (runtime, registry, dataset).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim.registry import implements

COLUMNS = ["Name", "Enabled", "State", "Driver"]
TYPES = ["String", "Boolean", "String", "String"]


def _devices():
    return runtime.current().opc.devices


@implements("system.device.addDevice")
def addDevice(deviceType, deviceName, deviceProps, description=None):
    """Add a device connection of driver ``deviceType``; ``deviceProps`` keys are
    case-insensitive (``Enabled``: 0 adds it disabled)."""
    _devices().add(deviceType, deviceName, deviceProps, description)


@implements("system.device.getDeviceHostname")
def getDeviceHostname(deviceName):
    """The device's hostname; None if its driver has none (simulators)."""
    return _devices().get("getDeviceHostname", deviceName).hostname()


@implements("system.device.listDevices")
def listDevices():
    """One row per device: Name, Enabled, State, Driver."""
    from gateway_sim.dataset import BasicDataset
    rows = [[d.name, d.enabled, d.state(), d.type_id] for d in _devices().devices()]
    return BasicDataset(list(COLUMNS), rows, list(TYPES))


@implements("system.device.refreshBrowse")
def refreshBrowse(deviceName):
    """Re-browse the controller (legacy Allen-Bradley drivers); nothing changes here."""
    _devices().refresh_browse(deviceName)


@implements("system.device.removeDevice")
def removeDevice(deviceName):
    _devices().remove(deviceName)


@implements("system.device.restart")
def restart(deviceName):
    """Restart the connection; raises if ``deviceName`` does not exist."""
    _devices().restart(deviceName)


@implements("system.device.setDeviceEnabled")
def setDeviceEnabled(deviceName, enabled):
    _devices().set_enabled(deviceName, enabled)


@implements("system.device.setDeviceHostname")
def setDeviceHostname(deviceName, hostname):
    """Change the hostname of an Ethernet device (raises for one without a hostname)."""
    _devices().set_hostname(deviceName, hostname)
