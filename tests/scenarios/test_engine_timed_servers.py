"""Issue 14 items 1-3 on PostgreSQL and MariaDB: the schedule, delayed/debounce and
child scenarios of ``test_engine_timed`` re-run on a server datasource (a throw-away
database per test). Skipped, saying why, without a server; a failure when
``GATEWAY_SIM_REQUIRE_SERVICES=1`` (CI).
"""
from __future__ import absolute_import, division, print_function

import uuid

from . import support
from . import test_engine_timed as T
from . import test_mariadb as MY
from . import test_postgres as PG


class _Pg(object):
    db_name = "PG"

    def setUp(self):
        support.require_postgres(self)
        self.srv_db = "scn_%s_%s" % (support.INTERPRETER, uuid.uuid4().hex[:10])
        PG._admin("CREATE DATABASE %s" % self.srv_db)
        self.addCleanup(PG._admin, "DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.srv_db)
        super(_Pg, self).setUp()

    def add_datasource(self):
        self.gw.databases.add_datasource("PG", type="postgresql", host=support.PG_HOST,
                                         port=support.PG_PORT, database=self.srv_db,
                                         user=support.PG_USER)


class _My(object):
    db_name = "MY"

    def setUp(self):
        support.require_mariadb(self)
        self.srv_db = "scn_%s_%s" % (support.INTERPRETER, uuid.uuid4().hex[:10])
        MY._admin("CREATE DATABASE %s" % self.srv_db)
        self.addCleanup(MY._admin, "DROP DATABASE IF EXISTS %s" % self.srv_db)
        super(_My, self).setUp()

    def add_datasource(self):
        self.gw.databases.add_datasource("MY", type="mariadb", host=support.MARIADB_HOST,
                                         port=support.MARIADB_PORT, database=self.srv_db,
                                         user=support.MARIADB_USER)


class _ChildOnServer(T.VirtualEngineCase):
    """The child scenarios need a real clock: children block on events, not on time."""

    def setUp(self):
        support.GatewayCase.setUp(self)
        self.add_datasource()
        from exchange.workflows.bootstrap import getWorkflows
        self.rt = getWorkflows(self.db_name)
        self.addCleanup(self._stop_engine)


class PgSchedules(_Pg, T.ScheduleScenario):
    pass


class PgDelayed(_Pg, T.DelayedScenario):
    pass


class PgChildren(_Pg, _ChildOnServer):
    test_children_are_listed_awaited_and_replayed = \
        T.ChildScenario.__dict__["test_children_are_listed_awaited_and_replayed"]
    test_cancel_parent_cancels_running_children = \
        T.ChildScenario.__dict__["test_cancel_parent_cancels_running_children"]


class MySchedules(_My, T.ScheduleScenario):
    pass


class MyDelayed(_My, T.DelayedScenario):
    pass


class MyChildren(_My, _ChildOnServer):
    test_children_are_listed_awaited_and_replayed = \
        T.ChildScenario.__dict__["test_children_are_listed_awaited_and_replayed"]
    test_cancel_parent_cancels_running_children = \
        T.ChildScenario.__dict__["test_cancel_parent_cancels_running_children"]
