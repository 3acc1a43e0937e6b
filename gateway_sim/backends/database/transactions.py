"""Transactions of ``system.db.beginTransaction``: string ids, one connection each.

Ignition semantics kept here: the id is an opaque string; the transaction
holds one pooled connection until ``closeTransaction``; after a commit or
rollback it stays usable (the next statement starts a new transaction, as a
JDBC connection with autocommit off does); it has an idle timeout, measured
on the gateway clock and reset by every use, after which it is rolled back,
closed and its id is invalid. Closing without commit rolls back.

The database ``BEGIN`` is sent lazily, with the first statement, so an idle
transaction on SQLite does not hold the write lock. Each transaction has a
lock so two threads sharing an id take turns on its connection.
May import: the standard library and this package.
"""
from __future__ import absolute_import, division, print_function

import threading
import uuid

DEFAULT_TIMEOUT_MS = 60000  # Ignition's default is not documented; 60 s is a safe stand-in
VALID_ISOLATION = (1, 2, 4, 8)


class TxError(Exception):
    """Misuse of a transaction id (unknown, closed, timed out)."""


class Transaction(object):
    def __init__(self, tx_id, datasource, conn, isolation, timeout_s, now):
        self.id = tx_id
        self.datasource = datasource
        self.conn = conn
        self.isolation = isolation
        self.timeout_s = timeout_s
        self.last_used = now
        self.lock = threading.RLock()
        self.in_db_tx = False  # has BEGIN been sent since the last commit/rollback?
        self.broken = False
        self.fresh = True  # no statement has run on this transaction's connection yet
        self.open = True


class TransactionRegistry(object):
    def __init__(self, clock, log_warning=None):
        self.clock = clock
        self._lock = threading.Lock()
        self._open = {}
        self._ended = {}  # id -> why it ended (bounded), for clear misuse errors
        self._log_warning = log_warning
        self._reaper = None  # one timer for all transactions, due at the earliest deadline
        self._reaper_due = None

    # --- lifecycle ----------------------------------------------------------
    def begin(self, datasource, isolation, timeout_ms):
        conn = datasource.acquire()
        tx = Transaction(str(uuid.uuid4()), datasource, conn, isolation,
                         timeout_ms / 1000.0, self.clock.monotonic())
        with self._lock:
            self._open[tx.id] = tx
            self._ensure_reaper(tx.last_used + tx.timeout_s)
        return tx.id

    def get(self, tx_id):
        """The open transaction for ``tx_id`` (lock NOT held), or TxError saying why not."""
        tx = self._open.get(tx_id)
        if tx is None:
            with self._lock:
                why = self._ended.get(tx_id)
            if why:
                raise TxError("transaction '%s' %s; its id is no longer valid. Begin a new one "
                              "with system.db.beginTransaction()" % (tx_id, why))
            raise TxError("transaction '%s' does not exist (ids come from "
                          "system.db.beginTransaction())" % (tx_id,))
        return tx

    def enter(self, tx_id):
        """Lock and return the transaction for one use; pair with ``leave``."""
        tx = self.get(tx_id)
        tx.lock.acquire()
        if not tx.open:  # expired or closed while we waited for the lock
            tx.lock.release()
            return self.enter(tx_id)
        now = self.clock.monotonic()
        if now - tx.last_used > tx.timeout_s:
            tx.lock.release()
            self._expire(tx)
            return self.enter(tx_id)
        tx.last_used = now
        return tx

    def leave(self, tx):
        tx.last_used = self.clock.monotonic()
        tx.lock.release()

    def ensure_begun(self, tx):
        if not tx.in_db_tx:
            tx.datasource.driver.begin(tx.conn, tx.isolation)
            tx.in_db_tx = True

    def replace_connection(self, tx):
        """Swap a dropped connection for a new one (only before the first statement)."""
        old = tx.conn
        tx.conn = tx.datasource.acquire()  # if this fails the transaction keeps the old one
        tx.in_db_tx = False
        tx.datasource.release(old, True)

    def commit(self, tx):
        if tx.in_db_tx:
            tx.in_db_tx = False
            tx.datasource.driver.commit(tx.conn)

    def rollback(self, tx):
        if tx.in_db_tx:
            tx.in_db_tx = False
            tx.datasource.driver.rollback(tx.conn)

    def close(self, tx_id):
        """Close (rolling back uncommitted work). Closing an ended id again is a no-op."""
        tx = self._open.get(tx_id)
        if tx is None:
            with self._lock:
                if tx_id in self._ended:
                    return False
            self.get(tx_id)  # raises "does not exist"
        with tx.lock:
            if not tx.open:
                return False
            pending = tx.in_db_tx
            self._finish(tx, "was closed")
        return pending

    def _finish(self, tx, why):
        """Roll back what is pending, return the connection, forget the id."""
        tx.open = False
        broken = tx.broken
        if tx.in_db_tx:
            tx.in_db_tx = False
            try:
                tx.datasource.driver.rollback(tx.conn)
            except:  # noqa: E722 - a failed rollback (Java SQLException on Jython) means the connection is unusable
                broken = True
        with self._lock:
            self._open.pop(tx.id, None)
            self._ended[tx.id] = why
            if len(self._ended) > 10000:
                for k in list(self._ended)[:5000]:
                    del self._ended[k]
        tx.datasource.release(tx.conn, broken or tx.datasource.driver.is_broken(tx.conn))

    # --- idle timeout -------------------------------------------------------
    # One reaper timer serves every transaction (a timer per transaction costs a
    # scheduler wake-up per begin). It runs at the earliest possible expiry,
    # expires what is idle, and re-arms for the next deadline; uses that push a
    # deadline back only make it re-arm later.
    def _ensure_reaper(self, due):
        """Arm the reaper for ``due`` unless it already runs by then (lock held)."""
        if self._reaper is not None and self._reaper_due is not None and self._reaper_due <= due:
            return
        if self._reaper is not None:
            self._reaper.cancel()
        self._reaper_due = due
        self._reaper = self.clock.call_later(max(due - self.clock.monotonic(), 0.0), self._reap,
                                             name="db-transaction-timeouts")

    def _reap(self):
        with self._lock:
            self._reaper = None
            self._reaper_due = None
            candidates = list(self._open.values())
        now = self.clock.monotonic()
        next_due = None
        for tx in candidates:
            if not tx.open:
                continue
            if not tx.lock.acquire(False):  # in use right now: look again a timeout later
                due = now + tx.timeout_s
            else:
                try:
                    if not tx.open:
                        continue
                    due = tx.last_used + tx.timeout_s
                    if due <= now + 1e-9:
                        self._expire_locked(tx)
                        continue
                finally:
                    tx.lock.release()
            next_due = due if next_due is None else min(next_due, due)
        if next_due is not None:
            with self._lock:
                self._ensure_reaper(next_due)

    def _expire(self, tx):
        with tx.lock:
            if tx.open:
                self._expire_locked(tx)

    def _expire_locked(self, tx):
        ms = int(round(tx.timeout_s * 1000))
        self._finish(tx, "timed out after %d ms without use and was rolled back and closed" % ms)
        if self._log_warning is not None:
            self._log_warning("Transaction %s on datasource '%s' timed out after %d ms idle; "
                              "rolled back and closed." % (tx.id, tx.datasource.name, ms))

    def open_ids(self):
        with self._lock:
            return list(self._open)

    def close_all(self):
        with self._lock:
            if self._reaper is not None:
                self._reaper.cancel()
                self._reaper = None
        for tx_id in self.open_ids():
            tx = self._open.get(tx_id)
            if tx is None:
                continue
            with tx.lock:
                if tx.open:
                    try:
                        self._finish(tx, "was closed because the gateway shut down")
                    except:  # noqa: E722 - shutting down (Java exceptions too): keep closing the others
                        pass
