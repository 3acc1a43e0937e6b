"""Built-in sleep steps: ``sleep.ms`` and ``sleep.sleep_chunked`` (alias ``sleep.chunked``).

Both sleep on the gateway clock through ``engine.context.sleep``, which raises
Cancelled as soon as the run is cancelled (upstream's chunked sleep never
checked, and ``chunk_ms <= 0`` looped forever; it is a ValueError here).
These are steps, so an interrupted sleep runs again in full after a restart;
use the runtime's durable sleep when only the remainder should be slept.

May import: ``exchange.workflows`` (bootstrap, steps.common).
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import step
from exchange.workflows.steps import common


@step(name="sleep.ms")
def sleep_ms(ms):
    """Sleep ``ms`` milliseconds: ``{slept_ms}``."""
    total = common.requireMs("sleep.ms", "ms", ms)
    common.sleepMs(total)
    return {"slept_ms": ms}


def _chunked(total_ms, chunk_ms=250):
    total = common.requireMs("sleep.sleep_chunked", "total_ms", total_ms)
    chunk = common.requireMs("sleep.sleep_chunked", "chunk_ms", chunk_ms, allowZero=False)
    deadline = common.nowMs() + total
    chunks = 0
    while True:
        remaining = deadline - common.nowMs()
        if remaining <= 0:
            break
        common.sleepMs(min(chunk, remaining))
        chunks += 1
    return {"slept_ms": total_ms, "chunks": chunks, "chunk_ms": chunk_ms}


@step(name="sleep.sleep_chunked")
def sleep_chunked(total_ms, chunk_ms=250):
    """Sleep ``total_ms`` in chunks of ``chunk_ms``: ``{slept_ms, chunks, chunk_ms}``."""
    return _chunked(total_ms, chunk_ms)


@step(name="sleep.chunked")
def chunked(total_ms, chunk_ms=250):
    """Upstream's name for ``sleep.sleep_chunked`` (same behaviour)."""
    return _chunked(total_ms, chunk_ms)
