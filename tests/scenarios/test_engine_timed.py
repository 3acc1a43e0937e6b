"""Issue 14 items 1-3: child workflows, cron schedules, delayed start and debounce.

Written once (2.7/3 single source) and run on CPython and on the Jython leg. The
schedule and delay cases use a ``VirtualClock`` gateway: advancing the clock is
what makes ticks and delayed runs due, so a day of hourly ticks takes milliseconds.
"""
from __future__ import absolute_import, division, print_function

import threading

from exchange.workflows.bootstrap import getWorkflows, step, workflow
from exchange.workflows.errors import InvalidArgument

from . import support

CALLS = support.Counter()
GATES = {}
HOUR_MS = 3600000
DAY_START = 1767225600.0  # 2026-01-01T00:00:00Z, a whole hour


@step(name="scn.timed.note")
def note(key, value):
    CALLS.hit(key)
    return value


@workflow(name="scn.timed.echo")
def echo(key, value=None):
    return note(key, value)


@workflow(name="scn.timed.ticked")
def ticked(key, scheduledAtMs=None):
    note(key, scheduledAtMs)
    return scheduledAtMs


@workflow(name="scn.timed.declared", schedule="0 */6 * * *")
def declared_schedule():
    return note("declared", 1)


@workflow(name="scn.timed.blocking_child")
def blocking_child(key):
    note(key, 0)
    ev = GATES.get(key)
    rt = getWorkflows()
    while ev is not None and not ev.is_set():
        rt.checkCancelled()
        ev.wait(0.01)
    return note(key + ":done", 1)


@workflow(name="scn.timed.parent")
def parent(key, n):
    rt = getWorkflows()
    handles = [rt.startWorkflow("scn.timed.blocking_child", {"key": "%s-%d" % (key, i)})
               for i in range(n)]
    return [h.getResult() for h in handles]


@workflow(name="scn.timed.adder_child")
def adder_child(a, b):
    return note("adder", a + b)


@workflow(name="scn.timed.awaits_children")
def awaits_children(key):
    rt = getWorkflows()
    h1 = rt.startWorkflow("scn.timed.adder_child", {"a": 1, "b": 2})
    h2 = rt.startWorkflow("scn.timed.adder_child", {"a": 10, "b": 20}, delaySeconds=0.05)
    return h1.getResult() + h2.getResult()


class VirtualEngineCase(support.EngineCase):
    """EngineCase on a gateway whose clock moves only when told to."""

    def setUp(self):
        from gateway_sim import Gateway, VirtualClock, simulate
        import shutil
        import tempfile
        self.data_dir = tempfile.mkdtemp(prefix="scenario-%s-" % support.INTERPRETER)
        self.clock = VirtualClock(start=DAY_START)
        self.gw = Gateway(name=self.gateway_name, data_dir=self.data_dir,
                          project_name=self.project_name, clock=self.clock)
        self._sim = simulate(self.gw)
        self._sim.__enter__()
        self.addCleanup(shutil.rmtree, self.data_dir, True)
        self.addCleanup(self._stop_gateway)
        import gateway_sim.system as system_pkg
        self.system = system_pkg
        self.add_datasource()
        self.rt = getWorkflows(self.db_name)
        self.addCleanup(self._stop_engine)

    def add_datasource(self):
        """Servers' variants (test_engine_timed_servers.py) add theirs here."""

    def restart(self, down_seconds):
        """Stop the engine and the gateway, then start a new gateway on the same data
        folder (same database) ``down_seconds`` later: what survives is what was durable."""
        from gateway_sim import Gateway, VirtualClock, simulate
        self._stop_engine()
        self._sim.__exit__(None, None, None)
        self.gw.shutdown()
        self.clock = VirtualClock(start=self.clock.time() + down_seconds)
        self.gw = Gateway(name=self.gateway_name, data_dir=self.data_dir,
                          project_name=self.project_name, clock=self.clock)
        self._sim = simulate(self.gw)
        self._sim.__enter__()
        self.add_datasource()
        self.rt = getWorkflows(self.db_name)

    def now_ms(self):
        return int(self.clock.time() * 1000)


class ScheduleScenario(VirtualEngineCase):

    def wait_declared(self):
        def written():
            self.rt.dispatch()
            return self.rt.getSchedule("scn.timed.declared")
        return support.wait_until(written, message="the declared schedule to be written")

    def runs_of(self, name):
        return [r for r in self.rt.listRuns(workflowName=name, limit=1000, newestFirst=False)]

    def test_a_day_of_hourly_ticks_runs_once_each_on_the_virtual_clock(self):
        CALLS.reset()
        info = self.rt.addSchedule("hourly", "scn.timed.ticked", "0 * * * *",
                                   inputs={"key": "hourly"})
        self.assertEqual(info["nextFireMs"], int(DAY_START * 1000) + HOUR_MS)
        want = ["sched-hourly-%d" % (int(DAY_START * 1000) + h * HOUR_MS) for h in range(1, 25)]
        for h in range(24):
            self.clock.advance(3600)
            # dispatch() as a gateway timer would, until the tick's run exists (a busy
            # database may fail one cycle: the next one retries)
            support.wait_until(lambda: self.rt.dispatch() is not None
                               and self.workflow_row(want[h]), message="tick %d" % h)
            self.rt.dispatch()  # a second cycle at the same time fires nothing more
        ids = [r["workflowId"] for r in self.runs_of("scn.timed.ticked")]
        self.assertEqual(sorted(ids), sorted(want))
        for wid in want:
            self.wait_status(wid, ("SUCCESS",))
        self.assertEqual(CALLS.get("hourly"), 24)
        row = self.rt.retrieve(want[0]).getResult()
        self.assertEqual(row, int(DAY_START * 1000) + HOUR_MS)  # scheduledAtMs passed in

    def test_missed_ticks_skip_or_catch_up_bounded(self):
        self.rt.addSchedule("skipper", "scn.timed.echo", "*/10 * * * *", inputs={"key": "s"})
        self.rt.addSchedule("catcher", "scn.timed.echo", "*/10 * * * *", inputs={"key": "c"},
                            missedPolicy="catchup", maxCatchup=5)
        self.clock.advance(24 * 3600)  # a day of downtime: 144 ticks missed
        end = int(DAY_START * 1000) + 24 * HOUR_MS
        want = ["sched-catcher-%d" % (end - i * 600000) for i in range(5)] + \
            ["sched-skipper-%d" % end]

        def fired():  # the engine's own dispatcher may be the one firing: wait for both
            self.rt.dispatch()
            return all(self.rt.getSchedule(n)["lastFireMs"] == end for n in ("skipper", "catcher"))
        support.wait_until(fired, message="both schedules to fire")
        ids = sorted(r["workflowId"] for r in self.runs_of("scn.timed.echo"))
        self.assertEqual(ids, sorted(want))
        self.assertEqual(self.rt.getSchedule("skipper")["nextFireMs"], end + 600000)

    def test_catch_up_after_a_gateway_restart_and_no_duplicate_after_re_adding(self):
        self.rt.addSchedule("cu", "scn.timed.echo", "0 * * * *", inputs={"key": "cu"},
                            missedPolicy="catchup", maxCatchup=3)
        self.restart(5 * 3600)  # down for 5 hours: ticks 1..5 missed, the last 3 run
        start = int(DAY_START * 1000)
        want = ["sched-cu-%d" % (start + h * HOUR_MS) for h in (3, 4, 5)]

        def fired():
            self.rt.dispatch()
            return self.rt.getSchedule("cu")["lastFireMs"] == start + 5 * HOUR_MS
        support.wait_until(fired, message="the catch-up after the restart")
        self.assertEqual(sorted(r["workflowId"] for r in self.runs_of("scn.timed.echo")), want)
        for wid in want:
            self.wait_status(wid, ("SUCCESS",))
        # removed and added again: the next tick's run is new, past ticks are not re-run
        self.assertTrue(self.rt.removeSchedule("cu"))
        self.rt.addSchedule("cu", "scn.timed.echo", "0 * * * *", inputs={"key": "cu"})
        self.clock.advance(3600)
        nxt = "sched-cu-%d" % (start + 6 * HOUR_MS)
        self.wait_status(nxt, ("SUCCESS",))
        self.assertEqual(len(self.runs_of("scn.timed.echo")), 4)

    def test_pause_resume_remove_and_list(self):
        self.rt.addSchedule("p", "scn.timed.echo", "0 * * * *", inputs={"key": "p"})
        self.assertTrue(self.rt.pauseSchedule("p"))
        self.assertIsNone(self.rt.getSchedule("p")["nextFireMs"])
        self.clock.advance(3 * 3600)
        self.rt.dispatch()
        self.assertEqual(self.runs_of("scn.timed.echo"), [])
        self.assertTrue(self.rt.resumeSchedule("p"))
        self.assertEqual(self.rt.getSchedule("p")["nextFireMs"],
                         int(DAY_START * 1000) + 4 * HOUR_MS)
        self.wait_declared()
        # schedules declared in code are per process: other modules imported in this
        # process (docs examples, other scenarios) may declare theirs too
        names = [s["name"] for s in self.rt.listSchedules() if s["name"] in ("p", "scn.timed.declared")]
        self.assertEqual(names, ["p", "scn.timed.declared"])
        self.assertTrue(self.rt.removeSchedule("p"))
        self.assertFalse(self.rt.removeSchedule("p"))
        self.assertIsNone(self.rt.getSchedule("p"))

    def test_declared_schedule_fires(self):
        CALLS.reset()
        self.wait_declared()  # the first dispatch cycle writes the declaration
        self.clock.advance(6 * 3600)
        self.rt.dispatch()
        wid = "sched-scn.timed.declared-%d" % (int(DAY_START * 1000) + 6 * HOUR_MS)
        self.wait_status(wid, ("SUCCESS",))

    def test_bad_schedule_arguments_are_one_clear_error(self):
        for kw, fragment in (({"cron": "61 * * * *"}, "minute value 61"),
                             ({"timeZone": "Nowhere/City"}, "unknown time zone"),
                             ({"missedPolicy": "later"}, "missedPolicy"),
                             ({"maxCatchup": 0}, "maxCatchup"),
                             ({"name": "has space"}, "schedule name")):
            args = {"name": "x", "workflowName": "scn.timed.echo", "cron": "* * * * *",
                    "inputs": {"key": "x"}}
            args.update(kw)
            try:
                self.rt.addSchedule(**args)
            except InvalidArgument as e:
                self.assertIn(fragment, str(e))
            else:
                self.fail("no error for %r" % (kw,))

    def test_two_gateways_racing_fire_each_tick_once(self):
        self.rt.addSchedule("race", "scn.timed.echo", "* * * * *", inputs={"key": "r"})
        from exchange.workflows.engine import schedules
        row = self.query("SELECT * FROM schedules WHERE schedule_name = 'race'")[0]
        self.clock.advance(60)  # the engine's own dispatcher races too
        now = self.now_ms()
        results = support.run_threads(4, lambda i: schedules._fire_one(self.rt, row, now))
        self.assertTrue(sum(results) <= 1, results)
        self.rt.dispatch()
        self.assertEqual([r["workflowId"] for r in self.runs_of("scn.timed.echo")],
                         ["sched-race-%d" % int(row["next_fire_at"])])


class DelayedScenario(VirtualEngineCase):

    def test_delayed_start_waits_for_its_time_and_survives_in_the_database(self):
        CALLS.reset()
        wid = self.rt.enqueue("scn.timed.echo", {"key": "d", "value": 7}, delaySeconds=30)
        self.assertEqual(self.workflow_row(wid)["status"], "DELAYED")
        self.rt.dispatch()
        self.clock.advance(29)
        self.rt.dispatch()
        self.assertEqual(self.workflow_row(wid)["status"], "DELAYED")
        self.clock.advance(1)
        self.assertEqual(self.wait_status(wid, ("SUCCESS",))["status"], "SUCCESS")
        self.assertEqual(CALLS.get("d"), 1)
        at = self.now_ms() + 5000
        wid2 = self.rt.startWorkflow("scn.timed.echo", {"key": "d2"}, startAtMs=at).workflowId
        self.clock.advance(5)
        self.wait_status(wid2, ("SUCCESS",))

    def test_delayed_and_debounced_runs_survive_a_gateway_restart(self):
        CALLS.reset()
        wid = self.rt.enqueue("scn.timed.echo", {"key": "dr", "value": 1}, delaySeconds=60)
        deb = self.rt.enqueue("scn.timed.echo", {"key": "db", "value": 1}, debounceKey="r",
                              debounceSeconds=30)
        self.restart(10)  # back before either is due
        self.assertEqual(self.rt.enqueue("scn.timed.echo", {"key": "db", "value": 2},
                                         debounceKey="r", debounceSeconds=30), deb)
        self.rt.dispatch()
        self.assertEqual(self.workflow_row(wid)["status"], "DELAYED")
        self.clock.advance(60)
        self.assertEqual(self.wait_status(wid, ("SUCCESS",))["status"], "SUCCESS")
        self.wait_status(deb, ("SUCCESS",))
        self.assertEqual(self.rt.retrieve(deb).getResult(), 2)
        self.assertEqual((CALLS.get("dr"), CALLS.get("db")), (1, 1))

    def test_cancel_a_delayed_run_never_starts_it(self):
        CALLS.reset()
        wid = self.rt.enqueue("scn.timed.echo", {"key": "never"}, delaySeconds=10)
        self.assertEqual(self.rt.cancelWorkflow(wid), 1)
        self.clock.advance(20)
        self.rt.dispatch()
        self.assertEqual(self.workflow_row(wid)["status"], "CANCELLED")
        self.assertEqual(self.query("SELECT * FROM delayed_starts"), [])
        self.assertEqual(CALLS.get("never"), 0)

    def test_flapping_tag_debounces_into_one_run_with_the_latest_inputs(self):
        CALLS.reset()
        ids = set()
        for i in range(10):  # a change every 2 s, window 5 s: one burst
            ids.add(self.rt.enqueue("scn.timed.echo", {"key": "flap", "value": i},
                                    debounceKey="Tank1/Level", debounceSeconds=5))
            self.clock.advance(2)
            self.rt.dispatch()
        self.assertEqual(len(ids), 1)
        wid = ids.pop()
        self.clock.advance(5)
        self.assertEqual(self.wait_status(wid, ("SUCCESS",))["status"], "SUCCESS")
        self.assertEqual(self.rt.retrieve(wid).getResult(), 9)
        self.assertEqual(CALLS.get("flap"), 1)
        # after the burst's run started, a new start opens a new burst
        wid2 = self.rt.enqueue("scn.timed.echo", {"key": "flap", "value": 99},
                               debounceKey="Tank1/Level", debounceSeconds=5)
        self.assertNotEqual(wid2, wid)

    def test_debounce_max_wait_bounds_a_burst_that_never_settles(self):
        ids = []
        for i in range(20):  # every 2 s for 40 s, window 5 s, at most 11 s per burst
            ids.append(self.rt.enqueue("scn.timed.echo", {"key": "mw", "value": i},
                                       debounceKey="k", debounceSeconds=5,
                                       debounceMaxWaitSeconds=11))
            self.clock.advance(2)
            self.rt.dispatch()
        self.assertTrue(3 <= len(set(ids)) <= 5, ids)

    def test_concurrent_debounced_starts_coalesce(self):
        ids = support.run_threads(8, lambda i: self.rt.enqueue(
            "scn.timed.echo", {"key": "cc", "value": i}, debounceKey="same", debounceSeconds=60))
        self.assertEqual(len(set(ids)), 1)
        self.assertEqual(len(self.rt.listRuns(workflowName="scn.timed.echo")), 1)

    def test_bad_delay_arguments_are_one_clear_error(self):
        for kw, fragment in (({"delaySeconds": -1}, "delaySeconds"),
                             ({"delaySeconds": 1, "startAtMs": 5}, "either delaySeconds"),
                             ({"startAtMs": "soon"}, "startAtMs"),
                             ({"debounceKey": "k"}, "debounceSeconds is required"),
                             ({"debounceSeconds": 3}, "need a debounceKey"),
                             ({"debounceKey": "k", "debounceSeconds": 5,
                               "debounceMaxWaitSeconds": 2}, "debounceMaxWaitSeconds")):
            try:
                self.rt.enqueue("scn.timed.echo", {"key": "x"}, **kw)
            except InvalidArgument as e:
                self.assertIn(fragment, str(e))
            else:
                self.fail("no error for %r" % (kw,))


class ChildScenario(support.EngineCase):

    def test_children_are_listed_awaited_and_replayed(self):
        wid = self.start("scn.timed.awaits_children", {"key": "a"})
        row = self.wait_status(wid, ("SUCCESS",))
        self.assertEqual(self.rt.retrieve(wid).getResult(), 33)
        kids = self.rt.listChildren(wid)
        self.assertEqual([k["workflowId"] for k in kids], [wid + "-c1", wid + "-c2"])
        self.assertTrue(all(k["parentWorkflowId"] == wid for k in kids))
        self.assertEqual(len(self.rt.listRuns(parentWorkflowId=wid)), 2)
        kinds = [s["kind"] for s in self.rt.listRunSteps(wid)]
        self.assertEqual(kinds, ["child", "child", "getResult", "getResult"])
        self.assertEqual(row["status"], "SUCCESS")

    def test_cancel_parent_cancels_running_children(self):
        CALLS.reset()
        for i in range(2):
            GATES["cp-%d" % i] = threading.Event()
        wid = self.start("scn.timed.parent", {"key": "cp", "n": 2})
        support.wait_until(lambda: CALLS.get("cp-0") and CALLS.get("cp-1"),
                           message="both children running")
        self.assertEqual(self.rt.cancelWorkflow(wid, "operator stop"), 1)
        for i in range(2):
            row = self.wait_status("%s-c%d" % (wid, i + 1), ("CANCELLED",))
            self.assertIn("parent %s cancelled" % wid, row["error_json"])
        self.wait_status(wid, ("CANCELLED",))
        self.assertEqual(CALLS.get("cp-0:done") + CALLS.get("cp-1:done"), 0)

    def test_abandon_policy_leaves_children_running(self):
        CALLS.reset()
        GATES["ab-0"] = threading.Event()
        wid = self.start("scn.timed.parent", {"key": "ab", "n": 1})
        support.wait_until(lambda: CALLS.get("ab-0"), message="child running")
        self.assertEqual(self.rt.cancelWorkflow(wid, children="abandon"), 1)
        self.wait_status(wid, ("CANCELLED",))
        GATES["ab-0"].set()
        self.assertEqual(self.wait_status(wid + "-c1", ("SUCCESS",))["status"], "SUCCESS")
        with self.assertRaises(InvalidArgument):
            self.rt.cancelWorkflow(wid, children="maybe")
