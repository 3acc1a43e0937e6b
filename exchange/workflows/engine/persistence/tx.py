"""Transaction and retry helpers over ``engine.host`` (the DBOS ``_txn`` pattern).

``in_tx(db, fn)`` runs ``fn(tx)`` in one transaction (commit, or rollback on any
Python/Java exception, then close). ``retrying(fn, ...)`` retries a lifecycle write
with exponential backoff so a transient DB failure never leaves a run stuck
silently; the last failure is logged loudly and re-raised. Logged error texts are
clipped (``errors.clip``): a driver's message can carry every bound parameter.
May import: ``compat``, ``errors``, ``engine.host``.
"""
from __future__ import absolute_import, division, print_function

import time

from exchange.workflows import compat
from exchange.workflows.engine import host
from exchange.workflows.errors import clip


def in_tx(db, fn):
    tx = host.begin(db)
    try:
        result = fn(tx)
        host.commit(tx)
        return result
    except compat.CATCHABLE:
        try:
            host.rollback(tx)
        except compat.CATCHABLE:
            pass
        raise
    finally:
        try:
            host.close(tx)
        except compat.CATCHABLE:
            pass


def retrying(fn, what, attempts=5, log=None, first_delay=0.05, no_retry=()):
    """Call ``fn()`` until it succeeds, up to ``attempts`` times (real-time backoff)."""
    delay = first_delay
    for i in range(1, max(1, attempts) + 1):
        try:
            return fn()
        except no_retry:
            raise
        except compat.CATCHABLE as exc:
            if i >= attempts:
                if log is not None:
                    try:
                        log.error("evt=db.write_failed what=%s attempts=%d error=%s"
                                  % (what, i, clip(compat.exception_text(exc))))
                    except compat.CATCHABLE:
                        pass
                raise
            if log is not None:
                try:
                    log.warn("evt=db.retry what=%s attempt=%d error=%s"
                             % (what, i, clip(compat.exception_text(exc))))
                except compat.CATCHABLE:
                    pass
            time.sleep(delay)
            delay = min(2.0, delay * 2)


def placeholders(n):
    return ",".join(["?"] * n)
