"""Processes started by ``system.util.execute`` on one simulated gateway.

A gateway starts the process and does not wait for it (Java ``Runtime.exec``); the
simulator does the same but remembers it so the gateway's shutdown can reap it
(waiting a little, then killing what still runs): tests leave no process behind.
Single-source 2.7/3.x. May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

import os
import subprocess
import threading

SHUTDOWN_GRACE_SECONDS = 5.0


class ProcessBackend(object):
    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.Lock()
        self.started = []

    def start(self, argv):
        """Start ``argv`` (no shell); input and output go to the null device (a script
        cannot read them: ``execute`` returns nothing)."""
        devnull = open(os.devnull, "r+b")
        try:
            proc = subprocess.Popen(argv, stdin=devnull, stdout=devnull, stderr=devnull)
        finally:
            devnull.close()
        with self._lock:
            self.started.append(proc)
        return proc

    def close(self):
        with self._lock:
            procs, self.started = self.started, []
        for proc in procs:
            try:
                _wait(proc, SHUTDOWN_GRACE_SECONDS)
            except Exception:
                proc.kill()
                proc.wait()


def _wait(proc, timeout):
    try:
        proc.wait(timeout=timeout)
    except TypeError:   # Python 2 / Jython: no timeout argument
        import time
        deadline = time.time() + timeout
        while proc.poll() is None:
            if time.time() > deadline:
                raise RuntimeError("still running")
            time.sleep(0.05)
