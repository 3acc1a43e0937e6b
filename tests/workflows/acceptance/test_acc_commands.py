"""Acceptance checklist, suite ``commands`` (upstream 4)."""
import json

from exchange.workflows.api import admin, service
from exchange.workflows.is88 import models

from acceptance_helpers import start, status, wait_status


def test_isa88_policy_matrix():
    assert models.allowedInState("STOP", "RUNNING")
    assert models.allowedInState("HOLD", "RUNNING")
    assert models.allowedInState("RESUME", "HELD")
    assert models.allowedInState("RESET", "ERROR")
    assert not models.allowedInState("RESUME", "RUNNING")
    assert models.commandPriority("STOP") > models.commandPriority("HOLD") > \
        models.commandPriority("RESUME")
    picked = models.pickHighestPriority([{"cmd": "HOLD"}, {"cmd": "RESUME"}, {"cmd": "STOP"}],
                                        state="RUNNING")
    assert picked["cmd"] == "STOP"


def test_recv_command_priority(wf):
    """HOLD then STOP are sent before the probe starts; it picks STOP.

    Adapted: our dispatcher starts a run at once, so the run is held back by drain
    maintenance (allowDuringMaintenance) until both messages are in its mailbox.
    """
    assert admin.enterMaintenance("drain")["ok"]
    wid = start("tests.command_priority_probe", {"state": "RUNNING", "wait_s": 2.0},
                allowDuringMaintenance=True)
    assert status(wid) == "ENQUEUED"
    assert service.sendCommand(wid, "HOLD")["ok"]
    assert service.sendCommand(wid, "STOP")["ok"]
    assert admin.exitMaintenance()["ok"]
    row = wait_status(wid)
    assert row["status"] == "SUCCESS", row
    assert json.loads(row["result_json"])["chosen"] == "STOP"
