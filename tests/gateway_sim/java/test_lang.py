"""java.lang stand-ins: exception hierarchy and text, Thread, ThreadLocal, System, Math, String."""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from gateway_sim import jvm
from gateway_sim.java import lang


def test_throwable_is_not_a_python_exception():
    exc = jvm.make_java_exception(jvm.IllegalStateException, "boom")
    assert isinstance(exc, BaseException)
    assert not isinstance(exc, Exception)
    with pytest.raises(jvm.Throwable):
        try:
            raise exc
        except Exception:  # noqa - exactly what must NOT catch it (as on Jython)
            pytest.fail("except Exception caught a Java exception")


def test_hierarchy_mirrors_java():
    assert issubclass(jvm.IllegalStateException, jvm.RuntimeException)
    assert issubclass(jvm.IllegalArgumentException, jvm.RuntimeException)
    assert issubclass(jvm.RuntimeException, jvm.JavaException)
    assert issubclass(jvm.SQLException, jvm.JavaException)
    assert not issubclass(jvm.SQLException, jvm.RuntimeException)
    assert issubclass(lang.NumberFormatException, jvm.IllegalArgumentException)
    assert issubclass(jvm.InterruptedException, jvm.JavaException)


def test_text_message_cause_and_class():
    cause = jvm.make_java_exception(jvm.IllegalArgumentException, "inner")
    exc = jvm.make_java_exception(jvm.IllegalStateException, "outer", cause)
    assert str(exc) == "java.lang.IllegalStateException: outer"
    assert exc.toString() == str(exc)
    assert exc.getMessage() == "outer"
    assert exc.getCause() is cause
    assert exc.getClass().getName() == "java.lang.IllegalStateException"
    assert exc.getClass().getSimpleName() == "IllegalStateException"
    assert str(jvm.RuntimeException()) == "java.lang.RuntimeException"
    assert jvm.RuntimeException().getMessage() is None
    assert str(jvm.SQLException("x")) == "java.sql.SQLException: x"


def test_cause_only_constructor_uses_cause_text():
    cause = jvm.IllegalArgumentException("bad")
    exc = jvm.RuntimeException(cause)
    assert exc.getCause() is cause
    assert exc.getMessage() == "java.lang.IllegalArgumentException: bad"


def test_python_cause_is_kept():
    exc = jvm.make_java_exception(jvm.RuntimeException, "wrapped", ValueError("v"))
    assert isinstance(exc.getCause(), ValueError)


def test_stack_trace_and_print(capsys):
    def thrower():
        raise jvm.make_java_exception(jvm.IllegalStateException, "deep",
                                      jvm.IllegalArgumentException("root"))
    with pytest.raises(jvm.IllegalStateException) as info:
        thrower()
    frames = info.value.getStackTrace()
    assert frames and frames[0].getMethodName() == "thrower"
    assert frames[0].getLineNumber() > 0
    info.value.printStackTrace()
    err = capsys.readouterr().err
    assert err.startswith("java.lang.IllegalStateException: deep\n\tat ")
    assert "Caused by: java.lang.IllegalArgumentException: root" in err


def test_stack_trace_before_raise_comes_from_constructor():
    exc = jvm.RuntimeException("not raised")
    names = [f.getMethodName() for f in exc.getStackTrace()]
    assert "test_stack_trace_before_raise_comes_from_constructor" in names


def test_init_cause_rules():
    exc = jvm.RuntimeException("x")
    exc.initCause(ValueError("a"))
    with pytest.raises(jvm.IllegalStateException):
        exc.initCause(ValueError("b"))
    other = jvm.RuntimeException("y")
    with pytest.raises(jvm.IllegalArgumentException):
        other.initCause(other)


def test_sql_exception_fields():
    e = jvm.SQLException("dup", "23505", 7)
    assert (e.getSQLState(), e.getErrorCode()) == ("23505", 7)
    nxt = jvm.SQLException("second")
    e.setNextException(nxt)
    assert e.getNextException() is nxt


def test_thread_runs_callable_and_runnable_subclass():
    out = []

    class Task(lang.Runnable):
        def run(self):
            out.append(lang.Thread.currentThread().getName())

    t = lang.Thread(Task(), "worker-1")
    assert not t.isAlive() and t.getState() == "NEW"
    t.start()
    t.join()
    t2 = lang.Thread(lambda: out.append("fn"))
    t2.start()
    t2.join(5000)
    assert out == ["worker-1", "fn"]
    assert t.getState() == "TERMINATED"
    with pytest.raises(lang.IllegalThreadStateException):
        t.start()


def test_thread_subclass_overrides_run():
    seen = []

    class Worker(lang.Thread):
        def run(self):
            seen.append(self.getName())

    w = Worker("sub")
    w.setDaemon(True)
    assert w.isDaemon()
    w.start()
    w.join()
    assert seen == ["sub"]


def test_sleep_is_interruptible():
    started = threading.Event()
    result = []

    def body():
        started.set()
        try:
            lang.Thread.sleep(30000)
            result.append("slept")
        except lang.InterruptedException:
            result.append("interrupted")

    t = lang.Thread(body)
    t.start()
    started.wait(5)
    t.interrupt()
    t.join(10000)
    assert result == ["interrupted"]


def test_interrupted_flag_and_bad_sleep():
    me = lang.Thread.currentThread()
    me.interrupt()
    assert me.isInterrupted()
    assert lang.Thread.interrupted() is True
    assert lang.Thread.interrupted() is False
    with pytest.raises(lang.IllegalArgumentException):
        lang.Thread.sleep(-1)


def test_current_thread_of_python_thread_is_stable():
    assert lang.Thread.currentThread() is lang.Thread.currentThread()
    assert lang.Thread.currentThread().getName() == threading.current_thread().name


def test_uncaught_exception_goes_to_stderr(capsys):
    t = lang.Thread(lambda: (_ for _ in ()).throw(jvm.IllegalStateException("x")), "bad")
    t.start()
    t.join()
    assert 'Exception in thread "bad" java.lang.IllegalStateException: x' in capsys.readouterr().err


def test_thread_local_per_thread_values():
    tl = lang.ThreadLocal()
    tl.set("main")
    seen = []
    t = lang.Thread(lambda: (seen.append(tl.get()), tl.set("other"), seen.append(tl.get())))
    t.start()
    t.join()
    assert seen == [None, "other"]
    assert tl.get() == "main"
    tl.remove()
    assert tl.get() is None
    counter = lang.ThreadLocal.withInitial(lambda: 42)
    assert counter.get() == 42


def test_thread_local_initial_value_override():
    class Local(lang.ThreadLocal):
        def initialValue(self):
            return []
    loc = Local()
    loc.get().append(1)
    assert loc.get() == [1]


def test_system_time_properties():
    assert isinstance(lang.System.currentTimeMillis(), int)
    a = lang.System.nanoTime()
    assert lang.System.nanoTime() >= a
    assert lang.System.getProperty("file.separator") in ("/", "\\")
    assert lang.System.getProperty("no.such.prop") is None
    assert lang.System.getProperty("no.such.prop", "dflt") == "dflt"
    lang.System.setProperty("gateway_sim.test", "1")
    assert lang.System.getProperty("gateway_sim.test") == "1"
    assert lang.System.clearProperty("gateway_sim.test") == "1"


def test_system_time_follows_gateway_clock(virtual_gateway):
    assert lang.System.currentTimeMillis() == 1764072000000
    virtual_gateway.clock.advance(1.5)
    assert lang.System.currentTimeMillis() == 1764072001500


def test_math_and_boxed_numbers():
    assert lang.Math.max(2, 3) == 3 and lang.Math.min(2, 3) == 2
    assert lang.Math.round(2.5) == 3 and lang.Math.round(-2.5) == -2
    assert lang.Math.floor(1.7) == 1.0
    with pytest.raises(lang.ArithmeticException):
        lang.Math.floorDiv(1, 0)
    assert lang.Integer.parseInt("42") == 42
    assert lang.Integer.parseInt("ff", 16) == 255
    with pytest.raises(lang.NumberFormatException) as info:
        lang.Integer.parseInt("4x2")
    assert 'For input string: "4x2"' in str(info.value)
    assert lang.Long.toString(255, 16) == "ff"
    assert lang.Double.parseDouble(" 1.5 ") == 1.5
    assert lang.Boolean.parseBoolean("TRUE") is True


def test_string_format_java_rules():
    S = lang.String
    assert S.format("%s=%d (%.2f)%n", "a", 5, 1.234) == "a=5 (1.23)\n"
    assert S.format("%5s|%-5s|%05d|%,d", "x", "y", 42, 1234567) == "    x|y    |00042|1,234,567"
    assert S.format("%s %s", None, True) == "null true"
    assert S.format("100%%") == "100%"
    assert S.format("{} stays") == "{} stays"
    assert S.format("%2$s %1$s", "a", "b") == "b a"
    assert S.format("%x %X %o", 255, 255, 8) == "ff FF 10"
    assert S.valueOf(None) == "null" and S.valueOf(False) == "false"


@pytest.mark.parametrize("fmt,args,exc", [
    ("%d", ("x",), "IllegalFormatConversionException"),
    ("%s %s", ("only one",), "MissingFormatArgumentException"),
    ("%q", (1,), "UnknownFormatConversionException"),
    ("%.2f", (3,), "IllegalFormatConversionException"),
])
def test_string_format_bad_input(fmt, args, exc):
    with pytest.raises(jvm.IllegalArgumentException) as info:
        lang.String.format(fmt, *args)
    assert type(info.value).__name__ == exc


def test_string_format_rounds_half_up_like_java():
    assert lang.String.format("%.1f %.2f %.0f %.2f", 1.25, 1.005, 2.5, -0.125) == "1.3 1.01 3 -0.13"
    assert lang.String.format("%,.2f", 1234567.891) == "1,234,567.89"
