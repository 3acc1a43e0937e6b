"""Queue rate limits, engine side: the public set/list calls and the dispatcher's view.

``setQueueRateLimit(queue, maxStarts, periodSeconds)`` stores the limit in the
database (every gateway obeys it); the claim transaction enforces it
(persistence/ratelimits.py). The dispatcher re-reads the limits at most every
``sweepMs`` (a change made through this gateway is seen at once) and, before each
claim, leaves queues whose window is full out of its candidates so their backlog
never hides other queues' runs. A run waiting for the window is claimed by the next
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
    compat.map_remove(K.get(rt.kernel, "timers"), rt.dbName + _CACHE)
    K.wake(rt.kernel)


def list_limits(rt):
    """[{queueName, maxStarts, periodSeconds}] of every limited queue."""
    return [{"queueName": q, "maxStarts": n, "periodSeconds": p / 1000.0}
            for q, (n, p) in sorted(ratelimits.limits(rt.dbName).items())]


def active(rt, now):
    """{queue: (max_starts, period_ms)} for the dispatcher (cached per ``sweepMs``)."""
    k = rt.kernel
    timers = K.get(k, "timers")
    key = rt.dbName + _CACHE
    cached = compat.map_get(timers, key)
    if cached is None or K.due(k, rt.dbName + ":rateLimitsCheck", int(K.config(k, "sweepMs")),
                               now):
        # kept as a tuple of tuples: the kernel holds only standard-library values
        cached = tuple((q, n, p) for q, (n, p) in sorted(ratelimits.limits(rt.dbName).items()))
        compat.map_put(timers, key, cached)
    return dict((q, (n, p)) for q, n, p in cached)


def full(rt, rates, now):
    """Queues among ``rates`` whose window is full now."""
    return ratelimits.saturated(rt.dbName, rates, now) if rates else []
