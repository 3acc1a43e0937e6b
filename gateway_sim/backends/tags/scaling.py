"""Tag value scaling (the Numeric properties ``scaleMode``, ``rawLow/High``,
``scaledLow/High``, ``clampMode``): raw source value <-> tag value (runtime layer).

``Scaling.from_config(cfg)`` returns None when the tag does not scale (``scaleMode``
absent or ``Off``), else an object whose ``to_tag(raw)`` gives the value the tag shows
and ``to_raw(value)`` the value a write sends to the source. Modes, as the 7.9 manual's
"Tag Scaling Properties" page describes scaling ("scaling works both ways": a write is
scaled in the opposite direction):

* ``Linear``: ``(raw - rawLow) * (scaledHigh - scaledLow) / (rawHigh - rawLow) + scaledLow``.
* ``SquareRoot``: ``sqrt((raw - rawLow) / (rawHigh - rawLow)) * (scaledHigh - scaledLow)
  + scaledLow`` (the usual square-root extraction; unverified against a gateway).
* ``BitInversion``: the integer's bits inverted (``~raw``), both ways.
* ``ExponentialFilter`` is not simulated: the raw value passes through (it needs the
  filter state of a running gateway; unverified how it is seeded).

``clampMode`` (``No_Clamp``, ``Clamp_Low``, ``Clamp_High``, ``Clamp_Both``) bounds the
scaled value of a read to the scaled range. Unverified choices, written here: the range
defaults are raw 0..10 and scaled 0..10 (the Tag Editor's defaults as remembered, not
checked against a manual page), clamping applies to reads only, and only OPC tags scale
(the value source the manual's scaling page describes). May import: stdlib,
``gateway_sim._compat``.
"""
from __future__ import absolute_import, division, print_function

import math

from gateway_sim._compat import string_types

MODES = ("Off", "Linear", "SquareRoot", "ExponentialFilter", "BitInversion")
CLAMPS = ("No_Clamp", "Clamp_Low", "Clamp_High", "Clamp_Both")
_DEFAULTS = {"rawLow": 0.0, "rawHigh": 10.0, "scaledLow": 0.0, "scaledHigh": 10.0}


class ScalingError(ValueError):
    """A scaling property is not usable; the message names it and the fix."""


def _canon(value, choices, prop):
    if value is None:
        return choices[0]
    if not isinstance(value, string_types):
        raise ScalingError("%s must be one of %s, got %r" % (prop, ", ".join(choices), value))
    key = value.replace(" ", "").replace("_", "").lower()
    for c in choices:
        if c.replace("_", "").lower() == key:
            return c
    raise ScalingError("%s %r is unknown; use one of %s" % (prop, value, ", ".join(choices)))


def _num(cfg, prop):
    v = cfg.get(prop)
    if v is None:
        return _DEFAULTS[prop]
    if isinstance(v, bool):
        raise ScalingError("%s must be a number, got %r" % (prop, v))
    try:
        return float(v)
    except (TypeError, ValueError):
        raise ScalingError("%s must be a number, got %r" % (prop, v))


class Scaling(object):
    def __init__(self, mode, clamp, raw_lo, raw_hi, sc_lo, sc_hi):
        self.mode = mode
        self.clamp = clamp
        self.raw_lo, self.raw_hi, self.sc_lo, self.sc_hi = raw_lo, raw_hi, sc_lo, sc_hi

    @classmethod
    def from_config(cls, cfg):
        mode = _canon(cfg.get("scaleMode"), MODES, "scaleMode")
        if mode == "Off":
            return None
        clamp = _canon(cfg.get("clampMode"), CLAMPS, "clampMode")
        raw_lo, raw_hi = _num(cfg, "rawLow"), _num(cfg, "rawHigh")
        if mode in ("Linear", "SquareRoot") and raw_lo == raw_hi:
            raise ScalingError("rawLow and rawHigh are both %r: scaling %s needs a raw range "
                               "(set rawHigh above rawLow)" % (raw_lo, mode))
        return cls(mode, clamp, raw_lo, raw_hi, _num(cfg, "scaledLow"), _num(cfg, "scaledHigh"))

    def to_tag(self, raw):
        if raw is None or isinstance(raw, bool) or not isinstance(raw, (int, float)) and \
                not _is_long(raw):
            return raw
        if self.mode == "BitInversion":
            return ~int(raw)
        if self.mode == "ExponentialFilter":
            return raw
        frac = (float(raw) - self.raw_lo) / (self.raw_hi - self.raw_lo)
        if self.mode == "SquareRoot":
            frac = math.sqrt(frac) if frac > 0 else 0.0
        v = frac * (self.sc_hi - self.sc_lo) + self.sc_lo
        lo, hi = min(self.sc_lo, self.sc_hi), max(self.sc_lo, self.sc_hi)
        if self.clamp in ("Clamp_Low", "Clamp_Both") and v < lo:
            v = lo
        if self.clamp in ("Clamp_High", "Clamp_Both") and v > hi:
            v = hi
        return v

    def to_raw(self, value):
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) and \
                not _is_long(value):
            return value
        if self.mode == "BitInversion":
            return ~int(value)
        if self.mode == "ExponentialFilter":
            return value
        if self.sc_hi == self.sc_lo:
            return self.raw_lo
        frac = (float(value) - self.sc_lo) / (self.sc_hi - self.sc_lo)
        if self.mode == "SquareRoot":
            frac = frac * frac if frac > 0 else 0.0
        return frac * (self.raw_hi - self.raw_lo) + self.raw_lo


def _is_long(v):
    try:
        return isinstance(v, long)  # noqa: F821  (Jython / 2.7)
    except NameError:
        return False
