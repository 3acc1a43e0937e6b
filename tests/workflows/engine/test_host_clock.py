"""host.now_ms: the gateway's clock, read through ``system.date.now`` of whichever
``system`` module is current (the resolved function is reused only for that module)."""
from __future__ import absolute_import, division, print_function

import sys
import types

from gateway_sim import Gateway, simulate
from gateway_sim.clock import VirtualClock

from exchange.workflows.engine import host

T1 = 1700000000000
T2 = 1800000000000


def test_now_ms_follows_the_active_gateway_clock():
    a, b = Gateway(name="a", clock=VirtualClock(T1 / 1000.0)), Gateway(name="b", clock=VirtualClock(T2 / 1000.0))
    try:
        with simulate(a):
            assert host.now_ms() == T1
            a.clock.advance(2.5)
            assert host.now_ms() == T1 + 2500
            with simulate(b):
                assert host.now_ms() == T2
            assert host.now_ms() == T1 + 2500
    finally:
        a.shutdown()
        b.shutdown()


class _Date(object):
    def __init__(self, ms):
        self.ms = ms

    def getTime(self):
        return self.ms


def test_now_ms_uses_the_date_now_of_a_new_system_module(monkeypatch):
    """A host whose ``system`` is another module object (a script reload, another host)
    is asked, never the function resolved from the previous one."""
    calls = []

    def fake_system(ms):
        m = types.ModuleType("system")
        m.date = types.SimpleNamespace(now=lambda: calls.append(ms) or _Date(ms))
        return m
    first, second = fake_system(11), fake_system(22)
    monkeypatch.setitem(sys.modules, "system", first)
    assert host.now_ms() == 11 and host.now_ms() == 11
    monkeypatch.setitem(sys.modules, "system", second)
    assert host.now_ms() == 22
    assert calls == [11, 11, 22]
