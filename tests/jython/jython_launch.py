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
May import: the standard library only (CPython 3).
"""
from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import subprocess

JAVA_DIR = "/usr/share/java"
DEFAULT_JYTHON_JAR = os.path.join(JAVA_DIR, "jython.jar")
DRIVER_JARS = ("sqlite-jdbc.jar", "postgresql.jar", "mariadb-java-client.jar")
INSTALL_HINT = ("apt-get install jython libxerial-sqlite-jdbc-java libpostgresql-jdbc-java "
                "(Debian/Ubuntu; the leg starts `java -cp /usr/share/java/jython.jar:<jdbc jars> "
                "org.python.util.jython`)")
RESULT_PREFIX = "##scenario-result## "
HERE = os.path.dirname(os.path.abspath(__file__))
TESTS_DIR = os.path.dirname(HERE)
REPO_ROOT = os.path.dirname(TESTS_DIR)


class JythonMissing(Exception):
    """Jython (or Java) is not installed; the message says what to install."""


def is_ci(environ=None):
    """True on a CI machine (env ``CI`` set to a true value, as CI services do)."""
    env = os.environ if environ is None else environ
    return env.get("CI", "").strip().lower() in ("1", "true", "yes")


def find_java(environ=None):
    env = os.environ if environ is None else environ
    java = env.get("JAVA") or shutil.which("java")
    if not java or not os.path.exists(java):
        raise JythonMissing("no `java` on PATH; install a JRE (apt-get install default-jre-headless) "
                            "and Jython: " + INSTALL_HINT)
    return java


def find_jython_jar(environ=None):
    env = os.environ if environ is None else environ
    jar = env.get("JYTHON_JAR") or DEFAULT_JYTHON_JAR
    if not os.path.isfile(jar):
        raise JythonMissing("Jython 2.7 not found at %s; install it: %s" % (jar, INSTALL_HINT))
    return jar


def classpath(environ=None):
    """jython.jar plus the JDBC drivers that are installed."""
    env = os.environ if environ is None else environ
    parts = [find_jython_jar(env)]
    for name in DRIVER_JARS:
        p = os.path.join(JAVA_DIR, name)
        if os.path.isfile(p):
            parts.append(p)
    extra = env.get("JYTHON_EXTRA_CLASSPATH", "")
    parts.extend(p for p in extra.split(os.pathsep) if p)
    return os.pathsep.join(parts)


def jython_command(script, args=(), environ=None):
    """The argv that runs ``script`` under Jython 2.7 (raises JythonMissing)."""
    env = os.environ if environ is None else environ
    return [find_java(env), "-Xss4m", "-Dpython.console.encoding=UTF-8",
            "-cp", classpath(env), "org.python.util.jython", script] + list(args)


def unavailable(pytest, exc, environ=None):
    """Skip (laptop) or fail (CI) because Jython is missing; never returns."""
    if is_ci(environ):
        pytest.fail("Jython leg cannot run on CI: %s" % (exc,), pytrace=False)
    pytest.skip("Jython leg not run: %s" % (exc,))


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
