"""Scenario runner for Jython 2.7 (pytest does not run there); also runs on CPython.

Usage (one JVM for the whole leg)::

    java -cp /usr/share/java/jython.jar:/usr/share/java/sqlite-jdbc.jar:/usr/share/java/postgresql.jar \\
        org.python.util.jython tests/jython/runner.py [--dir DIR] [--timeout SEC] [NAME ...]

Discovers ``test_*.py`` modules of the ``scenarios`` package (``--dir`` names another
package folder, used by this runner's own tests), runs them with ``unittest`` and
prints one machine-readable line per test::

    ##scenario-result## {"id": "scenarios.test_x.Class.test_y", "outcome": "passed", ...}

``outcome`` is passed | failed | error | skipped; failures carry ``message`` (the
traceback; Java exceptions included, since a bare ``except`` in unittest catches them)
and skips carry ``reason``. A module that does not import is one ``error`` line whose
id is the module name. A last line carries ``{"summary": {...}}``. Exit status: 0 when
nothing failed, 1 otherwise, 3 when a test hung past ``--timeout`` (a thread dump is
printed to stderr). ``NAME`` filters tests by id substring.

May import: the standard library and, on Jython, ``java.lang``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sys
import threading
import time
import traceback
import unittest

RESULT_PREFIX = "##scenario-result## "
IS_JYTHON = sys.platform.startswith("java")
HERE = os.path.dirname(os.path.abspath(__file__))
TESTS_DIR = os.path.dirname(HERE)
REPO_ROOT = os.path.dirname(TESTS_DIR)

_out_lock = threading.Lock()


def emit(record):
    """Print one result line atomically (tests may print from other threads)."""
    line = RESULT_PREFIX + json.dumps(record, sort_keys=True)
    with _out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def _text(value):
    try:
        return u"%s" % (value,)
    except Exception:
        return repr(value)


def _now():
    if IS_JYTHON:
        from java.lang import System
        return System.nanoTime() / 1e9
    return time.time()


class StreamingResult(unittest.TestResult):
    """Emits a result line as each test finishes and keeps the watchdog informed."""

    def __init__(self, watchdog):
        unittest.TestResult.__init__(self)
        self.watchdog = watchdog
        self.counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
        self._started = {}
        self._outcome = {}

    def startTest(self, test):
        unittest.TestResult.startTest(self, test)
        self._started[test.id()] = _now()
        self.watchdog.enter(test.id())

    def _record(self, test, outcome, **extra):
        tid = test.id()
        # one line per id: a failing tearDown after a failure must not add a second line
        if tid in self._outcome:
            return
        self._outcome[tid] = outcome
        started = self._started.get(tid)
        rec = {"id": tid, "outcome": outcome,
               "duration": round(_now() - started, 4) if started is not None else 0.0,
               "interpreter": "jython" if IS_JYTHON else "cpython"}
        rec.update(extra)
        self.counts[outcome] += 1
        emit(rec)

    def addSuccess(self, test):
        unittest.TestResult.addSuccess(self, test)
        self._record(test, "passed")

    def addFailure(self, test, err):
        unittest.TestResult.addFailure(self, test, err)
        self._record(test, "failed", message=_text(self.failures[-1][1]))

    def addError(self, test, err):
        unittest.TestResult.addError(self, test, err)
        self._record(test, "error", message=_text(self.errors[-1][1]),
                     exc_type=_exc_type_name(err[0]))

    def addSkip(self, test, reason):
        unittest.TestResult.addSkip(self, test, reason)
        self._record(test, "skipped", reason=_text(reason))

    def addExpectedFailure(self, test, err):
        unittest.TestResult.addExpectedFailure(self, test, err)
        self._record(test, "passed", note="expected failure")

    def addUnexpectedSuccess(self, test):
        unittest.TestResult.addUnexpectedSuccess(self, test)
        self._record(test, "failed", message="unexpected success of an expectedFailure test")

    def stopTest(self, test):
        unittest.TestResult.stopTest(self, test)
        self.watchdog.leave()


def _exc_type_name(cls):
    try:
        return "%s.%s" % (cls.__module__, cls.__name__)
    except Exception:
        return _text(cls)


class Watchdog(object):
    """Ends the process when one test runs longer than ``timeout`` seconds.

    A hung scenario (a deadlocked worker, a wait that never returns) would otherwise
    hang the whole leg; we print a result line for it plus every thread's stack."""

    def __init__(self, timeout):
        self.timeout = timeout
        self._lock = threading.Lock()
        self._current = None
        self._since = None

    def enter(self, test_id):
        with self._lock:
            self._current, self._since = test_id, _now()

    def leave(self):
        with self._lock:
            self._current = self._since = None

    def start(self):
        t = threading.Thread(target=self._loop, name="scenario-watchdog")
        t.daemon = True
        t.start()

    def _loop(self):
        while True:
            time.sleep(1.0)
            with self._lock:
                cur, since = self._current, self._since
            if cur is not None and _now() - since > self.timeout:
                emit({"id": cur, "outcome": "error", "duration": round(_now() - since, 3),
                      "interpreter": "jython" if IS_JYTHON else "cpython",
                      "message": "timed out after %ss (runner --timeout); thread dump on stderr"
                                 % self.timeout})
                dump_threads()
                hard_exit(3)


def dump_threads():
    out = sys.stderr
    if IS_JYTHON:
        from java.lang import Thread
        traces = Thread.getAllStackTraces()
        for th in traces.keySet():
            out.write('"%s" %s\n' % (th.getName(), th.getState()))
            for el in traces.get(th):
                out.write("    at %s\n" % (el,))
    else:
        frames = sys._current_frames()
        for th in threading.enumerate():
            out.write('"%s"\n' % th.name)
            f = frames.get(th.ident)
            if f is not None:
                out.write("".join(traceback.format_stack(f)))
    out.flush()


def hard_exit(code):
    """Exit even if a scenario left non-daemon threads running."""
    sys.stdout.flush()
    sys.stderr.flush()
    if IS_JYTHON:
        from java.lang import System
        System.exit(code)
    os._exit(code)


def discover(package_dir):
    """Module names of ``test_*.py`` in ``package_dir`` (a package folder), sorted."""
    pkg = os.path.basename(os.path.normpath(package_dir))
    names = []
    for fn in sorted(os.listdir(package_dir)):
        if fn.startswith("test_") and fn.endswith(".py"):
            names.append("%s.%s" % (pkg, fn[:-3]))
    return names


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            for sub in iter_tests(t):
                yield sub
        else:
            yield t


def filter_suite(suite, names):
    if not names:
        return suite
    keep = [t for t in iter_tests(suite) if any(n in t.id() for n in names)]
    return unittest.TestSuite(keep)


def parse_args(argv):
    opts = {"dir": os.path.join(TESTS_DIR, "scenarios"), "timeout": 90.0, "names": []}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--dir":
            opts["dir"] = os.path.abspath(argv[i + 1])
            i += 2
        elif a == "--timeout":
            opts["timeout"] = float(argv[i + 1])
            i += 2
        elif a in ("-h", "--help"):
            print(__doc__)
            hard_exit(0)
        else:
            opts["names"].append(a)
            i += 1
    return opts


def main(argv):
    opts = parse_args(argv)
    pkg_dir = opts["dir"]
    # Repo root first (exchange, gateway_sim), then the folder holding the package.
    for p in (os.path.dirname(pkg_dir), REPO_ROOT):
        if p not in sys.path:
            sys.path.insert(0, p)
    started = _now()
    watchdog = Watchdog(opts["timeout"])
    watchdog.start()
    result = StreamingResult(watchdog)
    loader = unittest.TestLoader()
    import_errors = 0
    for modname in discover(pkg_dir):
        t0 = _now()
        try:
            __import__(modname)
            module = sys.modules[modname]
        except:  # noqa: E722 - also Java exceptions: a module that fails to import is one error
            import_errors += 1
            emit({"id": modname, "outcome": "error", "duration": round(_now() - t0, 4),
                  "interpreter": "jython" if IS_JYTHON else "cpython",
                  "message": "module failed to import:\n" + traceback.format_exc()})
            result.counts["error"] += 1
            continue
        suite = filter_suite(loader.loadTestsFromModule(module), opts["names"])
        # Run per module so setUpModule/setUpClass work as in unittest and pytest.
        suite.run(result)
    # Errors from setUpClass/setUpModule come as _ErrorHolder "tests": report them too.
    counts = result.counts
    elapsed = round(_now() - started, 3)
    summary = dict(counts)
    summary.update({"total": sum(counts.values()), "seconds": elapsed,
                    "import_errors": import_errors,
                    "interpreter": "jython" if IS_JYTHON else "cpython",
                    "python": sys.version.split()[0]})
    emit({"summary": summary})
    ok = counts["failed"] == 0 and counts["error"] == 0
    hard_exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
