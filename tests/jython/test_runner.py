"""Tests of the Jython leg's own machinery: the runner and the launcher.

The runner must turn every kind of scenario outcome into a result line and a non-zero
exit, above all a Java exception escaping a test (on Jython it is not a Python
``Exception``, nor even a ``BaseException``). The launcher must skip on a laptop
without Jython and fail on CI.
"""
from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys
import textwrap

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jython_launch  # noqa: E402

RUNNER = os.path.join(jython_launch.HERE, "runner.py")

SAMPLE = textwrap.dedent('''\
    from __future__ import absolute_import, division, print_function
    import unittest
    from gateway_sim.jvm import IllegalStateException

    class Sample(unittest.TestCase):
        def test_pass(self):
            pass
        def test_fail(self):
            self.assertEqual(1, 2)
        def test_java_exception(self):
            raise IllegalStateException("escaped the step boundary")
        def test_python_exception(self):
            raise ValueError("plain python")
        def test_skip(self):
            self.skipTest("no server here")
    ''')


def _write_package(tmp_path):
    pkg = tmp_path / "selftest_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(u"")
    (pkg / "test_sample.py").write_text(SAMPLE)
    (pkg / "test_broken.py").write_text(u"import no_such_module_anywhere\n")
    return str(pkg)


def _check(proc):
    results, summary = jython_launch.parse_results(proc.stdout)
    by = dict((r["id"].rsplit(".", 1)[-1], r) for r in results)
    assert by["test_pass"]["outcome"] == "passed"
    assert by["test_fail"]["outcome"] == "failed"
    assert "AssertionError" in by["test_fail"]["message"]
    assert by["test_java_exception"]["outcome"] == "error"
    assert "IllegalStateException" in by["test_java_exception"]["message"]
    assert "escaped the step boundary" in by["test_java_exception"]["message"]
    assert by["test_python_exception"]["outcome"] == "error"
    assert by["test_skip"]["outcome"] == "skipped"
    assert by["test_skip"]["reason"] == "no server here"
    assert by["test_broken"]["outcome"] == "error"
    assert "no_such_module_anywhere" in by["test_broken"]["message"]
    assert summary["passed"] == 1 and summary["failed"] == 1 and summary["error"] == 3
    assert proc.returncode == 1, proc.stderr


def test_runner_reports_every_outcome_on_cpython(tmp_path):
    proc = subprocess.run([sys.executable, RUNNER, "--dir", _write_package(tmp_path)],
                          cwd=jython_launch.REPO_ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
    _check(proc)


@pytest.mark.jython
def test_runner_reports_every_outcome_on_jython(tmp_path):
    """A Java exception escaping a test is an error line and makes the exit non-zero."""
    try:
        jython_launch.jython_command(RUNNER)
    except jython_launch.JythonMissing as exc:
        jython_launch.unavailable(pytest, exc)
    proc = jython_launch.run_jython(RUNNER, ["--dir", _write_package(tmp_path)], timeout=180)
    _check(proc)
    results, summary = jython_launch.parse_results(proc.stdout)
    assert summary["interpreter"] == "jython"
    java = [r for r in results if r["id"].endswith("test_java_exception")][0]
    assert java["exc_type"] == "java.lang.IllegalStateException"


def test_runner_ends_a_hung_test(tmp_path):
    pkg = tmp_path / "hang_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(u"")
    (pkg / "test_hang.py").write_text(textwrap.dedent(u'''\
        import threading, unittest
        class Hang(unittest.TestCase):
            def test_forever(self):
                threading.Event().wait()
        '''))
    proc = subprocess.run([sys.executable, RUNNER, "--dir", str(pkg), "--timeout", "1"],
                          cwd=jython_launch.REPO_ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=60)
    results, summary = jython_launch.parse_results(proc.stdout)
    assert proc.returncode == 3
    assert results[0]["outcome"] == "error" and "timed out" in results[0]["message"]
    assert "test_forever" in proc.stderr  # the thread dump names where it hung


class _FakePytest(object):
    class Outcome(Exception):
        pass

    def skip(self, msg):
        raise self.Outcome(("skip", msg))

    def fail(self, msg, pytrace=True):
        raise self.Outcome(("fail", msg))


@pytest.mark.parametrize("env,kind", [({}, "skip"), ({"CI": "true"}, "fail"), ({"CI": "1"}, "fail"),
                                      ({"CI": "false"}, "skip")])
def test_missing_jython_skips_on_laptop_and_fails_on_ci(tmp_path, env, kind):
    env = dict(env, JYTHON_JAR=str(tmp_path / "nope" / "jython.jar"))
    with pytest.raises(jython_launch.JythonMissing) as info:
        jython_launch.find_jython_jar(env)
    fake = _FakePytest()
    with pytest.raises(_FakePytest.Outcome) as outcome:
        jython_launch.unavailable(fake, info.value, env)
    got_kind, msg = outcome.value.args[0]
    assert got_kind == kind
    assert "apt-get install jython libxerial-sqlite-jdbc-java libpostgresql-jdbc-java" in msg


def test_command_puts_jdbc_drivers_on_the_class_path(tmp_path):
    jar = tmp_path / "jython.jar"
    jar.write_text(u"")
    cmd = jython_launch.jython_command("x.py", ["a"], {"JYTHON_JAR": str(jar),
                                                        "JAVA": sys.executable,
                                                        "JYTHON_EXTRA_CLASSPATH": "/extra.jar"})
    cp = cmd[cmd.index("-cp") + 1].split(os.pathsep)
    assert cp[0] == str(jar) and cp[-1] == "/extra.jar"
    assert cmd[-3:] == ["org.python.util.jython", "x.py", "a"]


def test_bridge_turns_jython_outcomes_into_pytest_outcomes():
    """A scenario that failed (or was never reported) on Jython fails its pytest test."""
    import subprocess as sp
    import test_jython_leg as leg
    rp = jython_launch.RESULT_PREFIX
    out = "\n".join([
        rp + '{"id": "scenarios.m.C.test_ok", "outcome": "passed"}',
        rp + '{"id": "scenarios.m.C.test_java", "outcome": "error", "message": "IllegalStateException: x"}',
        rp + '{"id": "scenarios.m.C.test_skip", "outcome": "skipped", "reason": "no pg"}',
        rp + '{"summary": {"failed": 0, "error": 1}}'])
    fake = leg.LegResult(sp.CompletedProcess(["java"], 1, out, "stderr text"), 1.0)
    run = getattr(leg.test_scenario_on_jython, "__wrapped__", leg.test_scenario_on_jython)
    run(fake, "scenarios.m.C.test_ok")
    with pytest.raises(pytest.fail.Exception) as info:
        run(fake, "scenarios.m.C.test_java")
    assert "IllegalStateException" in str(info.value)
    with pytest.raises(pytest.skip.Exception):
        run(fake, "scenarios.m.C.test_skip")
    with pytest.raises(pytest.fail.Exception) as info:
        run(fake, "scenarios.m.C.test_missing")
    assert "reported nothing" in str(info.value) and "stderr text" in str(info.value)


MUTANT = textwrap.dedent('''\
    """Run the scenarios against a mutant engine whose boundaries forget Java exceptions."""
    import os, sys
    sys.path.insert(0, os.environ["REPO_ROOT"])
    sys.path.insert(0, os.path.join(os.environ["REPO_ROOT"], "tests", "jython"))
    from gateway_sim import java
    java.install()  # CPython: the simulated java.* first, as under pytest
    from exchange.workflows import compat
    compat.CATCHABLE = (Exception,)  # the mutation: boundaries forget Java exceptions
    compat.refresh_java = lambda: None  # and nothing re-probes them back in
    import runner
    runner.main(sys.argv[1:])
    ''')
# A boundary that forgets Java exceptions no longer kills the worker (the runner's last
# net ends such a run in ERROR), but the Java exception is then not retried like a Python
# one: this scenario is the one that must fail against the mutant.
JAVA_BOUNDARY_TEST = ("scenarios.test_engine_steps.StepScenarios."
                      "test_java_exception_is_retried_like_a_python_one")


@pytest.mark.parametrize("interpreter", ["cpython", pytest.param("jython", marks=pytest.mark.jython)])
def test_java_exception_escaping_a_step_boundary_fails_the_suite(tmp_path, interpreter):
    """The property the Jython leg exists for: if the engine's boundaries caught only
    ``Exception`` (forgetting Java exceptions), the scenario suite must fail -- shown
    against a mutant engine, not by leaving a bug in."""
    script = tmp_path / "mutant_runner.py"
    script.write_text(MUTANT)
    args = ["--timeout", "60", JAVA_BOUNDARY_TEST]
    env = {"REPO_ROOT": jython_launch.REPO_ROOT, "SCENARIO_WAIT_SECONDS": "4"}
    if interpreter == "jython":
        try:
            jython_launch.jython_command(str(script))
        except jython_launch.JythonMissing as exc:
            jython_launch.unavailable(pytest, exc)
        proc = jython_launch.run_jython(str(script), args, timeout=180, env=env)
    else:
        proc = subprocess.run([sys.executable, str(script)] + args, cwd=jython_launch.REPO_ROOT,
                              env=dict(os.environ, **env), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=180)
    results, summary = jython_launch.parse_results(proc.stdout)
    assert [r["id"] for r in results] == [JAVA_BOUNDARY_TEST], proc.stdout + proc.stderr
    assert results[0]["outcome"] == "failed", results[0]
    assert proc.returncode == 1
