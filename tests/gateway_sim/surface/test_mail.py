"""system.net.sendEmail records into the gateway's outbox; getRemoteServers has none."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.jvm import IllegalArgumentException


def test_send_email_is_recorded(system, outbox):
    system.net.sendEmail(smtpProfile="plant", fromAddr="gw@example.com", subject="Tank full",
                         body="<b>T1</b>", html=True, to=["ops@example.com"],
                         cc=["boss@example.com"], attachmentNames=["a.csv"],
                         attachmentData=[b"x,y\n"])
    (msg,) = outbox.messages
    assert msg["subject"] == "Tank full" and msg["html"] is True
    assert msg["attachments"] == [("a.csv", b"x,y\n")]
    assert outbox.to("boss@example.com") == [msg] and outbox.to("nobody@example.com") == []


@pytest.mark.parametrize("kwargs,text", [
    ({"fromAddr": "a@b", "to": ["c@d"]}, "no SMTP server"),
    ({"smtp": "mail:25", "fromAddr": "a@b"}, "no recipients"),
    ({"smtp": "mail:25", "to": ["c@d"]}, "fromAddr"),
    ({"smtp": "mail:25", "fromAddr": "a@b", "to": ["c@d"], "attachmentNames": ["x"]},
     "1 attachmentNames but 0 attachmentData"),
])
def test_send_email_refusals_name_the_problem(system, outbox, kwargs, text):
    with pytest.raises(IllegalArgumentException) as info:
        system.net.sendEmail(**kwargs)
    assert text in str(info.value)
    assert outbox.messages == []


def test_no_gateway_network(system):
    assert system.net.getRemoteServers() == [] and system.net.getRemoteServers(False) == []
