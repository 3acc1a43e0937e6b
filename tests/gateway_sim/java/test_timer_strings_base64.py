"""java.util.Timer/TimerTask (subclassed as scripts do), StringBuilder/StringBuffer,
Float/Short and java.util.Base64 in pure-Python mode."""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from gateway_sim import java as java_pkg


@pytest.fixture(autouse=True)
def hook():
    java_pkg.install()


def test_timer_task_subclass_runs_once_after_delay():
    from java.util import Timer, TimerTask
    ran = threading.Event()

    class Once(TimerTask):
        def run(self):
            ran.set()

    timer = Timer("poller", True)
    task = Once()
    timer.schedule(task, 5)
    assert ran.wait(10)
    assert task.cancel() is False          # already executed: cancel prevents nothing
    assert task.scheduledExecutionTime() > 0
    timer.cancel()


def test_periodic_task_until_cancelled_and_task_cancel():
    from java.util import Timer, TimerTask
    runs = []
    third = threading.Event()

    class Tick(TimerTask):
        def __init__(self):
            TimerTask.__init__(self)

        def run(self):
            runs.append(1)
            if len(runs) == 3:
                third.set()

    timer = Timer()
    tick = Tick()
    timer.scheduleAtFixedRate(tick, 0, 5)
    assert third.wait(10)
    assert tick.cancel() is True           # a periodic task: cancel prevents future runs
    timer.cancel()


def test_timer_rules_from_the_jdk():
    from java.lang import IllegalArgumentException, IllegalStateException
    from java.util import Timer, TimerTask

    class Noop(TimerTask):   # no __init__ call: allowed in Jython, must still work
        def run(self):
            pass

    timer = Timer()
    task = Noop()
    timer.schedule(task, 60000)
    with pytest.raises(IllegalStateException) as again:
        timer.schedule(task, 10)
    assert str(again.value).endswith("Task already scheduled or cancelled")
    with pytest.raises(IllegalArgumentException) as neg:
        timer.schedule(Noop(), -1)
    assert str(neg.value).endswith("Negative delay.")
    with pytest.raises(IllegalArgumentException) as per:
        timer.schedule(Noop(), 1, 0)
    assert str(per.value).endswith("Non-positive period.")
    assert task.cancel() is True and timer.purge() == 1
    timer.cancel()
    with pytest.raises(IllegalStateException) as dead:
        timer.schedule(Noop(), 1)
    assert str(dead.value).endswith("Timer already cancelled.")
    other = Timer()
    with pytest.raises(TypeError):
        other.schedule(lambda: None, 1)
    other.cancel()


def test_a_task_that_throws_cancels_the_timer(capsys):
    from java.lang import IllegalStateException
    from java.util import Timer, TimerTask
    boom = threading.Event()

    class Boom(TimerTask):
        def run(self):
            boom.set()
            raise ValueError("task failed")

    timer = Timer("boom-timer")
    timer.schedule(Boom(), 0)
    assert boom.wait(10)
    timer._thread.join(10)
    assert not timer._thread.is_alive()
    with pytest.raises(IllegalStateException):
        timer.schedule(Boom(), 1)
    assert 'Exception in thread "boom-timer"' in capsys.readouterr().err


def test_string_builder():
    from java.lang import StringBuilder, StringIndexOutOfBoundsException
    sb = StringBuilder("ab")
    assert sb.append(1).append(None).append(True).toString() == "ab1nulltrue"
    assert str(sb.insert(0, ">")) == ">ab1nulltrue" and sb.length() == 12
    assert sb.charAt(1) == "a" and sb.indexOf("null") == 4
    sb.setLength(3)
    assert sb.toString() == ">ab" and sb.reverse().toString() == "ba>"
    assert StringBuilder(16).toString() == "" and StringBuilder(16).isEmpty()
    assert StringBuilder("abcdef").delete(1, 3).deleteCharAt(0).toString() == "def"
    with pytest.raises(StringIndexOutOfBoundsException):
        StringBuilder("x").charAt(5)


def test_string_buffer_is_thread_safe():
    from java.lang import StringBuffer
    buf = StringBuffer()
    start = threading.Event()

    def add():
        start.wait()
        for _ in range(500):
            buf.append("x")

    threads = [threading.Thread(target=add) for _ in range(4)]
    for t in threads:
        t.start()
    start.set()
    for t in threads:
        t.join()
    assert buf.length() == 2000


def test_float_and_short():
    from java.lang import Float, NumberFormatException, Short
    assert Float.parseFloat("0.5") == 0.5 and Float.parseFloat("0.1") != 0.1  # 32-bit
    assert Short.parseShort("-12") == -12
    with pytest.raises(NumberFormatException) as e:
        Short.parseShort("40000")
    assert "Value out of range" in str(e.value)
    with pytest.raises(NumberFormatException):
        Float.parseFloat("abc")


def test_base64():
    from java.lang import IllegalArgumentException
    from java.util import Base64
    token = Base64.getEncoder().encodeToString("user:pass")
    assert token == "dXNlcjpwYXNz"
    assert Base64.getDecoder().decode(token) == b"user:pass"
    assert Base64.getEncoder().encode([-5, -1]) == b"+/8="          # a signed Java byte[]
    assert Base64.getUrlEncoder().withoutPadding().encodeToString(b"\xfb\xff") == "-_8"
    assert Base64.getUrlDecoder().decode("-_8") == b"\xfb\xff"
    assert Base64.getMimeDecoder().decode("dXNl\r\ncjpw\r\nYXNz") == b"user:pass"
    with pytest.raises(IllegalArgumentException):
        Base64.getDecoder().decode("a*b")
