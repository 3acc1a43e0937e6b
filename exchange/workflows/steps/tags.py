"""Built-in tag steps: ``tags.read``, ``tags.write``, ``tags.write_confirm``.

Names, parameters and return shapes are upstream's (1.8). Differences: values
are JSON-safe (dates -> epoch ms, datasets -> columns/rows), the confirm loop is
cancel-aware and timed by the gateway clock, and a rejected write returns at
once instead of polling until the timeout.

May import: ``exchange.workflows`` (bootstrap, compat, steps.common) and, lazily,
``engine.host`` (never ``system``).
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import step
from exchange.workflows.steps import common


@step(name="tags.read")
def read(path):
    """Read one tag: ``{value, quality (text), timestamp (text)}``."""
    common.requirePath("tags.read", path)
    value, quality, stamp = common.readOne(path)
    return {"value": value, "quality": quality, "timestamp": stamp}


def _write(step_name, path, value):
    from exchange.workflows.engine import host
    common.requirePath(step_name, path)
    return host.write_tags([path], [value])[0]


@step(name="tags.write")
def write(path, value):
    """Blocking write of one tag: ``{quality}`` (Good, Bad_NotFound, ...)."""
    return {"quality": common.qualityText(_write("tags.write", path, value))}


@step(name="tags.write_confirm")
def write_confirm(path, value, confirm_path=None, timeout_ms=10000, poll_ms=250):
    """Write, then poll ``confirm_path`` (default ``path``) until it reads ``value``.

    Confirmed: ``{ok: True, write_quality, confirmed: True}``; otherwise (timeout or
    a rejected write) ``{ok: False, write_quality, confirmed: False, timeout_ms}``.
    Never raises on timeout; raises Cancelled if the run is cancelled meanwhile.
    """
    confirm_path = confirm_path or path
    common.requirePath("tags.write_confirm", confirm_path, "confirm_path")
    timeout = common.requireMs("tags.write_confirm", "timeout_ms", timeout_ms)
    poll = common.requireMs("tags.write_confirm", "poll_ms", poll_ms, allowZero=False)
    quality = _write("tags.write_confirm", path, value)
    write_quality = common.qualityText(quality)
    failed = {"ok": False, "write_quality": write_quality, "confirmed": False,
              "timeout_ms": timeout_ms}
    if not common.isGoodQuality(quality):
        return failed
    deadline = common.nowMs() + timeout
    while True:
        current = common.readOne(confirm_path)[0]
        if common.valuesEqual(current, value):
            return {"ok": True, "write_quality": write_quality, "confirmed": True}
        remaining = deadline - common.nowMs()
        if remaining <= 0:
            return failed
        common.sleepMs(min(poll, remaining))
