"""system.db.createSProcCall / execSProcCall against the real PostgreSQL and MariaDB servers."""
from __future__ import absolute_import, division, print_function

import uuid

import pytest

from gateway_sim.jvm import JavaException


@pytest.fixture
def routines(server, table):
    """A unique name prefix; every routine created under it is dropped afterwards."""
    system, name, kind = server
    prefix = "gwsim_sp_%s" % uuid.uuid4().hex[:8]
    made = []

    def create(ddl, drop):
        made.append(drop)
        system.db.runUpdateQuery(ddl, name)

    yield prefix, create
    for drop in reversed(made):
        try:
            system.db.runUpdateQuery(drop, name)
        except BaseException:  # cleanup must not hide the test's own result
            pass


def _message(excinfo):
    return str(excinfo.value.getMessage() if hasattr(excinfo.value, "getMessage")
               else excinfo.value)


def test_in_inout_out_params_by_index_and_name(server, routines):
    system, name, kind = server
    prefix, create = routines
    proc = prefix + "_p"
    if kind == "postgres":
        create("CREATE PROCEDURE %s(IN a integer, INOUT b integer, OUT c text) LANGUAGE plpgsql "
               "AS $$ BEGIN b := b + a; c := 'x' || a; END $$" % proc, "DROP PROCEDURE %s" % proc)
    else:
        create("CREATE PROCEDURE %s(IN a INT, INOUT b INT, OUT c VARCHAR(20)) BEGIN "
               "SET b = b + a; SET c = CONCAT('x', a); END" % proc, "DROP PROCEDURE %s" % proc)
    call = system.db.createSProcCall(proc)
    call.registerInParam(1, system.db.INTEGER, 5)
    call.registerInParam(2, system.db.INTEGER, 10)
    call.registerOutParam(2, system.db.INTEGER)
    call.registerOutParam(3, system.db.VARCHAR)
    assert system.db.execSProcCall(call) is None
    assert call.getOutParamValue(2) == 15
    assert call.getOutParamValue(3) == "x5"
    assert call.getResultSet() is None

    named = system.db.createSProcCall(proc, name)
    named.registerInParam("b", system.db.INTEGER, 1)
    named.registerInParam("a", system.db.INTEGER, 2)
    named.registerOutParam("b", system.db.INTEGER)
    named.registerOutParam("c", system.db.VARCHAR)
    system.db.execSProcCall(named)
    assert named.getOutParamValue("b") == 3
    assert named.getOutParamValue("C") == "x2"


def test_function_return_value_and_result_set(server, routines, table):
    system, name, kind = server
    prefix, create = routines
    system.db.runUpdateQuery("CREATE TABLE %s (v INTEGER, label VARCHAR(10))" % table)
    for i in range(1, 5):
        system.db.runPrepUpdate("INSERT INTO %s VALUES (?, ?)" % table, [i, "r%d" % i])
    mul, rows = prefix + "_mul", prefix + "_rows"
    if kind == "postgres":
        create("CREATE FUNCTION %s(a integer, b integer) RETURNS integer LANGUAGE sql "
               "AS $$ SELECT a * b $$" % mul, "DROP FUNCTION %s" % mul)
        create("CREATE FUNCTION %s(lo integer) RETURNS TABLE(v integer, label varchar) "
               "LANGUAGE sql AS $$ SELECT v, label FROM %s WHERE v >= lo ORDER BY v $$"
               % (rows, table), "DROP FUNCTION %s" % rows)
    else:
        create("CREATE FUNCTION %s(a INT, b INT) RETURNS INT DETERMINISTIC RETURN a * b" % mul,
               "DROP FUNCTION %s" % mul)
        create("CREATE PROCEDURE %s(IN lo INT) SELECT v, label FROM %s WHERE v >= lo ORDER BY v"
               % (rows, table), "DROP PROCEDURE %s" % rows)
    call = system.db.createSProcCall(mul)
    call.registerReturnParam(system.db.INTEGER)
    call.registerInParam(1, system.db.INTEGER, 6)
    call.registerInParam(2, system.db.INTEGER, 7)
    system.db.execSProcCall(call)
    assert call.getReturnValue() == 42

    call = system.db.createSProcCall(rows)
    call.registerInParam(1, system.db.INTEGER, 3)
    system.db.execSProcCall(call)
    ds = call.getResultSet()
    assert ds.getColumnNames() == ["v", "label"]
    assert [list(ds.getValueAt(r, c) for c in range(2)) for r in range(ds.getRowCount())] == \
        [[3, "r3"], [4, "r4"]]
    assert call.getUpdateCount() == -1


def test_inside_a_transaction(server, routines, table):
    system, name, kind = server
    prefix, create = routines
    system.db.runUpdateQuery("CREATE TABLE %s (v INTEGER)" % table)
    ins = prefix + "_ins"
    if kind == "postgres":
        create("CREATE PROCEDURE %s(v integer) LANGUAGE sql AS $$ INSERT INTO %s VALUES (v) $$"
               % (ins, table), "DROP PROCEDURE %s" % ins)
    else:
        create("CREATE PROCEDURE %s(IN p INT) INSERT INTO %s VALUES (p)" % (ins, table),
               "DROP PROCEDURE %s" % ins)
    tx = system.db.beginTransaction(name)
    try:
        call = system.db.createSProcCall(ins, tx=tx)
        call.registerInParam(1, system.db.INTEGER, 1)
        system.db.execSProcCall(call)
        assert system.db.runScalarQuery("SELECT COUNT(*) FROM %s" % table) == 0
        assert system.db.runScalarQuery("SELECT COUNT(*) FROM %s" % table, tx=tx) == 1
        system.db.rollbackTransaction(tx)
        system.db.execSProcCall(call)
        system.db.commitTransaction(tx)
    finally:
        system.db.closeTransaction(tx)
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM %s" % table) == 1
    outside = system.db.createSProcCall(ins)
    outside.registerInParam(1, system.db.INTEGER, 2)
    system.db.execSProcCall(outside)
    assert system.db.runScalarQuery("SELECT SUM(v) FROM %s" % table) == 3


def test_bad_calls_name_the_procedure_and_the_fix(server, routines):
    system, name, kind = server
    prefix, create = routines
    missing = system.db.createSProcCall(prefix + "_nope")
    with pytest.raises(JavaException) as excinfo:
        system.db.execSProcCall(missing)
    text = _message(excinfo)
    assert prefix + "_nope" in text and "no procedure or function" in text and name in text
    with pytest.raises(JavaException) as excinfo:
        missing.getOutParamValue(1)
    assert "execSProcCall first" in _message(excinfo)

    proc = prefix + "_p"
    if kind == "postgres":
        create("CREATE PROCEDURE %s(IN a integer, OUT c integer) LANGUAGE plpgsql "
               "AS $$ BEGIN c := a; END $$" % proc, "DROP PROCEDURE %s" % proc)
    else:
        create("CREATE PROCEDURE %s(IN a INT, OUT c INT) SET c = a" % proc,
               "DROP PROCEDURE %s" % proc)
    call = system.db.createSProcCall(proc)
    call.registerOutParam(1, system.db.INTEGER)
    with pytest.raises(JavaException) as excinfo:
        system.db.execSProcCall(call)
    assert "parameter" in _message(excinfo) and "is IN" in _message(excinfo)
    call = system.db.createSProcCall(proc)
    call.registerInParam(3, system.db.INTEGER, 1)
    with pytest.raises(JavaException) as excinfo:
        system.db.execSProcCall(call)
    assert "past the 2 parameter(s)" in _message(excinfo)
    call = system.db.createSProcCall(proc)
    call.registerInParam("zz", system.db.INTEGER, 1)
    with pytest.raises(JavaException) as excinfo:
        system.db.execSProcCall(call)
    assert "no parameter named 'zz'" in _message(excinfo)
    call = system.db.createSProcCall(proc)
    call.registerInParam(1, system.db.INTEGER, 4)
    call.registerOutParam(2, system.db.INTEGER)
    call.registerReturnParam(system.db.INTEGER)
    with pytest.raises(JavaException) as excinfo:
        system.db.execSProcCall(call)
    assert "is a procedure, which returns no value" in _message(excinfo)
    with pytest.raises(JavaException) as excinfo:
        call.getReturnValue()
    assert "has not run yet" in _message(excinfo)
    call = system.db.createSProcCall(proc)
    call.registerInParam(1, system.db.INTEGER, 4)
    call.registerOutParam(2, system.db.INTEGER)
    system.db.execSProcCall(call)
    assert call.getOutParamValue(2) == 4
    with pytest.raises(JavaException) as excinfo:
        call.getReturnValue()
    assert "registerReturnParam" in _message(excinfo)
    with pytest.raises(JavaException) as excinfo:
        call.getOutParamValue(1)
    assert "registerOutParam" in _message(excinfo)


def test_registration_errors(server):
    system, name, kind = server
    call = system.db.createSProcCall("anything")
    with pytest.raises(ValueError, match="start at 1"):
        call.registerInParam(0, system.db.INTEGER, 1)
    with pytest.raises(ValueError, match="system.db type constants"):
        call.registerInParam(1, 12345, 1)
    with pytest.raises(TypeError, match="index .int. or a name"):
        call.registerOutParam(1.5, system.db.INTEGER)
    call.registerInParam(1, system.db.INTEGER, 1)
    with pytest.raises(ValueError, match="all by index or all by name"):
        call.registerInParam("a", system.db.INTEGER, 1)
    with pytest.raises(TypeError, match="procedureName"):
        system.db.createSProcCall("")
    with pytest.raises(TypeError, match="SProcCall from system.db.createSProcCall"):
        system.db.execSProcCall("CALL x()")


def test_sqlite_has_no_stored_procedures(gateway):
    import gateway_sim.system as system
    call = system.db.createSProcCall("my_proc", "WorkflowsDB")
    with pytest.raises(JavaException) as excinfo:
        system.db.execSProcCall(call)
    text = _message(excinfo)
    assert "SQLite, which has no stored procedures" in text and "my_proc" in text
    assert "runPrepQuery" in text
    bad_tx = system.db.createSProcCall("my_proc", tx="no-such-tx")
    with pytest.raises(JavaException) as excinfo:
        system.db.execSProcCall(bad_tx)
    assert "does not exist" in _message(excinfo)
