"""system.util.audit's actionTarget (the manual's parameter, missing from the community stubs):
a real project's tag-write wrapper audits with action/actionTarget/actionValue/eventTimestamp
keywords; the target lands in ACTION_TARGET and queryAuditLog's targetFilter finds it."""
from __future__ import absolute_import, division, print_function


def test_audit_keeps_the_action_target(system):
    now = system.date.now()
    system.util.audit(action="tag write", actionTarget="[default]Line/Speed", actionValue="5",
                      eventTimestamp=now)
    system.util.audit(action="tag write", actionValue="7")
    ds = system.util.queryAuditLog("")
    assert ds.getRowCount() == 2
    targets = sorted((ds.getValueAt(r, "ACTION_TARGET") or "") for r in range(ds.getRowCount()))
    assert targets == ["", "[default]Line/Speed"]
    hit = system.util.queryAuditLog("", targetFilter="*Line/Speed")
    assert hit.getRowCount() == 1 and hit.getValueAt(0, "ACTION_VALUE") == "5"
