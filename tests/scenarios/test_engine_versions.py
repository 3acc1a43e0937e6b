"""Application versions: each run records one; dispatch and recovery hand a run only to
a gateway running a compatible version (policy ``same``, or ``any``); runs are listed
by version and forked onto a new one. On SQLite, PostgreSQL and MariaDB.
"""
from __future__ import absolute_import, division, print_function

import json
import uuid

from exchange.workflows.bootstrap import getWorkflows, step, workflow
from exchange.workflows.errors import InvalidArgument

from . import support

CALLS = support.Counter()


@step(name="scn.ver.touch")
def touch(tag):
    CALLS.hit(tag)
    return tag


@workflow(name="scn.ver.job")
def job(tag):
    return touch(tag)


class VersionMixin(object):

    def test_runs_record_the_gateway_version_or_the_given_one(self):
        derived = self.rt.getApplicationVersion()
        self.assertEqual(len(derived), 12)
        row = self.run_to_end("scn.ver.job", {"tag": "a"})
        self.assertEqual(row["application_version"], derived)
        self.rt.configure(appVersion="2026.12")
        self.assertEqual(self.rt.getApplicationVersion(), "2026.12")
        self.assertEqual(self.run_to_end("scn.ver.job", {"tag": "b"})["application_version"],
                         "2026.12")
        self.rt.configure(appVersion="")  # back to the derived version
        self.assertEqual(self.rt.getApplicationVersion(), derived)

    def test_a_start_without_a_version_takes_the_claiming_gateways(self):
        """A process that only enqueues (the CLI, another project) has its own registry: the
        run is not pinned to it; the gateway that claims it records its version."""
        self.rt.enterMaintenance("drain", "hold the start unclaimed")
        wid = self.start("scn.ver.job", {"tag": "client"}, allowDuringMaintenance=True)
        self.assertIsNone(self.workflow_row(wid)["application_version"])
        self.rt.exitMaintenance()
        row = self.wait_status(wid)
        self.assertEqual((row["status"], row["application_version"]),
                         ("SUCCESS", self.rt.getApplicationVersion()))

    def test_same_policy_leaves_other_versions_to_their_gateways_then_any_takes_them(self):
        other = self.start("scn.ver.job", {"tag": "old"}, applicationVersion="old-build")
        mine = self.start("scn.ver.job", {"tag": "new"}, priority=5)  # claimed after `other`
        self.assertEqual(self.wait_status(mine)["status"], "SUCCESS")
        self.rt.dispatch()
        self.assertEqual(self.workflow_row(other)["status"], "ENQUEUED")
        self.assertEqual(CALLS.get("old"), 0)
        listed = self.rt.listRuns(applicationVersion="old-build")
        self.assertEqual([r["workflowId"] for r in listed], [other])
        self.rt.configure(versionPolicy="any")
        self.assertEqual(self.wait_status(other)["status"], "SUCCESS")
        self.assertEqual(CALLS.get("old"), 1)

    def test_fork_onto_the_new_version(self):
        other = self.start("scn.ver.job", {"tag": "stranded"}, applicationVersion="v0")
        self.rt.cancelWorkflow(other, "superseded by v-now")
        fork = self.rt.forkWorkflow(other, 1, applicationVersion=self.rt.getApplicationVersion())
        row = self.wait_status(fork)
        self.assertEqual((row["status"], json.loads(row["result_json"])), ("SUCCESS", "stranded"))
        self.assertEqual(row["application_version"], self.rt.getApplicationVersion())

    def test_recovery_hands_a_run_only_to_a_compatible_gateway(self):
        """Two runs of a gateway that died (expired lease): the one of this gateway's
        version is recovered and finished here; the other goes back to its queue."""
        mine = self.start("scn.ver.job", {"tag": "r-mine"}, applicationVersion="held")
        theirs = self.start("scn.ver.job", {"tag": "r-theirs"}, applicationVersion="elsewhere")
        self.system.db.runPrepUpdate(self.sql(
            "UPDATE workflow_status SET status = 'RUNNING', claimed_by = 'dead-gw:1', "
            "claimed_node = 'dead-gw', lease_expires_at = 1, executions = 1 "
            "WHERE workflow_id IN (?, ?)"), [mine, theirs], self.db_name)
        self.rt.configure(appVersion="held")
        self.assertEqual(self.wait_status(mine)["status"], "SUCCESS")
        support.wait_until(lambda: self.workflow_row(theirs)["status"] == "ENQUEUED",
                           message="the other version's run to be re-enqueued")
        self.rt.dispatch()
        self.assertEqual(self.workflow_row(theirs)["status"], "ENQUEUED")
        self.assertEqual(CALLS.get("r-theirs"), 0)

    def test_bad_settings_are_refused(self):
        for values, text in (({"appVersion": 12}, "appVersion must be text"),
                             ({"versionPolicy": "newest"}, "versionPolicy must be one of")):
            try:
                self.rt.configure(**values)
            except InvalidArgument as e:
                self.assertIn(text, "%s" % e)
            else:
                self.fail("configure(%r) was accepted" % (values,))


class VersionSqlite(VersionMixin, support.EngineCase):

    def setUp(self):
        support.EngineCase.setUp(self)
        CALLS.reset()

    def test_the_derived_version_follows_the_registered_code(self):
        before = self.rt.getApplicationVersion()
        started = self.start("scn.ver.job", {"tag": "early"})
        name = "scn.ver.late_%s" % uuid.uuid4().hex[:8]

        def late():
            return "late"
        workflow(name=name)(late)  # new code registered in this interpreter
        after = self.rt.getApplicationVersion()
        self.assertNotEqual(before, after)
        # what this interpreter started under its earlier version still runs here
        self.assertEqual(self.wait_status(started)["status"], "SUCCESS")
        self.assertEqual(self.run_to_end(name)["application_version"], after)


class VersionPostgres(VersionMixin, support.EngineCase):
    db_name = "PG"

    def setUp(self):
        support.start_server_engine(self, "PG")
        CALLS.reset()


class VersionMariaDb(VersionMixin, support.EngineCase):
    db_name = "MY"

    def setUp(self):
        support.start_server_engine(self, "MY")
        CALLS.reset()
