"""Queues: every queue dispatched, priority, partitions enforced in the database,
dedup policies, idempotent ids, local limits, in-memory queue and dead letters."""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import host
from exchange.workflows.engine.persistence import claims
from exchange.workflows.errors import DuplicateWorkflow, WorkflowConflict

import helpers as h

GATE = {"ev": threading.Event()}
ORDER = []


@workflow("q.rec")
def rec(tag=None):
    ORDER.append(tag)
    return tag


@workflow("q.block")
def block(tag=None):
    h.bump("block")
    GATE["ev"].wait(10)
    return tag


def test_all_named_queues_are_dispatched(wf):
    ids = [wf.enqueue("q.rec", {"tag": q}, queueName=q) for q in ("alpha", "beta", "default")]
    assert [wf.getResult(i, 10) for i in ids] == ["alpha", "beta", "default"]


def test_priority_lower_first(wf):
    del ORDER[:]
    wf.enterMaintenance("drain")
    for p in (5, -1, 3):
        wf.enqueue("q.rec", {"tag": p}, priority=p, allowDuringMaintenance=True)
    wf.configure(workflowWorkers=1)
    wf.exitMaintenance()
    h.wait_for(lambda: len(ORDER) == 3, what="three runs")
    assert ORDER == [-1, 3, 5]
    wf.configure(workflowWorkers=4)


def test_partition_lock_is_exclusive_across_executors(wf):
    """Two executors (as two gateways) claim the same key: only one wins, in the DB."""
    wf.enterMaintenance("drain")
    a = wf.enqueue("q.rec", {"tag": 1}, partitionKey="line-1", allowDuringMaintenance=True)
    b = wf.enqueue("q.rec", {"tag": 2}, partitionKey="line-1", allowDuringMaintenance=True)
    now = host.now_ms()
    rows = claims.candidates(wf.dbName, 10)
    got1, rel1 = claims.claim(wf.dbName, "gw1:x", "gw1", now, 30000, rows[:1])
    assert claims.candidates(wf.dbName, 10) == []  # b's key is held: not even a candidate
    got2, rel2 = claims.claim(wf.dbName, "gw2:y", "gw2", now, 30000, rows)  # a stale read
    assert [r["workflow_id"] for r in got1] == [a] and got2 == [] and rel2 == 1
    assert h.status(b) == "ENQUEUED"
    # the claim starts the run (RUNNING, one execution, start time) ...
    ra = h.q("SELECT * FROM workflow_status WHERE workflow_id = ?", [a])[0]
    assert (ra["status"], ra["executions"], ra["started_at_epoch_ms"]) == ("RUNNING", 1, now)
    # ... and a claim undone for its partition leaves no trace of it
    rb = h.q("SELECT * FROM workflow_status WHERE workflow_id = ?", [b])[0]
    assert (rb["executions"], rb["started_at_epoch_ms"], rb["deadline_epoch_ms"],
            rb["claimed_by"], rb["lease_expires_at"]) == (0, None, None, None, None)
    h.u("UPDATE workflow_status SET status='SUCCESS' WHERE workflow_id=?", [a])  # holder ends
    got3, _ = claims.claim(wf.dbName, "gw2:y", "gw2", now, 30000, claims.candidates(wf.dbName, 10))
    assert [r["workflow_id"] for r in got3] == [b]


def test_a_stale_read_that_missed_a_partitions_head_starts_nothing(wf):
    """FIFO within a partition: a claim whose candidate read missed the partition's first
    run (still ENQUEUED) must not start its second one first."""
    wf.enterMaintenance("drain")
    d = wf._dialect()
    a = wf.enqueue("q.rec", {"tag": 1}, partitionKey="line-9", allowDuringMaintenance=True)
    b = wf.enqueue("q.rec", {"tag": 2}, partitionKey="line-9", allowDuringMaintenance=True)
    now = host.now_ms()
    rows = claims.candidates(wf.dbName, 10, None, d)
    assert [r["workflow_id"] for r in rows] == [a, b]
    got, _ = claims.claim(wf.dbName, "gw2:y", "gw2", now, 30000, rows[1:], dialect=d)
    assert got == [] and h.status(b) == "ENQUEUED"
    got, _ = claims.claim(wf.dbName, "gw1:x", "gw1", now, 30000, rows, dialect=d)
    assert [r["workflow_id"] for r in got] == [a]
    wf.exitMaintenance()


def test_partition_serializes_runs_end_to_end(wf):
    GATE["ev"] = threading.Event()
    h.reset()
    a = wf.enqueue("q.block", {"tag": "a"}, partitionKey="k")
    b = wf.enqueue("q.block", {"tag": "b"}, partitionKey="k")
    h.wait_for(lambda: h.count("block") == 1, what="first running")
    wf.dispatch()
    assert h.count("block") == 1 and h.status(b) in ("ENQUEUED", "PENDING")
    GATE["ev"].set()
    assert wf.getResult(a, 10) == "a" and wf.getResult(b, 10) == "b"


def test_dedup_reject_and_return_existing(wf):
    wf.enterMaintenance("drain")
    a = wf.enqueue("q.rec", {}, deduplicationId="d", allowDuringMaintenance=True)
    with pytest.raises(DuplicateWorkflow) as ei:
        wf.enqueue("q.rec", {}, deduplicationId="d", allowDuringMaintenance=True)
    assert ei.value.existing_id == a
    assert wf.enqueue("q.rec", {}, deduplicationId="d", allowDuringMaintenance=True,
                      dedupPolicy="return_existing") == a
    assert wf.enqueue("q.rec", {}, deduplicationId="d", queueName="other",
                      allowDuringMaintenance=True) != a
    wf.exitMaintenance()
    h.wait_status(a)
    assert wf.enqueue("q.rec", {}, deduplicationId="d") != a  # free again once terminal


def test_dedup_blocks_while_running(wf):
    GATE["ev"] = threading.Event()
    h.reset()
    a = wf.enqueue("q.block", {}, deduplicationId="run")
    h.wait_for(lambda: h.status(a) == "RUNNING", what="running")
    with pytest.raises(DuplicateWorkflow):
        wf.enqueue("q.block", {}, deduplicationId="run")
    GATE["ev"].set()
    h.wait_status(a)


def test_caller_chosen_id_is_idempotent(wf):
    h1 = wf.startWorkflow("q.rec", {"tag": "x"}, workflowId="order-42")
    h2 = wf.startWorkflow("q.rec", {"tag": "x"}, workflowId="order-42")
    assert h1.workflowId == h2.workflowId == "order-42"
    with pytest.raises(WorkflowConflict):  # other inputs: not the same start (DBOS: conflict)
        wf.startWorkflow("q.rec", {"tag": "y"}, workflowId="order-42")
    assert h1.getResult(10) == "x"
    assert h.q("SELECT COUNT(*) AS n FROM workflow_status")[0]["n"] == 1


def test_local_queue_limit(wf):
    GATE["ev"] = threading.Event()
    h.reset()
    wf.setQueueLimit("slow", 1)
    ids = [wf.enqueue("q.block", {"tag": i}, queueName="slow") for i in range(3)]
    h.wait_for(lambda: h.count("block") == 1, what="one running")
    wf.dispatch()
    assert h.count("block") == 1
    GATE["ev"].set()
    assert [wf.getResult(i, 10) for i in ids] == [0, 1, 2]


def test_in_memory_overflow_modes_and_dead_letters(wf):
    wf.enterMaintenance("drain")
    wf.configure(inMemoryQueueMaxDepth=2, overflowMode="reject")
    acks = [wf.enqueueInMemory("q.rec", {"tag": i}, allowDuringMaintenance=True) for i in range(3)]
    assert [a["accepted"] for a in acks] == [True, True, False] and acks[2]["reason"] == "overflow"
    wf.configure(overflowMode="drop_oldest")
    ack = wf.enqueueInMemory("q.rec", {"tag": 3}, allowDuringMaintenance=True)
    assert ack["accepted"] and ack["droppedOldest"]
    dead = wf.listDeadLetters()
    assert [d["reason"] for d in dead] == ["dropped_oldest"] and dead[0]["item"]["inputs"] == {"tag": 0}
    assert wf.enqueueInMemory("nope.not.registered", allowDuringMaintenance=True)["reason"] == "workflow_not_registered"
    assert wf.enqueueInMemory("q.rec", {"x": object()}, allowDuringMaintenance=True)["reason"] == \
        "invalid_payload"
    assert wf.flushInMemoryQueue(allowDuringMaintenance=True) == 2
    wf.exitMaintenance()
    new_ids = wf.replayDeadLetters()
    assert len(new_ids) == 1 and wf.getResult(new_ids[0], 10) == 0
    assert wf.listDeadLetters() == []
    wf.configure(inMemoryQueueMaxDepth=50000, overflowMode="reject")


def test_in_memory_enqueue_is_flushed_by_dispatcher(wf):
    ack = wf.enqueueInMemory("q.rec", {"tag": "fast"})
    assert ack["accepted"]
    h.wait_for(lambda: h.q("SELECT workflow_id FROM workflow_status WHERE status='SUCCESS'"),
               what="flushed and run")


def test_cluster_wide_queue_limit_in_database(wf):
    """concurrency=1 holds across executors: a second executor cannot claim while one runs."""
    wf.enterMaintenance("drain")
    wf.setQueueLimit("plc", concurrency=1)
    a = wf.enqueue("q.rec", {"tag": 1}, queueName="plc", allowDuringMaintenance=True)
    b = wf.enqueue("q.rec", {"tag": 2}, queueName="plc", allowDuringMaintenance=True)
    now = host.now_ms()
    limits = claims.global_limits(wf.dbName)
    assert limits == {"plc": 1}
    got1, _ = claims.claim(wf.dbName, "gw1:x", "gw1", now, 30000, claims.candidates(wf.dbName, 10),
                           limits=limits)
    got2, _ = claims.claim(wf.dbName, "gw2:y", "gw2", now, 30000, claims.candidates(wf.dbName, 10),
                           limits=limits)
    assert [r["workflow_id"] for r in got1] == [a] and got2 == []
    h.u("UPDATE workflow_status SET status='SUCCESS' WHERE workflow_id=?", [a])
    got3, _ = claims.claim(wf.dbName, "gw2:y", "gw2", now, 30000, claims.candidates(wf.dbName, 10),
                           limits=limits)
    assert [r["workflow_id"] for r in got3] == [b]
    wf.setQueueLimit("plc")
    assert claims.global_limits(wf.dbName) == {}


def test_lock_rows_of_new_partitions_are_created_together(wf):
    """A dispatcher meeting new partition keys creates their lock rows in one statement;
    when one of them exists already (another dispatcher made it) it falls back to one by
    one, and every row ends up there once."""
    claims._known_lock_rows.clear()
    h.u("INSERT INTO partition_locks (queue_name, partition_key) VALUES ('lk', 'b')")
    rows = [{"queue_name": "lk", "partition_key": k} for k in ("a", "b", "c")]
    claims._ensure_lock_rows(wf.dbName, rows)
    got = h.q("SELECT partition_key FROM partition_locks WHERE queue_name = 'lk' "
              "ORDER BY partition_key")
    assert [r["partition_key"] for r in got] == ["a", "b", "c"]
    rows = [{"queue_name": "lk", "partition_key": k} for k in ("d", "e")]
    claims._ensure_lock_rows(wf.dbName, rows)
    got = h.q("SELECT COUNT(*) AS n FROM partition_locks WHERE queue_name = 'lk'")
    assert got[0]["n"] == 5
    assert all((wf.dbName, "lk", k) in claims._known_lock_rows for k in "abcde")


def test_a_claim_that_lost_its_partitions_looks_again_at_once_a_few_times(wf):
    """Work found but every partition lost to concurrent claims: the dispatcher runs
    again at once (its workers would idle a whole pollMs otherwise), at most three
    times in a row; a claim that takes what it wants resets the count."""
    from exchange.workflows import compat
    from exchange.workflows.engine import dispatcher
    # a kernel of its own: the runtime's dispatcher would consume the real wake event
    k, cache, wake = compat.new_map(), compat.new_map(), threading.Event()
    compat.map_put(k, "wake", wake)
    seen = []
    for _ in range(5):
        wake.clear()
        dispatcher._again_if_lost(k, cache, "db-x", True)
        seen.append(wake.is_set())
    assert seen == [True, True, True, False, False]
    dispatcher._again_if_lost(k, cache, "db-x", False)
    wake.clear()
    dispatcher._again_if_lost(k, cache, "db-x", True)
    assert wake.is_set()


def test_one_claim_takes_one_run_of_a_partition_and_leaves_the_next_untouched(wf):
    """Every queued run of a free partition is a candidate; the claim takes the first and
    passes over the rest without trying (no lock attempt, nothing to undo)."""
    wf.enterMaintenance("drain")
    a = wf.enqueue("q.rec", {"tag": 1}, partitionKey="line-9", allowDuringMaintenance=True)
    b = wf.enqueue("q.rec", {"tag": 2}, partitionKey="line-9", allowDuringMaintenance=True)
    rows = claims.candidates(wf.dbName, 10)
    assert sorted(r["workflow_id"] for r in rows) == sorted([a, b])
    got, rel = claims.claim(wf.dbName, "gw1:x", "gw1", host.now_ms(), 30000, rows)
    assert len(got) == 1 and rel == 0
    other = b if got[0]["workflow_id"] == a else a
    assert h.status(other) == "ENQUEUED"


def test_a_claimed_run_starts_when_it_is_claimed_not_when_the_cycle_began(wf, monkeypatch):
    """The start time a claim records is taken after its candidate read: a cycle whose
    preamble or read took long (a loaded machine) must not date a run's start before the
    end of the run that freed its partition (seen: a partition's next run 'started' 16 ms
    before the previous one completed)."""
    from exchange.workflows import compat
    from exchange.workflows.engine import dispatcher, kernel as K
    wf.enterMaintenance("drain")
    wid = wf.enqueue("q.rec", {"tag": 1}, allowDuringMaintenance=True)
    clock = {"t": host.now_ms()}
    cycle_began = clock["t"]
    monkeypatch.setattr(host, "now_ms", lambda: clock["t"])
    real = claims.candidates

    def slow_read(*a, **kw):
        rows = real(*a, **kw)
        clock["t"] += 5000
        return rows
    monkeypatch.setattr(claims, "candidates", slow_read)
    compat.atomic_set(K.get(wf.kernel, "maintenanceEnabled"), False)
    dispatcher.cycle(wf)
    h.wait_for(lambda: h.status(wid) == "SUCCESS", what="the run")
    row = h.q("SELECT started_at_epoch_ms, claimed_at_epoch_ms FROM workflow_status "
              "WHERE workflow_id = ?", [wid])[0]
    assert row["started_at_epoch_ms"] >= cycle_began + 5000, (row, cycle_began)
    assert row["claimed_at_epoch_ms"] == row["started_at_epoch_ms"]
