"""Built-in wait step: ``wait.until_tag_equals``.

Polls a tag until it equals ``expected`` (tolerating the tag's type coercion,
see ``common.valuesEqual``). The loop is cancel-aware and timed by the gateway
clock, so a VirtualClock test advances it deterministically.

May import: ``exchange.workflows`` (bootstrap, steps.common).
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import step
from exchange.workflows.steps import common


@step(name="wait.until_tag_equals")
def until_tag_equals(path, expected, timeout_ms=10000, poll_ms=250):
    """``{ok: True, value, quality}`` once equal; ``{ok: False, value, quality, timeout_ms}``
    after the timeout (the values of one last read made after the deadline)."""
    common.requirePath("wait.until_tag_equals", path)
    timeout = common.requireMs("wait.until_tag_equals", "timeout_ms", timeout_ms)
    poll = common.requireMs("wait.until_tag_equals", "poll_ms", poll_ms, allowZero=False)
    deadline = common.nowMs() + timeout
    while True:
        value, quality, _stamp = common.readOne(path)
        if common.valuesEqual(value, expected):
            return {"ok": True, "value": value, "quality": quality}
        remaining = deadline - common.nowMs()
        if remaining <= 0:
            value, quality, _stamp = common.readOne(path)
            if common.valuesEqual(value, expected):
                return {"ok": True, "value": value, "quality": quality}
            return {"ok": False, "value": value, "quality": quality, "timeout_ms": timeout_ms}
        common.sleepMs(min(poll, remaining))
