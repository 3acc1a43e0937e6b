"""Queue rate limits, engine side: the public set/list calls and the dispatcher's view.

``setQueueRateLimit(queue, maxStarts, periodSeconds)`` stores the limit in the
database; every claim transaction (any gateway) reads the limits and enforces them
(persistence/ratelimits.py), so a limit is in force for every claim that commits
after it. The dispatcher also keeps a view of the limits (re-read every ``sweepMs``,
at once after a change through this gateway) to leave queues whose window is full
out of its candidates, so their backlog never hides other queues' runs. A run waiting for the window is claimed by the next
poll after the window frees (``pollMs``).
May import: ``compat``, ``errors``, ``engine.host``, ``engine.kernel``, persistence.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat, settings as S
from exchange.workflows.engine import host, kernel as K, validate
from exchange.workflows.engine.persistence import ratelimits
from exchange.workflows.errors import InvalidArgument

_CACHE = ":rateLimits"


def set_limit(rt, queueName, maxStarts, periodSeconds):
    """At most ``maxStarts`` starts of ``queueName`` per ``periodSeconds`` (all gateways);
    ``maxStarts=None`` removes the limit."""
    q = S.resolveQueueName(validate.text("queueName", queueName))
    period_ms = None
    if maxStarts is not None:
        if isinstance(maxStarts, bool) or not isinstance(maxStarts, compat.integer_types) \
                or maxStarts < 1:
            raise InvalidArgument("maxStarts must be a whole number >= 1 (or None to remove the "
                                  "limit), got %r" % (maxStarts,))
        seconds = validate.seconds("periodSeconds", periodSeconds, allow_none=False,
                                   allow_zero=False)
        period_ms = max(1, int(round(float(seconds) * 1000)))
    ratelimits.set_limit(rt.dbName, q, maxStarts, period_ms, host.now_ms())
    _bump(rt.kernel)
    K.wake(rt.kernel)


def _bump(k):
    """Invalidate the dispatcher's view (a cycle reading the table concurrently must not
    store what it read before this change)."""
    gen = K.get(k, "rateLimitsGen")
    if gen is None:
        compat.map_put_if_absent(k, "rateLimitsGen", compat.new_atomic(0, "long"))
        gen = K.get(k, "rateLimitsGen")
    compat.atomic_add(gen, 1)


def _gen(k):
    gen = K.get(k, "rateLimitsGen")
    return 0 if gen is None else int(compat.atomic_get(gen))


def list_limits(rt):
    """[{queueName, maxStarts, periodSeconds}] of every limited queue."""
    return [{"queueName": q, "maxStarts": n, "periodSeconds": p / 1000.0}
            for q, (n, p) in sorted(ratelimits.limits(rt.dbName).items())]


def active(rt, now):
    """{queue: (max_starts, period_ms)}: the dispatcher's view, only to keep full queues
    out of the candidates (cached per ``sweepMs``; the claim itself reads the table)."""
    k = rt.kernel
    timers = K.get(k, "timers")
    key = rt.dbName + _CACHE
    cached = compat.map_get(timers, key)
    gen = _gen(k)
    if cached is None or cached[0] != gen or K.due(k, rt.dbName + ":rateLimitsCheck",
                                                   int(K.config(k, "sweepMs")), now):
        # kept as tuples: the kernel holds only standard-library values
        cached = (gen, tuple((q, n, p) for q, (n, p)
                             in sorted(ratelimits.limits(rt.dbName).items())))
        compat.map_put(timers, key, cached)
    return dict((q, (n, p)) for q, n, p in cached[1])


_FULL = ":rateFull"


def full(rt, rates, now):
    """Queues among ``rates`` whose window is full now: counted at most every ``pollMs``
    of the host clock (not on every dispatch cycle: one query less between a worker's
    runs), and at once after a claim transaction found a queue full (``note_full``) or a
    limit changed through this gateway. A queue whose window frees meanwhile waits at
    most that long, as a run waiting for the window waits for the next poll."""
    if not rates:
        return []
    k = rt.kernel
    cache = K.get(k, "timers")
    key = rt.dbName + _FULL
    got = compat.map_get(cache, key)
    if got is not None and got[0] == _gen(k) and got[1] <= now < got[1] + int(
            K.config(k, "pollMs")):
        return [q for q in got[2] if q in rates]
    out = ratelimits.saturated(rt.dbName, rates, now)
    compat.map_put(cache, key, (_gen(k), now, tuple(out)))  # a tuple: kernel-safe
    return out


def note_full(rt, queues):
    """A claim transaction found these queues' windows full: leave their backlog out of
    the candidate reads until the cached view is next counted."""
    if not queues:
        return
    k = rt.kernel
    cache = K.get(k, "timers")
    key = rt.dbName + _FULL
    got = compat.map_get(cache, key)
    if got is not None and got[0] == _gen(k):
        compat.map_put(cache, key, (got[0], got[1], tuple(sorted(set(got[2]) | set(queues)))))
