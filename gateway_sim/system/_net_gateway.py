"""``system.net`` functions with gateway meaning besides HTTP: ``sendEmail`` (recorded in
the gateway's outbox, never sent: ``gateway_sim.backends.mail``) and
``getRemoteServers`` (the Gateway Network: a simulated gateway has no connections).

``sendEmail`` checks what a gateway needs before it sends (unverified texts): an SMTP
server (``smtp``) or profile (``smtpProfile``), at least one recipient, a sender
address, attachment names and data of the same length.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.registry import implements


def _list(value, what):
    if value is None:
        return []
    if isinstance(value, string_types):
        return [value]
    try:
        return list(value)
    except TypeError:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("sendEmail: %s must be a list of addresses, got %r"
                                       % (what, value))


@implements("system.net.sendEmail")
def sendEmail(smtp=None, fromAddr="", subject=None, body=None, html=False, to=None,
              attachmentNames=None, attachmentData=None, timeout=300000, username=None,
              password=None, priority="3", smtpProfile=None, cc=None, bcc=None, retries=0,
              replyTo=None):
    """Record an email in the gateway's outbox (the simulator sends nothing)."""
    from gateway_sim.jvm import IllegalArgumentException
    gw = runtime.current()
    if not smtp and not smtpProfile:
        raise IllegalArgumentException("sendEmail: no SMTP server: pass smtp=\"host[:port]\" or "
                                       "smtpProfile=\"name\"")
    rcpt = dict((k, _list(v, k)) for k, v in (("to", to), ("cc", cc), ("bcc", bcc)))
    if not (rcpt["to"] or rcpt["cc"] or rcpt["bcc"]):
        raise IllegalArgumentException("sendEmail: no recipients: pass to=[...] (or cc/bcc)")
    if not fromAddr:
        raise IllegalArgumentException("sendEmail: fromAddr (the sender address) is empty")
    names, data = _list(attachmentNames, "attachmentNames"), _list(attachmentData,
                                                                   "attachmentData")
    if len(names) != len(data):
        raise IllegalArgumentException("sendEmail: %d attachmentNames but %d attachmentData; "
                                       "give one data item per name" % (len(names), len(data)))
    from gateway_sim import surface_config
    surface_config.backend(gw, "mail").record({
        "smtp": smtp, "smtpProfile": smtpProfile, "fromAddr": fromAddr, "subject": subject,
        "body": body, "html": bool(html), "to": rcpt["to"], "cc": rcpt["cc"],
        "bcc": rcpt["bcc"], "replyTo": _list(replyTo, "replyTo"),
        "attachments": list(zip(names, data)), "priority": priority,
        "time_ms": gw.clock.now_ms()})


@implements("system.net.getRemoteServers")
def getRemoteServers(runningOnly=True):
    """Gateway Network servers this gateway is connected to: none on a simulated gateway."""
    runtime.current()
    return []
