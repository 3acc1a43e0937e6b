"""system.db transactions: ids, commit/rollback/close, isolation, idle timeout, misuse."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.jvm import JavaException


@pytest.fixture
def tdb(system):
    system.db.runUpdateQuery("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    return system


def count(system):
    return system.db.runScalarQuery("SELECT COUNT(*) FROM t")


def test_constants(system):
    assert (system.db.READ_UNCOMMITTED, system.db.READ_COMMITTED, system.db.REPEATABLE_READ,
            system.db.SERIALIZABLE) == (1, 2, 4, 8)
    assert system.db.VARCHAR == 12 and system.db.INTEGER == 4 and system.db.TIMESTAMP == 93


def test_commit_then_close(tdb):
    system = tdb
    tx = system.db.beginTransaction()
    assert isinstance(tx, str) and tx
    key = system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["a"], tx=tx, getKey=True)
    assert key == 1
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM t", tx=tx) == 1
    system.db.commitTransaction(tx)
    system.db.closeTransaction(tx)
    assert count(system) == 1


def test_rollback_then_close(tdb):
    system = tdb
    tx = system.db.beginTransaction("", system.db.SERIALIZABLE, 5000)
    system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["a"], "", tx)
    system.db.rollbackTransaction(tx)
    system.db.closeTransaction(tx)
    assert count(system) == 0


def test_tx_stays_usable_after_commit(tdb):
    system = tdb
    tx = system.db.beginTransaction(database="WorkflowsDB", isolationLevel=2, timeout=1000)
    system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["a"], tx=tx)
    system.db.commitTransaction(tx)
    system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["b"], tx=tx)
    system.db.rollbackTransaction(tx)
    system.db.closeTransaction(tx)
    assert count(system) == 1


def test_close_without_commit_rolls_back(tdb):
    system = tdb
    tx = system.db.beginTransaction()
    system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["a"], tx=tx)
    system.db.closeTransaction(tx)
    assert count(system) == 0


def test_uncommitted_work_invisible_to_others(tdb):
    system = tdb
    tx = system.db.beginTransaction()
    system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["a"], tx=tx)
    assert count(system) == 0  # another connection does not see it
    system.db.commitTransaction(tx)
    assert count(system) == 1
    system.db.closeTransaction(tx)


def test_using_closed_tx_raises_java_exception(tdb):
    system = tdb
    tx = system.db.beginTransaction()
    system.db.commitTransaction(tx)
    system.db.closeTransaction(tx)
    for call in (lambda: system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["x"], tx=tx),
                 lambda: system.db.runQuery("SELECT 1", tx=tx),
                 lambda: system.db.commitTransaction(tx),
                 lambda: system.db.rollbackTransaction(tx)):
        with pytest.raises(JavaException) as info:
            call()
        assert tx in info.value.getMessage() and "was closed" in info.value.getMessage()
    system.db.closeTransaction(tx)  # closing twice is harmless


def test_unknown_tx_id(system):
    with pytest.raises(JavaException) as info:
        system.db.runQuery("SELECT 1", tx="not-a-tx")
    assert "does not exist" in info.value.getMessage()
    with pytest.raises(JavaException):
        system.db.closeTransaction("not-a-tx")
    with pytest.raises(TypeError):
        system.db.commitTransaction(None)
    with pytest.raises(TypeError):
        system.db.runQuery("SELECT 1", tx=123)


def test_begin_bad_inputs(system):
    with pytest.raises(ValueError):
        system.db.beginTransaction(isolationLevel=3)
    with pytest.raises(ValueError):
        system.db.beginTransaction(timeout=-5)
    with pytest.raises(TypeError):
        system.db.beginTransaction(database=5)
    with pytest.raises(JavaException) as info:
        system.db.beginTransaction("Nope")
    assert "WorkflowsDB" in info.value.getMessage()


def test_idle_timeout_on_virtual_clock(virtual_gateway):
    import gateway_sim.system as system
    clock = virtual_gateway.clock
    system.db.runUpdateQuery("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    tx = system.db.beginTransaction(timeout=10000)
    system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["a"], tx=tx)
    clock.advance(6)
    system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["b"], tx=tx)  # resets the timer
    clock.advance(6)
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM t", tx=tx) == 2  # still alive
    clock.advance(10.5)
    assert virtual_gateway.databases.transactions.open_ids() == []
    with pytest.raises(JavaException) as info:
        system.db.commitTransaction(tx)
    assert "timed out after 10000 ms" in info.value.getMessage()
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM t") == 0  # rolled back
    system.db.closeTransaction(tx)


def test_idle_timeout_checked_on_use_even_without_timer(virtual_gateway):
    import gateway_sim.system as system
    db = virtual_gateway.databases
    tx = system.db.beginTransaction(timeout=1000)
    t = db.transactions.get(tx)
    db.transactions._reaper.cancel()  # as if the timer thread were late
    t.last_used -= 5
    with pytest.raises(JavaException) as info:
        system.db.runQuery("SELECT 1", tx=tx)
    assert "timed out" in info.value.getMessage()


def test_error_inside_tx_keeps_tx_usable_on_sqlite(tdb):
    system = tdb
    tx = system.db.beginTransaction()
    system.db.runPrepUpdate("INSERT INTO t (v) VALUES (?)", ["a"], tx=tx)
    with pytest.raises(JavaException) as info:
        system.db.runQuery("SELECT * FROM nope", tx=tx)
    assert tx in info.value.getMessage()
    system.db.commitTransaction(tx)
    system.db.closeTransaction(tx)
    assert count(system) == 1


def test_transactions_hold_connections_and_pool_reports_exhaustion(gateway, system, tmp_path):
    gateway.databases.add_datasource("Small", type="sqlite", path=str(tmp_path / "s.sqlite"),
                                     maxActive=2, maxWaitMs=50)
    a = system.db.beginTransaction("Small")
    b = system.db.beginTransaction("Small")
    with pytest.raises(JavaException) as info:
        system.db.runQuery("SELECT 1", "Small")
    assert "maxActive" in info.value.getMessage()
    system.db.closeTransaction(a)
    assert system.db.runScalarQuery("SELECT 1", "Small") == 1
    system.db.closeTransaction(b)


def test_idle_timeouts_of_several_transactions(virtual_gateway):
    import gateway_sim.system as system
    clock = virtual_gateway.clock
    short = system.db.beginTransaction(timeout=1000)
    long_ = system.db.beginTransaction(timeout=60000)
    busy = system.db.beginTransaction(timeout=1000)
    for _ in range(5):
        clock.advance(0.6)
        system.db.runQuery("SELECT 1", tx=busy)  # kept alive by use
    open_ids = virtual_gateway.databases.transactions.open_ids()
    assert short not in open_ids and long_ in open_ids and busy in open_ids
    clock.advance(59)
    assert virtual_gateway.databases.transactions.open_ids() == []
