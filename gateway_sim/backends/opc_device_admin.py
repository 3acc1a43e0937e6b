"""Device connections of the gateway's own OPC UA server: the state ``system.device`` reads
and changes (``gw.opc.devices``).

Every device of ``Ignition OPC UA Server`` (config ``opcServers: {Ignition OPC UA Server:
{devices: {...}}}``, or added by ``system.device.addDevice``) is a ``Device`` record:
name, device type id, properties, description, enabled flag. A simulator device serves
the Generic Simulator address space (``gateway_sim.backends.opc_devices``); a device of a
network driver (``ModbusTcp``, ``LogixDriver``...) has no PLC behind it, so it serves no
items and its tags read ``Bad_NotConnected``. Changes go through ``DeviceAdmin`` under the
OPC backend's lock; the server's item tables are replaced, never edited in place, so a
concurrent read or browse never iterates a changing dict; bound OPC tags re-read after
every change.

Verified: the device type ids (Ignition manual, ``system.device.addDevice`` Device Types
table, 7.9 and 8.1: ``Simulator`` = Generic Simulator, ``DairyDemoSimulator``,
``SLCSimulator``, ``ModbusTcp``, ``LogixDriver``...; ``ProgrammableSimulatorDevice`` as
real 8.x gateway configs name the Programmable Device Simulator); deviceProps keys are
case-insensitive with spaces omitted, and an ``Enabled`` key (8.1.28+: 0/1) adds the device
disabled or enabled (manual, "addDevice - deviceProps Listing"); a simulator reports state
``Running`` (8.3 manual, Programmable Device Simulator page; real project code compares
``State`` with ``Connected``/``Running``); a simulator has no hostname (stubs: "Null if
device doesn't have a hostname").

Unverified choices (no source says): a disabled device's items read ``Bad_Disabled``
(``DISABLED_QUALITY``; Ignition 7.9's driver framework logged "Device 'x' is disabled.
Returning Bad_ConfigurationError", an OPC UA code 8.x's QualityCode table lacks); the
State texts ``Disabled`` and, for a network device with no PLC, ``Disconnected``; the
Driver column holds the device type id; rows are sorted by name; device names are unique
ignoring case; a new ``ProgrammableSimulatorDevice`` serves the Generic program at once (a
real one starts with no program loaded); restart keeps the items' values;
refreshBrowse changes nothing; the exceptions raised for an unknown device or type, a
duplicate name and a hostname change on a device without one (``IllegalArgumentException``
with the fix); ``DairyDemoSimulator``/``SLCSimulator`` raise ``NotImplementedInSimulator``.
Single-source 2.7/3.x. May import: stdlib, ``gateway_sim`` core,
``gateway_sim.backends.opc_devices``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import string_types
from gateway_sim.backends import opc_devices
from gateway_sim.errors import NotImplementedInSimulator
from gateway_sim.quality import QualityCode

# Device type id -> config driver it simulates ("generic": the Generic Simulator items).
SIMULATOR_TYPES = {"ProgrammableSimulatorDevice": "generic", "Simulator": "generic"}
CONFIG_TYPE = {"generic": "ProgrammableSimulatorDevice"}     # config driver -> type id
NOT_SIMULATED = ("DairyDemoSimulator", "SLCSimulator")
# Network drivers of the manual's Device Types table (a hostname property) and the ones
# without one (serial, TCP/UDP listeners).
HOSTNAME_TYPES = ("LogixDriver", "com.inductiveautomation.Micro800DeviceType", "MicroLogix",
                  "PLC5", "SLC", "com.inductiveautomation.Dnp3DeviceType", "Dnp3Driver",
                  "CompactLogix", "ControlLogix",
                  "com.inductiveautomation.MitsubishiTcpDeviceType", "ModbusRtuOverTcp",
                  "ModbusTcp", "com.inductiveautomation.FinsTcpDeviceType",
                  "com.inductiveautomation.FinsUdpDeviceType",
                  "com.inductiveautomation.omron.NjDriver",
                  "com.inductiveautomation.Iec61850DeviceType", "S7300", "S7400", "S71200",
                  "S71500")
OTHER_TYPES = ("ModbusRtu", "TCPDriver", "UDPDriver")
DISABLED_QUALITY = QualityCode.Bad_Disabled


def known_types():
    return sorted(list(SIMULATOR_TYPES) + list(NOT_SIMULATED) + list(HOSTNAME_TYPES)
                  + list(OTHER_TYPES), key=lambda t: t.lower())


def prop_key(key):
    """A deviceProps key as the gateway matches it: case-insensitive, spaces omitted."""
    return ("%s" % (key,)).replace(" ", "").lower()


def _truthy(value):
    if isinstance(value, string_types):
        return value.strip().lower() not in ("0", "false", "no", "off", "")
    return bool(value)


class Device(object):
    """One device connection. ``props`` holds the normalized deviceProps keys."""

    def __init__(self, name, type_id, props=None, description=None, enabled=True):
        self.name = name
        self.type_id = type_id
        self.props = dict(props or {})
        self.description = description
        self.enabled = bool(enabled)
        self.restarts = 0
        self.browses = 0

    def simulator(self):
        return self.type_id in SIMULATOR_TYPES

    def has_hostname(self):
        return self.type_id in HOSTNAME_TYPES

    def hostname(self):
        return self.props.get("hostname") if self.has_hostname() else None

    def state(self):
        if not self.enabled:
            return "Disabled"
        return "Running" if self.simulator() else "Disconnected"

    def quality(self):
        """The quality this device's items read with, or None when it serves them."""
        if not self.enabled:
            return DISABLED_QUALITY.derive("device '%s' is disabled; enable it with "
                                           "system.device.setDeviceEnabled" % (self.name,))
        if not self.simulator():
            host = self.hostname()
            return QualityCode.Bad_NotConnected.derive(
                "device '%s' (%s%s) is not connected: the simulator has no PLC behind a %s "
                "device" % (self.name, self.type_id, ", host %s" % (host,) if host else "",
                            self.type_id))
        return None


def device_name(path):
    """The ``[device]`` of an item path (``ns=1;s=[Dev]A/B``, ``[Dev]A/B``), or None."""
    p = opc_devices.normalize("%s" % (path,))
    if p.startswith("["):
        end = p.find("]")
        if end > 0:
            return p[1:end]
    return None


def build_tables(server, devices):
    """(items, aliases) for ``devices`` (name -> Device) plus the server's config items."""
    items, aliases = {}, {}
    for dev in devices.values():
        if dev.simulator():
            for path, item in opc_devices.generic_items(server, dev.name).items():
                items[path] = item
                aliases[opc_devices.normalize(path)] = path
    items.update(server.config_items)
    return items, aliases


def _illegal(message):
    from gateway_sim.jvm import IllegalArgumentException, make_java_exception
    return make_java_exception(IllegalArgumentException, message)


class DeviceAdmin(object):
    """``system.device``'s operations on the devices of one server (the gateway's own)."""

    def __init__(self, backend, server_name):
        self.backend = backend
        self.server_name = server_name

    def _server(self, fn):
        s = self.backend.server(self.server_name)
        if s is None:
            raise _illegal("%s(): the gateway's OPC UA server connection '%s' was removed; "
                           "add it back (opcServers: in the gateway config)" % (fn, self.server_name))
        return s

    def devices(self):
        """The devices, sorted by name."""
        s = self.backend.server(self.server_name)
        if s is None:
            return []
        return sorted(s.device_table.values(), key=lambda d: d.name.lower())

    def get(self, fn, name):
        s = self._server(fn)
        dev = s.device_table.get(("%s" % (name,)).lower())
        if dev is None:
            raise _illegal("%s(): device '%s' does not exist (devices: %s); list them with "
                           "system.device.listDevices()"
                           % (fn, name, ", ".join(d.name for d in self.devices()) or "none"))
        return dev

    def _replace(self, server, table):
        """Swap in ``table`` (name -> Device) and its address space; caller holds the lock.
        Readers hold no lock: each dict is replaced whole, and a reader that meets the new
        aliases with the old items (or the reverse) finds the item or nothing, both right."""
        items, aliases = build_tables(server, table)
        server.device_table = table
        server.aliases = aliases
        server.items = items

    def add(self, type_id, name, props, description=None):
        type_id = "%s" % (type_id,)
        name = "%s" % (name,)
        if type_id in NOT_SIMULATED:
            raise NotImplementedInSimulator(
                "system.device.addDevice(deviceType='%s'): only ProgrammableSimulatorDevice / "
                "Simulator (the Generic Simulator) are simulated" % (type_id,))
        if type_id not in SIMULATOR_TYPES and type_id not in HOSTNAME_TYPES \
                and type_id not in OTHER_TYPES:
            raise _illegal("addDevice(): unknown device type '%s'; use one of %s"
                           % (type_id, ", ".join(known_types())))
        if not name.strip() or "[" in name or "]" in name:
            raise _illegal("addDevice(): device name '%s' must be non-empty and hold no "
                           "'[' or ']'" % (name,))
        if props is None:
            props = {}
        if not hasattr(props, "items"):
            raise TypeError("addDevice(): deviceProps must be a dictionary of device "
                            "properties, got %r" % (props,))
        norm = dict((prop_key(k), v) for k, v in props.items())
        enabled = _truthy(norm.pop("enabled", True))
        dev = Device(name, type_id, norm, description, enabled)
        with self.backend.lock:
            s = self._server("addDevice")
            if name.lower() in s.device_table:
                raise _illegal("addDevice(): a device named '%s' already exists; remove it "
                               "first (system.device.removeDevice) or choose another name"
                               % (s.device_table[name.lower()].name,))
            table = dict(s.device_table)
            table[name.lower()] = dev
            self._replace(s, table)
        self.backend._rebind(self.server_name)
        return dev

    def remove(self, name):
        with self.backend.lock:
            s = self._server("removeDevice")
            dev = self.get("removeDevice", name)
            table = dict(s.device_table)
            del table[dev.name.lower()]
            self._replace(s, table)
        self.backend._rebind(self.server_name)

    def set_enabled(self, name, enabled):
        with self.backend.lock:
            self.get("setDeviceEnabled", name).enabled = bool(enabled)
        self.backend._rebind(self.server_name)

    def set_hostname(self, name, hostname):
        with self.backend.lock:
            dev = self.get("setDeviceHostname", name)
            if not dev.has_hostname():
                raise _illegal("setDeviceHostname(): device '%s' (%s) has no hostname property; "
                               "only Ethernet drivers have one" % (dev.name, dev.type_id))
            dev.props["hostname"] = "%s" % (hostname,)
        self.backend._rebind(self.server_name)

    def restart(self, name):
        with self.backend.lock:
            self.get("restart", name).restarts += 1
        self.backend._rebind(self.server_name)

    def refresh_browse(self, name):
        with self.backend.lock:
            self.get("refreshBrowse", name).browses += 1
