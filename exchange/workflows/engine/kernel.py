"""The reload-safe kernel: per-gateway runtime state kept in ``system.util.getGlobals()``.

The kernel is a map holding ONLY Java objects (``java.util.concurrent`` maps,
atomics, queues) or standard-library objects (str, int, tuple, ``threading.Event``),
never instances of classes defined in ``exchange/``: after a script reload an old
interpreter's classes must not stay reachable. Work items in its queues are tuples
of text/ints. Threads check ``loopOwner`` against their interpreter's token and
retire when a newer interpreter took over (so new runs use new code).

May import: ``compat``, ``settings``, ``engine.host``.
"""
from __future__ import absolute_import, division, print_function

import threading

from exchange.workflows import compat, settings
from exchange.workflows.engine import host

_create_lock = threading.Lock()
KERNEL_VERSION = "v2"


def _new_kernel():
    k = compat.new_map()
    put = lambda key, value: compat.map_put(k, key, value)  # noqa: E731
    node = host.node_name()
    put("kernelVersion", KERNEL_VERSION)
    put("nodeId", node)
    put("executorId", "%s:%s" % (node, compat.new_uuid()))
    put("createdAtMs", compat.new_atomic(host.now_ms(), "long"))
    put("generation", compat.new_atomic(1, "long"))
    put("loopOwner", "")
    put("maintenanceEnabled", compat.new_atomic(False, "bool"))
    put("maintenanceMode", "drain")
    put("maintenanceReason", "")
    put("inFlightWorkflows", compat.new_atomic(0, "int"))
    put("activeWorkflows", compat.new_map())      # workflow id -> its execution's token
    put("activePartitions", compat.new_map())     # "queue\x1fkey" -> workflow id
    put("queueActive", compat.new_map())          # queue -> atomic int (local running)
    put("queueLimits", compat.new_map())          # queue -> int worker limit (local)
    put("workQueue", compat.new_queue())          # tuples handed from dispatcher to workers
    put("wake", threading.Event())                # dispatcher wake-up (local starts)
    put("done", threading.Condition(threading.Lock()))  # signalled on every terminal write
    put("mail", threading.Condition(threading.Lock()))  # signalled on every local send
    put("cancelRequests", compat.new_map())       # workflow id -> reason
    put("leaseLost", compat.new_map())            # workflow id -> executor that lost it
    put("leaseRenewed", compat.new_map())         # db -> monotonic s when a heartbeat renewed
    put("duplicateExecutors", compat.new_map())   # live executor of our node name -> seen at
    put("inMemoryQueue", compat.new_queue())
    put("inMemoryQueueDepth", compat.new_atomic(0, "int"))
    put("inMemoryQueueMaxDepth", compat.new_atomic(settings.FAST_QUEUE_MAX_SIZE, "int"))
    put("inMemoryQueueOverflowCount", compat.new_atomic(0, "long"))
    put("inMemoryQueueLastOverflowAtMs", compat.new_atomic(0, "long"))
    put("inMemoryQueueFlushFailureCount", compat.new_atomic(0, "long"))
    put("inMemoryQueueDeadLetterQueue", compat.new_queue())
    put("inMemoryQueueDeadLetterCount", compat.new_atomic(0, "long"))
    put("inMemoryQueueAcceptDuringMaintenance", compat.new_atomic(False, "bool"))
    put("inMemoryQueueFlushDuringMaintenance", compat.new_atomic(False, "bool"))
    put("lastSwapAtMs", compat.new_atomic(0, "long"))
    put("workerThreads", compat.new_atomic(0, "int"))
    put("config", compat.new_map())
    put("dbs", compat.new_map())                  # db name -> "ready"
    put("timers", compat.new_map())               # "<db>:<what>" -> last run (host ms)
    put("counters", compat.new_map())             # name -> atomic long (diagnostics)
    put("shutdown", compat.new_atomic(False, "bool"))
    return k


def get_kernel(create=True):
    """The kernel under ``settings.KERNEL_KEY`` (created on first use)."""
    g = host.globals_map()
    k = g.get(settings.KERNEL_KEY)
    if k is not None or not create:
        return k
    with _create_lock:
        k = g.get(settings.KERNEL_KEY)
        if k is None:
            k = _new_kernel()
            g[settings.KERNEL_KEY] = k
            try:
                if settings.LEGACY_RUNTIME_KEY in g:
                    del g[settings.LEGACY_RUNTIME_KEY]
            except compat.CATCHABLE:
                pass
    return k


def drop_kernel():
    """Remove the kernel from the globals map; returns it (or None)."""
    g = host.globals_map()
    with _create_lock:
        k = g.get(settings.KERNEL_KEY)
        for key in (settings.KERNEL_KEY, settings.LEGACY_RUNTIME_KEY):
            try:
                if key in g:
                    del g[key]
            except compat.CATCHABLE:
                pass
    return k


def get(k, key, default=None):
    return compat.map_get(k, key, default)


def put(k, key, value):
    compat.map_put(k, key, value)


def config(k, name):
    """A tunable: the kernel override, else ``settings.DEFAULTS``."""
    v = compat.map_get(get(k, "config"), name)
    return settings.DEFAULTS.get(name) if v is None else v


def set_config(k, name, value):
    if name not in settings.DEFAULTS:
        raise ValueError("unknown engine setting %r; known: %s"
                         % (name, ", ".join(sorted(settings.DEFAULTS))))
    compat.map_put(get(k, "config"), name, value)


def count(k, name, delta=1):
    """Bump a diagnostics counter."""
    counters = get(k, "counters")
    a = compat.map_get(counters, name)
    if a is None:
        compat.map_put_if_absent(counters, name, compat.new_atomic(0, "long"))
        a = compat.map_get(counters, name)
    return compat.atomic_add(a, delta)


def counters(k):
    c = get(k, "counters")
    return dict((name, compat.atomic_get(compat.map_get(c, name))) for name in compat.map_keys(c))


def maintenance_on(k):
    return bool(compat.atomic_get(get(k, "maintenanceEnabled")))


def wake(k):
    """Wake the dispatcher of this gateway at once (event-driven local dispatch)."""
    ev = get(k, "wake")
    if not ev.is_set():  # already pending: skip the lock + notify (hot enqueue paths)
        ev.set()


def notify(k, which):
    cond = get(k, which)
    with cond:
        cond.notify_all()


def due(k, key, period_ms, now_ms):
    """True (and rearmed) when ``period_ms`` of host time passed since the last True."""
    timers = get(k, "timers")
    last = compat.map_get(timers, key)
    if last is not None and now_ms - int(last) < period_ms:
        return False
    compat.map_put(timers, key, int(now_ms))
    return True


def each_db(rt_cls, k, token, runtimes, fn, evt):
    """Call ``fn(rt)`` for every datasource this kernel serves, one facade per datasource
    (cached in ``runtimes``); a failure is logged as ``evt`` and never stops the loop."""
    for db in compat.map_keys(get(k, "dbs")):
        rt = runtimes.get(db)
        if rt is None:
            rt = runtimes[db] = rt_cls(db, k)
            rt._token = token
        try:
            fn(rt)
        except compat.CATCHABLE as exc:
            try:
                rt._log.error("evt=%s db=%s error=%s" % (evt, db, compat.exception_text(exc)))
            except compat.CATCHABLE:
                pass
