"""A named datasource: its driver and a pool of connections.

Jython has no GIL and the engine calls ``system.db`` from many threads, so a
connection is only ever used by one thread at a time: a call borrows one from
the pool and gives it back; a transaction keeps its connection until closed.
Like Ignition's pool the number of open connections is capped (``maxActive``,
8 by default) and a caller waits up to ``maxWaitMs`` (5000) for a free one.
Pool waits are real time (they model contention, not the simulated clock).
May import: the standard library and this package.
"""
from __future__ import absolute_import, division, print_function

import threading
import time


class PoolExhausted(Exception):
    pass


class DatasourceDisabled(PoolExhausted):
    """The datasource is disabled (``system.db.setDatasourceEnabled(name, False)``)."""


class Datasource(object):
    def __init__(self, name, type_name, driver, max_active=8, max_wait_ms=5000, max_idle=None):
        self.name = name
        self.type = type_name
        self.driver = driver
        self.max_active = int(max_active)
        self.max_wait_ms = int(max_wait_ms)
        self.max_idle = int(max_idle) if max_idle is not None else self.max_active
        self._lock = threading.Lock()  # fast path; the condition only for waiters
        self._cond = threading.Condition(self._lock)
        self._waiting = 0
        self._idle = []
        self._active = 0  # connections opened and not yet closed (idle or borrowed)
        self.closed = False
        self.enabled = True
        self.description = ""
        self.validation_query = None  # None: "SELECT 1"
        self.props = ""  # addDatasource's extra connection properties, as given

    def acquire(self):
        """Borrow a connection (waits for a free one, opens one if below the cap)."""
        with self._lock:
            if not self.enabled:
                raise DatasourceDisabled(
                    "the datasource is disabled; enable it with system.db.setDatasourceEnabled"
                    "('%s', True) (or in the gateway's database connections)" % self.name)
            if self._idle:
                return self._idle.pop()
            if self.closed:
                raise PoolExhausted("the datasource is closed (the gateway shut down)")
            if self._active < self.max_active:
                self._active += 1
                opening = True
            else:
                opening = False
                deadline = time.time() + self.max_wait_ms / 1000.0
                self._waiting += 1
                try:
                    while not self._idle and self._active >= self.max_active:
                        left = deadline - time.time()
                        if left <= 0 or self.closed:
                            raise PoolExhausted(
                                "no free connection after %d ms: all %d connections are in use "
                                "(open transactions hold theirs until closeTransaction); close "
                                "transactions sooner or raise maxActive for this datasource"
                                % (self.max_wait_ms, self.max_active))
                        self._cond.wait(left)
                finally:
                    self._waiting -= 1
                if self._idle:
                    return self._idle.pop()
                self._active += 1
                opening = True
        if opening:
            try:
                return self.driver.connect()
            except:  # noqa: E722 - also a Java SQLException (not a BaseException on Jython)
                with self._cond:
                    self._active -= 1
                    self._cond.notify()
                raise
        raise AssertionError("unreachable")

    def release(self, conn, broken=False):
        """Give a connection back; a broken one is closed instead of pooled."""
        keep = False
        with self._lock:
            if not broken and not self.closed and len(self._idle) < self.max_idle:
                self._idle.append(conn)
                keep = True
            else:
                self._active -= 1
            if self._waiting:
                self._cond.notify()
        if not keep:
            self.driver.close_connection(conn)

    def discard_idle(self):
        """Close every idle connection (after the server dropped one, the others are suspect)."""
        with self._lock:
            idle, self._idle = self._idle, []
            self._active -= len(idle)
            if self._waiting:
                self._cond.notify_all()
        for conn in idle:
            self.driver.close_connection(conn)

    def set_enabled(self, enabled):
        """Enable or disable; disabling closes the idle connections (open transactions keep
        theirs until closed)."""
        with self._lock:
            self.enabled = bool(enabled)
        if not enabled:
            self.discard_idle()

    def stats(self):
        with self._cond:
            return {"active": self._active, "idle": len(self._idle), "max": self.max_active}

    def close(self):
        with self._cond:
            self.closed = True
            idle, self._idle = self._idle, []
            self._active -= len(idle)
            self._cond.notify_all()
        for conn in idle:
            self.driver.close_connection(conn)
        self.driver.close()
