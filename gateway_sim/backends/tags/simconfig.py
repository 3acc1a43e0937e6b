"""Validation of a tag's ``sim`` block (load layer: no runtime here).

``check_sim(cfg)`` returns a normalized copy or raises ``ValueError`` saying what is
wrong; ``sim`` (the runtime) runs the validated block. The block's format is in
``sim``'s docstring. May import: stdlib, ``gateway_sim._compat``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim._compat import integer_types, string_types

TYPES = ("ramp", "sine", "randomWalk", "follow")
_KEYS = {
    "ramp": ("min", "max", "period"),
    "sine": ("min", "max", "period"),
    "randomWalk": ("step", "min", "max", "seed", "start"),
    "follow": ("target", "rate", "enable", "otherwise"),
}
_NUM = integer_types + (float,)


def check_sim(cfg):
    """Validate a sim block; returns a normalized copy or raises ValueError."""
    if not isinstance(cfg, dict):
        raise ValueError("must be an object like {type: ramp, min: 0, max: 100, period: 60}")
    t = cfg.get("type")
    canon = dict((x.lower(), x) for x in TYPES).get(str(t).lower()) if t is not None else None
    if canon is None:
        raise ValueError("unknown type %r; use one of %s" % (t, ", ".join(TYPES)))
    out = dict(cfg)
    out["type"] = canon
    allowed = set(_KEYS[canon]) | set(["type", "updateRate"])
    extra = sorted(k for k in cfg if k not in allowed)
    if extra:
        raise ValueError("unknown key(s) %s for type %s; allowed: %s"
                         % (", ".join(extra), canon, ", ".join(sorted(allowed))))
    rate = out.setdefault("updateRate", 1000)
    if not isinstance(rate, _NUM) or isinstance(rate, bool) or rate <= 0:
        raise ValueError("updateRate must be a positive number of milliseconds, got %r" % (rate,))
    for k in ("min", "max", "period", "step", "rate"):
        if k in out and (not isinstance(out[k], _NUM) or isinstance(out[k], bool)):
            raise ValueError("%s must be a number, got %r" % (k, out[k]))
    if canon in ("ramp", "sine"):
        out.setdefault("min", 0.0 if canon == "ramp" else -1.0)
        out.setdefault("max", 100.0 if canon == "ramp" else 1.0)
        out.setdefault("period", 60.0)
        if out["period"] <= 0:
            raise ValueError("period must be > 0 seconds")
        if out["max"] < out["min"]:
            raise ValueError("max (%r) is below min (%r)" % (out["max"], out["min"]))
    elif canon == "randomWalk":
        out.setdefault("step", 1.0)
        out.setdefault("seed", 0)
    else:
        if "target" not in out or not isinstance(out["target"], string_types + _NUM):
            raise ValueError("follow needs 'target': a tag path or a number")
        if "rate" not in out or out["rate"] <= 0:
            raise ValueError("follow needs 'rate' > 0 (units per second)")
        for k in ("enable",):
            if k in out and not isinstance(out[k], string_types):
                raise ValueError("%s must be a tag path" % k)
        if "otherwise" in out and not isinstance(out["otherwise"], string_types + _NUM):
            raise ValueError("otherwise must be a tag path or a number")
    return out
