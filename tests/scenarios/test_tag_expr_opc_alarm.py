"""Expression functions, OPC connections, alarms and the 8.1 legacy tag calls, on CPython
and on Jython 2.7 (issue 9 items 6-9): the same simulator core must behave the same."""
from __future__ import absolute_import, division, print_function

from . import support

SERVER = "Ignition OPC UA Server"


class TagExprOpcAlarmScenarios(support.GatewayCase):

    def test_expression_functions(self):
        from gateway_sim.expression import evaluate
        cases = [
            ("switch(2, 1, 2, 'a', 'b', 'z')", u"b"),
            ("numberFormat(1234.5, '#,##0.00')", u"1,234.50"),
            ("jsonGet(\"{'a':{'b':2}}\", 'a.b')", 2),
            ("split('x,y,z', ',')[2, 0]", u"z"),
            ("dateExtract(toDate('2009-1-15 8:07:09'), 'minute')", 7),
            ("stringFormat('%s-%d', 'x', 3)", u"x-3"),
            ("median(4, 1, 3, 2)", 2.5),
            ("try(toInt('boom'), -1)", -1),
            ("lookup(split('a,b', ','), 'b', 'none', 0, 0)", u"b"),
        ]
        for text, want in cases:
            self.assertEqual(evaluate(text), want, text)

    def test_opc_connection_alarms_and_legacy_calls(self):
        self.gw.opc.add_server(SERVER, {"items": {"ns=1;s=[P]Level": 10.0,
                                                  "ns=1;s=[P]Const": {"type": "constant", "value": 3}}})
        self.gw.tags.load_data([
            {"name": "Level", "valueSource": "opc", "dataType": "Float8", "opcServer": SERVER,
             "opcItemPath": "ns=1;s=[P]Level",
             "alarms": [{"name": "High", "mode": "AboveValue", "setpointA": 50, "priority": "High"}]},
            {"name": "Twice", "valueSource": "expr", "dataType": "Float8",
             "expression": "tag('[.]Level') * 2"},
            {"name": "NoConn", "valueSource": "opc", "dataType": "Int4", "opcServer": "Kepware",
             "opcItemPath": "ns=2;s=x"}])
        system = self.system
        self.assertEqual(system.tag.read("Twice").value, 20.0)
        self.assertEqual(system.tag.readAll(["NoConn"])[0].quality.getName(), "Bad_NotConnected")
        self.assertEqual(system.tag.write("Level", 60.0), 1)
        self.assertEqual(system.opc.readValue(SERVER, "ns=1;s=[P]Level").value, 60.0)
        self.assertEqual(system.opc.writeValue(SERVER, "ns=1;s=[P]Const", 1).getName(), "Bad_ReadOnly")
        status = system.alarm.queryStatus(priority=["High"])
        self.assertEqual([str(e.getState()) for e in status], ["ActiveUnacked"])
        self.assertEqual(system.alarm.acknowledge([str(status[0].getId())], "ok", "op"), [])
        system.tag.writeBlocking(["Level"], [5.0])
        self.assertEqual(len(system.alarm.queryStatus()), 0)
        kinds = [e.getLastEventState() for e in system.alarm.queryJournal()]
        self.assertEqual(kinds, ["Active", "Ack", "Clear"])
