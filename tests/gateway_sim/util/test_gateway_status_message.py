"""getGatewayStatus's "ERROR: ..." text from a JDK-style exception chain without messages
(the Jython host's java.net.http client) and from a Python exception."""
from __future__ import absolute_import, division, print_function

from gateway_sim.system._util_modules import _message

URL = "http://gw:8088/StatusPing"


class _JavaLike(Exception):
    def __init__(self, name, message=None, cause=None):
        Exception.__init__(self, message or "")
        self.name, self.message_, self.cause = name, message, cause

    def getMessage(self):
        return self.message_

    def getCause(self):
        return self.cause

    def getClass(self):
        name = self.name

        class _Cls(object):
            def getName(self):
                return name
        return _Cls()


def test_no_messages_names_the_classes_and_the_url():
    root = _JavaLike("java.nio.channels.UnresolvedAddressException")
    exc = _JavaLike("java.net.ConnectException", cause=_JavaLike("java.net.ConnectException",
                                                                 cause=root))
    assert _message(exc, URL) == ("java.net.ConnectException "
                                  "(java.nio.channels.UnresolvedAddressException) (%s)" % URL)
    assert _message(_JavaLike("java.net.ConnectException"), URL) == \
        "java.net.ConnectException (%s)" % URL


def test_first_message_along_the_chain_wins_and_url_is_not_repeated():
    exc = _JavaLike("java.io.IOException", cause=_JavaLike("x.Y", "Connection refused"))
    assert _message(exc, URL) == "Connection refused (%s)" % URL
    assert _message(OSError("no route to %s" % URL), URL) == "no route to %s" % URL
    assert _message(OSError("boom")) == "boom"
