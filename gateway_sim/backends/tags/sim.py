"""Simulated process sources: a ``sim`` block on a memory/opc tag.

The tag's value is updated every ``updateRate`` ms of ``gw.clock`` (so a
``VirtualClock.advance`` moves it deterministically); scripts may still write
the tag, the next update continues from there (ramp/sine recompute from time).

    sim: {type: ramp, min: 0, max: 100, period: 60}        # saw-tooth, period in s
    sim: {type: sine, min: -1, max: 1, period: 60}         # mid + half-range * sin(2*pi*t/period)
    sim: {type: randomWalk, step: 1.0, min: 0, max: 100, seed: 7}   # +-step per update, clamped
    sim: {type: follow, target: "[.]Setpoint", rate: 2.0,           # units per second
          enable: "[.]Valve", otherwise: 0}                          # both optional

``follow`` moves the value toward ``target`` (a tag path or a number) by at
most ``rate`` units per second of clock time, never overshooting. With
``enable`` (a tag path) it follows only while that tag is truthy; while it is
false the value holds, or moves toward ``otherwise`` (a number or tag path) at
the same rate. Every type accepts ``updateRate`` (ms, default 1000).
May import: stdlib, ``gateway_sim`` core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import math
import random

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import datatypes
from gateway_sim.quality import QualityCode

from gateway_sim.backends.tags.simconfig import _NUM, TYPES, check_sim  # noqa: F401  (re-exported)


class SimRuntime(object):
    def __init__(self, backend, node, cfg):
        self.backend = backend
        self.node = node
        self.cfg = cfg
        self.timer = None
        self.stopped = False
        self.rng = random.Random(cfg.get("seed", 0))

    def start(self):
        clock = self.backend.clock
        self.t0 = clock.time()
        self.last = self.t0
        if self.cfg["type"] == "randomWalk" and "start" in self.cfg:
            self._write(self.cfg["start"])
        self.timer = clock.call_every(self.cfg["updateRate"] / 1000.0, self.tick, fixed_rate=True,
                                      name="sim %s" % self.node.full_path())

    def stop(self):
        self.stopped = True
        if self.timer is not None:
            self.timer.cancel()

    def _read(self, ref):
        if isinstance(ref, _NUM):
            return ref
        from gateway_sim.backends.tags.context import context
        prev = context.tag
        context.tag = self.node
        try:
            from gateway_sim.backends.tags.sources import owned_path
            path = owned_path(self.node, ref)
            return self.backend.resolve(path).read().value
        finally:
            context.tag = prev

    def _write(self, value):
        try:
            v = datatypes.coerce(value, self.node.data_type)
        except datatypes.CoercionError:
            return
        self.backend.set_qv(self.node, v, QualityCode.Good)

    def tick(self):
        if self.stopped:
            return
        now = self.backend.clock.time()
        dt = max(0.0, now - self.last)
        self.last = now
        c = self.cfg
        t = c["type"]
        if t == "ramp":
            frac = ((now - self.t0) % c["period"]) / c["period"]
            self._write(c["min"] + (c["max"] - c["min"]) * frac)
        elif t == "sine":
            mid = (c["max"] + c["min"]) / 2.0
            half = (c["max"] - c["min"]) / 2.0
            self._write(mid + half * math.sin(2 * math.pi * (now - self.t0) / c["period"]))
        elif t == "randomWalk":
            cur = _as_float(self.node.qv.value)
            v = cur + self.rng.uniform(-c["step"], c["step"])
            if "min" in c:
                v = max(c["min"], v)
            if "max" in c:
                v = min(c["max"], v)
            self._write(v)
        else:
            self._follow(dt)

    def _follow(self, dt):
        c = self.cfg
        target = c["target"]
        if "enable" in c and not _truthy(self._read(c["enable"])):
            if "otherwise" not in c:
                return
            target = c["otherwise"]
        goal = self._read(target)
        if goal is None:
            return
        try:
            goal = float(goal)
        except (TypeError, ValueError):
            return
        cur = _as_float(self.node.qv.value)
        step = c["rate"] * dt
        if abs(goal - cur) <= step:
            nxt = goal
        else:
            nxt = cur + step if goal > cur else cur - step
        if nxt != cur:
            self._write(nxt)


def _as_float(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return 0.0


def _truthy(v):
    if isinstance(v, string_types):
        return v.strip().lower() in ("true", "1", "on", "yes")
    return bool(v)
