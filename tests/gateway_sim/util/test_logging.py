"""system.util.getLogger / setLoggingLevel and the records kept in gw.util.records."""
from __future__ import absolute_import, division, print_function

import logging

import pytest

from gateway_sim import jvm


def test_levels_and_records(gateway, system):
    log = system.util.getLogger("MyProject.workflows")
    assert log.getName() == "MyProject.workflows" and log.name == "MyProject.workflows"
    log.trace("t")
    log.debug("d")
    log.info("i")
    log.warn("w")
    log.error("e")
    recs = gateway.util.records
    assert [(r.level, r.message) for r in recs] == [("INFO", "i"), ("WARN", "w"), ("ERROR", "e")]
    assert all(r.logger == "MyProject.workflows" for r in recs)
    assert all(isinstance(r.time_ms, int) for r in recs)
    assert log.isInfoEnabled() and not log.isDebugEnabled() and not log.isTraceEnabled()


def test_set_logging_level_follows_hierarchy(gateway, system):
    parent = system.util.getLogger("A")
    child = system.util.getLogger("A.B.C")
    other = system.util.getLogger("AB")
    system.util.setLoggingLevel("A", "debug")
    assert child.isDebugEnabled() and parent.isDebugEnabled() and not other.isDebugEnabled()
    system.util.setLoggingLevel("A.B", "TRACE")
    assert child.isTraceEnabled() and not parent.isTraceEnabled()
    system.util.setLoggingLevel("A.B.C", "error")
    child.warn("dropped")
    child.error("kept")
    assert [r.message for r in gateway.util.records] == ["kept"]


def test_bad_level(system):
    with pytest.raises(jvm.IllegalArgumentException) as info:
        system.util.setLoggingLevel("x", "loud")
    assert "trace, debug, info, warn, error" in str(info.value)


def test_formatted_variants_use_java_format(gateway, system):
    log = system.util.getLogger("fmt")
    system.util.setLoggingLevel("fmt", "trace")
    log.infof("run %s took %d ms (%.2f%%)", "r1", 15, 99.5)
    log.debugf("braces {} are literal: %s", "x")
    log.tracef("none=%s", None)
    log.warnf("%5d|%-3s|", 42, "a")
    log.errorf("line1%nline2")
    msgs = [r.message for r in gateway.util.records]
    assert msgs == ["run r1 took 15 ms (99.50%)", "braces {} are literal: x", "none=null",
                    "   42|a  |", "line1\nline2"]


def test_formatted_bad_input(system):
    log = system.util.getLogger("fmt")
    with pytest.raises(jvm.IllegalArgumentException):
        log.infof("%d", "not a number")
    with pytest.raises(jvm.IllegalArgumentException):
        log.infof("%s and %s", "only one")
    log.debugf("%d", "disabled level: not even formatted")


def test_throwable_argument(gateway, system):
    log = system.util.getLogger("errs")
    exc = jvm.make_java_exception(jvm.IllegalStateException, "bad state")
    log.error("failed", exc)
    rec = gateway.util.records[-1]
    assert rec.throwable is exc and rec.message == "failed"
    log.errorf("step %s failed", "s1", exc)
    assert gateway.util.records[-1].throwable is exc
    assert gateway.util.records[-1].message == "step s1 failed"


def test_python_exception_as_throwable_is_rejected_like_jython(system):
    log = system.util.getLogger("errs")
    with pytest.raises(TypeError) as info:
        log.error("failed", ValueError("py"))
    assert "traceback.format_exc()" in str(info.value)
    with pytest.raises(TypeError):
        log.info({"not": "a string"})
    log.info(None)  # Java null -> "null"


def test_sub_logger(gateway, system):
    sub = system.util.getLogger("root").createSubLogger("child")
    assert sub.getName() == "root.child"
    sub.info("hi")
    assert gateway.util.records_for(logger="root")[0].logger == "root.child"
    assert gateway.util.records_for(level="info")[0].message == "hi"


def test_echo_to_python_logging(gateway, system, caplog):
    caplog.set_level(logging.DEBUG, logger="echo")
    system.util.getLogger("echo").warn("to python")
    assert ("echo", logging.WARNING, "to python") in caplog.record_tuples


def test_bad_logger_name(system):
    with pytest.raises(jvm.IllegalArgumentException):
        system.util.getLogger("")
    with pytest.raises(jvm.IllegalArgumentException):
        system.util.getLogger(None)


def test_records_are_bounded(gateway, system):
    gateway.util.max_records = 10
    log = system.util.getLogger("many")
    for i in range(25):
        log.info("m%d" % i)
    assert len(gateway.util.records) <= 10
    assert gateway.util.records[-1].message == "m24"
    gateway.util.clear_records()
    assert gateway.util.records == []


def test_log_time_comes_from_gateway_clock(virtual_gateway, system):
    system.util.getLogger("t").info("x")
    assert virtual_gateway.util.records[-1].time_ms == 1764072000000
