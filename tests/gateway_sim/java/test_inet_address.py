"""java.net.InetAddress stand-in: a real project library's ping helper imports
UnknownHostException at the top, InetAddress inside the function, and relies on
``except UnknownHostException`` catching what getByName raises for an unknown host."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import java as java_pkg


def _ping(host, timeout=1000):
    from java.net import UnknownHostException
    from java.net import InetAddress
    try:
        return InetAddress.getByName(host).isReachable(timeout)
    except UnknownHostException:
        return False


def test_unknown_host_is_caught_by_the_imported_exception_class():
    java_pkg.install()
    assert _ping("no-such-host.invalid") is False


def test_loopback_resolves_and_answers():
    java_pkg.install()
    from java.net import InetAddress
    addr = InetAddress.getByName("127.0.0.1")
    assert addr.getHostAddress() == "127.0.0.1"
    assert addr.isLoopbackAddress() is True
    assert str(addr).endswith("/127.0.0.1")
    assert _ping("127.0.0.1", 500) is True
    local = InetAddress.getLocalHost()
    assert local.getHostName() and local.getHostAddress()


def test_bad_arguments_are_named():
    java_pkg.install()
    from java.net import InetAddress
    with pytest.raises(TypeError) as info:
        InetAddress.getByName(None).isReachable("x")
    assert "timeout" in str(info.value)
    from gateway_sim.java.lang import IllegalArgumentException
    with pytest.raises(IllegalArgumentException):
        InetAddress.getByName("127.0.0.1").isReachable(-1)


def test_java_io_and_net_import_first_in_a_fresh_interpreter():
    import subprocess
    import sys
    for mod in ("gateway_sim.java.io", "gateway_sim.java.net", "gateway_sim.java._interfaces"):
        proc = subprocess.run([sys.executable, "-c", "import %s" % mod], capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, (mod, proc.stderr[-500:])
