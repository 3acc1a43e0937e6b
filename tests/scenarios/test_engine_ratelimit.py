"""Queue rate limits: at most N starts per period per queue, enforced in the claim
transaction (so any number of dispatchers and gateways obey it), without starving
other queues. On SQLite, PostgreSQL and MariaDB.
"""
from __future__ import absolute_import, division, print_function


from exchange.workflows.bootstrap import getWorkflows, step, workflow
from exchange.workflows.errors import InvalidArgument

from . import support

CALLS = support.Counter()


@step(name="scn.rate.touch")
def touch(i):
    CALLS.hit("touch")
    return i


@workflow(name="scn.rate.job")
def job(i):
    return touch(i)


class RateLimitMixin(object):

    def claim_times(self, wids):
        rows = [self.workflow_row(w) for w in wids]
        return sorted(int(r["claimed_at_epoch_ms"]) for r in rows)

    def assert_window(self, times, n, period_ms):
        for i in range(len(times) - n):
            self.assertGreaterEqual(times[i + n] - times[i], period_ms,
                                    "more than %d starts within %d ms: %r" % (n, period_ms, times))

    def test_at_most_n_starts_per_period(self):
        self.rt.setQueueRateLimit("rated", 2, 0.5)
        wids = [self.start("scn.rate.job", {"i": i}, queueName="rated") for i in range(6)]
        for w in wids:
            self.assertEqual(self.wait_status(w)["status"], "SUCCESS")
        self.assert_window(self.claim_times(wids), 2, 500)
        self.assertEqual(CALLS.get("touch"), 6)

    def test_concurrent_dispatchers_obey_the_limit_in_the_database(self):
        """Many claim transactions at once (as many gateways would run them): the count is
        taken under the queue's lock row, so the limit holds whatever the interleaving."""
        self.rt.setQueueRateLimit("burst", 3, 60)
        wids = [self.start("scn.rate.job", {"i": i}, queueName="burst") for i in range(12)]
        support.run_threads(6, lambda i: self.rt.dispatch(), name="dispatch")
        support.wait_until(lambda: len(self.rt.listRuns(status="SUCCESS", queueName="burst")) >= 3,
                           message="three rated runs to finish")
        self.rt.dispatch()
        states = [self.workflow_row(w)["status"] for w in wids]
        self.assertEqual(sum(1 for s in states if s != "ENQUEUED"), 3, states)

    def test_a_limit_set_by_another_gateway_applies_to_the_next_claim(self):
        """The claim reads the limits in its own transaction: a dispatcher whose cached view
        predates the limit (another gateway set it) still obeys it."""
        self.rt.configure(sweepMs=3600000)  # the dispatcher's view stays stale
        for _ in range(3):
            self.rt.dispatch()  # ... once it has been read (and its refresh timer armed)
        self.system.db.runPrepUpdate(self.sql(
            "INSERT INTO queue_rate_limits (queue_name, max_starts, period_ms, updated_at) "
            "VALUES ('peer', 2, 3600000, 0)"), [], self.db_name)
        wids = [self.start("scn.rate.job", {"i": i}, queueName="peer") for i in range(5)]
        support.wait_until(lambda: len(self.rt.listRuns(status="SUCCESS", queueName="peer")) >= 2,
                           message="two runs of the limited queue")
        self.rt.dispatch()
        states = [self.workflow_row(w)["status"] for w in wids]
        self.assertEqual(states.count("ENQUEUED"), 3, states)

    def test_a_full_window_does_not_starve_other_queues(self):
        self.rt.setQueueRateLimit("slow", 1, 3600)
        backlog = [self.start("scn.rate.job", {"i": i}, queueName="slow", priority=0)
                   for i in range(30)]
        other = self.start("scn.rate.job", {"i": 99}, priority=5)  # behind the backlog
        self.assertEqual(self.wait_status(other)["status"], "SUCCESS")
        waiting = [w for w in backlog if self.workflow_row(w)["status"] == "ENQUEUED"]
        self.assertEqual(len(waiting), 29)

    def test_removing_the_limit_releases_the_backlog(self):
        self.rt.setQueueRateLimit("held", 1, 3600)
        wids = [self.start("scn.rate.job", {"i": i}, queueName="held") for i in range(4)]
        support.wait_until(lambda: self.rt.listRuns(status="SUCCESS", queueName="held"),
                           message="the first run")
        self.assertEqual(self.rt.listQueueRateLimits(),
                         [{"queueName": "held", "maxStarts": 1, "periodSeconds": 3600.0}])
        self.rt.setQueueRateLimit("held", None)
        self.assertEqual(self.rt.listQueueRateLimits(), [])
        for w in wids:
            self.assertEqual(self.wait_status(w)["status"], "SUCCESS")

    def test_bad_limits_are_refused_with_the_fix(self):
        for args, text in (((0, 1), "maxStarts must be a whole number >= 1"),
                           ((True, 1), "maxStarts must be a whole number >= 1"),
                           ((2, None), "periodSeconds"),
                           ((2, 0), "periodSeconds"),
                           ((2, "x"), "periodSeconds")):
            try:
                self.rt.setQueueRateLimit("q", *args)
            except InvalidArgument as e:
                self.assertIn(text, "%s" % e)
            else:
                self.fail("setQueueRateLimit('q', %r, %r) was accepted" % args)
        self.assertEqual(self.rt.listQueueRateLimits(), [])


class RateLimitSqlite(RateLimitMixin, support.EngineCase):

    def setUp(self):
        support.EngineCase.setUp(self)
        CALLS.reset()


class RateLimitPostgres(RateLimitMixin, support.EngineCase):
    db_name = "PG"

    def setUp(self):
        support.start_server_engine(self, "PG")
        CALLS.reset()


class RateLimitMariaDb(RateLimitMixin, support.EngineCase):
    db_name = "MY"

    def setUp(self):
        support.start_server_engine(self, "MY")
        CALLS.reset()
