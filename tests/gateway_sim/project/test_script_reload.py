"""Script reloads: a project save discards modules, keeps getGlobals and old threads."""
from __future__ import absolute_import, division, print_function

import os
import threading

from project_fixtures import log_messages


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


WORKER_V1 = '''
VERSION = 1

def run(started, stop, seen):
\tstarted.set()
\twhile not stop.is_set():
\t\tseen.append(VERSION)
\t\tstop.wait(0.01)

def version():
\treturn VERSION
'''


def test_reload_runs_modules_afresh_and_old_threads_keep_old_code(gateway, system, projects_copy):
    lib = os.path.join(projects_copy, "base", "ignition", "script-python", "shared", "worker")
    os.makedirs(lib)
    _write(os.path.join(lib, "code.py"), WORKER_V1)
    proj = gateway.projects.load(os.path.join(projects_copy, "base"), start=False)
    old_ns = proj.namespace
    worker = proj.import_module("shared.worker")
    system.util.getGlobals()["kept"] = "across reloads"

    started, stop, seen = threading.Event(), threading.Event(), []
    t = threading.Thread(target=worker.run, args=(started, stop, seen))
    t.daemon = True
    t.start()
    assert started.wait(5)
    try:
        # the "project save": new code on disk, then a script restart
        _write(os.path.join(lib, "code.py"), WORKER_V1.replace("VERSION = 1", "VERSION = 2"))
        new_ns = gateway.projects.reload_scripts("base")
        assert new_ns is not old_ns and new_ns.generation > old_ns.generation
        assert proj.import_module("shared.worker").version() == 2
        assert gateway.script_globals()["shared"].worker.version() == 2
        before = len(seen)
        while len(seen) < before + 3:
            stop.wait(0.01)
        assert set(seen) == {1}  # the old thread still runs the old code
        assert worker.version() == 1  # and the old module object is untouched
        assert system.util.getGlobals()["kept"] == "across reloads"
    finally:
        stop.set()
        t.join(5)


def test_module_state_is_lost_on_reload(gateway, projects_copy):
    proj = gateway.projects.load(os.path.join(projects_copy, "base"), start=False)
    proj.import_module("shared.util").GREETING = "changed at runtime"
    gateway.projects.reload_scripts()
    assert proj.import_module("shared.util").GREETING == "hello"


def test_reload_keeps_events_running_with_new_code(virtual_gateway, sysmod, projects_copy):
    base = os.path.join(projects_copy, "base")
    virtual_gateway.projects.load(base)
    virtual_gateway.clock.advance(1.0)
    g = sysmod.util.getGlobals()
    assert g["heartbeat"] == 1
    _write(os.path.join(base, "ignition", "timer", "heartbeat", "handleTimerEvent.py"),
           "\tsystem.util.getGlobals()['heartbeat'] = -100\n")
    virtual_gateway.projects.reload_scripts()
    virtual_gateway.clock.advance(1.0)
    assert g["heartbeat"] == -100
    # a changed gateway event restarts the project: startup runs again (then update)
    assert g["events"] == ["startup:base", "startup:base"]


def test_syntax_error_after_reload_is_logged_and_old_namespace_survives(gateway, projects_copy):
    base = os.path.join(projects_copy, "base")
    proj = gateway.projects.load(base, start=False)
    old = proj.import_module("shared.text")
    _write(os.path.join(base, "ignition", "script-python", "shared", "text", "code.py"),
           "def shout(s)\n\treturn s\n")
    gateway.projects.reload_scripts()
    try:
        proj.import_module("shared.text")
        raise AssertionError("expected a SyntaxError")
    except SyntaxError as exc:
        assert "base/ignition/script-python/shared/text/code.py, line 1" in str(exc)
    assert old.shout("a") == "A!"
    assert log_messages(gateway, "ScriptManager", "ERROR")
