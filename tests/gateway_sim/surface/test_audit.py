"""system.util.audit / queryAuditLog on in-memory audit profiles (the audit table's columns)."""
from __future__ import absolute_import, division, print_function

import pytest


def test_audit_then_query(system, virtual_gateway):
    system.util.audit(action="recipe load", actionValue="R-12", actor="ada")
    virtual_gateway.clock.advance(60)
    system.util.audit("valve open", "V1", "Plant", originatingSystem=["project", "Line"],
                      statusCode=192)
    ds = system.util.queryAuditLog("")
    assert list(ds.getColumnNames()) == [
        "AUDIT_EVENTS_ID", "ACTION", "ACTION_TARGET", "ACTION_VALUE", "ACTOR", "ACTOR_HOST",
        "EVENT_TIMESTAMP", "ORIGINATING_CONTEXT", "ORIGINATING_SYSTEM", "STATUS_CODE"]
    assert ds.getRowCount() == 1 and ds.getValueAt(0, "ACTION") == "recipe load"
    assert ds.getValueAt(0, "ACTOR") == "ada" and ds.getValueAt(0, "ORIGINATING_CONTEXT") == 1
    plant = system.util.queryAuditLog("Plant")
    assert plant.getValueAt(0, "ORIGINATING_SYSTEM") == "project=Line"
    assert plant.getValueAt(0, "STATUS_CODE") == 192
    assert system.util.queryAuditLog("", actionFilter="RECIPE*").getRowCount() == 1
    assert system.util.queryAuditLog("", actorFilter="bob").getRowCount() == 0
    later = system.date.addHours(system.date.now(), 1)
    assert system.util.queryAuditLog("", startDate=later, endDate=later).getRowCount() == 0


def test_audit_rejects_an_odd_originating_system(system):
    from gateway_sim.jvm import IllegalArgumentException
    with pytest.raises(IllegalArgumentException) as info:
        system.util.audit("x", originatingSystem=["project"])
    assert "even-length" in str(info.value)
