"""Pure-Python ``java.net.InetAddress`` (CPython): name resolution through the host's
resolver, so failures raise the same ``UnknownHostException`` class scripts import
from ``java.net`` (a JPype-bridged InetAddress would raise the JVM's class, which an
``except`` on the stand-in does not catch).

From the javadoc: ``getByName(None or "")`` is the loopback address; ``toString()`` is
``hostName/address`` (empty host name when made from a literal and not yet looked
up); ``isReachable(timeout)`` rejects a negative timeout. Unverified: without ICMP
privileges the JDK tries TCP port 7 and counts a refused connection as reachable; this
does the same. The ``UnknownHostException`` text is the JDK's on Linux (observed).
May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import errno
import socket

from gateway_sim._compat import integer_types, string_types


def _unknown(host, why):
    from gateway_sim.java.net import UnknownHostException
    from gateway_sim.jvm import make_java_exception
    return make_java_exception(UnknownHostException, "%s: %s" % (host, why))


def _is_literal(host):
    for family in (socket.AF_INET, getattr(socket, "AF_INET6", None)):
        if family is None:
            continue
        try:
            socket.inet_pton(family, host)
            return True
        except (OSError, ValueError, socket.error):
            pass
    return False


class InetAddress(object):
    """An IP address with an optional host name."""

    _java_name = "java.net.InetAddress"

    def __init__(self, host_name, address):
        self._host = host_name
        self._addr = address

    @staticmethod
    def getByName(host):
        if host is None or host == "":
            return InetAddress("localhost", "127.0.0.1")
        if not isinstance(host, string_types):
            raise TypeError("InetAddress.getByName(host): host must be a string, got %s"
                            % type(host).__name__)
        host = host.strip("[]")
        if _is_literal(host):
            return InetAddress(None, host)
        try:
            return InetAddress(host, socket.getaddrinfo(host, None)[0][4][0])
        except (socket.gaierror, socket.herror, UnicodeError):
            raise _unknown(host, "Name or service not known")

    @staticmethod
    def getAllByName(host):
        first = InetAddress.getByName(host)
        if first._host is None or host in (None, ""):
            return [first]
        seen, out = set(), []
        for info in socket.getaddrinfo(host, None):
            addr = info[4][0]
            if addr not in seen:
                seen.add(addr)
                out.append(InetAddress(host, addr))
        return out

    @staticmethod
    def getLocalHost():
        name = socket.gethostname()
        try:
            return InetAddress(name, socket.gethostbyname(name))
        except (socket.gaierror, socket.herror):
            return InetAddress(name, "127.0.0.1")

    @staticmethod
    def getLoopbackAddress():
        return InetAddress("localhost", "127.0.0.1")

    def getHostAddress(self):
        return self._addr

    def getHostName(self):
        if self._host is None:
            try:
                self._host = socket.gethostbyaddr(self._addr)[0]
            except (socket.herror, socket.gaierror, OSError):
                self._host = self._addr
        return self._host

    def getCanonicalHostName(self):
        try:
            return socket.getfqdn(self.getHostName())
        except (socket.error, OSError):
            return self._addr

    def isLoopbackAddress(self):
        return self._addr.startswith("127.") or self._addr == "::1"

    def isReachable(self, timeout):
        if isinstance(timeout, bool) or not isinstance(timeout, integer_types):
            raise TypeError("isReachable(timeout): timeout must be milliseconds (an int), got %r"
                            % (timeout,))
        if timeout < 0:
            from gateway_sim.jvm import IllegalArgumentException, make_java_exception
            raise make_java_exception(IllegalArgumentException, "timeout can't be negative")
        sock = socket.socket(socket.AF_INET6 if ":" in self._addr else socket.AF_INET,
                             socket.SOCK_STREAM)
        sock.settimeout(max(timeout, 1) / 1000.0)
        try:
            sock.connect((self._addr, 7))
            return True
        except (socket.timeout, OSError, socket.error) as exc:
            return getattr(exc, "errno", None) == errno.ECONNREFUSED
        finally:
            sock.close()

    def toString(self):
        return "%s/%s" % (self._host or "", self._addr)

    def __str__(self):
        return self.toString()

    def __repr__(self):
        return self.toString()

    def __eq__(self, other):
        return isinstance(other, InetAddress) and other._addr == self._addr

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._addr)

    def equals(self, other):
        return self.__eq__(other)

    def hashCode(self):
        return hash(self._addr) & 0x7FFFFFFF
