"""Parallel steps: branches run concurrently, each under an operation number reserved in
call order, replay returns the recorded outcomes whatever finished first, errors are
all-settled (first failing branch in call order raised), and the step executor bounds
how many branches run at once. On SQLite, PostgreSQL and MariaDB.
"""
from __future__ import absolute_import, division, print_function

import json
import threading

from exchange.workflows.bootstrap import call, getWorkflows, parallel, step, workflow

from . import support

CALLS = support.Counter()
GATES = {}  # name -> threading.Event
STATE = {"running": 0, "peak": 0}
_lock = threading.Lock()


def gate(name):
    with _lock:
        ev = GATES.get(name)
        if ev is None:
            ev = GATES[name] = threading.Event()
        return ev


@step(name="scn.par.slow_first")
def slow_first(tag):
    """Finishes only after ``fast`` finished: completion order is the reverse of call order."""
    CALLS.hit("slow")
    if not gate("fast-done").wait(support.WAIT_SECONDS):
        raise AssertionError("the fast branch never finished: branches did not run concurrently")
    return "slow-%s" % tag


@step(name="scn.par.fast")
def fast(tag):
    CALLS.hit("fast")
    gate("fast-done").set()
    return "fast-%s" % tag


@step(name="scn.par.counted")
def counted(i):
    with _lock:
        STATE["running"] += 1
        STATE["peak"] = max(STATE["peak"], STATE["running"])
    try:
        CALLS.hit("counted")
        gate("release").wait(0.05)  # hold the slot a moment so overlaps are visible
        return i * i
    finally:
        with _lock:
            STATE["running"] -= 1


@step(name="scn.par.boom")
def boom(message):
    CALLS.hit("boom:" + message)
    raise ValueError(message)


@step(name="scn.par.add")
def add(a, b):
    CALLS.hit("add")
    return a + b


@workflow(name="scn.par.ordered")
def ordered(tag):
    first = add(1, 1)
    got = parallel([call(slow_first, tag), call(fast, tag=tag)])
    return {"first": first, "got": got, "after": add(2, 2)}


@workflow(name="scn.par.many")
def many(n):
    return parallel([call(counted, i) for i in range(n)])


@workflow(name="scn.par.errors")
def errors(collect):
    if collect:
        out = parallel([call(add, 1, 2), call(boom, "first"), (boom, "second")],
                       returnExceptions=True)
        return [v if not isinstance(v, Exception) else "error: %s" % v for v in out]
    try:
        parallel([call(add, 1, 2), call(boom, "first"), call(boom, "second"), call(add, 3, 4)])
    except Exception as e:  # a replay raises ReplayedStepError (as for any step)
        return {"raised": "%s" % e, "after": add(10, 10)}
    return "no error"


@workflow(name="scn.par.bad_branch")
def bad_branch():
    return parallel([call(add, 1, 2), lambda: 3])


@step(name="scn.par.blocker")
def blocker():
    CALLS.hit("blocker")
    if not gate("unblock").wait(support.WAIT_SECONDS):
        raise AssertionError("never unblocked")
    return "blocker"


@step(name="scn.par.mark")
def mark(tag):
    CALLS.hit(tag)
    return tag


@workflow(name="scn.par.cancellable")
def cancellable():
    return parallel([call(blocker), call(mark, "b"), call(mark, "c")])


def _json(text):
    return json.loads(text) if text else None


class ParallelMixin(object):
    """The scenarios, on whichever datasource the concrete case sets up."""

    def reset(self):
        CALLS.reset()
        GATES.clear()
        STATE.update(running=0, peak=0)

    def requeue(self, wid):
        """Put a finished run back in the queue (an operator's replay)."""
        self.system.db.runPrepUpdate(self.sql(
            "UPDATE workflow_status SET status = 'ENQUEUED', claimed_by = NULL, claimed_node = NULL, "
            "claimed_at_epoch_ms = NULL, completed_at_epoch_ms = NULL, lease_expires_at = NULL, "
            "result_json = NULL, dedup_key = NULL WHERE workflow_id = ?"), [wid], self.db_name)

    def test_branches_run_concurrently_and_numbers_follow_call_order(self):
        row = self.run_to_end("scn.par.ordered", {"tag": "a"})
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(_json(row["result_json"]),
                         {"first": 2, "got": ["slow-a", "fast-a"], "after": 4})
        ops = self.op_rows(row["workflow_id"])
        self.assertEqual([(o["call_seq"], o["step_name"]) for o in ops],
                         [(1, "scn.par.add"), (2, "scn.par.slow_first"), (3, "scn.par.fast"),
                          (4, "scn.par.add")])
        # (slow_first could only return after fast returned, yet holds the earlier number)

    def test_replay_returns_recorded_outcomes_without_running_branches(self):
        row = self.run_to_end("scn.par.ordered", {"tag": "r"})
        wid = row["workflow_id"]
        self.assertEqual((CALLS.get("slow"), CALLS.get("fast"), CALLS.get("add")), (1, 1, 2))
        GATES.clear()  # a re-run of slow_first would now wait and fail
        self.requeue(wid)
        again = self.wait_status(wid)
        self.assertEqual(again["status"], "SUCCESS", again)
        self.assertEqual(_json(again["result_json"])["got"], ["slow-r", "fast-r"])
        self.assertEqual((CALLS.get("slow"), CALLS.get("fast"), CALLS.get("add")), (1, 1, 2))

    def test_an_interrupted_branch_alone_runs_again(self):
        row = self.run_to_end("scn.par.ordered", {"tag": "i"})
        wid = row["workflow_id"]
        # As if the gateway died after fast was recorded but before slow_first was.
        self.system.db.runPrepUpdate(self.sql("DELETE FROM operation_outputs WHERE workflow_id = ? "
                                              "AND call_seq IN (2, 4)"), [wid], self.db_name)
        self.requeue(wid)
        again = self.wait_status(wid)
        self.assertEqual(again["status"], "SUCCESS", again)
        self.assertEqual(_json(again["result_json"]), {"first": 2, "got": ["slow-i", "fast-i"],
                                                       "after": 4})
        self.assertEqual((CALLS.get("slow"), CALLS.get("fast"), CALLS.get("add")), (2, 1, 3))
        self.assertEqual([o["call_seq"] for o in self.op_rows(wid)], [1, 2, 3, 4])

    def test_errors_are_all_settled_and_the_first_in_call_order_is_raised(self):
        row = self.run_to_end("scn.par.errors", {"collect": False})
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(_json(row["result_json"]), {"raised": "first", "after": 20})
        self.assertEqual((CALLS.get("boom:first"), CALLS.get("boom:second")), (1, 1))
        ops = self.op_rows(row["workflow_id"])
        self.assertEqual([(o["call_seq"], o["status"]) for o in ops],
                         [(1, "SUCCESS"), (2, "ERROR"), (3, "ERROR"), (4, "SUCCESS"),
                          (5, "SUCCESS")])
        # replay: the recorded error is raised again, nothing runs
        self.requeue(row["workflow_id"])
        again = self.wait_status(row["workflow_id"])
        self.assertIn("Replayed step error", _json(again["result_json"])["raised"])
        self.assertEqual((CALLS.get("boom:first"), CALLS.get("add")), (1, 3))

    def test_return_exceptions_puts_failures_in_the_results(self):
        row = self.run_to_end("scn.par.errors", {"collect": True})
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(_json(row["result_json"]), [3, "error: first", "error: second"])

    def test_the_step_executor_bounds_running_branches(self):
        self.rt.configure(stepWorkers=2)
        row = self.run_to_end("scn.par.many", {"n": 6})
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(_json(row["result_json"]), [0, 1, 4, 9, 16, 25])
        self.assertEqual(CALLS.get("counted"), 6)
        self.assertLessEqual(STATE["peak"], 2)

    def test_cancel_starts_no_further_branch_and_resume_runs_the_unrecorded_ones(self):
        self.rt.configure(stepWorkers=1)  # b and c wait in the step executor's queue
        wid = self.start("scn.par.cancellable", {})
        support.wait_until(lambda: CALLS.get("blocker") == 1, message="the first branch")
        self.assertEqual(self.rt.cancelWorkflow(wid, "operator stop"), 1)
        gate("unblock").set()  # the running branch ends its attempt; its outcome is not kept
        self.assertEqual(self.wait_status(wid)["status"], "CANCELLED")
        self.assertTrue(self.rt.resumeWorkflow(wid))
        row = self.wait_status(wid, ("SUCCESS", "ERROR"))
        self.assertEqual(json.loads(row["result_json"]), ["blocker", "b", "c"])
        self.assertEqual((CALLS.get("blocker"), CALLS.get("b"), CALLS.get("c")), (2, 1, 1))
        self.assertEqual([o["call_seq"] for o in self.op_rows(wid)], [1, 2, 3])

    def test_a_branch_that_is_not_a_step_is_refused_with_the_fix(self):
        row = self.run_to_end("scn.par.bad_branch", {})
        self.assertEqual(row["status"], "ERROR", row)
        self.assertIn("is not a @step function", row["error_json"])
        self.assertEqual(CALLS.get("add"), 0)  # checked before anything ran
        self.assertEqual(self.op_rows(row["workflow_id"]), [])


class ParallelSqlite(ParallelMixin, support.EngineCase):

    def setUp(self):
        support.EngineCase.setUp(self)
        self.reset()

    def test_outside_a_workflow_parallel_is_refused(self):
        from exchange.workflows.errors import NotInWorkflow
        self.assertRaises(NotInWorkflow, parallel, [call(add, 1, 2)])


class ParallelPostgres(ParallelMixin, support.EngineCase):
    db_name = "PG"

    def setUp(self):
        support.start_server_engine(self, "PG")
        self.reset()


class ParallelMariaDb(ParallelMixin, support.EngineCase):
    db_name = "MY"

    def setUp(self):
        support.start_server_engine(self, "MY")
        self.reset()
