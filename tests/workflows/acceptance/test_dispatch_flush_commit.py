"""Issue 11 item 14: ``dispatch(flushMaxItems=...)`` returns only after flushed items commit.

Upstream's tests read the row right after ``dispatch`` returns. Here the engine's own
dispatcher thread also flushes the in-memory queue: when it has taken an item but not
committed it yet, a caller's ``dispatch`` used to find the queue empty and return at
once, so the row was not there. The background flush is held between taking the item
and committing it; the caller's flush releases it when it starts waiting, so the
test never depends on timing.
"""
import threading

from acceptance_helpers import q


class _SignallingLock(object):
    """The kernel's flush lock, telling the test when ``waiter`` starts to wait on it."""

    def __init__(self, waiter, on_wait):
        self._lock = threading.Lock()
        self._waiter = waiter
        self._on_wait = on_wait

    def acquire(self, *args):
        if threading.current_thread() is self._waiter:
            self._on_wait.set()
        return self._lock.acquire(*args)

    def release(self):
        self._lock.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


def test_dispatch_returns_after_a_concurrent_flush_committed(wf, monkeypatch):
    from exchange.workflows.api import service
    from exchange.workflows.engine import inmemory
    caller = threading.current_thread()
    taken = threading.Event()
    release = threading.Event()
    real_row_for = inmemory._row_for

    def held_row_for(rt, item):
        if threading.current_thread() is not caller:
            taken.set()           # a background flush has the item out of the queue
            release.wait(60)      # ... and commits only once the caller waits for it
        return real_row_for(rt, item)

    monkeypatch.setattr(inmemory, "_row_for", held_row_for)
    wf.kernel.put("flushLock", _SignallingLock(caller, release))
    background = threading.Thread(target=wf.dispatch, kwargs={"maxToClaim": 0})
    try:
        assert service.enqueueInMemory("tests.fast_enqueue_target", {"value": "raced"})["ok"]
        background.start()
        assert taken.wait(60), "no background flush took the item"
        wf.dispatch(flushMaxItems=50)
        rows = q("SELECT status FROM workflow_status WHERE workflow_name = ?",
                 ["tests.fast_enqueue_target"])
        assert len(rows) == 1, "dispatch returned before the flushed item was committed"
    finally:
        release.set()
        background.join(60)
