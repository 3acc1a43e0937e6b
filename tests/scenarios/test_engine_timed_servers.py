"""Issue 14 items 1-3 on PostgreSQL and MariaDB: the schedule, delayed/debounce and
child scenarios of ``test_engine_timed`` re-run on a server datasource (a throw-away
database per test). Skipped, saying why, without a server; a failure when
``GATEWAY_SIM_REQUIRE_SERVICES=1`` (CI).
"""
from __future__ import absolute_import, division, print_function

from . import support
from . import test_engine_timed as T


class _Server(object):
    """Mixin: the scenario on a throw-away database of server ``db_name``."""

    def setUp(self):
        self.srv_db = support.server_database(self, self.db_name)
        super(_Server, self).setUp()

    def add_datasource(self):
        support.add_server_datasource(self.gw, self.db_name, self.srv_db)


class _Pg(_Server):
    db_name = "PG"


class _My(_Server):
    db_name = "MY"


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
