"""Helpers for scenario tests: a simulated gateway per test, waiting for runs, services.

Scenario tests are written once (unittest, Jython 2.7 / CPython 3 single source) and
run twice: natively under pytest on CPython, and under Jython 2.7.3 by
``tests/jython/runner.py``. So this module keeps to the 2.7/3.x subset and imports
nothing from pytest.

    class MyScenario(support.GatewayCase):
        def test_x(self):
            self.system.tag.writeBlocking([...], [...])   # the gateway is active as `system`

May import: the standard library, ``gateway_sim`` and ``exchange.workflows``.
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import unittest

IS_JYTHON = sys.platform.startswith("java")
INTERPRETER = "jython" if IS_JYTHON else "cpython"
REQUIRE_SERVICES = os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES", "") == "1"
PG_HOST, PG_PORT, PG_DB, PG_USER = "127.0.0.1", 5432, "test", "postgres"

# Generous upper bounds for waits on background work; reaching one fails the test
# with a message (they are not timing assertions: fast runs finish long before).
WAIT_SECONDS = float(os.environ.get("SCENARIO_WAIT_SECONDS", "20"))


def monotonic():
    from exchange.workflows import compat
    return compat.monotonic()


def wait_until(predicate, timeout=None, interval=0.01, message="condition"):
    """Poll ``predicate()`` until truthy; return its value or raise AssertionError."""
    deadline = monotonic() + (WAIT_SECONDS if timeout is None else timeout)
    last = None
    while True:
        last = predicate()
        if last:
            return last
        if monotonic() > deadline:
            raise AssertionError("timed out after %ss waiting for %s (last value %r)"
                                 % (WAIT_SECONDS if timeout is None else timeout, message, last))
        time.sleep(interval)


def server_up(host, port, timeout=1.0):
    """True when a TCP server accepts connections at host:port."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect((host, port))
        return True
    except (socket.error, socket.timeout, OSError):
        return False
    finally:
        try:
            s.close()
        except Exception:
            pass


def require_postgres(case):
    """Skip ``case`` saying why when PostgreSQL is absent; fail instead on CI."""
    if server_up(PG_HOST, PG_PORT):
        return
    msg = ("PostgreSQL is not reachable at %s:%s (database %s, user %s); start it "
           "(pg_ctlcluster <ver> main start) to run this scenario"
           % (PG_HOST, PG_PORT, PG_DB, PG_USER))
    if REQUIRE_SERVICES:
        case.fail(msg + " [GATEWAY_SIM_REQUIRE_SERVICES=1]")
    case.skipTest(msg)


MARIADB_HOST, MARIADB_PORT, MARIADB_DB, MARIADB_USER = "127.0.0.1", 3306, "test", "root"


def require_mariadb(case):
    """Skip ``case`` saying why when MariaDB is absent; fail instead on CI."""
    if server_up(MARIADB_HOST, MARIADB_PORT):
        return
    msg = ("MariaDB is not reachable at %s:%s (database %s, user %s); start it to run this "
           "scenario" % (MARIADB_HOST, MARIADB_PORT, MARIADB_DB, MARIADB_USER))
    if REQUIRE_SERVICES:
        case.fail(msg + " [GATEWAY_SIM_REQUIRE_SERVICES=1]")
    case.skipTest(msg)


# --- throw-away databases on the servers ------------------------------------------

SERVERS = {
    "PG": {"type": "postgresql", "host": PG_HOST, "port": PG_PORT, "database": PG_DB,
           "user": PG_USER, "require": require_postgres, "drop": " WITH (FORCE)"},
    "MY": {"type": "mariadb", "host": MARIADB_HOST, "port": MARIADB_PORT, "database": MARIADB_DB,
           "user": MARIADB_USER, "require": require_mariadb, "drop": ""},
}


def server_admin(kind, sql):
    """Run one statement on server ``kind``'s ``test`` database through a short-lived gateway."""
    import shutil
    import tempfile
    from gateway_sim import Gateway, simulate
    spec = SERVERS[kind]
    folder = tempfile.mkdtemp(prefix="%s-admin-" % kind.lower())
    gw = Gateway(name="%s-admin" % kind.lower(), data_dir=folder)
    try:
        with simulate(gw):
            gw.databases.add_datasource("admin", type=spec["type"], host=spec["host"],
                                        port=spec["port"], database=spec["database"],
                                        user=spec["user"])
            import gateway_sim.system as system
            system.db.runPrepUpdate(sql, [], "admin")
    finally:
        gw.shutdown()
        shutil.rmtree(folder, True)


def server_database(case, kind):
    """A throw-away database on server ``kind`` ("PG" or "MY") for ``case``; its DROP is
    registered first, so it runs last (after the engine and the gateway stopped). Skips
    (fails on CI) without the server. Returns the database name."""
    import uuid
    spec = SERVERS[kind]
    spec["require"](case)
    name = "scn_%s_%s" % (INTERPRETER, uuid.uuid4().hex[:10])
    server_admin(kind, "CREATE DATABASE %s" % name)
    case.addCleanup(server_admin, kind, "DROP DATABASE IF EXISTS %s%s" % (name, spec["drop"]))
    return name


def add_server_datasource(gw, kind, database):
    """Datasource ``kind`` ("PG"/"MY") on ``gw`` pointing at ``database`` on that server."""
    spec = SERVERS[kind]
    gw.databases.add_datasource(kind, type=spec["type"], host=spec["host"], port=spec["port"],
                                database=database, user=spec["user"])


def start_server_engine(case, kind):
    """For an EngineCase: a gateway, a throw-away database on server ``kind`` as datasource
    ``kind`` and the engine on it (``case.rt``), each torn down in the right order."""
    database = server_database(case, kind)
    GatewayCase.setUp(case)
    add_server_datasource(case.gw, kind, database)
    from exchange.workflows.bootstrap import getWorkflows
    case.rt = getWorkflows(kind)
    case.addCleanup(case._stop_engine)
    return database


class GatewayCase(unittest.TestCase):
    """A fresh simulated gateway per test, active as ``system`` (RealClock, SQLite
    ``WorkflowsDB`` in a temp folder). ``self.gw``, ``self.system``, ``self.data_dir``."""

    project_name = "scenarios"
    gateway_name = "scenario-gw"

    def setUp(self):
        from gateway_sim import Gateway, simulate
        self.data_dir = tempfile.mkdtemp(prefix="scenario-%s-" % INTERPRETER)
        self.gw = Gateway(name=self.gateway_name, data_dir=self.data_dir,
                          project_name=self.project_name)
        self._sim = simulate(self.gw)
        self._sim.__enter__()
        # Cleanups run after tearDown in LIFO order: shutdown first, then the folder.
        self.addCleanup(shutil.rmtree, self.data_dir, True)
        self.addCleanup(self._stop_gateway)
        import gateway_sim.system as system_pkg
        self.system = system_pkg

    def _stop_gateway(self):
        try:
            self._sim.__exit__(None, None, None)
        finally:
            self.gw.shutdown()


def run_threads(n, target, name="scenario"):
    """Run ``target(i)`` on ``n`` threads started together; return the list of results.

    Any exception (Python or Java) raised in a thread is re-raised here, so a test
    cannot pass while a worker died."""
    results = [None] * n
    errors = []
    gate = threading.Event()

    def body(i):
        gate.wait()
        try:
            results[i] = target(i)
        except:  # noqa: E722 - Java exceptions too: the caller must see every failure
            errors.append((i, sys.exc_info()))

    threads = [threading.Thread(target=body, args=(i,), name="%s-%d" % (name, i)) for i in range(n)]
    for t in threads:
        t.daemon = True
        t.start()
    gate.set()
    for t in threads:
        t.join(WAIT_SECONDS)
        if t.is_alive() if hasattr(t, "is_alive") else t.isAlive():
            raise AssertionError("thread %s still running after %ss" % (t.name, WAIT_SECONDS))
    if errors:
        i, (tp, val, tb) = errors[0]
        raise AssertionError("thread %d of %d raised %s: %s" % (i, n, getattr(tp, "__name__", tp), val))
    return results


def rows_of(ds):
    """PyDataSet -> list of dicts with lower-case column names."""
    names = [("%s" % n).lower() for n in ds.getColumnNames()]
    return [dict((names[c], ds.getValueAt(r, c)) for c in range(len(names)))
            for r in range(ds.getRowCount())]


TERMINAL = ("SUCCESS", "ERROR", "CANCELLED")


class EngineCase(GatewayCase):
    """GatewayCase plus the workflow engine on the default datasource ``WorkflowsDB``.

    ``self.rt`` is ``getWorkflows()``. The runtime is shut down before the gateway
    (its threads must not outlive the test: ``system`` is process-wide)."""

    db_name = "WorkflowsDB"

    def setUp(self):
        GatewayCase.setUp(self)
        from exchange.workflows.bootstrap import getWorkflows
        self.rt = getWorkflows(self.db_name)
        self.addCleanup(self._stop_engine)  # cleanups are LIFO: engine stops before the gateway

    def _stop_engine(self):
        from exchange.workflows.engine import instance
        instance.shutdownRuntime(5)

    # --- reading the system of record ------------------------------------------
    def sql(self, text):
        """``text`` with the engine's table names qualified for this datasource (the
        engine keeps them in a schema / under a prefix: persistence.names)."""
        from exchange.workflows.engine.persistence import names
        return names.qualify(text, self.db_name)

    def query(self, sql, args=()):
        return rows_of(self.system.db.runPrepQuery(self.sql(sql), list(args), self.db_name))

    def workflow_row(self, wid):
        rows = self.query("SELECT * FROM workflow_status WHERE workflow_id = ?", [wid])
        return rows[0] if rows else None

    def op_rows(self, wid):
        return self.query("SELECT * FROM operation_outputs WHERE workflow_id = ? ORDER BY call_seq",
                          [wid])

    # --- driving runs ----------------------------------------------------------------
    def start(self, name, inputs=None, **kw):
        return self.rt.enqueue(name, inputs if inputs is not None else {}, **kw)

    def wait_status(self, wid, statuses=TERMINAL, timeout=None, dispatch=True):
        """Wait until the run's status is in ``statuses``; returns its row.

        Also calls ``dispatch()`` now and then, as the gateway timer script does
        (``dispatch=False``: rely on the engine's own threads only)."""
        state = {"n": 0}

        def check():
            state["n"] += 1
            if dispatch and state["n"] % 10 == 1:
                self.rt.dispatch()
            row = self.workflow_row(wid)
            return row if row is not None and row["status"] in statuses else None
        try:
            return wait_until(check, timeout, 0.02, "run %s to reach %s" % (wid, "/".join(statuses)))
        except AssertionError as e:
            raise AssertionError("%s; row now: %r" % (e, self.workflow_row(wid)))

    def run_to_end(self, name, inputs=None, **kw):
        """Start ``name`` and wait for it to end; returns the final row.
        (Not ``run``: that name belongs to unittest.TestCase.)"""
        return self.wait_status(self.start(name, inputs, **kw))


class Counter(object):
    """Thread-safe per-key counters (how many times a step body really ran)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.counts = {}

    def hit(self, key):
        with self._lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]

    def get(self, key):
        with self._lock:
            return self.counts.get(key, 0)

    def reset(self):
        with self._lock:
            self.counts.clear()
