"""Tank batch: the workflow behind ``gateway-sim demo`` (a small, realistic batch phase).

One batch of a tank (tags under ``[default]Tank``: ``Setpoint``, ``FillValve``,
``Level`` which follows the valve, ``AtSetpoint`` = Level >= Setpoint):

1. write the setpoint, open the fill valve;
2. fill: wait for ``AtSetpoint`` in slices of ``FILL_SLICE_MS``; between slices
   take operator commands from the mailbox (ISA-88): HOLD closes the valve and
   waits for RESUME (valve re-opened) or STOP; STOP ends the batch;
3. close the valve, read the final level;
4. record the batch in the database (``tank_batches``, created if missing);
5. report it over HTTP (``reportUrl``, e.g. an MES endpoint) when given.

Fill slices are counted, not clock-timed, so a replay after a gateway restart
takes the same path through the operation log. Jython 2.7 / CPython single
source; only ``exchange.workflows`` APIs and built-in steps.
May import: ``exchange.workflows`` (bootstrap, is88, steps).
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import getWorkflows, workflow
from exchange.workflows.is88 import models as is88
from exchange.workflows.steps import db as db_steps
from exchange.workflows.steps import http as http_steps
from exchange.workflows.steps import tags as tag_steps
from exchange.workflows.steps import wait as wait_steps

TANK = "[default]Tank"
FILL_SLICE_MS = 1000
HELD_RECV_SECONDS = 5.0
CREATE_SQL = ("CREATE TABLE IF NOT EXISTS tank_batches ("
              "batch_id VARCHAR(64) NOT NULL, product VARCHAR(64), "
              "setpoint DOUBLE PRECISION, final_level DOUBLE PRECISION, holds INTEGER, "
              "outcome VARCHAR(16), recorded_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)")
INSERT_SQL = ("INSERT INTO tank_batches (batch_id, product, setpoint, final_level, holds, outcome) "
              "VALUES (?, ?, ?, ?, ?, ?)")


@workflow(name="tank_batch")
def tank_batch(batchId="B-0001", product="Product A", setpoint=80.0, tank=TANK, reportUrl=None,
               dbName=None, maxFillSeconds=120):
    """Fill ``tank`` to ``setpoint`` %, honouring HOLD / RESUME / STOP; record and report.

    Returns ``{ok, batchId, outcome, finalLevel, holds, reportStatus}``; ``outcome``
    is ``COMPLETE`` or ``STOPPED``.
    """
    rt = getWorkflows()
    setpoint = float(setpoint)
    rt.setEvent("phase.state", is88.RUNNING)
    rt.progress("batch %s: %s to %.1f %%" % (batchId, product, setpoint), {"phase": "setup"})
    tag_steps.write(tank + "/Setpoint", setpoint)
    tag_steps.write(tank + "/FillValve", True)
    rt.progress("filling: fill valve open", {"phase": "fill"})
    outcome, holds = _fill(rt, tank, int(maxFillSeconds * 1000 // FILL_SLICE_MS) + 1)
    tag_steps.write(tank + "/FillValve", False)
    level = tag_steps.read(tank + "/Level")["value"]
    final_level = round(float(level or 0.0), 2)
    rt.progress("%s at %.1f %%: recording the batch" % (outcome.lower(), final_level),
                {"phase": "record"})
    db_steps.update(dbName, CREATE_SQL)
    db_steps.update(dbName, INSERT_SQL, [batchId, product, setpoint, final_level, holds, outcome])
    report_status = None
    if reportUrl:
        resp = http_steps.request("POST", reportUrl, json_body={
            "batchId": batchId, "product": product, "setpoint": setpoint,
            "finalLevel": final_level, "holds": holds, "outcome": outcome}, timeout_ms=5000)
        report_status = resp["status"]
        if report_status >= 300:
            raise RuntimeError("batch report to %s failed with HTTP %s" % (reportUrl, report_status))
    rt.setEvent("phase.state", is88.COMPLETE if outcome == is88.COMPLETE else is88.STOPPED)
    rt.progress("batch %s done" % batchId, {"phase": "done"})
    return {"ok": outcome == is88.COMPLETE, "batchId": batchId, "outcome": outcome,
            "finalLevel": final_level, "holds": holds, "reportStatus": report_status}


def _fill(rt, tank, max_slices):
    """Fill until AtSetpoint; returns (outcome, number of holds)."""
    holds = 0
    for _ in range(max_slices):
        got = rt.recvCommand(currentState=is88.RUNNING, timeoutSeconds=0)
        cmd = got["cmd"] if got else None
        if cmd == is88.HOLD:
            holds += 1
            if _hold(rt, tank) == is88.STOP:
                return is88.STOPPED, holds
        elif cmd == is88.STOP:
            rt.progress("STOP: ending the batch early", {"phase": "fill"})
            return is88.STOPPED, holds
        res = wait_steps.until_tag_equals(tank + "/AtSetpoint", True, timeout_ms=FILL_SLICE_MS,
                                          poll_ms=100)
        if res["ok"]:
            return is88.COMPLETE, holds
    tag_steps.write(tank + "/FillValve", False)
    raise RuntimeError("tank did not reach its setpoint within the fill time; check the fill "
                       "valve and the level transmitter")


def _hold(rt, tank):
    """HELD: valve closed until RESUME (valve re-opened) or STOP. Returns the command."""
    tag_steps.write(tank + "/FillValve", False)
    rt.setEvent("phase.state", is88.HELD)
    rt.progress("HELD: fill valve closed, waiting for RESUME", {"phase": "held"})
    while True:
        got = rt.recvCommand(currentState=is88.HELD, timeoutSeconds=HELD_RECV_SECONDS)
        cmd = got["cmd"] if got else None
        if cmd == is88.RESUME:
            tag_steps.write(tank + "/FillValve", True)
            rt.setEvent("phase.state", is88.RUNNING)
            rt.progress("RESUMED: fill valve open", {"phase": "fill"})
            return cmd
        if cmd == is88.STOP:
            rt.progress("STOP while held", {"phase": "held"})
            return cmd
