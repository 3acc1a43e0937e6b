"""Ignition project folders on the simulated gateway, on CPython and Jython 2.7.

The same fixture projects as ``tests/gateway_sim/project`` (8.3 layout with
inheritance): library modules with and without imports, a module named
``__init__``, a syntax error reported with project path and line, gateway events
run by hand, and a script reload while an old thread keeps running old code.
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import tempfile
import threading

from . import support

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "gateway_sim", "project", "fixtures")

WORKER = "\n".join([
    "VERSION = %d",
    "def run(started, stop, seen):",
    "\tstarted.set()",
    "\twhile not stop.is_set():",
    "\t\tseen.append(VERSION)",
    "\t\tstop.wait(0.01)",
    "def version():",
    "\treturn VERSION",
    ""])


class ProjectLoaderScenario(support.GatewayCase):

    def test_library_modules_with_and_without_imports(self):
        proj = self.gw.projects.load(os.path.join(FIXTURES, "projects", "site"), start=False)
        self.assertEqual(proj.import_module("shared.util").greet("x"), "HELLO X!!")
        self.assertEqual(proj.import_module("shared.implicit").greet_twice("a"), "HELLO A!! A!!")
        self.assertEqual(proj.import_module("helpers.uses_init").call(),
                         "loaded from helpers.__init__")
        self.assertEqual(proj.import_module("shared.dynamic").load_builtin(), "DYN!!")
        self.assertEqual(proj.import_module("shared.util").project_name(), "site")

    def test_syntax_error_names_project_path_and_line(self):
        proj = self.gw.projects.load(os.path.join(FIXTURES, "bad", "syntax_error"), start=False)
        try:
            proj.import_module("plant.broken")
        except SyntaxError as exc:
            self.assertTrue("plant/broken/code.py, line 4" in str(exc), str(exc))
        else:
            self.fail("expected a SyntaxError")

    def test_events_by_hand_and_startup(self):
        self.gw.projects.load(os.path.join(FIXTURES, "projects", "site"), start=False)
        self.gw.projects.run_event("timer", "heartbeat")
        self.gw.projects.run_event("startup")
        g = self.system.util.getGlobals()
        self.assertEqual(g["heartbeat"], 1)
        self.assertEqual(list(g["events"]), ["startup:site"])

    def test_reload_keeps_old_threads_on_old_code(self):
        tmp = tempfile.mkdtemp(prefix="scenario-proj-")
        self.addCleanup(shutil.rmtree, tmp, True)
        base = os.path.join(tmp, "base")
        shutil.copytree(os.path.join(FIXTURES, "projects", "base"), base)
        lib = os.path.join(base, "ignition", "script-python", "shared", "worker")
        os.makedirs(lib)
        with open(os.path.join(lib, "code.py"), "w") as f:
            f.write(WORKER % 1)
        proj = self.gw.projects.load(base, start=False)
        worker = proj.import_module("shared.worker")
        started, stop, seen = threading.Event(), threading.Event(), []
        t = threading.Thread(target=worker.run, args=(started, stop, seen))
        t.daemon = True
        t.start()
        self.assertTrue(started.wait(10))
        try:
            with open(os.path.join(lib, "code.py"), "w") as f:
                f.write(WORKER % 2)
            self.gw.projects.reload_scripts()
            self.assertEqual(proj.import_module("shared.worker").version(), 2)
            n = len(seen)
            support.wait_until(lambda: len(seen) > n + 2, message="old thread still running")
            self.assertEqual(set(seen), set([1]))
        finally:
            stop.set()
            t.join(10)


class ProjectEventsScenario(support.GatewayCase):
    """Timers on a virtual clock (one raises and keeps running) and a tag-change script."""

    def setUp(self):
        support.GatewayCase.setUp(self)
        from gateway_sim import Gateway, VirtualClock, simulate
        self.vgw = Gateway(name="scenario-virtual", data_dir=os.path.join(self.data_dir, "v"),
                           clock=VirtualClock(start=1764072000.0))
        self._vsim = simulate(self.vgw)
        self._vsim.__enter__()
        self.addCleanup(self._stop_virtual)

    def _stop_virtual(self):
        try:
            self._vsim.__exit__(None, None, None)
        finally:
            self.vgw.shutdown()

    def test_timers_and_a_raising_timer(self):
        self.vgw.projects.load(os.path.join(FIXTURES, "projects", "site"))
        self.vgw.clock.advance(3.0)
        g = self.system.util.getGlobals()
        self.assertEqual(g["heartbeat"], 3)
        self.assertEqual(g["broken"], 3)
        errors = [r.message for r in self.vgw.util.records
                  if r.logger == "TimerScripts" and r.level == "ERROR"]
        self.assertEqual(len(errors), 3)
        self.assertTrue("timer failed on purpose #3" in errors[2], errors[2])

    def test_tag_change_script(self):
        self.vgw.tags.load_data({"tags": [{"name": "Tank", "tagType": "Folder", "tags": [
            {"name": "Level", "dataType": "Float8", "value": 1.0}]}]})
        self.vgw.projects.load(os.path.join(FIXTURES, "projects", "site"))
        self.system.tag.writeBlocking(["[default]Tank/Level"], [5.0])
        self.vgw.tags.flush_events()
        changes = self.system.util.getGlobals()["tagChanges"]
        self.assertEqual([(c[0], c[1], c[3]) for c in changes], [(True, 1.0, 1), (False, 5.0, 2)])
