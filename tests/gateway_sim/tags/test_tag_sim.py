"""Simulated process sources on a VirtualClock (deterministic)."""
from __future__ import absolute_import, division, print_function

import pytest

import gateway_sim.system as system
from gateway_sim.errors import ConfigError


def _v(path):
    return system.tag.readBlocking([path])[0].value


def test_ramp_and_sine(virtual_gateway):
    virtual_gateway.tags.load_data([
        {"name": "Ramp", "dataType": "Float8", "sim": {"type": "ramp", "min": 0, "max": 100, "period": 10}},
        {"name": "Sine", "dataType": "Float8", "sim": {"type": "sine", "min": -1, "max": 1, "period": 4}}])
    clock = virtual_gateway.clock
    clock.advance(2.5)
    assert _v("Ramp") == pytest.approx(20.0)       # last update at t=2 s
    assert _v("Sine") == pytest.approx(0.0, abs=1e-9)   # sin(pi)
    clock.advance(0.5)
    assert _v("Ramp") == pytest.approx(30.0)
    assert _v("Sine") == pytest.approx(-1.0)          # sin(3*pi/2)
    clock.advance(7)
    assert _v("Ramp") == pytest.approx(0.0)           # wrapped at the period


def test_random_walk_is_seeded(virtual_gateway):
    def run(gw_tags, clock, name):
        gw_tags.load_data([{"name": name, "dataType": "Float8", "value": 50,
                            "sim": {"type": "randomWalk", "step": 2, "min": 45, "max": 55, "seed": 3}}])
        out = []
        for _ in range(20):
            clock.advance(1)
            out.append(_v(name))
        return out
    a = run(virtual_gateway.tags, virtual_gateway.clock, "W1")
    b = run(virtual_gateway.tags, virtual_gateway.clock, "W2")
    assert a == b and len(set(a)) > 5 and all(45 <= x <= 55 for x in a)


def test_follow_with_enable(virtual_gateway):
    virtual_gateway.tags.load_data([{"name": "Tank", "tagType": "Folder", "tags": [
        {"name": "Setpoint", "dataType": "Float8", "value": 10},
        {"name": "Valve", "dataType": "Boolean", "value": False},
        {"name": "Level", "dataType": "Float8", "value": 0,
         "sim": {"type": "follow", "target": "[.]Setpoint", "rate": 2.0, "enable": "[.]Valve"}},
        {"name": "Drain", "dataType": "Float8", "value": 8,
         "sim": {"type": "follow", "target": "[.]Setpoint", "rate": 1.0, "enable": "[.]Valve",
                 "otherwise": 0, "updateRate": 500}}]}])
    clock = virtual_gateway.clock
    clock.advance(3)
    assert _v("Tank/Level") == 0.0                     # valve closed: holds
    assert _v("Tank/Drain") == pytest.approx(5.0)      # valve closed: moves to 'otherwise'
    system.tag.writeBlocking(["Tank/Valve"], [True])
    clock.advance(2)
    assert _v("Tank/Level") == pytest.approx(4.0)      # 2 units/s
    clock.advance(10)
    assert _v("Tank/Level") == pytest.approx(10.0)     # never overshoots
    system.tag.writeBlocking(["Tank/Setpoint"], [6])
    clock.advance(1)
    assert _v("Tank/Level") == pytest.approx(8.0)


def test_removed_sim_tag_stops(virtual_gateway):
    virtual_gateway.tags.load_data([{"name": "R", "dataType": "Float8",
                                     "sim": {"type": "ramp", "period": 10}}])
    system.tag.deleteTags(["R"])
    virtual_gateway.clock.advance(5)
    assert not system.tag.exists("R")


@pytest.mark.parametrize("sim,words", [
    ({"type": "zigzag"}, "unknown type"),
    ({"type": "ramp", "period": 0}, "period"),
    ({"type": "ramp", "speed": 1}, "speed"),
    ({"type": "follow", "rate": 1}, "target"),
    ({"type": "follow", "target": "[.]X"}, "rate"),
    ({"type": "sine", "updateRate": -5}, "updateRate"),
    ("ramp", "object"),
])
def test_bad_sim_blocks(virtual_gateway, sim, words):
    with pytest.raises(ConfigError) as ei:
        virtual_gateway.tags.load_data([{"name": "S", "sim": sim}], source="t.json", strict=True)
    assert words in str(ei.value) and "at S" in str(ei.value)
    # Not strict: the tag is skipped and reported, its sibling loads.
    virtual_gateway.tags.load_data([{"name": "S", "sim": sim}, {"name": "Ok", "value": 1}],
                                   source="t.json")
    assert virtual_gateway.tags.value("Ok") == 1
    assert not system.tag.exists("S")
    line = virtual_gateway.tags.warnings[-1]
    assert words in line and "at S" in line and "t.json" in line
