"""The repository's own project on the simulated gateway: the tank batch, end to end.

Loads ``project/`` with its library generated from ``exchange/`` (what the export
ships), the tank tags (level following the fill valve), and runs ``tank_batch``
through the project's script namespace with an operator HOLD / RESUME -- on
CPython and, with JDBC and real Java classes, on Jython 2.7.
"""
from __future__ import absolute_import, division, print_function

import os

from . import support

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class TankBatchProjectScenario(support.GatewayCase):

    def setUp(self):
        support.GatewayCase.setUp(self)
        self.gw.tags.load_file(os.path.join(REPO, "project", "tags", "tank.json"))
        self.proj = self.gw.projects.load(os.path.join(REPO, "project"),
                                          python_packages=[os.path.join(REPO, "exchange")])
        self.addCleanup(self._stop_engine)  # before the gateway goes (cleanups are LIFO)
        self.service = self.proj.import_module("exchange.workflows.api.service")
        self.rt = self.proj.import_module("exchange.workflows.engine.instance").getWorkflows()

    def _stop_engine(self):
        self.proj.import_module("exchange.workflows.engine.instance").shutdownRuntime(5)

    def _status(self, wid):
        return (self.rt.retrieve(wid).getStatus() or {}).get("status")

    def test_batch_with_hold_and_resume(self):
        resp = self.service.start("tank_batch", {"batchId": "S-1", "setpoint": 30.0})
        self.assertTrue(resp["ok"], resp)
        wid = resp["data"]["workflowId"]
        self.assertTrue(self.service.sendCommand(wid, "HOLD", reason="scenario")["ok"])
        support.wait_until(lambda: self.rt.getEvent(wid, "phase.state") == "HELD",
                           message="run HELD")
        self.assertEqual(self.gw.tags.read(["[default]Tank/FillValve"])[0].value, False)
        self.assertTrue(self.service.sendCommand(wid, "RESUME")["ok"])
        result = self.rt.retrieve(wid).getResult(timeoutSeconds=support.WAIT_SECONDS)
        self.assertEqual(result["outcome"], "COMPLETE")
        self.assertEqual(result["holds"], 1)
        self.assertTrue(result["finalLevel"] >= 30.0, result)
        rows = support.rows_of(self.system.db.runPrepQuery(
            "SELECT batch_id, outcome, holds FROM tank_batches", []))
        self.assertEqual([(r["batch_id"], r["outcome"], int(r["holds"])) for r in rows],
                         [("S-1", "COMPLETE", 1)])
        kinds = [s["name"] for s in self.rt.listRunSteps(wid) if s["kind"] == "step"]
        # setpoint + valve open first; then, wherever the HOLD landed in the fill loop:
        # valve closed on HOLD, re-opened on RESUME, closed at the end.
        self.assertEqual(kinds[:2], ["tags.write", "tags.write"])
        self.assertEqual(kinds.count("tags.write"), 5, kinds)
        self.assertTrue("wait.until_tag_equals" in kinds and "db.update" in kinds)

    def test_stop_while_held_ends_the_batch(self):
        wid = self.service.start("tank_batch", {"batchId": "S-2", "setpoint": 90.0})["data"]["workflowId"]
        self.service.sendCommand(wid, "HOLD")
        support.wait_until(lambda: self.rt.getEvent(wid, "phase.state") == "HELD",
                           message="run HELD")
        self.service.sendCommand(wid, "STOP")
        result = self.rt.retrieve(wid).getResult(timeoutSeconds=support.WAIT_SECONDS)
        self.assertEqual(result["outcome"], "STOPPED")
        self.assertFalse(result["ok"])
