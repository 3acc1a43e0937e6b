"""Pure-Python ``java.net`` exceptions and ``URLEncoder``/``URLDecoder``.

May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.java.io import IOException, InterruptedIOException


class SocketException(IOException):
    _java_name = "java.net.SocketException"


class ConnectException(SocketException):
    _java_name = "java.net.ConnectException"


class SocketTimeoutException(InterruptedIOException):
    _java_name = "java.net.SocketTimeoutException"


class UnknownHostException(IOException):
    _java_name = "java.net.UnknownHostException"


class MalformedURLException(IOException):
    _java_name = "java.net.MalformedURLException"


class URLEncoder(object):
    @staticmethod
    def encode(s, charset="UTF-8"):
        try:
            from urllib.parse import quote_plus
        except ImportError:  # Python 2
            from urllib import quote_plus
        return quote_plus(s.encode(charset) if not isinstance(s, bytes) else s)


class URLDecoder(object):
    @staticmethod
    def decode(s, charset="UTF-8"):
        try:
            from urllib.parse import unquote_plus
            return unquote_plus(s, encoding=charset)
        except ImportError:  # Python 2
            from urllib import unquote_plus
            return unquote_plus(s)


from gateway_sim.java.net._inet import InetAddress  # noqa: E402,F401 (re-exported)
