"""Workflows with steps, retries and replay; Java exceptions at the step boundary.

On a gateway a step can fail with a Python exception or a Java one
(``java.lang.IllegalStateException``, the JDBC ``SQLException`` behind a bad query).
Java exceptions are not Python ``Exception``s on Jython, so an engine that only
catches ``Exception`` lets them kill the worker thread and leaves the run RUNNING
forever. These scenarios assert that both kinds are retried per the step options
and recorded like Python ones -- and that the worker survives to run the next workflow.
"""
from __future__ import absolute_import, division, print_function

import json

from exchange.workflows.bootstrap import step, workflow

from . import support

CALLS = support.Counter()
PLAN = {}  # failure plan: key -> (kind, failures before success)
RETRY3 = {"retries_allowed": True, "max_attempts": 3, "interval_seconds": 0.01, "backoff_rate": 2.0}


def _fail(kind, message):
    if kind == "python":
        raise ValueError(message)
    if kind == "java":
        from gateway_sim.jvm import IllegalStateException
        raise IllegalStateException(message)
    if kind == "sql":  # a real failed query: the simulator raises what Ignition raises
        import system
        system.db.runPrepQuery("SELECT * FROM no_such_table_for_%s" % message.split()[0], [])
    raise AssertionError("unknown failure kind %r" % (kind,))


@step(name="scn.add")
def add(a, b):
    CALLS.hit("add")
    return a + b


@step(name="scn.flaky", options=RETRY3)
def flaky(key):
    n = CALLS.hit(key)
    kind, failures = PLAN[key]
    if n <= failures:
        _fail(kind, "%s attempt %d" % (key, n))
    return {"key": key, "attempt": n}


@step(name="scn.no_retry")
def no_retry(key):
    CALLS.hit(key)
    kind, _ = PLAN[key]
    _fail(kind, "%s no retry" % key)


@workflow(name="scn.three_adds")
def three_adds(x):
    a = add(x, 1)
    b = add(a, 10)
    c = add(b, 100)
    return {"total": c}


@workflow(name="scn.flaky_then_add")
def flaky_then_add(key):
    out = flaky(key)
    return {"flaky": out, "sum": add(out["attempt"], 1)}


@workflow(name="scn.fails_without_retry")
def fails_without_retry(key):
    add(1, 1)
    no_retry(key)
    return "unreachable"


@workflow(name="scn.java_in_body")
def java_in_body(message):
    add(1, 2)
    from gateway_sim.jvm import IllegalStateException
    raise IllegalStateException(message)


UMLAUT = u"F\u00fcllstand zu niedrig: 5 \u00b0C"  # non-ASCII text, as operators write it


@step(name="scn.echo")
def echo(value):
    CALLS.hit("echo")
    return {"echo": value, "big": 2 ** 40 + 1}


@step(name="scn.unicode_failure")
def unicode_failure(message):
    raise ValueError(message)


@workflow(name="scn.unicode")
def unicode_workflow(label):
    out = echo(label)
    try:
        unicode_failure(label)
    except Exception as e:  # a Python step error reaches the workflow as a Python exception
        out["caught"] = u"%s" % (e,)
    return out


@workflow(name="scn.until_timeout")
def until_timeout():
    from exchange.workflows.engine import context
    for i in range(100000):
        add(i, 0)
        context.sleep(0.01)


def _json(text):
    return json.loads(text) if text else None


class StepScenarios(support.EngineCase):

    def setUp(self):
        support.EngineCase.setUp(self)
        CALLS.reset()
        PLAN.clear()

    def test_three_steps_checkpointed_in_order(self):
        row = self.run_to_end("scn.three_adds", {"x": 1})
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(_json(row["result_json"]), {"total": 112})
        ops = self.op_rows(row["workflow_id"])
        self.assertEqual([(o["call_seq"], o["step_name"], o["status"]) for o in ops],
                         [(1, "scn.add", "SUCCESS"), (2, "scn.add", "SUCCESS"),
                          (3, "scn.add", "SUCCESS")])
        self.assertEqual([_json(o["output_json"]) for o in ops], [2, 12, 112])
        self.assertEqual(CALLS.get("add"), 3)

    def _retried_then_success(self, kind):
        key = "retry-%s" % kind
        PLAN[key] = (kind, 2)
        row = self.run_to_end("scn.flaky_then_add", {"key": key})
        self.assertEqual(row["status"], "SUCCESS", row)
        self.assertEqual(_json(row["result_json"])["flaky"], {"key": key, "attempt": 3})
        self.assertEqual(CALLS.get(key), 3)
        first = self.op_rows(row["workflow_id"])[0]
        self.assertEqual((first["step_name"], first["status"], first["attempts"]),
                         ("scn.flaky", "SUCCESS", 3))

    def test_python_exception_is_retried(self):
        self._retried_then_success("python")

    def test_java_exception_is_retried_like_a_python_one(self):
        self._retried_then_success("java")

    def test_sql_exception_from_a_bad_query_is_retried(self):
        self._retried_then_success("sql")

    def _recorded_error(self, kind, expect_text):
        key = "fail-%s" % kind
        PLAN[key] = (kind, 99)
        row = self.run_to_end("scn.fails_without_retry", {"key": key})
        self.assertEqual(row["status"], "ERROR", row)
        self.assertEqual(CALLS.get(key), 1)  # no retries by default
        ops = self.op_rows(row["workflow_id"])
        self.assertEqual([(o["call_seq"], o["status"]) for o in ops], [(1, "SUCCESS"), (2, "ERROR")])
        step_err = ops[1]["error_json"] or ""
        self.assertIn(expect_text, step_err)
        self.assertIn(expect_text, row["error_json"] or "")
        return row

    def test_python_exception_recorded_as_step_error(self):
        self._recorded_error("python", "ValueError")

    def test_java_exception_recorded_as_step_error_and_worker_survives(self):
        """A Java exception escaping the step body must not kill the worker thread."""
        self._recorded_error("java", "IllegalStateException")
        # The same kernel still runs work afterwards (its worker did not die).
        self.assertEqual(self.run_to_end("scn.three_adds", {"x": 0})["status"], "SUCCESS")

    def test_sql_exception_recorded_as_step_error(self):
        self._recorded_error("sql", "no_such_table_for_fail-sql")

    def test_java_exception_in_workflow_body_ends_run_in_error(self):
        row = self.run_to_end("scn.java_in_body", {"message": "body broke"})
        self.assertEqual(row["status"], "ERROR", row)
        self.assertIn("IllegalStateException", row["error_json"] or "")
        self.assertIn("body broke", row["error_json"] or "")
        self.assertEqual(self.run_to_end("scn.three_adds", {"x": 0})["status"], "SUCCESS")

    def test_replay_returns_recorded_outputs_without_rerunning_steps(self):
        row = self.run_to_end("scn.three_adds", {"x": 5})
        self.assertEqual(CALLS.get("add"), 3)
        wid = row["workflow_id"]
        # Put the finished run back in the queue (what an operator's replay does);
        # every step has a SUCCESS checkpoint, so none may run again.
        self.system.db.runPrepUpdate(self.sql(
            "UPDATE workflow_status SET status = 'ENQUEUED', claimed_by = NULL, claimed_node = NULL, "
            "claimed_at_epoch_ms = NULL, started_at_epoch_ms = NULL, completed_at_epoch_ms = NULL, "
            "lease_expires_at = NULL, deadline_epoch_ms = NULL, result_json = NULL "
            "WHERE workflow_id = ?"), [wid], self.db_name)
        again = self.wait_status(wid)
        self.assertEqual(again["status"], "SUCCESS", again)
        self.assertEqual(_json(again["result_json"]), {"total": 116})
        self.assertEqual(CALLS.get("add"), 3)
        self.assertEqual(len(self.op_rows(wid)), 3)

    def test_non_ascii_text_and_big_integers_round_trip(self):
        """unicode vs str and int vs long are where 2.7 code breaks: inputs, outputs,
        step errors and the recorded error text all keep the operator's text."""
        row = self.run_to_end("scn.unicode", {"label": UMLAUT})
        self.assertEqual(row["status"], "SUCCESS", row)
        out = _json(row["result_json"])
        self.assertEqual(out, {"echo": UMLAUT, "big": 2 ** 40 + 1, "caught": UMLAUT})
        ops = self.op_rows(row["workflow_id"])
        self.assertEqual([o["status"] for o in ops], ["SUCCESS", "ERROR"])
        self.assertIn(UMLAUT, _json(ops[1]["error_json"])["message"])

    def test_timeout_cancels_a_run_that_runs_too_long(self):
        row = self.run_to_end("scn.until_timeout", timeoutSeconds=0.3)
        self.assertEqual(row["status"], "CANCELLED", row)
        self.assertIn("time", (row["error_json"] or "").lower())
