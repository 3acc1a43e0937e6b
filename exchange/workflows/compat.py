"""Interpreter seam: the only module that knows whether it runs on Jython or CPython.

Everything else in ``exchange/`` imports the names below instead of testing
``sys.platform`` or importing ``java.*`` itself. Both branches bind the same
names. May import: the standard library and ``java.*`` (Jython, or the
simulator's pure-Python ``java`` package when one is installed).
"""
from __future__ import absolute_import, division, print_function

import sys
import threading
import time
import traceback

IS_JYTHON = sys.platform.startswith("java")
PY2 = sys.version_info[0] == 2

if PY2:  # Jython 2.7 (and CPython 2.7, should anyone run it)
    string_types = (basestring,)  # noqa: F821
    text_type = unicode  # noqa: F821
    integer_types = (int, long)  # noqa: F821
    binary_type = str
else:
    string_types = (str,)
    text_type = str
    integer_types = (int,)
    binary_type = bytes


def _java_throwable():
    """The Java base exception class, or None when no ``java`` package exists.

    Under Jython this is the real ``java.lang.Throwable``; under CPython it is the
    simulator's stand-in (which, like the real one, is not a Python ``Exception``).
    """
    try:
        from java.lang import Throwable  # noqa
        return Throwable
    except Exception:  # ImportError or a broken bridge: plain CPython, no Java
        return None


JavaThrowable = _java_throwable()

# What a boundary (step body, workflow body, DB call) must catch. Java exceptions
# are not Python Exceptions on Jython, so ``except Exception`` alone lets them escape.
if JavaThrowable is not None:
    CATCHABLE = (Exception, JavaThrowable)
else:
    CATCHABLE = (Exception,)


def refresh_java():
    """Re-probe ``java`` after the host appeared (the engine may have been imported before
    a simulator installed its ``java`` package); rebinds CATCHABLE and the kernel factories.
    Cheap and idempotent; engine code reads ``compat.CATCHABLE`` at except-time."""
    global JavaThrowable, CATCHABLE, _JC, HAS_JAVA_CONCURRENT
    if JavaThrowable is None:
        JavaThrowable = _java_throwable()
        if JavaThrowable is not None:
            CATCHABLE = (Exception, JavaThrowable)
    if _JC is None:
        _JC = _java_concurrent()
        HAS_JAVA_CONCURRENT = _JC is not None


def is_java_exception(exc):
    """True when ``exc`` is a Java Throwable (real or simulated)."""
    return JavaThrowable is not None and isinstance(exc, JavaThrowable)


def to_text(value, encoding="utf-8"):
    """Return ``value`` as text (unicode on 2.7, str on 3)."""
    if isinstance(value, text_type):
        return value
    if isinstance(value, binary_type):
        return value.decode(encoding, "replace")
    return text_type(value)


def exception_text(exc):
    """One-line description of a Python or Java exception: ``Class: message``."""
    if is_java_exception(exc):
        try:
            name = exc.getClass().getName()
        except Exception:
            name = type(exc).__name__
        try:
            msg = exc.getMessage()
        except Exception:
            msg = None
        return "%s: %s" % (name, msg) if msg else name
    msg = to_text(exc) if exc is not None else ""
    name = type(exc).__name__
    return "%s: %s" % (name, msg) if msg else name


def format_exc_text():
    """Traceback of the exception being handled, as text."""
    return to_text(traceback.format_exc())


if IS_JYTHON:
    from java.lang import System as _JSystem

    def monotonic():
        """Seconds from an arbitrary origin that never goes backwards."""
        return _JSystem.nanoTime() / 1e9
else:
    monotonic = time.monotonic


def start_daemon(target, name, args=()):
    """Start a daemon thread running ``target(*args)`` and return it."""
    t = threading.Thread(target=target, name=name, args=tuple(args))
    t.daemon = True
    t.start()
    return t


# --- concurrency primitives for the reload-safe kernel --------------------------
# The kernel (engine/kernel.py) must hold only Java or standard-library objects.
# Java's java.util.concurrent is used when importable (real on Jython, the
# simulator's pure-Python stand-ins on CPython); otherwise stdlib fallbacks are
# used: plain lists guarded by one lock for counters, Queue for queues, dict for maps.
def _java_concurrent():
    try:
        from java.util.concurrent import ConcurrentHashMap, LinkedBlockingQueue, TimeUnit  # noqa
        from java.util.concurrent.atomic import AtomicLong, AtomicInteger, AtomicBoolean  # noqa
        return {"map": ConcurrentHashMap, "queue": LinkedBlockingQueue, "unit": TimeUnit,
                "long": AtomicLong, "int": AtomicInteger, "bool": AtomicBoolean}
    except (ImportError, AttributeError) + ((JavaThrowable,) if JavaThrowable is not None else ()):
        return None
    except Exception:
        return None


_JC = _java_concurrent()
HAS_JAVA_CONCURRENT = _JC is not None

try:
    import Queue as _stdqueue  # 2.7
except ImportError:  # pragma: no cover - py3
    import queue as _stdqueue

_ATOMIC_LOCK = threading.Lock()


def new_map():
    """A thread-safe map (Java ConcurrentHashMap, or a dict)."""
    return _JC["map"]() if _JC else {}


def new_atomic(value=0, kind="long"):
    """A counter/flag: Java Atomic{Long,Integer,Boolean} or a one-item list."""
    if _JC:
        return _JC[kind](bool(value) if kind == "bool" else value)
    return [bool(value) if kind == "bool" else value]


def atomic_get(a):
    if isinstance(a, list):
        return a[0]
    return a.get()


def atomic_set(a, value):
    if isinstance(a, list):
        with _ATOMIC_LOCK:
            a[0] = value
        return
    a.set(value)


def atomic_add(a, delta):
    """Add ``delta`` and return the new value."""
    if isinstance(a, list):
        with _ATOMIC_LOCK:
            a[0] += delta
            return a[0]
    return a.addAndGet(delta)


def atomic_cas(a, expect, update):
    if isinstance(a, list):
        with _ATOMIC_LOCK:
            if a[0] == expect:
                a[0] = update
                return True
            return False
    return bool(a.compareAndSet(expect, update))


def new_queue(capacity=0):
    """A bounded (capacity > 0) or unbounded blocking FIFO queue."""
    if _JC:
        return _JC["queue"](capacity) if capacity and capacity > 0 else _JC["queue"]()
    return _stdqueue.Queue(capacity if capacity and capacity > 0 else 0)


def queue_offer(q, item):
    """Append without blocking; False when the queue is full."""
    if isinstance(q, _stdqueue.Queue):
        try:
            q.put_nowait(item)
            return True
        except _stdqueue.Full:
            return False
    return bool(q.offer(item))


def queue_poll(q, timeout=0.0):
    """Take the head, waiting up to ``timeout`` seconds; None when empty."""
    if isinstance(q, _stdqueue.Queue):
        try:
            if timeout and timeout > 0:
                return q.get(True, timeout)
            return q.get_nowait()
        except _stdqueue.Empty:
            return None
    if timeout and timeout > 0:
        return q.poll(int(timeout * 1000000), _JC["unit"].MICROSECONDS)
    return q.poll()


def queue_size(q):
    if isinstance(q, _stdqueue.Queue):
        return q.qsize()
    return int(q.size())


def queue_clear(q):
    while queue_poll(q) is not None:
        pass


def map_get(m, key, default=None):
    v = m.get(key)
    return default if v is None else v


def map_put(m, key, value):
    if isinstance(m, dict):
        m[key] = value
    else:
        m.put(key, value)


def map_remove(m, key):
    if isinstance(m, dict):
        return m.pop(key, None)
    return m.remove(key)


def map_keys(m):
    """A snapshot list of the keys."""
    if isinstance(m, dict):
        return list(m.keys())
    return list(m.keySet())


def map_size(m):
    return len(m) if isinstance(m, dict) else int(m.size())


def map_put_if_absent(m, key, value):
    """Insert when missing; returns the existing value or None."""
    if isinstance(m, dict):
        with _ATOMIC_LOCK:
            if key in m:
                return m[key]
            m[key] = value
            return None
    return m.putIfAbsent(key, value)


def java_class_name(exc):
    """Fully qualified Java class name of a Java exception, else None."""
    if not is_java_exception(exc):
        return None
    try:
        return text_type(exc.getClass().getName())
    except Exception:
        return type(exc).__name__


def new_uuid():
    """A random UUID as text."""
    import uuid
    return text_type(uuid.uuid4())


_zones = {}


def tz_offset_ms(name, epoch_ms):
    """UTC offset (ms) of IANA time zone ``name`` at ``epoch_ms``; KeyError if unknown.
    The platform's zone database: ``java.util.TimeZone`` on Jython, ``zoneinfo`` on
    CPython (``UTC`` needs neither)."""
    name = to_text(name)
    if name in ("UTC", "Etc/UTC", "GMT"):
        return 0
    zone = _zones.get(name)
    if zone is None:
        if IS_JYTHON:
            from java.util import TimeZone
            zone = TimeZone.getTimeZone(name)
            if zone.getID() != name:  # Java answers GMT for a name it does not know
                raise KeyError("no time zone named %s" % name)
        else:
            try:
                import zoneinfo  # CPython 3.9+
            except ImportError:
                raise KeyError("no zone database for %s on this interpreter (needs zoneinfo)"
                               % name)
            try:
                zone = zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise KeyError("no time zone named %s" % name)
        _zones[name] = zone
    if IS_JYTHON:
        return int(zone.getOffset(int(epoch_ms)))
    import datetime
    when = datetime.datetime.fromtimestamp(epoch_ms / 1000.0, datetime.timezone.utc)
    return int(when.astimezone(zone).utcoffset().total_seconds() * 1000)
