"""``java.util.concurrent.TimeUnit`` and the concurrent exceptions.

May import: ``gateway_sim.java.lang``.
"""
from __future__ import absolute_import, division, print_function

import time

from gateway_sim._compat import long_type
from gateway_sim.java.lang import (IllegalStateException, JavaException, RuntimeException,
                                   Object, Thread)


class TimeoutException(JavaException):
    _java_name = "java.util.concurrent.TimeoutException"


class ExecutionException(JavaException):
    _java_name = "java.util.concurrent.ExecutionException"


class CancellationException(IllegalStateException):
    _java_name = "java.util.concurrent.CancellationException"


class RejectedExecutionException(RuntimeException):
    _java_name = "java.util.concurrent.RejectedExecutionException"


class BrokenBarrierException(JavaException):
    _java_name = "java.util.concurrent.BrokenBarrierException"


class TimeUnit(Object):
    """Java's TimeUnit enum: ``TimeUnit.SECONDS.toMillis(3)`` -> 3000."""

    _java_name = "java.util.concurrent.TimeUnit"

    def __init__(self, name, ordinal, nanos):
        self._name = name
        self._ordinal = ordinal
        self._nanos = nanos

    def name(self):
        return self._name

    def ordinal(self):
        return self._ordinal

    def toString(self):
        return self._name

    def __repr__(self):
        return "TimeUnit." + self._name

    def _conv(self, d, target_nanos):
        # Java truncates toward zero and saturates at Long.MAX/MIN
        total = int(d) * self._nanos
        q = abs(total) // target_nanos
        q = q if total >= 0 else -q
        return long_type(max(min(q, 9223372036854775807), -9223372036854775808))

    def toNanos(self, d):
        return self._conv(d, 1)

    def toMicros(self, d):
        return self._conv(d, 1000)

    def toMillis(self, d):
        return self._conv(d, 1000000)

    def toSeconds(self, d):
        return self._conv(d, 1000000000)

    def toMinutes(self, d):
        return self._conv(d, 60 * 1000000000)

    def toHours(self, d):
        return self._conv(d, 3600 * 1000000000)

    def toDays(self, d):
        return self._conv(d, 86400 * 1000000000)

    def convert(self, duration, unit):
        return unit._conv(duration, self._nanos)

    def seconds(self, d):
        """Python helper: ``d`` of this unit as float seconds."""
        return float(d) * self._nanos / 1e9

    def sleep(self, d):
        if d > 0:
            Thread.sleep(self.seconds(d) * 1000.0)

    def timedJoin(self, thread, d):
        thread.join(self.toMillis(d))

    @staticmethod
    def values():
        return list(_UNITS)

    @staticmethod
    def valueOf(name):
        for u in _UNITS:
            if u._name == name:
                return u
        from gateway_sim.java.lang import IllegalArgumentException
        raise IllegalArgumentException("No enum constant java.util.concurrent.TimeUnit.%s" % name)


_UNITS = []
for _i, (_n, _ns) in enumerate([("NANOSECONDS", 1), ("MICROSECONDS", 1000),
                                ("MILLISECONDS", 1000000), ("SECONDS", 1000000000),
                                ("MINUTES", 60 * 1000000000), ("HOURS", 3600 * 1000000000),
                                ("DAYS", 86400 * 1000000000)]):
    _u = TimeUnit(_n, _i, _ns)
    setattr(TimeUnit, _n, _u)
    _UNITS.append(_u)


def timeout_seconds(timeout, unit):
    """Seconds for a Java ``(timeout, unit)`` pair; unit None means milliseconds."""
    if timeout is None:
        return None
    if unit is None:
        return max(0.0, float(timeout) / 1000.0)
    if not isinstance(unit, TimeUnit):
        from gateway_sim.java.lang import IllegalArgumentException
        raise IllegalArgumentException("unit must be a TimeUnit (e.g. TimeUnit.SECONDS), got %r"
                                       % (unit,))
    return max(0.0, unit.seconds(timeout))


def deadline(seconds):
    return None if seconds is None else _mono() + seconds


def remaining(dl):
    return None if dl is None else max(0.0, dl - _mono())


def _mono():
    try:
        return time.monotonic()
    except AttributeError:  # pragma: no cover
        return time.time()
