"""Simulated OPC UA server connections (``gw.opc``): what ``system.opc`` and OPC tags talk to.

Every gateway has the connection ``Ignition OPC UA Server`` (Ignition's own OPC UA
server), CONNECTED and serving nothing until the config gives it items or devices; a
config entry of that name replaces it. Other connections exist only if the config names
them::

    opcServers:
      Ignition OPC UA Server:                 # the connection name tags use (opcServer)
        items:
          "ns=1;s=[PLC]Tank/Level": 42.5      # memory item: writable, starts at 42.5
          "ns=1;s=[PLC]Tank/Mode": {type: memory, value: "AUTO"}
          "ns=1;s=[PLC]Const": {type: constant, value: 7}          # read-only
          "ns=1;s=[PLC]Ramp": {type: ramp, min: 0, max: 100, period: 60}   # saw-tooth, s
          "ns=1;s=[PLC]Wave": {type: sine, min: -1, max: 1, period: 10}
          "ns=1;s=[PLC]Noise": {type: random, min: 0, max: 5, seed: 3, updateRate: 500}
        devices: {Test-PLC: generic}           # a Generic Simulator device (opc_devices)
        enabled: true                          # optional; state: CONNECTED (default) / FAULTED

(the list form ``[{name: ..., items: ...}]`` works too). Function items are computed
from ``gw.clock`` time since the server was configured (a ``VirtualClock`` moves them
deterministically); ``random`` draws one value per ``updateRate`` slot (ms, default
1000) from ``seed``. Qualities: an unknown connection or one that is not CONNECTED
gives ``Bad_NotConnected`` (7.9's documented ``OPC_Not_Connected``: "the OPC server
driving the tag is not currently connected"; the 8.x name of that state), an unknown
item ``Bad_NotFound``, a write to a constant/function item ``Bad_ReadOnly``
(unverified: the exact codes a real gateway maps the OPC UA statuses to).
Tests fault a connection with ``gw.opc.set_state(name, "FAULTED")``. An item the default
server does not serve reads ``Bad_NotFound`` like any unknown item (unverified: a real
gateway reports a missing node as OPC UA ``Bad_NodeIdUnknown``; the simulator keeps its
one not-found code). Device items (``devices:``) are ``gateway_sim.backends.opc_devices``'s;
the device records of the gateway's own server (``gw.opc.devices``, what ``system.device``
changes: a disabled device's items read ``Bad_Disabled``) are
``gateway_sim.backends.opc_device_admin``'s.
Single-source 2.7/3.x. May import: stdlib, ``gateway_sim`` core,
``gateway_sim.backends.opc_devices``, ``gateway_sim.backends.opc_device_admin``,
``gateway_sim.backends.tags.datatypes``.
"""
from __future__ import absolute_import, division, print_function

import math
import random
import threading

from gateway_sim._compat import integer_types
from gateway_sim.backends import opc_device_admin, opc_devices
from gateway_sim.backends.tags import datatypes
from gateway_sim.errors import ConfigError
from gateway_sim.jvm import Date
from gateway_sim.quality import QualifiedValue, QualityCode

DEFAULT_SERVER = "Ignition OPC UA Server"
STATES = ("UNKNOWN", "FAULTED", "CONNECTING", "CLOSED", "CONNECTED", "DISABLED")
ITEM_TYPES = ("memory", "constant", "ramp", "sine", "random")
_NUM = integer_types + (float,)
_ITEM_KEYS = {"memory": ("value", "dataType"), "constant": ("value", "dataType"),
              "ramp": ("min", "max", "period"), "sine": ("min", "max", "period"),
              "random": ("min", "max", "seed")}


class Item(object):
    """One OPC item (node) of a simulated server."""

    def __init__(self, server, path, cfg):
        self.server = server
        self.path = path
        if not isinstance(cfg, dict):
            cfg = {"type": "memory", "value": cfg}
        kind = str(cfg.get("type", "memory"))
        if kind not in ITEM_TYPES:
            raise ConfigError("opcServers: item %r of %r has unknown type %r; use one of %s"
                              % (path, server.name, kind, ", ".join(ITEM_TYPES)))
        allowed = set(_ITEM_KEYS[kind]) | set(["type", "updateRate"])
        extra = sorted(k for k in cfg if k not in allowed)
        if extra:
            raise ConfigError("opcServers: item %r of %r: unknown key(s) %s for type %s; allowed: %s"
                              % (path, server.name, ", ".join(extra), kind, ", ".join(sorted(allowed))))
        for k in ("min", "max", "period", "updateRate"):
            if k in cfg and (not isinstance(cfg[k], _NUM) or isinstance(cfg[k], bool)):
                raise ConfigError("opcServers: item %r of %r: %s must be a number, got %r"
                                  % (path, server.name, k, cfg[k]))
        if cfg.get("period", 1) <= 0 or cfg.get("updateRate", 1) <= 0:
            raise ConfigError("opcServers: item %r of %r: period and updateRate must be > 0"
                              % (path, server.name))
        self.kind = kind
        self.cfg = cfg
        self.rate_ms = int(cfg.get("updateRate", 1000))
        lo, hi = (-1.0, 1.0) if kind == "sine" else (0.0, 100.0)
        self.lo = float(cfg.get("min", lo))
        self.hi = float(cfg.get("max", hi))
        self.period = float(cfg.get("period", 60))
        self.value = cfg.get("value")
        self.ts = server.backend.clock.now_ms()

    def is_function(self):
        return self.kind in ("ramp", "sine", "random")

    def writable(self):
        return self.kind == "memory"

    def coerce(self, value):
        return value

    def current(self, t, now_ms):
        """(value, timestamp ms) at clock time ``t`` (seconds)."""
        if self.kind in ("memory", "constant"):
            return self.value, self.ts
        dt = t - self.server.t0
        if self.kind == "ramp":
            return self.lo + (self.hi - self.lo) * ((dt % self.period) / self.period), now_ms
        if self.kind == "sine":
            mid, half = (self.hi + self.lo) / 2.0, (self.hi - self.lo) / 2.0
            return mid + half * math.sin(2 * math.pi * dt / self.period), now_ms
        slot = int(dt * 1000 // self.rate_ms)
        rng = random.Random("%s|%s|%d" % (self.cfg.get("seed", 0), self.path, slot))
        return rng.uniform(self.lo, self.hi), now_ms


class Server(object):
    """One simulated OPC UA server connection."""

    def __init__(self, backend, name, cfg):
        self.backend = backend
        self.name = name
        self.t0 = backend.clock.time()
        cfg = cfg or {}
        if not isinstance(cfg, dict):
            raise ConfigError("opcServers: %r must be a mapping with 'items', got %r" % (name, cfg))
        extra = sorted(k for k in cfg if k not in ("name", "items", "devices", "enabled", "state"))
        if extra:
            raise ConfigError("opcServers: %r: unknown key(s) %s; allowed: items, devices, enabled, "
                              "state" % (name, ", ".join(extra)))
        self.enabled = cfg.get("enabled", True) is not False
        state = str(cfg.get("state", "CONNECTED")).upper()
        if state not in STATES:
            raise ConfigError("opcServers: %r: state %r is not one of %s" % (name, state, ", ".join(STATES)))
        self.state = state
        items = cfg.get("items") or {}
        if not isinstance(items, dict):
            raise ConfigError("opcServers: %r: items must map item paths to values or "
                              "{type: ...} objects" % (name,))
        self.config_items = {}
        for path, icfg in items.items():
            self.config_items[str(path)] = Item(self, str(path), icfg)
        self.device_table = {}       # lower-cased device name -> opc_device_admin.Device
        for dev, driver, enabled in opc_devices.parse_devices(name, cfg.get("devices")):
            if dev.lower() in self.device_table:
                raise ConfigError("opcServers: %r: devices %r and %r differ only in case; "
                                  "device names are unique ignoring case"
                                  % (name, self.device_table[dev.lower()].name, dev))
            self.device_table[dev.lower()] = opc_device_admin.Device(
                dev, opc_device_admin.CONFIG_TYPE[driver], enabled=enabled)
        # Replaced whole (never edited in place) when devices change: see opc_device_admin.
        self.items, self.aliases = opc_device_admin.build_tables(self, self.device_table)

    def item(self, path):
        """The item at ``path`` (a device item also by its short or ``_Meta:`` form) or None."""
        path = "%s" % (path,)
        it = self.items.get(path)
        if it is None and self.aliases:
            canon = self.aliases.get(opc_devices.normalize(path))
            it = self.items.get(canon) if canon is not None else None
        return it

    def device_for(self, path, item):
        """The device record an item (or, for an unknown item, its ``[device]``) belongs to."""
        table = self.device_table
        if not table:
            return None
        name = getattr(item, "device", None) if item is not None else \
            opc_device_admin.device_name(path)
        return None if name is None else table.get(name.lower())

    def get_state(self):
        return "DISABLED" if not self.enabled else self.state

    def connected(self):
        return self.get_state() == "CONNECTED"


class OpcBackend(object):
    """The gateway's OPC connections; OPC tag runtimes bind here (``bind``/``unbind``)."""

    def __init__(self, gateway):
        self.gateway = gateway
        self.clock = gateway.clock
        self.lock = threading.RLock()
        self.servers = {}            # lower-cased name -> Server
        self.bindings = {}           # lower-cased server name -> set of tag runtimes
        self.add_server(DEFAULT_SERVER)   # every gateway has its own OPC UA server connection
        # system.device acts on the devices of the gateway's own server
        self.devices = opc_device_admin.DeviceAdmin(self, DEFAULT_SERVER)

    # --- configuration -----------------------------------------------------
    def configure(self, section):
        """Apply the ``opcServers`` config section (mapping or list of {name, items})."""
        if isinstance(section, list):
            pairs = []
            for s in section:
                if not isinstance(s, dict) or not s.get("name"):
                    raise ConfigError("opcServers: each list entry needs a 'name', got %r" % (s,))
                pairs.append((s["name"], s))
        elif isinstance(section, dict):
            pairs = list(section.items())
        else:
            raise ConfigError("opcServers must be a mapping of connection name -> {items: ...}, "
                              "got %s" % type(section).__name__)
        for name, cfg in pairs:
            self.add_server(name, cfg)

    def add_server(self, name, cfg=None):
        """Add (or replace) a simulated connection; bound OPC tags re-read at once."""
        server = Server(self, str(name), cfg)
        with self.lock:
            self.servers[server.name.lower()] = server
        self._rebind(server.name)
        return server

    def remove_server(self, name):
        with self.lock:
            self.servers.pop(str(name).lower(), None)
        self._rebind(name)

    def server(self, name):
        return self.servers.get(str(name or "").lower())

    def set_state(self, name, state):
        """Test hook: put a connection in ``state`` (FAULTED, CONNECTED...)."""
        s = self._need(name)
        st = str(state).upper()
        if st not in STATES:
            raise ValueError("state %r is not one of %s" % (state, ", ".join(STATES)))
        s.state = st
        self._rebind(s.name)

    def set_enabled(self, name, enabled):
        s = self._need(name)
        s.enabled = bool(enabled)
        self._rebind(s.name)

    def _need(self, name):
        s = self.server(name)
        if s is None:
            raise ValueError("OPC connection %r not found; configured: %s"
                             % (name, ", ".join(self.names(True)) or "none (add opcServers: to the "
                                "gateway config)"))
        return s

    def names(self, include_disabled=False):
        return sorted(s.name for s in self.servers.values() if include_disabled or s.enabled)

    # --- reads & writes ----------------------------------------------------
    def read(self, server_name, path):
        """QualifiedValue of item ``path`` on connection ``server_name``."""
        s = self.server(server_name)
        now_ms = self.clock.now_ms()
        if s is None or not s.connected():
            return QualifiedValue(None, self.not_connected(server_name, s), Date(now_ms))
        item = s.item(path)
        quality = self._device_quality(s, path, item)
        if quality is not None:
            return QualifiedValue(None, quality, Date(now_ms))
        if item is None:
            return QualifiedValue(None, QualityCode.Bad_NotFound.derive(
                "OPC item '%s' not found on %s" % (path, s.name)), Date(now_ms))
        with self.lock:
            value, ts = item.current(self.clock.time(), now_ms)
        return QualifiedValue(value, QualityCode.Good, Date(ts))

    def write(self, server_name, path, value):
        """QualityCode of writing ``value`` to item ``path``; subscribers see it at once."""
        s = self.server(server_name)
        if s is None or not s.connected():
            return self.not_connected(server_name, s)
        item = s.item(path)
        quality = self._device_quality(s, path, item)
        if quality is not None:
            return quality
        if item is None:
            return QualityCode.Bad_NotFound.derive("OPC item '%s' not found on %s" % (path, s.name))
        if not item.writable():
            return QualityCode.Bad_ReadOnly.derive("OPC item '%s' on %s is a %s item; only memory "
                                                   "(and device Writeable) items are writable"
                                                   % (path, s.name, item.kind))
        try:
            value = item.coerce(value)
        except datatypes.CoercionError as exc:
            return QualityCode.Error_TypeConversion.derive(
                "writing OPC item '%s' on %s (%s): %s" % (path, s.name, item.cfg.get("dataType"), exc))
        with self.lock:
            item.value = value
            item.ts = self.clock.now_ms()
        self._notify(s, item)
        return QualityCode.Good

    @staticmethod
    def _device_quality(server, path, item):
        dev = server.device_for(path, item)
        return None if dev is None else dev.quality()

    def not_connected(self, name, server):
        if server is None:
            return QualityCode.Bad_NotConnected.derive(
                "OPC connection '%s' does not exist on this gateway (configured: %s); add it under "
                "opcServers: in the gateway config" % (name, ", ".join(self.names(True)) or "none"))
        return QualityCode.Bad_NotConnected.derive("OPC connection '%s' is %s" % (server.name, server.get_state()))

    # --- tag bindings ---------------------------------------------------------
    def bind(self, server_name, runtime):
        with self.lock:
            self.bindings.setdefault(str(server_name).lower(), set()).add(runtime)

    def unbind(self, server_name, runtime):
        with self.lock:
            s = self.bindings.get(str(server_name).lower())
            if s is not None:
                s.discard(runtime)

    def _bound(self, server_name):
        with self.lock:
            return list(self.bindings.get(str(server_name).lower(), ()))

    def _rebind(self, server_name):
        for rt in self._bound(server_name):
            rt.rebind()

    def _notify(self, server, item):
        for rt in self._bound(server.name):
            if server.item(rt.item_path) is item:
                rt.push()

    def close(self):
        with self.lock:
            self.bindings = {}
