"""Run under Jython 2.7 by ``test_db_jython_stmt_cache.py``: the JDBC driver's per-connection
PreparedStatement cache (reuse, cleared parameters, LRU bound, eviction on failure,
statements closed with their connection, no stale reads, one cache per connection/thread).

Usage: ``jython jython_stmt_cache_check.py <repo root> <scratch dir>``; prints ``ALL OK``.
May import: the standard library, ``java.*`` and ``gateway_sim``.
"""
from __future__ import absolute_import, division, print_function

import os
import sys
import threading

FAILED = []


def check(label, cond):
    print("%s %s" % ("ok  " if cond else "FAIL", label))
    if not cond:
        FAILED.append(label)


def main():
    sys.path.insert(0, sys.argv[1])
    from java.lang import Throwable
    from gateway_sim.backends.database import driver_jdbc
    drv = driver_jdbc.JdbcDriver("t", "sqlite", "sqlite",
                                 {"path": os.path.join(sys.argv[2], "cache.sqlite")})
    a, b = drv.connect(), drv.connect()
    drv.update(a, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w INTEGER)", [], False)
    sel = "SELECT v, w FROM t WHERE id = ?"
    drv.update(a, "INSERT INTO t (v, w) VALUES (?, ?)", [u"x", 7], False)
    drv.query(a, sel, [1])
    ps = drv._caches[a].stmts.get((sel, False))
    drv.query(a, sel, [1])
    check("statement reused", ps is not None and drv._caches[a].stmts.get((sel, False)) is ps)
    drv.update(a, "INSERT INTO t (v, w) VALUES (?, ?)", [None, None], False)
    check("parameters rebound on reuse", drv.query(a, sel, [2])[1] == [(None, None)])
    check("getKey statement cached apart",
          drv.update(a, "INSERT INTO t (v, w) VALUES (?, ?)", [u"k", 1], True) == 3)
    # A cached statement must not keep a read snapshot: a commit on b is seen by a.
    count = "SELECT COUNT(*) FROM t"
    first = drv.query(a, count, [])[1][0][0]
    drv.update(b, "INSERT INTO t (v, w) VALUES (?, ?)", [u"y", 2], False)
    check("no stale read from a cached statement", drv.query(a, count, [])[1][0][0] == first + 1)
    try:
        drv.query(a, "SELECT nope FROM t", [])
        check("bad statement raises", False)
    except Throwable:
        check("failed statement not cached", ("SELECT nope FROM t", False) not in drv._caches[a].stmts)
    try:
        drv.query(a, "INSERT INTO t (v) VALUES ('q')", [])
        check("query of an update raises", False)
    except Exception:  # NoResultSet
        check("statement without result set evicted",
              ("INSERT INTO t (v) VALUES ('q')", False) not in drv._caches[a].stmts)
    drv.cache_size = 3
    c = drv.connect()
    kept = []
    for i in range(6):
        drv.query(c, "SELECT %d" % i, [])
        kept.append(drv._caches[c].stmts[("SELECT %d" % i, False)])
    keys = list(drv._caches[c].stmts.keys())
    check("LRU bound", [k[0] for k in keys] == ["SELECT 3", "SELECT 4", "SELECT 5"])
    check("evicted statements closed", all(p.isClosed() for p in kept[:3])
          and not any(p.isClosed() for p in kept[3:]))
    drv.close_connection(c)
    check("closing a connection closes its statements", all(p.isClosed() for p in kept[3:])
          and c not in drv._caches)
    errors = []

    def worker(n):
        try:
            conn = drv.connect()
            for i in range(200):
                if drv.query(conn, sel, [1])[1] != [(u"x", 7)]:
                    errors.append("thread %d got a wrong row" % n)
            drv.close_connection(conn)
        except Throwable as exc:
            errors.append(str(exc))
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check("threads with their own connections (%s)" % errors[:1], not errors)
    drv.close_connection(a)
    drv.close_connection(b)
    drv.close()
    check("no cache left behind", not drv._caches)
    print("ALL OK" if not FAILED else "FAILED: %s" % FAILED)


if __name__ == "__main__":
    main()
    from java.lang import System
    System.exit(0 if not FAILED else 1)
