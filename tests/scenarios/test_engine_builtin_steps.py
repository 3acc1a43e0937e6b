"""The built-in steps (tags.*, wait.*, db.*, sleep.*) inside a workflow, against
simulated tags and the default datasource.

Their outputs are checkpointed as JSON, so Java values from a gateway (``long``,
``java.util.Date``, quality codes) must come back as plain JSON; the waits are
host-timed and must both succeed and time out cleanly.
"""
from __future__ import absolute_import, division, print_function

import json

from exchange.workflows.bootstrap import workflow
from exchange.workflows.steps import db as db_steps
from exchange.workflows.steps import sleep as sleep_steps
from exchange.workflows.steps import tags as tag_steps
from exchange.workflows.steps import wait as wait_steps

from . import support

TAGS = {"tags": [{"name": "Unit", "tagType": "Folder", "tags": [
    {"name": "Setpoint", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Float8",
     "value": 0.0},
    {"name": "Cmd", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4", "value": 0},
    {"name": "Ready", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Boolean",
     "value": False},
]}]}


@workflow(name="scn.builtin.tags")
def tags_workflow():
    out = {}
    out["write"] = tag_steps.write("[default]Unit/Setpoint", 42.5)
    out["read"] = tag_steps.read("[default]Unit/Setpoint")
    out["confirm"] = tag_steps.write_confirm("[default]Unit/Cmd", 3, timeout_ms=2000, poll_ms=20)
    out["ready_set"] = tag_steps.write("[default]Unit/Ready", True)
    out["wait_ok"] = wait_steps.until_tag_equals("[default]Unit/Ready", True, timeout_ms=2000, poll_ms=20)
    out["wait_timeout"] = wait_steps.until_tag_equals("[default]Unit/Cmd", 99, timeout_ms=150, poll_ms=20)
    out["missing"] = tag_steps.read("[default]Unit/Nope")
    out["missing_write"] = tag_steps.write("[default]Unit/Nope", 1)
    out["slept"] = sleep_steps.sleep_ms(10)
    return out


@workflow(name="scn.builtin.db")
def db_workflow(dbName):
    created = db_steps.update(dbName, "CREATE TABLE IF NOT EXISTS batches (id INTEGER PRIMARY KEY, "
                                      "recipe VARCHAR(40), qty INTEGER)")
    ins = db_steps.update(dbName, "INSERT INTO batches (id, recipe, qty) VALUES (?, ?, ?)",
                          [7, "IPA", 1200])
    rows = db_steps.query(dbName, "SELECT id, recipe, qty FROM batches WHERE id = ?", [7])
    return {"created": created, "inserted": ins, "rows": rows}


class BuiltinStepScenarios(support.EngineCase):

    def test_tag_steps_against_simulated_tags(self):
        self.gw.tags.load_data(TAGS)
        row = self.run_to_end("scn.builtin.tags")
        self.assertEqual(row["status"], "SUCCESS", row)
        out = json.loads(row["result_json"])
        self.assertEqual(out["write"]["quality"], "Good")
        self.assertEqual(out["read"]["value"], 42.5)
        self.assertEqual(out["read"]["quality"], "Good")
        self.assertEqual(out["confirm"]["ok"], True)
        self.assertEqual(out["confirm"]["confirmed"], True)
        self.assertEqual(out["wait_ok"]["ok"], True)
        self.assertEqual(out["wait_ok"]["value"], True)
        self.assertEqual(out["wait_timeout"]["ok"], False)
        self.assertEqual(out["wait_timeout"]["value"], 3)
        self.assertIn("NotFound", out["missing"]["quality"])
        self.assertIsNone(out["missing"]["value"])
        self.assertNotEqual(out["missing_write"]["quality"], "Good")
        self.assertEqual(out["slept"]["slept_ms"], 10)
        # The effects are on the gateway's tags, not only in the step outputs.
        qv = self.system.tag.readBlocking(["[default]Unit/Setpoint", "[default]Unit/Cmd"])
        self.assertEqual([q.value for q in qv], [42.5, 3])
        # Every call is one checkpoint, in call order.
        names = [o["step_name"] for o in self.op_rows(row["workflow_id"])]
        self.assertEqual(names, ["tags.write", "tags.read", "tags.write_confirm", "tags.write",
                                 "wait.until_tag_equals", "wait.until_tag_equals", "tags.read",
                                 "tags.write", "sleep.ms"])

    def test_db_steps_on_the_default_datasource(self):
        row = self.run_to_end("scn.builtin.db", {"dbName": self.db_name})
        self.assertEqual(row["status"], "SUCCESS", row)
        out = json.loads(row["result_json"])
        self.assertEqual(out["inserted"], {"rows_affected": 1})
        self.assertEqual(out["rows"], [{"id": 7, "recipe": "IPA", "qty": 1200}])
