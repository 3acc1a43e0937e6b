"""Simulated device connections behind an OPC server (``devices:`` of an ``opcServers`` entry).

Ignition serves its own devices through the "Ignition OPC UA Server" connection; demo
projects read Ignition's **Generic Simulator** device through it. A config names devices
per connection::

    opcServers:
      Ignition OPC UA Server:
        devices:
          Test-PLC: generic                   # short form
          Sim2: {driver: generic}             # long form
          Sim3: {driver: generic, enabled: false}   # starts disabled (system.device)

Each Generic Simulator device serves, under ``ns=1;s=[<device>]``, the folders and items
below (names as the 7.9 manual's Simulators page lists them and as a real 8.3 export
(Mustry-Solutions factry-historian module, device ``Test-PLC``) browses them; data types
as that export's browse-created tags carry them):

* ``ReadOnly/`` static values, writes refused (``Bad_ReadOnly``): Boolean1 False,
  Boolean2 True, Short1..2 = 1, 2 (Int2), Integer1..5 = 1..5 (Int4), Long1..2 = 1, 2
  (Int8), Float1..2 = 1.1, 1.2 (Float4), Double1..2 = 1.1, 1.2 (Float8), String1..2 =
  ``ABCDEFG``/``ZYXWVUT`` (each prefixed ``ReadOnly``).
* ``Writeable/`` persistent values that accept writes (coerced to the item's type, a
  value that does not convert gives ``Error_TypeConversion``): Boolean1..2 False,
  Short1..2, Integer1..5, Long1..2, Float1..2, Double1..2 = 0, String1..2 = ``""``.
* ``Random/`` RandomBoolean1..2, RandomShort1..2, RandomInteger1..2, RandomLong1..2,
  RandomDouble1..2: a new random value every second.
* ``Ramp/`` Ramp0..9 (Float8), ``Sine/`` Sine0..9 (Sine0-1 Float4, 2-3 Float8, 4-5 Int4,
  6-7 Int8, 8-9 Float8), ``Realistic/`` Realistic0..9 (Float8).

Values move with ``gw.clock`` (a ``VirtualClock`` makes them deterministic); every moving
item is polled once per second by OPC tags. Item paths are also found without the
``ns=1;s=`` prefix (``[Test-PLC]Ramp/Ramp1``) and with the ``_Meta:`` folder prefix older
exports use (``[Generic]_Meta:Realistic/Realistic2``); browsing shows the canonical
``ns=1;s=[device]Folder/Item`` form only.

Unverified (the manual page's Random/Ramp/Sine/Realistic tables could not be read, and no
real gateway was at hand): the value shapes. Chosen: RampN rises linearly 0 -> 100 over
10*(N+1) s then restarts; SineN swings -100 .. 100 with a period of 10*(N+1) s (integer
types rounded); Random integers are uniform in 0..100, doubles in [0, 100), booleans
fair coin flips, one draw per second from a seed of device and item path; RealisticN is
a bounded random walk starting at 50 that moves at most 1.0 a second within 0..100.
The draws come from a small generator of our own (splitmix64 seeded by a SHA-256 of the
device, item path and second), not ``random.Random``: Jython 2.7 seeds and draws
differently from CPython, and both hosts must serve the same values.
Also unverified: the ReadOnly strings (the manual's table shows stray quotes around
them), that ``_Meta:`` paths address the same items, the write-coercion result code.
Single-source 2.7/3.x. May import: stdlib, ``gateway_sim`` core,
``gateway_sim.backends.tags.datatypes``.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import math

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import datatypes
from gateway_sim.errors import ConfigError

DRIVERS = ("generic",)
NS = "ns=1;s="
_STEP_S = 1.0

_READONLY = [("ReadOnlyBoolean1", "Boolean", False), ("ReadOnlyBoolean2", "Boolean", True),
             ("ReadOnlyShort1", "Int2", 1), ("ReadOnlyShort2", "Int2", 2)] + \
    [("ReadOnlyInteger%d" % i, "Int4", i) for i in range(1, 6)] + \
    [("ReadOnlyLong1", "Int8", 1), ("ReadOnlyLong2", "Int8", 2),
     ("ReadOnlyFloat1", "Float4", 1.1), ("ReadOnlyFloat2", "Float4", 1.2),
     ("ReadOnlyDouble1", "Float8", 1.1), ("ReadOnlyDouble2", "Float8", 1.2),
     ("ReadOnlyString1", "String", "ABCDEFG"), ("ReadOnlyString2", "String", "ZYXWVUT")]
_WRITEABLE = [("WriteableBoolean%d" % i, "Boolean", False) for i in (1, 2)] + \
    [("WriteableShort%d" % i, "Int2", 0) for i in (1, 2)] + \
    [("WriteableInteger%d" % i, "Int4", 0) for i in range(1, 6)] + \
    [("WriteableLong%d" % i, "Int8", 0) for i in (1, 2)] + \
    [("WriteableFloat%d" % i, "Float4", 0.0) for i in (1, 2)] + \
    [("WriteableDouble%d" % i, "Float8", 0.0) for i in (1, 2)] + \
    [("WriteableString%d" % i, "String", "") for i in (1, 2)]
_RANDOM = [("Random%s%d" % (kind, i), dt) for kind, dt in
           (("Boolean", "Boolean"), ("Short", "Int2"), ("Integer", "Int4"), ("Long", "Int8"),
            ("Double", "Float8")) for i in (1, 2)]
_SINE_TYPES = ("Float4", "Float4", "Float8", "Float8", "Int4", "Int4", "Int8", "Int8",
               "Float8", "Float8")
_INTS = ("Int2", "Int4", "Int8")


class DeviceItem(object):
    """One item of a simulated device; the interface of ``opc.Item`` (kind, cfg, current...)."""

    def __init__(self, server, device, folder, name, kind, data_type, value=None, index=0):
        self.server = server
        self.device = device
        self.path = "%s[%s]%s/%s" % (NS, device, folder, name)
        self.kind = kind                    # constant, memory, ramp, sine, random, realistic
        self.cfg = {"dataType": data_type}
        self.data_type = data_type
        self.value = value
        self.index = index
        self.rate_ms = int(_STEP_S * 1000)
        self.ts = server.backend.clock.now_ms()
        self._walk = None                   # (step, value) of a realistic item

    def is_function(self):
        return self.kind in ("ramp", "sine", "random", "realistic")

    def writable(self):
        return self.kind == "memory"

    def coerce(self, value):
        """The written value in the item's type; raises ``datatypes.CoercionError``."""
        return datatypes.coerce(value, self.data_type)

    def current(self, t, now_ms):
        """(value, timestamp ms) at clock time ``t`` (seconds)."""
        if self.kind in ("memory", "constant"):
            return self.value, self.ts
        dt = max(0.0, t - self.server.t0)
        period = 10.0 * (self.index + 1)
        if self.kind == "ramp":
            return 100.0 * ((dt % period) / period), now_ms
        if self.kind == "sine":
            v = 100.0 * math.sin(2 * math.pi * dt / period)
            return (int(round(v)) if self.data_type in _INTS else v), now_ms
        step = int(dt // _STEP_S)
        if self.kind == "random":
            u = _Draws("%s|%s|%d" % (self.device, self.path, step)).random()
            if self.data_type == "Boolean":
                return u < 0.5, now_ms
            if self.data_type in _INTS:
                return int(u * 101), now_ms
            return 100.0 * u, now_ms
        return self._realistic(step), now_ms

    def _realistic(self, step):
        # One seeded generator drawn in step order: the walk is the same whatever the reads.
        if self._walk is None or self._walk[0] > step:
            self._walk = (0, 50.0, _Draws("%s|%s" % (self.device, self.path)))
        s, v, rng = self._walk
        while s < step:
            s += 1
            v = min(100.0, max(0.0, v + 2.0 * rng.random() - 1.0))
        self._walk = (s, v, rng)
        return v


_MASK64 = (1 << 64) - 1


class _Draws(object):
    """splitmix64 seeded from a SHA-256 of ``key``: the same floats in [0, 1) on CPython
    and Jython 2.7 (plain integer arithmetic; ``random.Random`` differs between them)."""

    def __init__(self, key):
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        self.state = int(digest[:16], 16)

    def random(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & _MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        z ^= z >> 31
        return (z >> 11) * (1.0 / (1 << 53))


def generic_items(server, device):
    """The Generic Simulator's items for ``device`` on ``server``: path -> DeviceItem."""
    items = []
    for name, dt, v in _READONLY:
        items.append(DeviceItem(server, device, "ReadOnly", name, "constant", dt, v))
    for name, dt, v in _WRITEABLE:
        items.append(DeviceItem(server, device, "Writeable", name, "memory", dt, v))
    for name, dt in _RANDOM:
        items.append(DeviceItem(server, device, "Random", name, "random", dt))
    for i in range(10):
        items.append(DeviceItem(server, device, "Ramp", "Ramp%d" % i, "ramp", "Float8", index=i))
        items.append(DeviceItem(server, device, "Sine", "Sine%d" % i, "sine", _SINE_TYPES[i], index=i))
        items.append(DeviceItem(server, device, "Realistic", "Realistic%d" % i, "realistic",
                                "Float8", index=i))
    return dict((it.path, it) for it in items)


def parse_devices(server_name, section):
    """``devices:`` -> list of (device name, driver, enabled); raises ConfigError naming the fix."""
    if section is None:
        return []
    if not isinstance(section, dict):
        raise ConfigError("opcServers: %r: devices must map device names to a driver "
                          "(e.g. devices: {Test-PLC: generic}), got %r" % (server_name, section))
    out = []
    for name, cfg in sorted(section.items(), key=lambda kv: "%s" % (kv[0],)):
        name = "%s" % (name,)
        if not name.strip() or "[" in name or "]" in name:
            raise ConfigError("opcServers: %r: device name %r must be non-empty and hold no "
                              "'[' or ']'" % (server_name, name))
        enabled = True
        if isinstance(cfg, string_types):
            driver = cfg
        elif isinstance(cfg, dict):
            extra = sorted(k for k in cfg if k not in ("driver", "enabled"))
            if extra:
                raise ConfigError("opcServers: %r: device %r: unknown key(s) %s; allowed: driver, "
                                  "enabled" % (server_name, name, ", ".join(extra)))
            enabled = cfg.get("enabled", True)
            if not isinstance(enabled, bool):
                raise ConfigError("opcServers: %r: device %r: enabled must be true or false, got %r"
                                  % (server_name, name, enabled))
            if "driver" not in cfg:
                raise ConfigError("opcServers: %r: device %r needs a driver, e.g. {driver: generic}"
                                  % (server_name, name))
            driver = cfg["driver"]
        else:
            raise ConfigError("opcServers: %r: device %r must be a driver name or {driver: ...}, "
                              "got %r" % (server_name, name, cfg))
        driver = ("%s" % (driver,)).strip().lower()
        if driver not in DRIVERS:
            raise ConfigError("opcServers: %r: device %r has unknown driver %r; use one of %s"
                              % (server_name, name, driver, ", ".join(DRIVERS)))
        out.append((name, driver, enabled))
    return out


def normalize(path):
    """The lookup forms of a device item path: without ``ns=1;s=``, with/without ``_Meta:``."""
    p = path[len(NS):] if path.startswith(NS) else path
    if p.startswith("["):
        end = p.find("]")
        if end > 0 and p[end + 1:].startswith("_Meta:"):
            p = p[:end + 1] + p[end + 7:]
    return p
