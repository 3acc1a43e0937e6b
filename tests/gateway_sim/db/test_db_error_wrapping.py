"""Only driver errors become Ignition's Java exceptions; a coding error inside the simulator
propagates as itself, so a test (or the fuzz suite) sees the crash instead of a plausible
``java.lang.Exception``."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.backends.database import driver_sqlite
from gateway_sim.jvm import JavaException, SQLException


def _broken(*_a, **_kw):
    raise KeyError("simulated coding error")


@pytest.mark.parametrize("method", ["query", "update"])
def test_a_coding_error_in_the_driver_is_not_dressed_as_a_sql_error(system, monkeypatch, method):
    monkeypatch.setattr(driver_sqlite.SQLiteDriver, method, _broken)
    call = (system.db.runPrepQuery if method == "query" else system.db.runPrepUpdate)
    with pytest.raises(KeyError):
        call("SELECT 1" if method == "query" else "CREATE TABLE t_wrap (x INTEGER)", [])


def test_a_coding_error_inside_a_transaction_propagates(system, monkeypatch):
    tx = system.db.beginTransaction()
    try:
        monkeypatch.setattr(driver_sqlite.SQLiteDriver, "query", _broken)
        with pytest.raises(KeyError):
            system.db.runPrepQuery("SELECT 1", [], "", tx)
    finally:
        monkeypatch.undo()
        system.db.closeTransaction(tx)


def test_a_real_driver_error_is_wrapped_with_a_sql_exception_cause(system):
    with pytest.raises(JavaException) as info:
        system.db.runPrepQuery("SELECT * FROM no_such_table_here", [])
    cause = info.value.getCause()
    assert isinstance(cause, SQLException)
    assert "no_such_table_here" in str(info.value)


def test_an_unbindable_value_is_a_sql_error_like_jdbc_gives(system):
    with pytest.raises(JavaException) as info:
        system.db.runPrepQuery("SELECT ?", [{"a": 1}])
    assert isinstance(info.value.getCause(), SQLException)
    assert "cannot bind a dict" in str(info.value)


def test_an_integer_past_64_bits_is_a_sql_error(system):
    with pytest.raises(JavaException) as info:
        system.db.runPrepQuery("SELECT ?", [2 ** 70])
    assert isinstance(info.value.getCause(), SQLException)
