"""Tag exports as Ignition writes them, on CPython and on Jython 2.7 (issue 9).

A 7.x XML export (crafted: ``tests/gateway_sim/tags/data/tags7.xml``), an 8.x export with a
nested UDT instance that has no ``typeId`` and relative paths, and -- when the shared
folder is there -- the largest real public export (``../shared/fixtures/real/tags``, T1 in
its ``SOURCES.md``: floriansmeyers/SFLOW-Ignition-CLI, MIT; never copied here).
"""
from __future__ import absolute_import, division, print_function

import os
import unittest

from . import support

HERE = os.path.dirname(os.path.abspath(__file__))
XML = os.path.join(os.path.dirname(HERE), "gateway_sim", "tags", "data", "tags7.xml")
T1 = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))), "shared", "fixtures",
                  "real", "tags", "floriansmeyers__SFLOW-Ignition-CLI", "tags-backup.json")

NESTED = {"name": "", "tagType": "Provider", "tags": [
    {"name": "_types_", "tagType": "Folder", "tags": [
        {"name": "Arm", "tagType": "UdtType", "parameters": {"Gain": 2},
         "tags": [{"name": "Raw", "dataType": "Int4", "value": 1},
                  {"name": "Out", "valueSource": "expr", "dataType": "Int4",
                   "expression": "{[.]Raw} * {Gain} + {[.]../Offset}"}]},
        {"name": "Cell", "tagType": "UdtType",
         "tags": [{"name": "Offset", "dataType": "Int4", "value": 100},
                  {"name": "Left", "tagType": "UdtInstance", "typeId": "Arm"}]}]},
    {"name": "Line", "tagType": "Folder", "tags": [
        {"name": "C1", "tagType": "UdtInstance", "typeId": "Cell", "tags": [
            {"name": "Left", "tagType": "UdtInstance", "parameters": {"Gain": 5},
             "tags": [{"name": "Raw", "value": 3}]}]}]}]}


class TagExportScenarios(support.GatewayCase):

    def test_7x_xml_export(self):
        self.gw.tags.load_file(XML)
        v = self.gw.tags.value
        self.assertEqual(v("Line1/M1/Diag/Status"), u"Run M1")
        self.assertEqual(v("Line1/Double"), 85.0)
        self.assertEqual(v("Line1/M1/Amps.EngUnit"), u"mA")
        self.assertEqual(len(self.gw.tags.warnings), 1)

    def test_nested_instance_without_type_id_and_relative_paths(self):
        self.gw.tags.load_data(NESTED)
        self.assertEqual(self.gw.tags.warnings, [])
        self.assertEqual(self.gw.tags.value("Line/C1/Left/Out"), 3 * 5 + 100)
        self.system.tag.writeBlocking(["Line/C1/Offset"], [200])
        self.assertEqual(self.gw.tags.value("Line/C1/Left/Out"), 3 * 5 + 200)

    def test_largest_real_export(self):
        if not os.path.isfile(T1):
            raise unittest.SkipTest("real export absent: %s" % T1)
        self.gw.tags.load_file(T1)
        self.assertEqual(self.gw.tags.warnings, [])
        ds = self.gw.tags.value("Stocks/ORCLHistory")
        self.assertTrue(ds.getRowCount() > 0)
        kids = self.system.tag.browse("Automotive/Cells/Divorce/Right Arm").getResults()
        self.assertEqual(sorted(str(k["name"]) for k in kids), ["Comm", "Power", "Signal"])
        self.gw.tags.flush_events(30)
