"""The simulator core as a gateway script sees it: system.tag, system.db, system.date,
system.util -- on CPython and, through JDBC and real Java classes, on Jython 2.7.

What matters on a gateway: quality codes, the default datasource, transactions,
integer/text types from the driver, and that a failed query raises a *Java* exception
(which ``except Exception`` does not catch on Jython).
"""
from __future__ import absolute_import, division, print_function

import numbers
import sys

from . import support

TAGS = {"tags": [{"name": "Line1", "tagType": "Folder", "tags": [
    {"name": "Speed", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Float8",
     "value": 1.5},
    {"name": "Count", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
     "value": 0},
    {"name": "State", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "String",
     "value": "IDLE"},
]}]}


def _good(q):
    """QualityCode.isGood() (also accepts a QualifiedValue)."""
    q = getattr(q, "quality", q)
    return bool(q.isGood())


def _catch_all(fn, *args):
    """Run fn; return (caught_by_except_Exception, exception)."""
    try:
        try:
            fn(*args)
        except Exception as e:
            return True, e
    except:  # noqa: E722 - a Java exception on Jython lands here
        return False, sys.exc_info()[1]
    return None, None


class TagScenarios(support.GatewayCase):

    def setUp(self):
        support.GatewayCase.setUp(self)
        self.gw.tags.load_data(TAGS)

    def test_read_initial_values_with_good_quality(self):
        qvs = self.system.tag.readBlocking(["[default]Line1/Speed", "[default]Line1/State"])
        self.assertEqual(len(qvs), 2)
        self.assertEqual(qvs[0].value, 1.5)
        self.assertEqual(qvs[1].value, "IDLE")
        self.assertTrue(_good(qvs[0]) and _good(qvs[1]))

    def test_write_then_read_back(self):
        qs = self.system.tag.writeBlocking(["[default]Line1/Count", "[default]Line1/State"],
                                           [42, "RUNNING"])
        self.assertTrue(all(_good(q) for q in qs), [str(q) for q in qs])
        count, state = self.system.tag.readBlocking(["[default]Line1/Count", "[default]Line1/State"])
        self.assertEqual(count.value, 42)
        self.assertTrue(isinstance(count.value, numbers.Integral))
        self.assertEqual(state.value, "RUNNING")

    def test_write_coerces_to_the_tag_type(self):
        self.system.tag.writeBlocking(["[default]Line1/Count"], ["7"])
        self.assertEqual(self.system.tag.readBlocking(["[default]Line1/Count"])[0].value, 7)

    def test_missing_tag_reads_bad_not_found(self):
        qv = self.system.tag.readBlocking(["[default]Line1/Nope"])[0]
        self.assertFalse(_good(qv))
        self.assertIn("NotFound", str(qv.quality))

    def test_write_to_missing_tag_is_bad_not_an_exception(self):
        q = self.system.tag.writeBlocking(["[default]Line1/Nope"], [1])[0]
        self.assertFalse(_good(q))

    def test_parallel_writers_all_land(self):
        paths = ["[default]Line1/W%d" % i for i in range(8)]
        self.gw.tags.load_data({"tags": [{"name": "Line1", "tagType": "Folder", "tags": [
            {"name": "W%d" % i, "tagType": "AtomicTag", "valueSource": "memory",
             "dataType": "Int4", "value": 0} for i in range(8)]}]})

        def writer(i):
            for n in range(1, 51):
                q = self.system.tag.writeBlocking([paths[i]], [n])[0]
                if not _good(q):
                    raise AssertionError("write %d to %s: %s" % (n, paths[i], q))
        support.run_threads(8, writer, name="tag-writer")
        self.assertEqual([qv.value for qv in self.system.tag.readBlocking(paths)], [50] * 8)


class DbScenarios(support.GatewayCase):

    def setUp(self):
        support.GatewayCase.setUp(self)
        self.system.db.runPrepUpdate(
            "CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(50), qty INTEGER)",
            [])

    def _count(self, tx=None):
        return self.system.db.runScalarPrepQuery("SELECT COUNT(*) FROM items", [], "", tx)

    def test_default_datasource_insert_query_getkey(self):
        key = self.system.db.runPrepUpdate("INSERT INTO items (name, qty) VALUES (?, ?)",
                                           ["bolt", 3], getKey=True)
        self.assertEqual(key, 1)
        n = self.system.db.runPrepUpdate("INSERT INTO items (name, qty) VALUES (?, ?)", ["nut", 5])
        self.assertEqual(n, 1)
        ds = self.system.db.runPrepQuery("SELECT id, name, qty FROM items ORDER BY id", [])
        self.assertEqual(len(ds), 2)
        self.assertEqual(ds[0]["name"], "bolt")
        self.assertEqual(ds[1][2], 5)
        self.assertTrue(isinstance(ds[1]["qty"], numbers.Integral))
        self.assertEqual(ds.getRowCount(), 2)
        self.assertEqual(ds.getValueAt(1, "NAME"), "nut")  # column names match case-insensitively

    def test_transaction_rollback_and_commit(self):
        tx = self.system.db.beginTransaction()
        self.system.db.runPrepUpdate("INSERT INTO items (name, qty) VALUES (?, ?)", ["a", 1], tx=tx)
        self.assertEqual(self._count(tx), 1)
        self.assertEqual(self._count(), 0)  # not visible outside the transaction
        self.system.db.rollbackTransaction(tx)
        self.system.db.closeTransaction(tx)
        self.assertEqual(self._count(), 0)

        tx = self.system.db.beginTransaction()
        self.system.db.runPrepUpdate("INSERT INTO items (name, qty) VALUES (?, ?)", ["b", 2], tx=tx)
        self.system.db.commitTransaction(tx)
        self.system.db.closeTransaction(tx)
        self.assertEqual(self._count(), 1)

    def test_failed_query_raises_a_java_exception(self):
        """On a gateway a SQL error is a Java exception: `except Exception` does not see it."""
        from exchange.workflows import compat
        from gateway_sim.jvm import Throwable
        caught_by_exception, exc = _catch_all(self.system.db.runPrepQuery,
                                              "SELECT * FROM no_such_table", [])
        self.assertIsNotNone(exc, "a query on a missing table must raise")
        self.assertFalse(caught_by_exception,
                         "caught by `except Exception`: %r is not a Java exception" % (exc,))
        self.assertTrue(isinstance(exc, Throwable))
        self.assertIn("no_such_table", compat.exception_text(exc) + str(exc))

    def test_failed_update_inside_transaction_rolls_back(self):
        tx = self.system.db.beginTransaction()
        try:
            self.system.db.runPrepUpdate("INSERT INTO items (name, qty) VALUES (?, ?)", ["x", 1], tx=tx)
            _, exc = _catch_all(self.system.db.runPrepUpdate, "INSERT INTO nope VALUES (1)", [], "", tx)
            self.assertIsNotNone(exc)
            self.system.db.rollbackTransaction(tx)
        finally:
            self.system.db.closeTransaction(tx)
        self.assertEqual(self._count(), 0)

    def test_failed_connects_do_not_leak_pool_slots(self):
        """A refused connection is a Java SQLException on Jython; every call must report
        it -- a leaked pool slot would turn the 3rd call into a pool-exhausted wait."""
        self.gw.databases.add_datasource("Down", type="postgresql", host="127.0.0.1", port=1,
                                         database="test", user="postgres", maxActive=2,
                                         maxWaitMs=300, connectTimeout=2)
        texts = []
        for _ in range(4):
            _, exc = _catch_all(self.system.db.runPrepQuery, "SELECT 1", [], "Down")
            self.assertIsNotNone(exc)
            texts.append(str(exc))
        for t in texts:
            self.assertNotIn("no free connection", t, texts)
            self.assertIn("refused", t.lower(), texts)

    def test_parallel_inserts_lose_nothing(self):
        def worker(i):
            for n in range(20):
                self.system.db.runPrepUpdate("INSERT INTO items (name, qty) VALUES (?, ?)",
                                             ["t%d" % i, n])
        support.run_threads(8, worker, name="db-writer")
        self.assertEqual(self._count(), 160)
        rows = self.system.db.runPrepQuery(
            "SELECT name, COUNT(*) AS c FROM items GROUP BY name ORDER BY name", [])
        self.assertEqual([(r["name"], r["c"]) for r in rows],
                         [("t%d" % i, 20) for i in range(8)])


class DateUtilScenarios(support.GatewayCase):

    def test_now_is_a_java_date_from_the_gateway_clock(self):
        d = self.system.date.now()
        ms = d.getTime()
        self.assertTrue(isinstance(ms, numbers.Integral))
        self.assertTrue(abs(ms - self.gw.clock.now_ms()) < 60000)
        later = self.system.date.addMinutes(d, 90)
        self.assertEqual(later.getTime() - ms, 90 * 60 * 1000)
        self.assertEqual(self.system.date.minutesBetween(d, later), 90)

    def test_format_and_parse_round_trip(self):
        d = self.system.date.getDate(2026, 10, 25)  # month is 0-based, as in Ignition
        text = self.system.date.format(d, "yyyy-MM-dd")
        self.assertEqual(text, "2026-11-25")
        back = self.system.date.parse("2026-11-25 13:45:00", "yyyy-MM-dd HH:mm:ss")
        self.assertEqual(self.system.date.getHour24(back), 13)

    def test_globals_persist_across_calls(self):
        g = self.system.util.getGlobals()
        g["scenario.key"] = 41
        self.assertEqual(self.system.util.getGlobals()["scenario.key"], 41)

    def test_logger_records_are_kept(self):
        log = self.system.util.getLogger("scenarios.logger")
        log.info("hello from %s" % support.INTERPRETER)
        recs = [r for r in self.gw.util.records if r.logger == "scenarios.logger"]
        self.assertEqual([(r.level, r.message) for r in recs],
                         [("INFO", "hello from %s" % support.INTERPRETER)])


class ClockScenarios(support.GatewayCase):

    def test_timer_raising_a_java_exception_does_not_stop_other_timers(self):
        """Gateway timers (the engine's heartbeat, dispatch) share one scheduler thread:
        a Java exception from one callback must not kill it."""
        import threading
        from gateway_sim.jvm import IllegalStateException
        ticks = support.Counter()
        raised = threading.Event()
        errors = []
        self.gw.clock.error_handler = lambda timer, exc: errors.append(exc)

        def boom():
            raised.set()
            raise IllegalStateException("timer callback failed")

        t = self.gw.clock.call_every(0.02, ticks.hit, "tick", initial_delay=0.0)
        self.addCleanup(t.cancel)
        self.gw.clock.call_later(0.0, boom)
        support.wait_until(raised.is_set, message="the failing timer to run")
        after = ticks.get("tick")
        support.wait_until(lambda: ticks.get("tick") >= after + 3,
                           message="the periodic timer to keep running after a Java exception")
        self.assertEqual(len(errors), 1)
        self.assertIsInstance(errors[0], IllegalStateException)


class TagEventScriptScenarios(support.GatewayCase):
    """Tag change scripts often write to a database; when that query fails it is a Java
    exception on a gateway. It must be logged, and later events must still run."""

    def setUp(self):
        support.GatewayCase.setUp(self)
        script_fail = "\tsystem.db.runPrepQuery('SELECT * FROM no_such_table_in_script', [])"
        script_ok = "\tsystem.tag.writeBlocking(['[default]Events/Seen'], [currentValue.value])"
        self.gw.tags.load_data({"tags": [{"name": "Events", "tagType": "Folder", "tags": [
            {"name": "Failing", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
             "value": 0, "eventScripts": [{"eventid": "valueChanged", "script": script_fail}]},
            {"name": "Working", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
             "value": 0, "eventScripts": [{"eventid": "valueChanged", "script": script_ok}]},
            {"name": "Seen", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
             "value": 0},
        ]}]})
        self.gw.tags.flush_events()

    def test_java_exception_in_a_tag_script_is_logged_and_events_go_on(self):
        self.system.tag.writeBlocking(["[default]Events/Failing"], [1])
        self.system.tag.writeBlocking(["[default]Events/Working"], [7])
        support.wait_until(
            lambda: self.system.tag.readBlocking(["[default]Events/Seen"])[0].value == 7,
            message="the next tag event script to run after one failed with a Java exception")
        errors = [r for r in self.gw.util.records if r.level == "ERROR"
                  and "no_such_table_in_script" in r.message]
        self.assertTrue(errors, [(r.logger, r.level, r.message[:200]) for r in self.gw.util.records])


class QueryTagScenarios(support.GatewayCase):

    def test_query_tag_with_a_failing_query_has_bad_quality(self):
        """A failed SQL query is a Java exception on Jython: the query tag must turn it
        into Error_DatabaseQuery quality, not fail to load or kill its timer."""
        self.system.db.runPrepUpdate("CREATE TABLE levels (v DOUBLE)", [])
        self.system.db.runPrepUpdate("INSERT INTO levels VALUES (?)", [2.5])
        self.gw.tags.load_data({"tags": [{"name": "Q", "tagType": "Folder", "tags": [
            {"name": "Good", "tagType": "AtomicTag", "valueSource": "db", "dataType": "Float8",
             "query": "SELECT max(v) FROM levels", "executionRate": 50},
            {"name": "Bad", "tagType": "AtomicTag", "valueSource": "db", "dataType": "Float8",
             "query": "SELECT nope FROM nowhere", "executionRate": 50},
        ]}]})
        good, bad = self.system.tag.readBlocking(["[default]Q/Good", "[default]Q/Bad"])
        self.assertEqual(good.value, 2.5)
        self.assertFalse(_good(bad))
        self.assertIn("DatabaseQuery", str(bad.quality))
        # the polling keeps going after the failures: a new row shows up in the good tag
        self.system.db.runPrepUpdate("INSERT INTO levels VALUES (?)", [9.0])
        support.wait_until(lambda: self.system.tag.readBlocking(["[default]Q/Good"])[0].value == 9.0,
                           message="the query tag to poll again")
