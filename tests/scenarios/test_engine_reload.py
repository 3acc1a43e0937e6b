"""A project save on a gateway: a NEW Jython interpreter in the same JVM.

Ignition runs a project's scripts in a fresh interpreter (its own ``sys.modules``)
after every save, while the old interpreter's threads run on. The engine keeps its
kernel in ``system.util.getGlobals()`` (Java/stdlib objects only) so the new
interpreter finds it, and promises: after a reload, new runs use the new code.
Only Jython can build a second interpreter in-process (``PySystemState`` +
``PythonInterpreter``), so this scenario is skipped on CPython.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sys
import unittest

from exchange.workflows.bootstrap import workflow

from . import support

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@workflow(name="scn.reload.version")
def version():
    return "v1"


# What the project's script library says after the save.
NEW_CODE = '''
from exchange.workflows.bootstrap import workflow, getWorkflows

@workflow(name="scn.reload.version")
def version():
    return "v2"

rt2 = getWorkflows(db_name)
wids = [rt2.enqueue("scn.reload.version", {}) for _ in range(8)]
rt2.dispatch()  # as the gateway timer script does: claim them at once
'''


class Interpreter(object):
    """A second interpreter sharing this JVM and this gateway's ``system``, as after a save.

    Jython makes an interpreter's ``PySystemState`` the calling thread's current one
    (on creation and on every ``exec``); we give the test thread its own back after
    each call, or its later imports would look in the other interpreter's modules."""

    def __init__(self, case):
        from org.python.core import Py, PyStringMap, PySystemState
        from org.python.util import PythonInterpreter
        self._py = Py
        mine = Py.getSystemState()
        try:
            state = PySystemState()
            state.path.insert(0, REPO_ROOT)
            self._interp = PythonInterpreter(PyStringMap(), state)
        finally:
            Py.setSystemState(mine)
        case.addCleanup(self._restoring, self._interp.cleanup)
        # On a gateway `system` is provided by Ignition to every interpreter; here it is
        # the simulator's module object, whose functions find this test's gateway.
        self._interp.set("system_module", sys.modules["system"])
        self._interp.set("db_name", case.db_name)
        self.run("import sys\nsys.modules['system'] = system_module\n")

    def _restoring(self, fn, *args):
        mine = self._py.getSystemState()
        try:
            return fn(*args)
        finally:
            self._py.setSystemState(mine)

    def run(self, code):
        self._restoring(self._interp.exec, code)

    def get(self, name):
        return self._interp.get(name)


def _json(text):
    return json.loads(text) if text else None


@unittest.skipUnless(support.IS_JYTHON, "a script reload is a second Jython interpreter in the "
                                        "same JVM; CPython cannot host one")
class ScriptReloadScenarios(support.EngineCase):

    def test_runs_started_after_a_reload_use_the_new_code(self):
        self.assertEqual(_json(self.run_to_end("scn.reload.version")["result_json"]), "v1")
        interp = Interpreter(self)
        interp.run(NEW_CODE)
        wids = [u"%s" % w for w in interp.get("wids")]
        # No dispatch() through this (old) interpreter's facade while waiting: only the
        # engine's own threads run the work, as on a gateway after a project save.
        results = [_json(self.wait_status(w, dispatch=False)["result_json"]) for w in wids]
        # The old interpreter's workers must not pick up runs started after the reload.
        self.assertEqual(results, ["v2"] * len(wids),
                         "a 'v1' result is a run started after the reload but executed by a "
                         "worker thread of the old interpreter (old code): %r" % (results,))
        # A start through a facade of the old interpreter runs the new code as well.
        wid = self.start("scn.reload.version")
        self.assertEqual(_json(self.wait_status(wid, dispatch=False)["result_json"]), "v2")

    def test_new_interpreter_shares_the_kernel_through_the_gateway_globals(self):
        self.run_to_end("scn.reload.version")
        interp = Interpreter(self)
        interp.run("from exchange.workflows.bootstrap import getWorkflows\n"
                    "executor_id = getWorkflows(db_name).executor_id\n")
        self.assertEqual(u"%s" % interp.get("executor_id"), self.rt.executor_id)
