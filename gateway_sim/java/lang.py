"""Pure-Python ``java.lang`` for CPython: the classes project scripts use.

Java exceptions derive from ``Throwable(BaseException)`` and NOT from Python's
``Exception``, because on Jython ``except Exception`` does not catch Java
exceptions; code that only works by accident on CPython must fail here too.
Also: ``Object``, ``Class``, ``StackTraceElement``, ``Thread``, ``Runnable``,
``ThreadLocal``, ``System``, ``Math``, ``String`` (format only), boxed-number
helpers. Single-source 2.7/3.x. May import: the standard library,
``gateway_sim._compat``, ``gateway_sim.runtime`` (lazily, for the clock).
"""
from __future__ import absolute_import, division, print_function

import itertools
import math as _math
import os
import sys
import threading
import time as _time

try:
    import builtins as _builtins
except ImportError:  # Python 2 / Jython
    import __builtin__ as _builtins  # noqa

from gateway_sim._compat import integer_types, long_type, string_types, text_type

_PyException = _builtins.Exception


def _now_ms():
    """Wall time in ms from the active gateway's clock (real time without one)."""
    from gateway_sim import runtime
    gw = runtime.active()
    if gw is not None:
        return gw.clock.now_ms()
    return int(_time.time() * 1000)


def _java_name(cls):
    return getattr(cls, "_java_name", None) or "%s.%s" % (cls.__module__, cls.__name__)


class Class(object):
    """What ``obj.getClass()`` returns: ``getName()``, ``getSimpleName()``."""

    def __init__(self, pycls):
        self._cls = pycls

    def getName(self):
        return _java_name(self._cls)

    def getSimpleName(self):
        return self.getName().rsplit(".", 1)[-1]

    def getPythonClass(self):
        return self._cls

    def isInstance(self, obj):
        return isinstance(obj, self._cls)

    name = property(getName)
    simpleName = property(getSimpleName)

    def __eq__(self, other):
        return isinstance(other, Class) and other._cls is self._cls

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._cls)

    def toString(self):
        return "class " + self.getName()

    __str__ = toString
    __repr__ = toString


class Object(object):
    """Base of the pure-Python Java objects (getClass/hashCode/equals/toString)."""

    _java_name = "java.lang.Object"

    def getClass(self):
        return Class(type(self))

    def hashCode(self):
        return hash(self) & 0x7FFFFFFF

    def equals(self, other):
        return self == other

    def toString(self):
        return "%s@%x" % (_java_name(type(self)), id(self) & 0xFFFFFFFF)

    def __str__(self):
        return self.toString()


class StackTraceElement(Object):
    """One frame of a Java stack trace: ``at cls.method(File.py:12)``."""

    _java_name = "java.lang.StackTraceElement"

    def __init__(self, declaringClass, methodName, fileName, lineNumber):
        self._cls = declaringClass
        self._method = methodName
        self._file = fileName
        self._line = lineNumber

    def getClassName(self):
        return self._cls

    def getMethodName(self):
        return self._method

    def getFileName(self):
        return self._file

    def getLineNumber(self):
        return self._line

    className = property(getClassName)
    methodName = property(getMethodName)
    fileName = property(getFileName)
    lineNumber = property(getLineNumber)

    def toString(self):
        return "%s.%s(%s:%s)" % (self._cls, self._method, self._file, self._line)

    def __repr__(self):
        return self.toString()


def _frames_to_elements(frames):
    out = []
    for (filename, lineno, func, modname) in frames:
        out.append(StackTraceElement(modname or "<module>", func, os.path.basename(filename), lineno))
    return out


def _capture_frames(skip):
    """Cheap stack capture at construction (Java fills the trace in the ctor)."""
    frames = []
    try:
        f = sys._getframe(skip)
    except (AttributeError, ValueError):
        return frames
    while f is not None and len(frames) < 64:
        co = f.f_code
        frames.append((co.co_filename, f.f_lineno, co.co_name, f.f_globals.get("__name__")))
        f = f.f_back
    return frames


class Throwable(BaseException):
    """``java.lang.Throwable`` stand-in. Constructors as in Java:
    ``()``, ``(message)``, ``(message, cause)``, ``(cause)``."""

    _java_name = "java.lang.Throwable"

    def __init__(self, message=None, cause=None):
        if cause is None and isinstance(message, BaseException):
            cause = message
            message = _exc_to_string(cause)
        if message is not None and not isinstance(message, string_types):
            message = text_type(message)
        if message is None:
            BaseException.__init__(self)
        else:
            BaseException.__init__(self, message)
        self._message = message
        self._cause = cause
        self._suppressed = []
        self._frames = _capture_frames(2)

    # --- Java API -----------------------------------------------------------
    def getMessage(self):
        return self._message

    def getLocalizedMessage(self):
        return self._message

    def getCause(self):
        return self._cause

    def initCause(self, cause):
        if self._cause is not None:
            raise IllegalStateException("Can't overwrite cause with %s" % (_exc_to_string(cause),), self)
        if cause is self:
            raise IllegalArgumentException("Self-causation not permitted", self)
        self._cause = cause
        return self

    def addSuppressed(self, exc):
        self._suppressed.append(exc)

    def getSuppressed(self):
        return list(self._suppressed)

    def getClass(self):
        return Class(type(self))

    def fillInStackTrace(self):
        self._frames = _capture_frames(2)
        return self

    def getStackTrace(self):
        """Frames innermost first, like Java: from the traceback if raised, else from the ctor."""
        tb = getattr(self, "__traceback__", None)
        frames = []
        if tb is not None:
            while tb is not None:
                f = tb.tb_frame
                frames.append((f.f_code.co_filename, tb.tb_lineno, f.f_code.co_name,
                               f.f_globals.get("__name__")))
                tb = tb.tb_next
            frames.reverse()
        return _frames_to_elements(frames or self._frames)

    def setStackTrace(self, elements):
        self._frames = [(e.getFileName(), e.getLineNumber(), e.getMethodName(), e.getClassName())
                        for e in elements]

    def toString(self):
        name = _java_name(type(self))
        msg = self.getLocalizedMessage()
        return name if msg is None else "%s: %s" % (name, msg)

    def printStackTrace(self, stream=None):
        out = stream if stream is not None else sys.stderr
        out.write(stack_trace_text(self))

    def hashCode(self):
        return id(self) & 0x7FFFFFFF

    def equals(self, other):
        return self is other

    message = property(getMessage)
    cause = property(getCause)
    localizedMessage = property(getLocalizedMessage)
    stackTrace = property(getStackTrace)

    def __str__(self):
        return self.toString()

    def __repr__(self):
        return self.toString()


def _exc_to_string(exc):
    if isinstance(exc, Throwable):
        return exc.toString()
    text = text_type(exc)
    return "%s: %s" % (type(exc).__name__, text) if text else type(exc).__name__


def stack_trace_text(exc):
    """Java ``printStackTrace`` text: header, ``\\tat`` frames, ``Caused by:`` chain."""
    lines = []
    seen = set()
    first = True
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        head = _exc_to_string(exc)
        lines.append(head if first else "Caused by: " + head)
        first = False
        if isinstance(exc, Throwable):
            for el in exc.getStackTrace():
                lines.append("\tat " + el.toString())
            exc = exc.getCause()
        else:
            exc = getattr(exc, "__cause__", None) or getattr(exc, "__context__", None)
    return "\n".join(lines) + "\n"


class JavaException(Throwable):
    """``java.lang.Exception`` (exported from this module as ``Exception``)."""
    _java_name = "java.lang.Exception"


class Error(Throwable):
    _java_name = "java.lang.Error"


class RuntimeException(JavaException):
    _java_name = "java.lang.RuntimeException"


class IllegalStateException(RuntimeException):
    _java_name = "java.lang.IllegalStateException"


class IllegalArgumentException(RuntimeException):
    _java_name = "java.lang.IllegalArgumentException"


class NumberFormatException(IllegalArgumentException):
    _java_name = "java.lang.NumberFormatException"


class NullPointerException(RuntimeException):
    _java_name = "java.lang.NullPointerException"


class UnsupportedOperationException(RuntimeException):
    _java_name = "java.lang.UnsupportedOperationException"


class IndexOutOfBoundsException(RuntimeException):
    _java_name = "java.lang.IndexOutOfBoundsException"


class ArrayIndexOutOfBoundsException(IndexOutOfBoundsException):
    _java_name = "java.lang.ArrayIndexOutOfBoundsException"


class StringIndexOutOfBoundsException(IndexOutOfBoundsException):
    _java_name = "java.lang.StringIndexOutOfBoundsException"


class ArithmeticException(RuntimeException):
    _java_name = "java.lang.ArithmeticException"


class ClassCastException(RuntimeException):
    _java_name = "java.lang.ClassCastException"


class InterruptedException(JavaException):
    _java_name = "java.lang.InterruptedException"


class CloneNotSupportedException(JavaException):
    _java_name = "java.lang.CloneNotSupportedException"


class ClassNotFoundException(JavaException):
    _java_name = "java.lang.ClassNotFoundException"


class AssertionError(Error):  # noqa: A001 - Java name on purpose
    _java_name = "java.lang.AssertionError"


class OutOfMemoryError(Error):
    _java_name = "java.lang.OutOfMemoryError"


def make_java_exception(cls, message, cause=None):
    """Build a Java exception of ``cls`` with a message and optional cause."""
    if cause is None:
        return cls(message)
    return cls(message, cause)


# --- threads ----------------------------------------------------------------
class Runnable(object):
    """``java.lang.Runnable``: subclass it and define ``run()``."""

    def run(self):
        raise UnsupportedOperationException("Runnable.run() is not implemented by %s"
                                            % type(self).__name__)


def as_runnable_fn(task):
    """A zero-arg callable for a Runnable, a Callable (``call()``) or a Python callable."""
    if task is None:
        raise NullPointerException("task is null (pass a Runnable or a callable)")
    run = getattr(task, "run", None)
    if callable(run) and not isinstance(task, Thread):
        return run
    if isinstance(task, Thread):
        return task.run
    call = getattr(task, "call", None)
    if callable(call):
        return call
    if callable(task):
        return task
    raise ClassCastException("%r is not a Runnable, Callable or Python callable" % (task,))


_thread_ids = itertools.count(1)
_thread_lock = threading.Lock()
_by_pythread = {}  # threading.Thread -> Thread, for currentThread() of foreign threads


class Thread(Runnable, Object):
    """``java.lang.Thread`` over a ``threading.Thread``.

    ``Thread()``, ``Thread(runnable_or_callable)``, ``Thread(target, name)``,
    ``Thread(name)``; subclass and override ``run()`` like Java.
    """

    _java_name = "java.lang.Thread"
    MIN_PRIORITY = 1
    NORM_PRIORITY = 5
    MAX_PRIORITY = 10

    def __init__(self, target=None, name=None):
        if isinstance(target, string_types) and name is None:
            target, name = None, target
        self._target = target
        self._id = next(_thread_ids)
        self._name = text_type(name) if name is not None else "Thread-%d" % (self._id - 1,)
        self._daemon = False
        self._priority = Thread.NORM_PRIORITY
        self._interrupt = threading.Event()
        self._pythread = None
        self._started = False
        self._uncaught = None

    @classmethod
    def _wrap(cls, pythread):
        with _thread_lock:
            t = _by_pythread.get(pythread)
            if t is None:
                t = Thread.__new__(Thread)
                Thread.__init__(t, None, pythread.name)
                t._pythread = pythread
                t._started = True
                t._daemon = pythread.daemon
                _by_pythread[pythread] = t
                if len(_by_pythread) > 256:
                    for k in [k for k in _by_pythread if not k.is_alive()]:
                        _by_pythread.pop(k, None)
            return t

    # --- static ---------------------------------------------------------------
    @staticmethod
    def currentThread():
        return Thread._wrap(threading.current_thread())

    @staticmethod
    def sleep(millis, nanos=0):
        """Sleep ``millis`` ms; raises InterruptedException if interrupted."""
        if millis < 0:
            raise IllegalArgumentException("timeout value is negative")
        me = Thread.currentThread()
        if me._interrupt.is_set():
            me._interrupt.clear()
            raise InterruptedException("sleep interrupted")
        if me._interrupt.wait((millis + nanos / 1e6) / 1000.0):
            me._interrupt.clear()
            raise InterruptedException("sleep interrupted")

    @staticmethod
    def interrupted():
        me = Thread.currentThread()
        was = me._interrupt.is_set()
        me._interrupt.clear()
        return was

    @staticmethod
    def activeCount():
        return threading.active_count()

    @staticmethod
    def getAllStackTraces():
        frames = sys._current_frames()
        out = {}
        for pt in threading.enumerate():
            f = frames.get(pt.ident)
            out[Thread._wrap(pt)] = _frames_to_elements(_frames_of(f))
        return out

    # --- instance ---------------------------------------------------------------
    def run(self):
        if self._target is not None:
            as_runnable_fn(self._target)()

    def _bootstrap(self):
        try:
            self.run()
        except BaseException as exc:  # Java prints uncaught exceptions and the thread dies
            handler = self._uncaught
            if handler is not None:
                try:
                    handler(self, exc)
                    return
                except BaseException:
                    pass
            sys.stderr.write('Exception in thread "%s" %s' % (self._name, stack_trace_text(exc)
                                                               if isinstance(exc, Throwable)
                                                               else _exc_to_string(exc) + "\n"))
        finally:
            with _thread_lock:
                _by_pythread.pop(self._pythread, None)

    def start(self):
        with _thread_lock:
            if self._started:
                raise IllegalThreadStateException("Thread %s already started" % self._name)
            self._started = True
            pt = threading.Thread(target=self._bootstrap, name=self._name)
            pt.daemon = self._daemon
            self._pythread = pt
            _by_pythread[pt] = self
        pt.start()

    def join(self, millis=None):
        if self._pythread is None:
            return
        if self._pythread is threading.current_thread():
            return
        self._pythread.join(None if not millis else millis / 1000.0)

    def isAlive(self):
        return self._pythread is not None and self._pythread.is_alive()

    def interrupt(self):
        self._interrupt.set()

    def isInterrupted(self):
        return self._interrupt.is_set()

    def getName(self):
        return self._name

    def setName(self, name):
        self._name = text_type(name)
        if self._pythread is not None:
            self._pythread.name = self._name

    def getId(self):
        return self._id

    def isDaemon(self):
        return self._daemon

    def setDaemon(self, on):
        if self._started:
            raise IllegalThreadStateException("cannot set daemon on a started thread")
        self._daemon = bool(on)

    def getPriority(self):
        return self._priority

    def setPriority(self, p):
        if p < Thread.MIN_PRIORITY or p > Thread.MAX_PRIORITY:
            raise IllegalArgumentException("priority %r out of range 1..10" % (p,))
        self._priority = p

    def getState(self):
        if not self._started:
            return "NEW"
        return "RUNNABLE" if self.isAlive() else "TERMINATED"

    def getStackTrace(self):
        if self._pythread is None or not self.isAlive():
            return []
        f = sys._current_frames().get(self._pythread.ident)
        return _frames_to_elements(_frames_of(f))

    def setUncaughtExceptionHandler(self, handler):
        self._uncaught = getattr(handler, "uncaughtException", handler)

    name = property(getName, setName)
    daemon = property(isDaemon, setDaemon)
    alive = property(isAlive)
    id = property(getId)

    def toString(self):
        return "Thread[%s,%d,main]" % (self._name, self._priority)

    def __repr__(self):
        return self.toString()


def _frames_of(f):
    frames = []
    while f is not None:
        co = f.f_code
        frames.append((co.co_filename, f.f_lineno, co.co_name, f.f_globals.get("__name__")))
        f = f.f_back
    return frames


class IllegalThreadStateException(IllegalArgumentException):
    _java_name = "java.lang.IllegalThreadStateException"


class ThreadLocal(Object):
    """``java.lang.ThreadLocal``: ``get()``, ``set(v)``, ``remove()``;
    override ``initialValue()`` or use ``ThreadLocal.withInitial(fn)``."""

    _java_name = "java.lang.ThreadLocal"

    def __init__(self):
        self._local = threading.local()

    @staticmethod
    def withInitial(supplier):
        tl = ThreadLocal()
        fn = getattr(supplier, "get", supplier)
        tl.initialValue = fn
        return tl

    def initialValue(self):
        return None

    def get(self):
        try:
            return self._local.value
        except AttributeError:
            v = self.initialValue()
            self._local.value = v
            return v

    def set(self, value):
        self._local.value = value

    def remove(self):
        try:
            del self._local.value
        except AttributeError:
            pass


# --- System / Math / String --------------------------------------------------
class System(object):
    """``java.lang.System``: time (from the gateway clock), properties, env."""

    _props_lock = threading.Lock()
    _props = None

    @staticmethod
    def currentTimeMillis():
        return long_type(_now_ms())

    @staticmethod
    def nanoTime():
        from gateway_sim import runtime
        gw = runtime.active()
        secs = gw.clock.monotonic() if gw is not None else _mono()
        return long_type(int(secs * 1e9))

    @staticmethod
    def _properties():
        with System._props_lock:
            if System._props is None:
                System._props = default_properties()
            return System._props

    @staticmethod
    def getProperty(key, default=None):
        return System._properties().get(key, default)

    @staticmethod
    def setProperty(key, value):
        props = System._properties()
        with System._props_lock:
            old = props.get(key)
            props[key] = value
        return old

    @staticmethod
    def clearProperty(key):
        props = System._properties()
        with System._props_lock:
            return props.pop(key, None)

    @staticmethod
    def getProperties():
        return dict(System._properties())

    @staticmethod
    def getenv(name=None):
        if name is None:
            return dict(os.environ)
        return os.environ.get(name)

    @staticmethod
    def lineSeparator():
        return os.linesep

    @staticmethod
    def identityHashCode(obj):
        return id(obj) & 0x7FFFFFFF

    @staticmethod
    def gc():
        import gc
        gc.collect()


def default_properties():
    """Java system properties as a JVM on this machine would report them."""
    import platform
    osname = {"Linux": "Linux", "Darwin": "Mac OS X", "Windows": "Windows"}.get(
        platform.system(), platform.system())
    return {
        "os.name": osname, "os.arch": platform.machine(), "os.version": platform.release(),
        "user.home": os.path.expanduser("~"), "user.dir": os.getcwd(),
        "user.name": os.environ.get("USER") or os.environ.get("USERNAME") or "ignition",
        "file.separator": os.sep, "path.separator": os.pathsep, "line.separator": os.linesep,
        "java.version": "17.0.11", "java.vendor": "Eclipse Adoptium",
        "java.io.tmpdir": os.environ.get("TMPDIR", "/tmp"),
        "user.timezone": os.environ.get("TZ", ""),
    }


def _mono():
    try:
        return _time.monotonic()
    except AttributeError:
        return _time.time()


class Math(object):
    """``java.lang.Math`` basics."""
    PI = _math.pi
    E = _math.e

    @staticmethod
    def abs(x):
        return _builtins.abs(x)

    @staticmethod
    def max(a, b):
        return a if a >= b else b

    @staticmethod
    def min(a, b):
        return a if a <= b else b

    @staticmethod
    def floor(x):
        return float(_math.floor(x))

    @staticmethod
    def ceil(x):
        return float(_math.ceil(x))

    @staticmethod
    def round(x):
        """Java rounds half up (toward +infinity) and returns a long."""
        return long_type(_math.floor(x + 0.5))

    @staticmethod
    def sqrt(x):
        return _math.sqrt(x) if x >= 0 else float("nan")

    @staticmethod
    def pow(a, b):
        return float(a) ** b

    @staticmethod
    def random():
        import random
        return random.random()

    @staticmethod
    def floorDiv(a, b):
        if b == 0:
            raise ArithmeticException("/ by zero")
        return a // b

    @staticmethod
    def floorMod(a, b):
        if b == 0:
            raise ArithmeticException("/ by zero")
        return a % b

    @staticmethod
    def signum(x):
        return float((x > 0) - (x < 0))

    @staticmethod
    def log(x):
        return _math.log(x)

    @staticmethod
    def log10(x):
        return _math.log10(x)

    @staticmethod
    def exp(x):
        return _math.exp(x)

    @staticmethod
    def sin(x):
        return _math.sin(x)

    @staticmethod
    def cos(x):
        return _math.cos(x)

    @staticmethod
    def tan(x):
        return _math.tan(x)

    @staticmethod
    def atan2(y, x):
        return _math.atan2(y, x)

    @staticmethod
    def toRadians(d):
        return _math.radians(d)

    @staticmethod
    def toDegrees(r):
        return _math.degrees(r)


class String(object):
    """``java.lang.String``: the constructors and the statics ``format``, ``valueOf``, ``join``.

    As in Jython, a constructed Java string arrives in the script as a Python text:
    ``String()``, ``String(text)``, ``String(bytes, charset)`` (a ``Charset`` such as
    ``StandardCharsets.UTF_8`` or its name; the default is UTF-8 -- Java's is the
    platform charset, UTF-8 on Ignition's supported JVMs since Java 18; unverified for
    older ones), ``String(bytes, offset, length[, charset])`` and ``String(char[])``.
    """
    _java_name = "java.lang.String"

    def __new__(cls, *args):
        if not args:
            return text_type("")
        data, rest = args[0], list(args[1:])
        if data is None:
            raise NullPointerException("String(null): pass a string, a byte[] or a char[]")
        if isinstance(data, string_types):
            if rest:
                raise TypeError("String(text) takes one argument; to decode bytes pass a "
                                "byte[] and a charset")
            return text_type(data)
        charset = "UTF-8"
        if rest and not isinstance(rest[-1], integer_types):
            charset = rest.pop()
            charset = text_type(charset.name() if hasattr(charset, "name") else charset)
        items = list(data)
        if items and all(isinstance(c, string_types) for c in items):  # char[]
            chars = text_type("").join(items)
            if len(rest) == 2:
                chars = chars[rest[0]:rest[0] + rest[1]]
            return chars
        raw = bytearray((int(b) & 0xFF) for b in items)
        if len(rest) == 2:
            raw = raw[rest[0]:rest[0] + rest[1]]
        elif rest:
            raise TypeError("String(bytes, offset, length[, charset]): pass both offset "
                            "and length")
        try:
            return bytes(raw).decode(charset, "replace")
        except LookupError:
            from gateway_sim.java.io import UnsupportedEncodingException
            raise UnsupportedEncodingException(charset)

    @staticmethod
    def format(fmt, *args):
        from gateway_sim.java._format import java_format
        return java_format(fmt, args)

    @staticmethod
    def valueOf(obj):
        if obj is None:
            return "null"
        if obj is True:
            return "true"
        if obj is False:
            return "false"
        return text_type(obj)

    @staticmethod
    def join(sep, items, *more):
        if more or isinstance(items, string_types):
            items = (items,) + more
        return text_type(sep).join(text_type(i) for i in items)


class Integer(object):
    _java_name = "java.lang.Integer"
    MAX_VALUE = 2147483647
    MIN_VALUE = -2147483648

    @staticmethod
    def parseInt(s, radix=10):
        try:
            return int(text_type(s).strip() if False else text_type(s), radix)
        except (ValueError, TypeError):
            raise NumberFormatException('For input string: "%s"' % (s,))

    valueOf = parseInt

    @staticmethod
    def toString(i, radix=10):
        return _to_radix(i, radix)


class Long(object):
    _java_name = "java.lang.Long"
    MAX_VALUE = 9223372036854775807
    MIN_VALUE = -9223372036854775808

    @staticmethod
    def parseLong(s, radix=10):
        try:
            return long_type(int(text_type(s), radix))
        except (ValueError, TypeError):
            raise NumberFormatException('For input string: "%s"' % (s,))

    valueOf = parseLong

    @staticmethod
    def toString(i, radix=10):
        return _to_radix(i, radix)


class Double(object):
    _java_name = "java.lang.Double"
    MAX_VALUE = sys.float_info.max
    MIN_VALUE = 5e-324
    NaN = float("nan")
    POSITIVE_INFINITY = float("inf")
    NEGATIVE_INFINITY = float("-inf")

    @staticmethod
    def parseDouble(s):
        try:
            return float(text_type(s).strip())
        except (ValueError, TypeError):
            raise NumberFormatException('For input string: "%s"' % (s,))

    valueOf = parseDouble

    @staticmethod
    def isNaN(x):
        return x != x


class Boolean(object):
    _java_name = "java.lang.Boolean"
    TRUE = True
    FALSE = False

    @staticmethod
    def parseBoolean(s):
        return s is not None and text_type(s).lower() == "true"

    valueOf = parseBoolean


def _to_radix(i, radix):
    if not isinstance(i, integer_types):
        raise IllegalArgumentException("not an integer: %r" % (i,))
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if i == 0:
        return "0"
    neg = i < 0
    i = -i if neg else i
    out = []
    while i:
        i, r = divmod(i, radix)
        out.append(digits[r])
    return ("-" if neg else "") + "".join(reversed(out))


# Defined in their own module to keep this one small; imported last (they need the above).
from gateway_sim.java._strings import (  # noqa: E402,F401
    Character, Float, Short, StringBuffer, StringBuilder)
from gateway_sim.java._interfaces import AutoCloseable, Comparable, Iterable  # noqa: E402,F401

# Java's names for the classes that clash with Python builtins.
Exception = JavaException  # noqa: A001
PyException = _PyException
