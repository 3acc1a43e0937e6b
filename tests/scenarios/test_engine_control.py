"""Steering and surviving: concurrency, cancellation, HOLD/RESUME, recovery.

On Jython there is no GIL, so parallel runs really overlap: op rows must be neither
lost nor duplicated. Cancellation must stop a run at its next boundary (also inside
a durable sleep). Operators steer runs through the mailbox (ISA-88 commands). A run
left RUNNING by a crashed gateway is recovered without re-running completed steps.
"""
from __future__ import absolute_import, division, print_function

import json
import threading
import time

from exchange.workflows.bootstrap import getWorkflows, step, workflow

from . import support

CALLS = support.Counter()
STATE = {}
GATES = {}  # key -> threading.Event the phase waits for before reading its mailbox
_active_lock = threading.Lock()
ACTIVE = {"now": 0, "max": 0}


@step(name="scn.ctl.tick")
def tick(key, i):
    CALLS.hit(key)
    CALLS.hit("%s:%s" % (key, i))
    return i


@step(name="scn.ctl.slow")
def slow(n, i):
    with _active_lock:
        ACTIVE["now"] += 1
        ACTIVE["max"] = max(ACTIVE["max"], ACTIVE["now"])
    try:
        CALLS.hit("p%d-%d" % (n, i))
        time.sleep(0.02)  # long enough for the other workers' steps to overlap
        return i
    finally:
        with _active_lock:
            ACTIVE["now"] -= 1


@workflow(name="scn.ctl.parallel")
def parallel(n, steps):
    return {"n": n, "sum": sum(slow(n, i) for i in range(steps))}


@workflow(name="scn.ctl.loop_until_cancelled")
def loop_until_cancelled(key):
    from exchange.workflows.engine import context
    try:
        for i in range(100000):
            tick(key, i)
            context.sleep(0.01)
    finally:
        CALLS.hit(key + ":exited")


@workflow(name="scn.ctl.long_sleep")
def long_sleep(key):
    try:
        tick(key, 0)
        getWorkflows().sleep(600)  # durable sleep far longer than any test wait
        tick(key, 1)
    finally:
        CALLS.hit(key + ":exited")


@workflow(name="scn.ctl.phase")
def phase(key):
    """An ISA-88-style phase: tick, obey HOLD/RESUME/STOP from the mailbox, tick."""
    rt = getWorkflows()
    state = "RUNNING"
    trail = []
    tick(key, 0)
    if key in GATES:
        GATES[key].wait(support.WAIT_SECONDS)
    for _ in range(400):
        STATE[key] = state
        cmd = rt.recvCommand(state, timeoutSeconds=0.25)
        if cmd is None:
            continue
        trail.append(cmd["cmd"])
        if cmd["cmd"] == "HOLD":
            state = "HELD"
        elif cmd["cmd"] == "RESUME":
            state = "RUNNING"
            break
        elif cmd["cmd"] == "STOP":
            STATE[key] = "STOPPED"
            return {"trail": trail, "state": "STOPPED"}
    STATE[key] = state
    tick(key, 1)
    return {"trail": trail, "state": state}


@workflow(name="scn.ctl.three_ticks")
def three_ticks(key):
    return [tick(key, 1), tick(key, 2), tick(key, 3)]


def _json(text):
    return json.loads(text) if text else None


class ControlCase(support.EngineCase):

    def setUp(self):
        support.EngineCase.setUp(self)
        CALLS.reset()
        STATE.clear()
        GATES.clear()
        with _active_lock:
            ACTIVE.update({"now": 0, "max": 0})


class ConcurrencyScenarios(ControlCase):

    def test_eight_parallel_workflows_lose_and_duplicate_nothing(self):
        self.rt.configure(workflowWorkers=8)
        wids = [self.start("scn.ctl.parallel", {"n": n, "steps": 5}) for n in range(8)]
        rows = [self.wait_status(w) for w in wids]
        self.assertEqual([r["status"] for r in rows], ["SUCCESS"] * 8, rows)
        self.assertEqual(sorted(_json(r["result_json"])["n"] for r in rows), list(range(8)))
        ops = self.query("SELECT workflow_id, call_seq, status FROM operation_outputs")
        mine = [o for o in ops if o["workflow_id"] in wids]
        self.assertEqual(len(mine), 40)
        self.assertEqual(len(set((o["workflow_id"], o["call_seq"]) for o in mine)), 40)
        self.assertTrue(all(o["status"] == "SUCCESS" for o in mine))
        for n in range(8):  # every step body ran exactly once
            self.assertEqual([CALLS.get("p%d-%d" % (n, i)) for i in range(5)], [1] * 5)
        # Runs really overlapped (threads in parallel), so the checks above were contended.
        self.assertTrue(ACTIVE["max"] >= 2, ACTIVE)

    def test_parallel_starts_from_many_threads(self):
        """enqueue() itself is called concurrently (tag-change scripts do that)."""
        wids = support.run_threads(8, lambda i: self.start("scn.ctl.three_ticks",
                                                           {"key": "t%d" % i}), name="starter")
        self.assertEqual(len(set(wids)), 8)
        for w in wids:
            self.assertEqual(self.wait_status(w)["status"], "SUCCESS")
        self.assertEqual([CALLS.get("t%d" % i) for i in range(8)], [3] * 8)


class CancellationScenarios(ControlCase):

    def test_cancel_stops_a_running_workflow_at_its_next_boundary(self):
        wid = self.start("scn.ctl.loop_until_cancelled", {"key": "loop"})
        support.wait_until(lambda: CALLS.get("loop") >= 3, message="the loop to tick")
        self.assertEqual(self.rt.cancelWorkflow(wid, "operator stop"), 1)
        row = self.wait_status(wid, ("CANCELLED",))
        self.assertIn("operator stop", row["error_json"] or "")
        support.wait_until(lambda: CALLS.get("loop:exited") == 1, message="the body to stop")
        ticks = CALLS.get("loop")
        self.rt.dispatch()
        self.assertEqual(self.workflow_row(wid)["status"], "CANCELLED")
        self.assertEqual(CALLS.get("loop"), ticks)
        self.assertTrue(len(self.op_rows(wid)) <= ticks)

    def test_cancel_interrupts_a_durable_sleep(self):
        wid = self.start("scn.ctl.long_sleep", {"key": "sleeper"})
        support.wait_until(lambda: any(o["kind"] == "sleep" for o in self.op_rows(wid)),
                           message="the run to enter its durable sleep")
        self.rt.cancelWorkflow(wid, "no more waiting")
        self.wait_status(wid, ("CANCELLED",))
        support.wait_until(lambda: CALLS.get("sleeper:exited") == 1,
                           message="the 600 s sleep to be interrupted")
        self.assertEqual(CALLS.get("sleeper:1"), 0)

    def test_cancel_of_an_enqueued_run_means_it_never_runs(self):
        self.rt.enterMaintenance("drain", "hold the queue")
        try:
            wid = self.rt.enqueue("scn.ctl.three_ticks", {"key": "never"}, allowDuringMaintenance=True)
            self.assertEqual(self.rt.cancelWorkflow(wid, "changed my mind"), 1)
        finally:
            self.rt.exitMaintenance()
        self.rt.dispatch()
        self.assertEqual(self.workflow_row(wid)["status"], "CANCELLED")
        self.assertEqual(CALLS.get("never"), 0)


class MailboxScenarios(ControlCase):

    def test_hold_then_resume(self):
        from exchange.workflows.api import service
        wid = self.start("scn.ctl.phase", {"key": "ph"})
        support.wait_until(lambda: CALLS.get("ph:0") == 1, message="the phase to start")
        resp = service.sendCommand(workflowId=wid, cmd="hold", reason="operator")
        self.assertTrue(resp["ok"], resp)
        support.wait_until(lambda: STATE.get("ph") == "HELD", message="the phase to be HELD")
        self.assertEqual(self.workflow_row(wid)["status"], "RUNNING")
        self.assertEqual(CALLS.get("ph:1"), 0)  # held: the next tick waits for RESUME
        self.assertTrue(service.sendCommand(workflowId=wid, cmd="RESUME")["ok"])
        row = self.wait_status(wid)
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(_json(row["result_json"]), {"trail": ["HOLD", "RESUME"], "state": "RUNNING"})
        self.assertEqual(CALLS.get("ph:1"), 1)

    def _queue_then_release(self, key, *commands):
        """Queue ``commands`` before the phase reads its mailbox, then let it read."""
        GATES[key] = threading.Event()
        wid = self.start("scn.ctl.phase", {"key": key})
        support.wait_until(lambda: CALLS.get("%s:0" % key) == 1, message="the phase to start")
        for c in commands:
            self.rt.send(wid, {"cmd": c})
        GATES[key].set()
        row = self.wait_status(wid)
        self.assertEqual(row["status"], "SUCCESS", row)
        return _json(row["result_json"])

    def test_resume_sent_while_running_waits_for_the_hold(self):
        """RESUME is not allowed while RUNNING: it stays queued and is taken once HELD."""
        self.assertEqual(self._queue_then_release("q", "RESUME", "HOLD"),
                         {"trail": ["HOLD", "RESUME"], "state": "RUNNING"})

    def test_stop_wins_over_hold(self):
        """Both queued: the higher-priority STOP is taken first (ISA-88 arbitration)."""
        self.assertEqual(self._queue_then_release("s", "HOLD", "STOP"),
                         {"trail": ["STOP"], "state": "STOPPED"})


class RecoveryScenarios(ControlCase):

    def _crash_after_first_step(self, wid, node, executor, lease_expires_at):
        """Rewrite a finished run as if its gateway died right after step 1 committed."""
        self.system.db.runPrepUpdate(self.sql(
            "UPDATE workflow_status SET status = 'RUNNING', claimed_node = ?, claimed_by = ?, "
            "lease_expires_at = ?, completed_at_epoch_ms = NULL, result_json = NULL, "
            "error_json = NULL WHERE workflow_id = ?"),
            [node, executor, lease_expires_at, wid], self.db_name)
        self.system.db.runPrepUpdate(self.sql(
            "DELETE FROM operation_outputs WHERE workflow_id = ? AND call_seq >= 2"),
            [wid], self.db_name)
        CALLS.reset()

    def _assert_recovered(self, wid):
        row = self.wait_status(wid)
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(_json(row["result_json"]), [1, 2, 3])
        # step 1 came from the log; steps 2 and 3 ran again (at-least-once for the unrecorded)
        self.assertEqual([CALLS.get("r:1"), CALLS.get("r:2"), CALLS.get("r:3")], [0, 1, 1])
        self.assertEqual([o["call_seq"] for o in self.op_rows(wid)], [1, 2, 3])
        return row

    def test_expired_lease_of_a_dead_peer_is_taken_over(self):
        wid = self.run_to_end("scn.ctl.three_ticks", {"key": "r"})["workflow_id"]
        now = self.gw.clock.now_ms()
        self._crash_after_first_step(wid, "dead-peer", "dead-peer:0000", now - 60000)
        row = self._assert_recovered(wid)
        self.assertNotEqual(row["claimed_node"], "dead-peer")
        self.assertTrue(int(row["recovery_attempts"]) >= 1, row)

    def test_restarted_gateway_recovers_its_own_abandoned_run(self):
        """Same node, new kernel (a gateway restart): recovered at startup, lease or not."""
        first = self.run_to_end("scn.ctl.three_ticks", {"key": "r"})
        wid, node = first["workflow_id"], first["claimed_node"]
        from exchange.workflows.engine import instance
        instance.shutdownRuntime(5)  # the old kernel is gone, as after a JVM restart
        self._crash_after_first_step(wid, node, "%s:previous-jvm" % node,
                                     self.gw.clock.now_ms() + 3600 * 1000)
        self.rt = getWorkflows(self.db_name)  # a new kernel starts and recovers
        self._assert_recovered(wid)
