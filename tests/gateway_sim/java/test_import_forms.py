"""Jython's import forms for Java classes, Python subclasses of Java types, and
``Collections.newSetFromMap`` -- under CPython, in pure-Python mode and with JPype."""
from __future__ import absolute_import, division, print_function

import subprocess
import sys
import textwrap
import threading

import pytest

from gateway_sim import java as java_pkg
from gateway_sim.java import bridge

NO_JPYPE = "import sys\nsys.modules['jpype'] = None  # pure-Python mode: no JVM bridge\n"


def run_py(code, pure=True):
    """Run code in a fresh interpreter (import state must not leak between cases)."""
    src = (NO_JPYPE if pure else "") + textwrap.dedent(code)
    proc = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True,
                          timeout=120)
    return proc


def test_import_class_as_name_binds_the_class():
    proc = run_py("""
        from gateway_sim import java
        java.install()
        import java.lang.Exception as JavaException
        import java.util.concurrent.ConcurrentHashMap as CHM
        from gateway_sim.java import lang
        print(JavaException is lang.JavaException)
        print(type(CHM()).__name__)
        try:
            raise JavaException("boom")
        except Exception:
            print("caught by except Exception")   # must not happen: Java exceptions escape it
        except JavaException as e:
            print("caught as java.lang.Exception:", e.getMessage())
    """)
    assert proc.stdout.splitlines() == ["True", "ConcurrentHashMap",
                                        "caught as java.lang.Exception: boom"], proc.stderr


def test_import_dotted_class_binds_root_package():
    proc = run_py("""
        from gateway_sim import java
        java.install()
        import java.lang.Exception
        import java.util.UUID
        print(java.lang.Exception.__name__, len(str(java.util.UUID.randomUUID())))
        import java.lang.Exception   # second import: from sys.modules
        print(java.lang.Exception is __import__('gateway_sim.jvm', fromlist=['x']).JavaException)
    """)
    assert proc.stdout.splitlines() == ["JavaException 36", "True"], proc.stderr


def test_import_missing_class_names_it_and_the_fix():
    proc = run_py("""
        from gateway_sim import java
        java.install()
        for stmt in ("import java.util.Scanner", "import java.util.Scanner as S"):
            try:
                exec(stmt)
            except ImportError as e:
                print("ERR:", str(e).split(" (")[0])
    """)
    assert proc.stdout.splitlines() == [
        "ERR: java.util.Scanner is not provided by gateway_sim under CPython"] * 2, \
        proc.stderr


def test_uninstall_forgets_classes_imported_as_modules():
    proc = run_py("""
        import sys
        from gateway_sim import java
        java.install()
        import java.lang.Exception as X
        java_pkg = sys.modules['gateway_sim.java']
        java_pkg.uninstall()
        print(sorted(n for n in sys.modules if n == 'java' or n.startswith('java.')))
    """)
    assert proc.stdout.strip() == "[]", proc.stderr


@pytest.mark.skipif(bridge.unavailable_reason() is not None,
                    reason="no JVM for JPype here: %s" % bridge.unavailable_reason())
def test_import_class_form_with_jvm_gives_the_real_jdk_class():
    proc = run_py("""
        from gateway_sim import java
        java.install()
        import java.util.BitSet as BitSet
        import java.util.regex.Pattern
        bits = BitSet()
        bits.set(3)
        print(bits.cardinality() == 1)
        print(java.util.regex.Pattern.compile("a+").matcher("aa").matches())
        import java.lang.Exception as E
        print(E.__module__.startswith("gateway_sim.java"))  # provided classes stay pure-Python
    """, pure=False)
    assert proc.stdout.splitlines() == ["True", "True", "True"], proc.stderr


def test_python_class_implementing_runnable_runs_on_a_java_thread():
    java_pkg.install()
    from java.lang import Runnable, Thread
    done = threading.Event()

    class Job(Runnable):
        def run(self):
            done.set()

    t = Thread(Job(), "job-1")
    t.start()
    assert done.wait(10)
    t.join()
    assert t.getName() == "job-1" and not t.isAlive()


def test_python_class_extending_thread_overrides_run():
    java_pkg.install()
    from java.lang import Thread
    seen = []

    class Worker(Thread):
        def __init__(self, n):
            Thread.__init__(self, "worker-%d" % n)
            self.n = n

        def run(self):
            seen.append((self.n, Thread.currentThread().getName()))

    w = Worker(7)
    w.start()
    w.join()
    assert seen == [(7, "worker-7")]


def test_python_subclass_of_java_exception_is_a_throwable_not_a_python_exception():
    java_pkg.install()
    from java.lang import RuntimeException, Throwable

    class MyError(RuntimeException):
        pass

    err = MyError("bad input")
    assert isinstance(err, Throwable) and not isinstance(err, Exception)
    assert err.getMessage() == "bad input"


def test_new_set_from_map_is_backed_by_the_map():
    java_pkg.install()
    from java.util import Collections, HashMap
    from java.util.concurrent import ConcurrentHashMap
    m = ConcurrentHashMap()
    s = Collections.newSetFromMap(m)
    assert s.add("a") is True and s.add("a") is False
    assert "a" in s and s.contains("a") and m.containsKey("a") and len(s) == 1
    assert s.remove("a") is True and s.remove("a") is False and m.isEmpty()
    it_set = Collections.newSetFromMap(HashMap())
    it_set.addAll(["x", "y"])
    it = it_set.iterator()
    first = it.next()
    it.remove()
    assert sorted(it_set) == sorted({"x", "y"} - {first})


def test_new_set_from_map_is_thread_safe_over_concurrent_map():
    java_pkg.install()
    from java.util import Collections
    from java.util.concurrent import ConcurrentHashMap
    s = Collections.newSetFromMap(ConcurrentHashMap())
    wins = []
    lock = threading.Lock()
    start = threading.Event()

    def claim():
        start.wait()
        for i in range(200):
            if s.add(i):
                with lock:
                    wins.append(i)

    threads = [threading.Thread(target=claim) for _ in range(4)]
    for t in threads:
        t.start()
    start.set()
    for t in threads:
        t.join()
    assert sorted(wins) == list(range(200))  # each element added exactly once


def test_new_set_from_map_bad_inputs():
    java_pkg.install()
    from java.lang import IllegalArgumentException, NullPointerException
    from java.util import Collections, HashMap
    m = HashMap()
    m.put("k", True)
    with pytest.raises(IllegalArgumentException) as ei:
        Collections.newSetFromMap(m)
    assert "Map is non-empty" in str(ei.value)
    with pytest.raises(NullPointerException):
        Collections.newSetFromMap(None)
    with pytest.raises(TypeError) as te:
        Collections.newSetFromMap({})
    assert "needs a java.util.Map" in str(te.value)


def test_python_classes_implementing_java_interfaces():
    java_pkg.install()
    from java.lang import AutoCloseable, Iterable, UnsupportedOperationException
    from java.util import ArrayList, Collections, Comparator, Iterator
    from java.util.function import Function, Predicate, Supplier

    class ByLength(Comparator):
        def compare(self, a, b):
            return len(a) - len(b)

    names = ArrayList(["ccc", "a", "bb"])
    Collections.sort(names, ByLength())
    assert list(names) == ["a", "bb", "ccc"]

    class Countdown(Iterator):
        def __init__(self, n):
            self.n = n

        def hasNext(self):
            return self.n > 0

        def next(self):
            self.n -= 1
            return self.n

    assert list(Countdown(3)) == [2, 1, 0]
    with pytest.raises(UnsupportedOperationException):
        Countdown(1).remove()

    class Three(Iterable):
        def iterator(self):
            return Countdown(3)

    assert [x for x in Three()] == [2, 1, 0]

    class Double(Function):
        def apply(self, x):
            return 2 * x

    assert Double().apply(4) == 8 and Double()(5) == 10   # callable like a Python function

    class IsEven(Predicate):
        def test(self, x):
            return x % 2 == 0

    assert [x for x in range(5) if IsEven()(x)] == [0, 2, 4]
    closed = []

    class Resource(AutoCloseable):
        def close(self):
            closed.append(True)

    with Resource():
        pass
    assert closed == [True]

    class Forgot(Supplier):
        pass

    with pytest.raises(UnsupportedOperationException) as ei:
        Forgot().get()
    assert "Supplier.get() is not implemented by Forgot" in str(ei.value)


def test_java_collections_are_iterables_with_iterators():
    java_pkg.install()
    from java.lang import Iterable
    from java.util import ArrayList, HashMap, HashSet, Iterator
    items = ArrayList([1, 2])
    assert isinstance(items, Iterable) and isinstance(HashSet([1]), Iterable)
    assert isinstance(items.iterator(), Iterator) and list(items) == [1, 2]
    assert not isinstance(HashMap(), Iterable)   # a Map is not an Iterable in Java
