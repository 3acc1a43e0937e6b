"""``getWorkflows()``: the facade accessor, and the kernel's lifecycle per datasource.

``getWorkflows(dbName=None)`` returns a NEW facade each call, all sharing the one
kernel in the gateway's globals. First use of a datasource by a kernel applies
schema migrations and the startup recovery (this node's runs left by an earlier
executor are re-enqueued); first use in an interpreter loads the apps and makes
this interpreter's dispatcher/heartbeat/worker threads the live ones.
May import: ``engine.*``, ``settings``, ``compat``; ``apps`` lazily.
"""
from __future__ import absolute_import, division, print_function

import threading
import time

from exchange.workflows import compat, settings
from exchange.workflows.engine import dispatcher, host, kernel as K, recovery
from exchange.workflows.engine.persistence import migrations
from exchange.workflows.engine.runtime import WorkflowsRuntime

_KERNEL_KEY = settings.KERNEL_KEY
_OLD_RUNTIME_KEY = settings.LEGACY_RUNTIME_KEY
_lock = threading.RLock()
_apps_loaded = [False]


def _load_apps():
    if _apps_loaded[0]:
        return
    _apps_loaded[0] = True
    try:
        from exchange.workflows import apps
    except ImportError:
        return  # no application package deployed
    load = getattr(apps, "load", None)
    if load is None:
        try:
            from exchange.workflows.apps import __init__ as apps_init  # Ignition export layout
            load = getattr(apps_init, "load", None)
        except ImportError:
            load = None
    if load is None:
        return
    try:
        load()
    except compat.CATCHABLE as exc:
        _apps_loaded[0] = False
        host.logger(settings.getLoggerName("engine")).error(
            "evt=apps.load_failed error=%s" % compat.exception_text(exc))
        raise


def _ensure_db(rt):
    k = rt.kernel
    dbs = K.get(k, "dbs")
    if compat.map_get(dbs, rt.dbName) is not None:
        return
    with _lock:
        if compat.map_get(dbs, rt.dbName) is not None:
            return
        d = migrations.ensure_schema(rt.dbName)
        compat.map_put(dbs, rt.dbName, d["name"])
        recovery.startup(rt)


def getWorkflows(dbName=None):
    """A facade bound to ``dbName`` (default ``WorkflowsDB``) and this gateway's kernel."""
    k = K.get_kernel()
    if compat.atomic_get(K.get(k, "shutdown")):
        with _lock:
            k = K.get_kernel()
            if compat.atomic_get(K.get(k, "shutdown")):
                K.drop_kernel()
                k = K.get_kernel()
    _load_apps()
    rt = WorkflowsRuntime(dbName, k)
    _ensure_db(rt)
    if K.get(k, "loopOwner") != rt._token or \
            compat.atomic_get(K.get(k, "workerThreads")) < int(K.config(k, "workflowWorkers")):
        dispatcher.ensure_threads(rt)
    return rt


def stop_kernel(k, wait_sec=5):
    """Stop the kernel's threads; wait up to ``wait_sec`` for running work to finish."""
    compat.atomic_set(K.get(k, "shutdown"), True)
    K.wake(k)
    end = compat.monotonic() + max(0.0, float(wait_sec or 0))
    while compat.monotonic() < end:
        if compat.atomic_get(K.get(k, "inFlightWorkflows")) <= 0 and \
                compat.atomic_get(K.get(k, "workerThreads")) <= 0:
            break
        time.sleep(0.02)
    # claimed but never started runs go straight back to the queue; one cancelled while it
    # waited here never runs at all, so its fence goes too (a resume need not wait for it)
    from exchange.workflows.engine.persistence import runs
    work = K.get(k, "workQueue")
    executor = K.get(k, "executorId")
    while True:
        item = compat.queue_poll(work)
        if item is None:
            break
        try:
            if not runs.release_claim(item[0], item[1], executor):
                runs.release_execution(item[0], item[1], executor)
        except compat.CATCHABLE:
            pass  # its lease will expire
        _forget_local(k, item)


def _forget_local(k, item):
    """Drop a never-started item from the kernel's bookkeeping (as the runner does at its end)."""
    wid, queue, pkey = item[1], item[3], item[4]
    if pkey is not None:
        compat.map_remove(K.get(k, "activePartitions"), "%s\x1f%s" % (queue, pkey))
    compat.map_remove(K.get(k, "activeWorkflows"), wid)
    compat.map_remove(K.get(k, "cancelRequests"), wid)
    qa = compat.map_get(K.get(k, "queueActive"), queue)
    if qa is not None:
        compat.atomic_add(qa, -1)
    compat.atomic_add(K.get(k, "inFlightWorkflows"), -1)
    K.notify(k, "done")


def shutdownRuntime(wait_sec=5):
    """Stop and forget the kernel; the next getWorkflows() builds a new one. False if none."""
    try:
        k = K.get_kernel(create=False)
    except compat.CATCHABLE:
        return False
    if k is None:
        return False
    stop_kernel(k, wait_sec)
    K.drop_kernel()
    return True


# upstream-compatible internal helpers (used by tests)
def _getStoreMap():
    return host.globals_map()


def _ensureKernel(store=None):
    return K.get_kernel()


def _makeExecutorId():
    return "%s:%s" % (host.node_name(), compat.new_uuid())
