"""Find and start Debian's Jython 2.7 from CPython (used by the pytest side only).

The Jython leg (``test_jython_leg.py``) and the syntax gate (``tests/test_syntax_gate.py``)
both start one JVM through this module. The ``jython`` launcher script ignores
CLASSPATH, so we start ``java -cp jython.jar:<JDBC jars> org.python.util.jython``.

Where things are looked up (first hit wins):
    java        env ``JAVA`` or ``java`` on PATH
    jython.jar  env ``JYTHON_JAR`` or /usr/share/java/jython.jar
    JDBC jars   /usr/share/java/{sqlite-jdbc,postgresql,mariadb-java-client}.jar when present,
                plus anything in env ``JYTHON_EXTRA_CLASSPATH`` (os.pathsep separated)

A missing Jython is a skip on a developer's laptop (saying what to install) and a
failure on CI (env ``CI=true``), so a CI machine can never silently drop the leg.
May import: the standard library and ``gateway_sim.jython_host`` (CPython 3).
"""
from __future__ import absolute_import, division, print_function

import json
import os
import subprocess

from gateway_sim import jython_host

JAVA_DIR = jython_host.JAVA_DIR
DRIVER_JARS = jython_host.DRIVER_JARS
INSTALL_HINT = jython_host.INSTALL_HINT
RESULT_PREFIX = "##scenario-result## "
HERE = os.path.dirname(os.path.abspath(__file__))
TESTS_DIR = os.path.dirname(HERE)
REPO_ROOT = os.path.dirname(TESTS_DIR)

# The product's lookup (gateway_sim.jython_host) is the one the tests use too.
JythonMissing = jython_host.JythonUnavailable
find_java = jython_host.find_java
find_jython_jar = jython_host.find_jython_jar
classpath = jython_host.classpath


def is_ci(environ=None):
    """True on a CI machine (env ``CI`` set to a true value, as CI services do)."""
    env = os.environ if environ is None else environ
    return env.get("CI", "").strip().lower() in ("1", "true", "yes")


def jython_command(script, args=(), environ=None):
    """The argv that runs ``script`` under Jython 2.7 (raises JythonMissing)."""
    return jython_host.jython_command(script, args, environ)


def unavailable(pytest, exc, environ=None):
    """Skip (laptop) or fail (CI) because Jython is missing; never returns."""
    if is_ci(environ):
        pytest.fail("Jython leg cannot run on CI: %s" % (exc,), pytrace=False)
    pytest.skip("Jython leg not run: %s" % (exc,))


def run_check_script(pytest, script, timeout=300):
    """Run a one-JVM check script under Jython (skip on a laptop without Jython, fail on CI);
    returns the CompletedProcess for the caller's assertions."""
    try:
        cmd = jython_command(script)
    except JythonMissing as exc:
        unavailable(pytest, exc)
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout)


def run_jython(script, args=(), timeout=300, cwd=None, env=None):
    """Run ``script`` under Jython; returns CompletedProcess (text output)."""
    cmd = jython_command(script, args)
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    return subprocess.run(cmd, cwd=cwd or REPO_ROOT, env=full_env, timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, encoding="utf-8", errors="replace")


def parse_results(stdout):
    """Per-test dicts and the summary dict from the runner's machine-readable lines."""
    results, summary = [], None
    for line in stdout.splitlines():
        if not line.startswith(RESULT_PREFIX):
            continue
        rec = json.loads(line[len(RESULT_PREFIX):])
        if "summary" in rec:
            summary = rec["summary"]
        else:
            results.append(rec)
    return results, summary
