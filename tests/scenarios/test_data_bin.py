"""Ignition 8.1 ``data.bin`` gateway events and global props, on CPython and Jython 2.7.

The binary codec is single-source 2.7/3: a project whose events exist only as an
``ignition/event-scripts/data.bin`` (written here by the simulator's encoder)
loads, registers every event kind and runs them; a broken data.bin costs a warning,
not the project; global props give the project's default datasource.
"""
from __future__ import absolute_import, division, print_function

import io
import os
import shutil
import tempfile

from . import support

TIMER = "g = system.util.getGlobals()\ng['tick'] = g.get('tick', 0) + 1\n"
MESSAGE = "def handleMessage(payload):\n\treturn payload['x'] * 2\n"
SCHEDULED = "\tsystem.util.getGlobals()['cron'] = True\n"
STARTUP = "system.util.getGlobals()['started'] = True\n"
TAG_CHANGE = "system.util.getGlobals()['changed'] = newValue\n"


def _write(path, data):
    d = os.path.dirname(path)
    if not os.path.isdir(d):
        os.makedirs(d)
    with io.open(path, "wb") as f:
        f.write(data)


class DataBinScenario(support.GatewayCase):

    def setUp(self):
        support.GatewayCase.setUp(self)
        self.root = tempfile.mkdtemp(prefix="scenario-databin-")
        self.addCleanup(shutil.rmtree, self.root, True)

    def _project(self, name, event_bin=None, props_bin=None):
        path = os.path.join(self.root, name)
        _write(os.path.join(path, "project.json"), b'{"title": "p"}')
        if event_bin is not None:
            _write(os.path.join(path, "ignition", "event-scripts", "data.bin"), event_bin)
        if props_bin is not None:
            _write(os.path.join(path, "ignition", "global-props", "data.bin"), props_bin)
        return path

    def test_every_event_kind_round_trips_and_runs(self):
        from gateway_sim.project import events81
        from gateway_sim.project.events import EventScript
        events = [
            EventScript("startup", "startup", STARTUP, {}, "p", "p"),
            EventScript("timer", "tick", TIMER, {"delay": 250, "fixedDelay": False,
                                                 "sharedThread": False}, "p", "p"),
            EventScript("message", "double", MESSAGE, {"threadType": "Dedicated"}, "p", "p"),
            EventScript("scheduled", "nightly", SCHEDULED, {"cronExpression": "0 2 L * *",
                                                            "enabled": False}, "p", "p"),
            EventScript("tag-change", "level", TAG_CHANGE, {
                "paths": ["[default]Tank/Level"], "changeTypes": ["ValueChange"]}, "p", "p"),
        ]
        proj = self.gw.projects.load(self._project("p", events81.encode_events(events, 0)))
        self.assertEqual(events81.event_tuples(proj.events.values()),
                         events81.event_tuples(events))
        g = self.system.util.getGlobals()
        self.assertTrue(g["started"])
        self.assertEqual(self.system.util.sendRequest(proj.name, "double", {"x": 21}), 42)
        self.gw.projects.run_event("timer", "tick")
        self.gw.projects.run_event("scheduled", "nightly")
        self.assertEqual(g["tick"], 1)
        self.assertTrue(g["cron"])

    def test_broken_data_bin_loads_the_project_without_events(self):
        from gateway_sim.project import events81
        from gateway_sim.project.events import EventScript
        good = events81.encode_events([EventScript("timer", "t", TIMER, {"delay": 1000},
                                                   "p", "p")], 0)
        import gzip
        raw = bytearray(gzip.GzipFile(fileobj=io.BytesIO(good)).read())
        raw[-5] = 0x7f  # the last text record now claims an unknown payload length
        proj = self.gw.projects.load(self._project("broken", bytes(raw)), start=False)
        self.assertEqual(proj.events, {})

    def test_global_props_default_datasource(self):
        from gateway_sim.project import beans, resource_codec
        props = beans.Bean("com.inductiveautomation.ignition.common.project.GlobalProps", [
            ("setDefaultDatasourceName", ("str",), ["Plant"])])
        data = resource_codec.encode(beans.values_document([props]))
        self.gw.databases.add_datasource("Plant", type="sqlite",
                                         path=os.path.join(self.root, "plant.sqlite"))
        self.gw.projects.load(self._project("props", props_bin=data))
        self.assertEqual(self.gw.databases.default_name, "Plant")
