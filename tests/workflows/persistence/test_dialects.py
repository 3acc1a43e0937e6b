"""The engine end to end on PostgreSQL and MariaDB (markers postgres / mariadb).

Skipped (saying why) when the server is absent, unless GATEWAY_SIM_REQUIRE_SERVICES=1.
"""
from __future__ import absolute_import, division, print_function

import os
import socket
import threading
import time

import pytest

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import host, instance
from exchange.workflows.engine.persistence import claims, migrations, runs
from exchange.workflows.engine.runtime import WorkflowsRuntime
from exchange.workflows.errors import DuplicateWorkflow

SERVERS = {
    "postgresql": dict(host="127.0.0.1", port=5432, database="test", user="postgres"),
    "mariadb": dict(host="127.0.0.1", port=3306, database="test", user="root"),
}
COUNT = {}
LOCK = threading.Lock()


def _up(port):
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
        return True
    except (OSError, socket.error):
        return False


@step("dia.bump")
def bump(name):
    with LOCK:
        COUNT[name] = COUNT.get(name, 0) + 1
        return COUNT[name]


@workflow("dia.flow")
def flow(n=2):
    rt = WorkflowsRuntime.getCurrentRuntime()
    rt.setEvent("phase", "start")
    rt.writeStream("log", "a")
    cmd = rt.recvCommand("RUNNING", "cmd", 5)
    vals = [bump("s%d" % i) for i in range(n)]
    return {"vals": vals, "cmd": cmd["cmd"] if cmd else None}


OWN_DB = "wf_core_test"  # our own database: other suites use `test` with the same table names


def _own_database(kind, cfg):
    """Create (once) and return a database only these tests use."""
    try:
        if kind == "postgresql":
            import psycopg
            with psycopg.connect(host=cfg["host"], port=cfg["port"], user=cfg["user"],
                                 dbname=cfg["database"], autocommit=True) as con:
                if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                   (OWN_DB,)).fetchone():
                    con.execute("CREATE DATABASE %s" % OWN_DB)
        else:
            import pymysql
            con = pymysql.connect(host=cfg["host"], port=cfg["port"], user=cfg["user"])
            try:
                con.cursor().execute("CREATE DATABASE IF NOT EXISTS %s" % OWN_DB)
            finally:
                con.close()
        return OWN_DB
    except Exception:  # no rights to create one: share the default database
        return cfg["database"]


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres),
                        pytest.param("mariadb", marks=pytest.mark.mariadb)])
def server_wf(request, gateway):
    kind = request.param
    cfg = SERVERS[kind]
    if not _up(cfg["port"]):
        msg = "%s server not reachable on 127.0.0.1:%d" % (kind, cfg["port"])
        if os.environ.get("GATEWAY_SIM_REQUIRE_SERVICES") == "1":
            pytest.fail(msg + " (GATEWAY_SIM_REQUIRE_SERVICES=1)")
        pytest.skip(msg)
    name = "WF_" + kind.upper()
    cfg = dict(cfg, database=_own_database(kind, cfg))
    gateway.databases.add_datasource(name, type=kind, **cfg)
    migrations.drop_all(name)
    rt = instance.getWorkflows(name)
    yield rt
    instance.shutdownRuntime(2)
    migrations.drop_all(name)


def test_end_to_end_replay_mailbox_events(server_wf):
    rt = server_wf
    COUNT.clear()
    assert rt._dialect()["name"] in ("postgresql", "mysql")
    wid = rt.enqueue("dia.flow", {"n": 2})
    rt.send(wid, {"cmd": "HOLD"})
    rt.send(wid, {"cmd": "STOP"})
    assert rt.getResult(wid, 20) == {"vals": [1, 1], "cmd": "STOP"}
    host.db_update("UPDATE workflow_status SET status='ENQUEUED', claimed_by=NULL WHERE workflow_id=?",
                   [wid], rt.dbName)
    assert rt.getResult(wid, 20) == {"vals": [1, 1], "cmd": "STOP"}
    assert COUNT == {"s0": 1, "s1": 1}
    assert [s["kind"] for s in rt.listRunSteps(wid)] == ["setEvent", "writeStream", "recvCommand",
                                                         "step", "step"]
    assert rt.readStream(wid, "log")[0]["value"] == "a"
    assert rt.getEvent(wid, "phase") == "start"
    fork = rt.forkWorkflow(wid, 5)  # ops 1..4 copied: s0 replayed, s1 re-runs
    assert rt.getResult(fork, 20)["vals"] == [1, 2]


def test_partition_and_dedup_in_database(server_wf):
    rt = server_wf
    rt.enterMaintenance("drain")
    a = rt.enqueue("dia.flow", {}, partitionKey="k", allowDuringMaintenance=True)
    b = rt.enqueue("dia.flow", {}, partitionKey="k", allowDuringMaintenance=True)
    now = host.now_ms()
    got1, _ = claims.claim(rt.dbName, "g1:x", "g1", now, 30000, claims.candidates(rt.dbName, 10)[:1])
    # the lock-free read leaves out a run whose partition another active run holds ...
    assert claims.candidates(rt.dbName, 10) == []
    # ... and the claim's compare-and-set on the lock row refuses it anyway (a stale read)
    stale = host.db_query("SELECT %s FROM workflow_status WHERE status = 'ENQUEUED'"
                          % claims.CLAIM_COLS, [], rt.dbName)
    got2, rel = claims.claim(rt.dbName, "g2:y", "g2", now, 30000, stale)
    # (same-millisecond enqueues: either may come first; only one may hold the key)
    assert len(got1) == 1 and got1[0]["workflow_id"] in (a, b) and got2 == [] and rel == 1
    d = rt.enqueue("dia.flow", {}, deduplicationId="dd", allowDuringMaintenance=True)
    with pytest.raises(DuplicateWorkflow):
        rt.enqueue("dia.flow", {}, deduplicationId="dd", allowDuringMaintenance=True)
    assert rt.enqueue("dia.flow", {}, deduplicationId="dd", allowDuringMaintenance=True,
                      dedupPolicy="return_existing") == d
    rt.exitMaintenance()


def test_a_finished_holder_frees_its_partition_without_a_second_write(server_wf):
    """The terminal write is one statement: the lock row keeps naming the finished run,
    and both the candidate read and the claim's compare-and-set treat a holder that is no
    longer active as a free lock."""
    rt = server_wf
    rt.enterMaintenance("drain")
    a = rt.enqueue("dia.flow", {}, partitionKey="k2", allowDuringMaintenance=True)
    now = host.now_ms()
    got, _ = claims.claim(rt.dbName, "g1:x", "g1", now, 30000, claims.candidates(rt.dbName, 10))
    assert [r["workflow_id"] for r in got] == [a]
    b = rt.enqueue("dia.flow", {}, partitionKey="k2", allowDuringMaintenance=True)
    assert claims.candidates(rt.dbName, 10) == []  # a holds k2
    assert runs.get(rt.dbName, a)["status"] == "RUNNING"  # the claim starts the run
    assert runs.finish(rt.dbName, a, "g1:x", "SUCCESS", "1", None, now) == 1
    holder = host.db_query("SELECT holder_workflow_id AS h FROM partition_locks WHERE "
                           "partition_key = 'k2'", [], rt.dbName)
    assert [r["h"] for r in holder] == [a]  # not rewritten ...
    rows = claims.candidates(rt.dbName, 10)
    assert [r["workflow_id"] for r in rows] == [b]  # ... yet free
    got, rel = claims.claim(rt.dbName, "g2:y", "g2", now, 30000, rows)
    assert [r["workflow_id"] for r in got] == [b] and rel == 0
    rt.exitMaintenance()


def test_retention_and_resume(server_wf):
    rt = server_wf
    wid = rt.enqueue("dia.flow", {"n": 1})
    rt.send(wid, {"cmd": "STOP"})
    rt.getResult(wid, 20)
    host.db_update("UPDATE workflow_status SET completed_at_epoch_ms = 1 WHERE workflow_id = ?",
                   [wid], rt.dbName)
    rt.setRetentionConfig(timeThresholdHours=1)
    assert rt.applyRetention()["deletedByTime"] == 1
    assert rt.getStatus(wid) is None


def test_same_millisecond_enqueues_are_claimed_fifo(server_wf):
    rt = server_wf
    rt.enterMaintenance("drain")
    host.db_update("DELETE FROM workflow_status", [], rt.dbName)
    ids = [rt.enqueue("dia.flow", {}, allowDuringMaintenance=True) for _ in range(6)]
    host.db_update("UPDATE workflow_status SET created_at_epoch_ms = 1000", [], rt.dbName)
    rows = claims.candidates(rt.dbName, 10, None, rt._dialect())
    assert [r["workflow_id"] for r in rows] == ids
    rt.exitMaintenance()
    for wid in ids:
        rt.cancelWorkflow(wid, "done")


def test_concurrent_claims_take_different_rows(server_wf):
    """SKIP LOCKED dialects: a claim passes over candidates another claim transaction
    holds and takes the next ones, still in priority order."""
    rt = server_wf
    d = rt._dialect()
    if not d["skip_locked"]:
        pytest.skip("%s claims by plain compare-and-set (no SKIP LOCKED); nothing to test"
                    % d["name"])
    rt.enterMaintenance("drain")
    stop_dispatching(rt)
    host.db_update("DELETE FROM workflow_status", [], rt.dbName)
    ids = [rt.enqueue("dia.flow", {}, allowDuringMaintenance=True) for _ in range(5)]
    host.db_update("UPDATE workflow_status SET created_at_epoch_ms = 1000", [], rt.dbName)
    host.db_update("UPDATE workflow_status SET priority = 9 WHERE workflow_id = ?", [ids[2]],
                   rt.dbName)
    order = ids[:2] + ids[3:] + ids[2:3]

    tx = host.begin(rt.dbName)
    try:
        held = claims.candidates(rt.dbName, 2, None, d, tx, True)
        assert [r["workflow_id"] for r in held] == order[:2]
        got, rel = claims.claim(rt.dbName, "g2:y", "g2", host.now_ms(), 30000,
                                claims.candidates(rt.dbName, 10, None, d), dialect=d, limit=10)
        assert [r["workflow_id"] for r in got] == order[2:] and rel == 0
    finally:
        host.rollback(tx)
        host.close(tx)
    assert [r["workflow_id"] for r in claims.candidates(rt.dbName, 10, None, d)] == order[:2]
    rt.exitMaintenance()
    for wid in ids:
        rt.cancelWorkflow(wid, "done")


def test_claim_without_a_pre_read(server_wf, monkeypatch):
    """While a backlog drains, a SKIP LOCKED dialect claims with no lock-free read first
    (``rows=None``): the transaction's own read finds the runs, a partition whose lock row
    does not exist yet is released and its row created for the next claim, and a held
    partition is refused in the same statement that would claim its run (PostgreSQL:
    ``cte_update``). Dialects without SKIP LOCKED refuse the call with the fix."""
    rt = server_wf
    d = rt._dialect()
    rt.enterMaintenance("drain")
    stop_dispatching(rt)
    host.db_update("DELETE FROM workflow_status", [], rt.dbName)
    host.db_update("DELETE FROM partition_locks", [], rt.dbName)
    claims._known_lock_rows.clear()
    now = host.now_ms()
    if not d["skip_locked"]:
        with pytest.raises(ValueError) as e:
            claims.claim(rt.dbName, "g1:x", "g1", now, 30000, None, dialect=d, limit=4)
        assert "skip_locked" in str(e.value)
        rt.exitMaintenance()
        return
    free = rt.enqueue("dia.flow", {}, allowDuringMaintenance=True)
    a = rt.enqueue("dia.flow", {}, partitionKey="pk", allowDuringMaintenance=True)
    got, rel = claims.claim(rt.dbName, "g1:x", "g1", now, 30000, None, dialect=d, limit=4)
    assert [r["workflow_id"] for r in got] == [free] and rel == 1  # no lock row yet for pk
    assert runs.get(rt.dbName, a)["status"] == "ENQUEUED"
    got, rel = claims.claim(rt.dbName, "g1:x", "g1", now, 30000, None, dialect=d, limit=4)
    assert [r["workflow_id"] for r in got] == [a] and rel == 0
    row = runs.get(rt.dbName, a)
    assert (row["status"], row["claimed_by"], row["executions"]) == ("RUNNING", "g1:x", 1)
    b = rt.enqueue("dia.flow", {}, partitionKey="pk", allowDuringMaintenance=True)
    # b read as if its partition were free (a stale read): the lock refuses it, in the
    # claim's own statement on PostgreSQL, by an undo on the others; b stays as it was
    sql = "SELECT %s FROM workflow_status WHERE workflow_id = ?" % claims.CLAIM_COLS
    stale = host.db_query(sql, [b], rt.dbName)
    got, rel = claims.claim(rt.dbName, "g2:y", "g2", now, 30000, stale)
    assert got == [] and rel == 1
    monkeypatch.setattr(claims, "candidates", lambda db, *a, **kw: host.db_query(
        sql.replace("SELECT ", "SELECT NULL AS rl_max_starts, NULL AS rl_period_ms, ", 1) +
        " FOR UPDATE", [b], db, kw.get("tx", a[3] if len(a) > 3 else None)))
    got, rel = claims.claim(rt.dbName, "g2:y", "g2", now, 30000, None, dialect=d, limit=4)
    monkeypatch.undo()
    assert got == [] and rel == 1
    row = runs.get(rt.dbName, b)
    assert (row["status"], row["claimed_by"], row["executions"], row["started_at_epoch_ms"]) == \
        ("ENQUEUED", None, 0, None)
    rt.exitMaintenance()
    for wid in (free, a, b):
        rt.cancelWorkflow(wid, "done")


def test_a_claim_passes_over_a_partition_another_claim_is_taking(server_wf, monkeypatch):
    """PostgreSQL: while one claim transaction holds a partition's lock row, another claim
    of a run of that partition is refused at once (SKIP LOCKED on the lock row) and goes on
    with its other candidates, instead of waiting for the first to commit."""
    rt = server_wf
    d = rt._dialect()
    if not d.get("cte_update"):
        pytest.skip("%s takes partition locks by plain compare-and-set" % d["name"])
    rt.enterMaintenance("drain")
    stop_dispatching(rt)
    host.db_update("DELETE FROM workflow_status", [], rt.dbName)
    a = rt.enqueue("dia.flow", {}, partitionKey="busy", allowDuringMaintenance=True)
    b = rt.enqueue("dia.flow", {}, partitionKey="busy", allowDuringMaintenance=True)
    c = rt.enqueue("dia.flow", {}, allowDuringMaintenance=True)
    claims._ensure_lock_rows(rt.dbName, claims.candidates(rt.dbName, 10))
    sql = "SELECT %s FROM workflow_status WHERE workflow_id IN (?, ?)" % claims.CLAIM_COLS
    holder = host.begin(rt.dbName)
    done = {}
    try:
        # the first claim transaction: a's partition lock row taken, not yet committed
        host.db_update("UPDATE partition_locks SET holder_workflow_id = ? WHERE partition_key = "
                       "'busy'", [a], rt.dbName, holder)
        # the second sees b (a stale read: the first has not committed) and c
        monkeypatch.setattr(claims, "candidates", lambda db, *x, **kw: host.db_query(
            sql.replace("SELECT ", "SELECT NULL AS rl_max_starts, NULL AS rl_period_ms, ", 1) +
            " FOR UPDATE SKIP LOCKED", [b, c], db, x[3] if len(x) > 3 else kw.get("tx")))

        def second():
            done["result"] = claims.claim(rt.dbName, "g2:y", "g2", host.now_ms(), 30000, None,
                                          dialect=d, limit=4)
        t = threading.Thread(target=second)
        t.start()
        t.join(15)
        assert not t.is_alive(), "the claim waited for the other transaction's partition lock"
    finally:
        host.rollback(holder)
        host.close(holder)
        monkeypatch.undo()
    got, rel = done["result"]
    assert [r["workflow_id"] for r in got] == [c] and rel == 1
    assert runs.get(rt.dbName, b)["status"] == "ENQUEUED"
    rt.exitMaintenance()
    for wid in (a, b, c):
        rt.cancelWorkflow(wid, "done")


def test_claim_reads_the_backlog_in_index_order(server_wf):
    """The candidate read walks ``idx_wf_claim_order`` and stops at its LIMIT: no sort of
    the whole ENQUEUED backlog on every dispatch cycle (schema version 6)."""
    rt = server_wf
    rt.enterMaintenance("drain")
    for i in range(300):
        rt.enqueue("dia.flow", {}, partitionKey="k%d" % (i % 20), allowDuringMaintenance=True)
    d = rt._dialect()
    sql, args = claims.candidates_sql(10, dialect=d)
    if d["name"] == "postgresql":
        host.db_update("ANALYZE workflow_status", [], rt.dbName)
        plan = "\n".join(list(r.values())[0] for r in host.db_query("EXPLAIN " + sql, args,
                                                                     rt.dbName))
        assert "idx_wf_claim_order" in plan and "Sort" not in plan, plan
    else:
        host.db_update("ANALYZE TABLE workflow_status", [], rt.dbName)
        plan = host.db_query("EXPLAIN " + sql, args, rt.dbName)
        top = [r for r in plan if compat_text(r.get("table")) in ("c", "workflow_status")][0]
        assert compat_text(top.get("key")) == "idx_wf_claim_order", plan
        assert "filesort" not in compat_text(top.get("extra")).lower(), plan
    assert len(claims.candidates(rt.dbName, 10, dialect=d)) == 10


def stop_dispatching(rt):
    """Stop this runtime's dispatcher and workers and wait for the dispatcher thread to end.
    A dispatch cycle that passed its maintenance check just before enterMaintenance() can
    still lock (FOR UPDATE) runs the test enqueues afterwards, whenever it reaches its claim
    transaction; tests that claim by hand and count what they get must not race it."""
    from exchange.workflows import compat
    from exchange.workflows.engine import kernel as K
    k = rt.kernel
    compat.atomic_set(K.get(k, "shutdown"), True)
    K.wake(k)

    def ours(t):  # this kernel's loop threads: compat.start_daemon passes (rt class, k, token)
        args = getattr(t, "_args", ())
        return t.name == "workflows-dispatcher" and len(args) > 1 and args[1] is k
    h_wait(lambda: not [t for t in threading.enumerate() if ours(t) and t.is_alive()],
           "the dispatcher thread to stop")


def h_wait(pred, what, timeout=30.0):
    end = time.time() + timeout
    while not pred():
        if time.time() > end:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.02)


def compat_text(v):
    return "" if v is None else (v.decode("utf-8") if isinstance(v, bytes) else str(v))


def test_a_partition_runs_in_order_when_its_head_is_hidden(server_wf):
    """A claim that does not see a partition's first run (a stale read, or SKIP LOCKED
    passing over a row another claim transaction holds) must not start its second run
    first (seen under load on PostgreSQL: test_partition_serializes_same_key's runs ran in
    reverse order)."""
    rt = server_wf
    d = rt._dialect()
    rt.enterMaintenance("drain")
    stop_dispatching(rt)
    host.db_update("DELETE FROM workflow_status", [], rt.dbName)
    first = rt.enqueue("dia.flow", {}, partitionKey="ordered", allowDuringMaintenance=True)
    second = rt.enqueue("dia.flow", {}, partitionKey="ordered", allowDuringMaintenance=True)
    rows = dict((compat_text(r["workflow_id"]), r)
                for r in claims.candidates(rt.dbName, 10, None, d))
    claims._ensure_lock_rows(rt.dbName, list(rows.values()))
    now = host.now_ms()
    if not d["skip_locked"]:  # a stale read that missed the head: the second run is refused
        got, _ = claims.claim(rt.dbName, "g2:y", "g2", now, 30000, [rows[second]], dialect=d)
        assert got == []
    else:  # (there the claim re-reads under SKIP LOCKED) another transaction holds the head
        tx = host.begin(rt.dbName)
        try:
            held = claims.candidates(rt.dbName, 1, None, d, tx, True)
            assert [compat_text(r["workflow_id"]) for r in held] == [first]
            got, _ = claims.claim(rt.dbName, "g2:y", "g2", now, 30000, None, dialect=d, limit=5)
            assert got == []
        finally:
            host.rollback(tx)
            host.close(tx)
    got, _ = claims.claim(rt.dbName, "g1:x", "g1", now, 30000,
                          claims.candidates(rt.dbName, 10, None, d), dialect=d)
    assert [compat_text(r["workflow_id"]) for r in got] == [first]
    rt.exitMaintenance()
    for wid in (first, second):
        rt.cancelWorkflow(wid, "done")
