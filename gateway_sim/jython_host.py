"""The Jython host: run the simulated gateway and a project's scripts on Jython 2.7.

Ignition runs project scripts on Jython 2.7, so Python 2 projects (print statements,
``except X, e``) only run unchanged there, with the real ``java.*``. This CPython-side
module finds Java, ``jython.jar`` and the JDBC drivers (Debian: ``apt-get install jython
libxerial-sqlite-jdbc-java libpostgresql-jdbc-java libmariadb-java``) and starts
``gateway_sim.hostmain`` inside Jython: the same simulator core, the same config.

Lookup (first hit wins): ``java`` from env ``JAVA`` or PATH; ``jython.jar`` from env
``JYTHON_JAR`` or /usr/share/java; JDBC jars from /usr/share/java plus env
``JYTHON_EXTRA_CLASSPATH`` (os.pathsep separated).
May import: the standard library only (CPython 3).
"""
from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import collections
import subprocess
import sys
import tempfile
import threading

JAVA_DIR = "/usr/share/java"
DRIVER_JARS = ("sqlite-jdbc.jar", "postgresql.jar", "mariadb-java-client.jar")
INSTALL_HINT = ("install Jython 2.7 and the JDBC drivers: apt-get install jython "
                "libxerial-sqlite-jdbc-java libpostgresql-jdbc-java libmariadb-java")
REPORT_PREFIX = "##gateway-sim-report## "
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class JythonUnavailable(Exception):
    """Java or Jython 2.7 is not installed; the message says what to install."""


def find_java(environ=None):
    env = os.environ if environ is None else environ
    java = env.get("JAVA") or shutil.which("java")
    if not java or not os.path.exists(java):
        raise JythonUnavailable("no `java` on PATH; " + INSTALL_HINT)
    return java


def find_jython_jar(environ=None):
    env = os.environ if environ is None else environ
    jar = env.get("JYTHON_JAR") or os.path.join(JAVA_DIR, "jython.jar")
    if not os.path.isfile(jar):
        raise JythonUnavailable("Jython 2.7 not found at %s; %s" % (jar, INSTALL_HINT))
    return jar


def classpath(environ=None):
    """jython.jar plus the JDBC drivers that are installed."""
    env = os.environ if environ is None else environ
    parts = [find_jython_jar(env)]
    parts.extend(os.path.join(JAVA_DIR, n) for n in DRIVER_JARS
                 if os.path.isfile(os.path.join(JAVA_DIR, n)))
    parts.extend(p for p in env.get("JYTHON_EXTRA_CLASSPATH", "").split(os.pathsep) if p)
    return os.pathsep.join(parts)


def jython_command(script, args=(), environ=None):
    """The argv that runs ``script`` under Jython 2.7 (raises JythonUnavailable)."""
    env = os.environ if environ is None else environ
    return [find_java(env), "-Xss4m", "-Dpython.console.encoding=UTF-8",
            "-Dpython.path=%s" % PACKAGE_ROOT,
            "-cp", classpath(env), "org.python.util.jython", script] + list(args)


def _host_script():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostmain.py")


def _config_file(config):
    """The gateway config as a JSON file for the Jython side (it has no YAML parser)."""
    fd, path = tempfile.mkstemp(prefix="gateway_sim-host-", suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(config or {}, f, default=str)
    return path


def check(project, version, config=None, config_dir=None, projects_dirs=(), fire_events=True,
          timeout=600):
    """Run ``gateway_sim.check`` on Jython; returns its report dict."""
    cfg = _config_file(config)
    try:
        args = ["check", project, "--version", version, "--config-json", cfg]
        if config_dir:
            args += ["--config-dir", config_dir]
        for d in projects_dirs or ():
            args += ["--projects", d]
        if not fire_events:
            args.append("--no-events")
        proc = subprocess.run(jython_command(_host_script(), args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=timeout,
                              encoding="utf-8", errors="replace")
    finally:
        os.remove(cfg)
    for line in proc.stdout.splitlines():
        if line.startswith(REPORT_PREFIX):
            return json.loads(line[len(REPORT_PREFIX):])
    tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-5:]
    raise RuntimeError("the Jython host ended (exit %s) without a report: %s"
                       % (proc.returncode, " | ".join(tail) or "no output"))


def run(project, version, config=None, config_dir=None, data_dir=None, seconds=None,
        log_level=None):
    """Keep a gateway with ``project`` running on Jython (blocks; output passes through)."""
    cfg = _config_file(config)
    try:
        args = ["run", project or "", "--version", version, "--config-json", cfg]
        if config_dir:
            args += ["--config-dir", config_dir]
        if data_dir:
            args += ["--data-dir", data_dir]
        if seconds is not None:
            args += ["--seconds", str(seconds)]
        if log_level:
            args += ["--log-level", log_level]
        proc = subprocess.Popen(jython_command(_host_script(), args))
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            return proc.wait()
    finally:
        os.remove(cfg)


class HostError(Exception):
    """A project function raised on the Jython host: ``error`` is ``Type: message`` and
    ``remote_traceback`` the Jython traceback."""

    def __init__(self, error, remote_traceback):
        Exception.__init__(self, error)
        self.error = error
        self.remote_traceback = remote_traceback

    def __str__(self):
        return "%s\n--- Jython traceback ---\n%s" % (self.error, self.remote_traceback)


class JythonProject(object):
    """A project running on a gateway inside a Jython 2.7 process, driven from CPython.

    ``call("pkg.module.func", *args, **kwargs)`` runs a project library function there and
    returns its (JSON) result, or raises HostError with the Jython traceback. One JVM for
    the object's life; ``close()`` (or ``with``) stops it and removes its data folder.
    The host's stderr (gateway log lines, tracebacks of worker threads) is read all the
    time on a thread, its last STDERR_TAIL lines kept for error messages: unread, a
    chatty project filled the pipe and the Jython process blocked on its next write.
    """

    STDERR_TAIL = 200

    def __init__(self, project, version="8.1", config=None, config_dir=None, timeout=120):
        self._cfg = _config_file(config)
        self._data_dir = tempfile.mkdtemp(prefix="gateway_sim-jython-")
        self.timeout = timeout
        args = ["serve", project, "--version", version, "--config-json", self._cfg,
                "--data-dir", self._data_dir]
        if config_dir:
            args += ["--config-dir", config_dir]
        self._proc = subprocess.Popen(jython_command(_host_script(), args), stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      universal_newlines=True, encoding="utf-8", errors="replace")
        self._stderr_tail = collections.deque(maxlen=self.STDERR_TAIL)
        self._stderr_thread = threading.Thread(target=self._drain_stderr,
                                               name="gateway_sim-jython-stderr")
        self._stderr_thread.daemon = True
        self._stderr_thread.start()
        hello = self._read()
        self.project = hello.get("project")
        self.python = hello.get("python")

    def _drain_stderr(self):
        for line in iter(self._proc.stderr.readline, ""):
            self._stderr_tail.append(line.rstrip("\n"))

    def stderr_tail(self):
        """The host's last stderr lines (at most STDERR_TAIL)."""
        return list(self._stderr_tail)

    def _read(self):
        for line in iter(self._proc.stdout.readline, ""):
            if line.startswith(REPORT_PREFIX):
                return json.loads(line[len(REPORT_PREFIX):])
        self._proc.wait()
        self._stderr_thread.join()
        err = [l for l in self._stderr_tail if l.strip()][-8:]
        raise RuntimeError("the Jython host stopped (exit %s): %s"
                           % (self._proc.wait(), " | ".join(err) or "no output"))

    def call(self, dotted, *args, **kwargs):
        self._proc.stdin.write(json.dumps({"call": dotted, "args": list(args),
                                           "kwargs": kwargs}) + "\n")
        self._proc.stdin.flush()
        reply = self._read()
        if not reply.get("ok"):
            raise HostError(reply.get("error"), reply.get("traceback"))
        return reply.get("value")

    def close(self):
        if self._proc is None:
            return
        try:
            self._proc.stdin.write(json.dumps({"quit": True}) + "\n")
            self._proc.stdin.close()
            self._proc.wait(timeout=self.timeout)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            self._proc.kill()
            self._proc.wait()
        finally:
            self._stderr_thread.join()
            for stream in (self._proc.stdout, self._proc.stderr):
                stream.close()
            self._proc = None
            os.remove(self._cfg)
            shutil.rmtree(self._data_dir, True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


if __name__ == "__main__":
    sys.exit("use `gateway-sim check|run --interpreter jython`")
