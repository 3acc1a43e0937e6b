"""The Jython leg as pytest tests: every scenario test also runs under Jython 2.7.3.

One JVM per pytest session (a session fixture) runs ``tests/jython/runner.py`` over
``tests/scenarios``; each scenario id (found here on CPython with unittest's loader)
becomes one parametrized test that passes, fails or skips exactly as it did on Jython.
Anything the runner reports that CPython does not know (a module that does not import
on Jython, a setUpClass error, a hang) fails ``test_jython_leg_completed``.

Jython missing: skip naming what to install; on CI (env ``CI=true``) fail instead.
Env ``JYTHON_LEG_TIMEOUT`` (seconds, default 300) bounds the whole leg.
"""
from __future__ import absolute_import, division, print_function

import ast
import os
import subprocess
import sys
import time
import unittest

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jython_launch  # noqa: E402

SCENARIO_DIR = os.path.join(jython_launch.TESTS_DIR, "scenarios")
RUNNER = os.path.join(jython_launch.HERE, "runner.py")
LEG_TIMEOUT = float(os.environ.get("JYTHON_LEG_TIMEOUT", "300"))


def _module_names():
    return ["scenarios." + fn[:-3] for fn in sorted(os.listdir(SCENARIO_DIR))
            if fn.startswith("test_") and fn.endswith(".py")]


def _ids_by_ast(modname):
    """Test ids of a module that does not import on CPython (its Jython result still counts)."""
    path = os.path.join(SCENARIO_DIR, modname.split(".", 1)[1] + ".py")
    try:
        tree = ast.parse(open(path).read(), path)
    except SyntaxError:
        return [modname]
    ids = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name.startswith("test"):
                    ids.append("%s.%s.%s" % (modname, node.name, item.name))
    return ids or [modname]


def scenario_ids():
    """Every scenario test id, as the Jython runner will name it."""
    if jython_launch.TESTS_DIR not in sys.path:
        sys.path.insert(0, jython_launch.TESTS_DIR)
    loader = unittest.TestLoader()
    ids = []
    for modname in _module_names():
        try:
            __import__(modname)
        except Exception:
            ids.extend(_ids_by_ast(modname))  # the CPython run of that module reports the error
            continue
        stack = [loader.loadTestsFromModule(sys.modules[modname])]
        while stack:
            for t in stack.pop():
                if isinstance(t, unittest.TestSuite):
                    stack.append(t)
                else:
                    ids.append(t.id())
    return sorted(set(ids))


class LegResult(object):
    def __init__(self, proc, seconds):
        self.proc = proc
        self.seconds = seconds
        self.results, self.summary = jython_launch.parse_results(proc.stdout)
        self.by_id = {}
        for r in self.results:
            self.by_id.setdefault(r["id"], r)

    def tail(self, n=40):
        err = self.proc.stderr.strip().splitlines()[-n:]
        other = [ln for ln in self.proc.stdout.splitlines()
                 if not ln.startswith(jython_launch.RESULT_PREFIX)][-n:]
        return ("exit status %s after %.1fs\n--- stdout (non-result lines, tail) ---\n%s\n"
                "--- stderr (tail) ---\n%s" % (self.proc.returncode, self.seconds,
                                               "\n".join(other), "\n".join(err)))


@pytest.fixture(scope="session")
def jython_leg(request):
    """Run all scenarios under Jython once per session."""
    try:
        jython_launch.jython_command(RUNNER)
    except jython_launch.JythonMissing as exc:
        jython_launch.unavailable(pytest, exc)
    t0 = time.time()
    try:
        proc = jython_launch.run_jython(RUNNER, ["--dir", SCENARIO_DIR], timeout=LEG_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        # Keep what finished: each test still shows its own outcome; the rest fail as unreported.
        out, err = exc.stdout or "", exc.stderr or ""
        if isinstance(out, bytes):
            out, err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        proc = subprocess.CompletedProcess(exc.cmd, None, out, err + "\n[the Jython leg was killed "
                                           "after JYTHON_LEG_TIMEOUT=%ss]" % LEG_TIMEOUT)
    except OSError as exc:
        pytest.fail("the Jython leg could not start: %s" % (exc,), pytrace=False)
    leg = LegResult(proc, time.time() - t0)
    request.config._jython_leg = leg  # printed by conftest.pytest_terminal_summary
    return leg


@pytest.mark.jython
@pytest.mark.parametrize("scenario", scenario_ids(), ids=lambda s: s.split(".", 1)[-1])
def test_scenario_on_jython(jython_leg, scenario):
    rec = jython_leg.by_id.get(scenario)
    if rec is None:
        pytest.fail("the Jython runner reported nothing for %s (crashed or hung before it?)\n%s"
                    % (scenario, jython_leg.tail()), pytrace=False)
    outcome = rec["outcome"]
    if outcome == "skipped":
        pytest.skip("skipped on Jython: %s" % rec.get("reason", ""))
    if outcome != "passed":
        pytest.fail("%s on Jython 2.7:\n%s" % (outcome.upper(), rec.get("message", "")),
                    pytrace=False)


@pytest.mark.jython
def test_jython_leg_completed(jython_leg):
    """The runner finished, agreed with itself, and reported nothing CPython does not know."""
    known = set(scenario_ids())
    extras = [r for r in jython_leg.results if r["id"] not in known and r["outcome"] != "passed"]
    problems = []
    for r in extras:
        problems.append("%s: %s\n%s" % (r["id"], r["outcome"], r.get("message", "")))
    if jython_leg.summary is None:
        problems.append("the runner printed no summary (it crashed or was killed)")
    else:
        bad = jython_leg.summary["failed"] + jython_leg.summary["error"]
        if (bad == 0) != (jython_leg.proc.returncode == 0):
            problems.append("exit status %s disagrees with the summary %r"
                            % (jython_leg.proc.returncode, jython_leg.summary))
    if problems:
        pytest.fail("Jython leg problems:\n" + "\n".join(problems) + "\n" + jython_leg.tail(),
                    pytrace=False)
