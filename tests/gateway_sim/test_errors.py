"""Simulator errors: a gap is not an ordinary Exception (it must not be swallowed)."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import errors
from gateway_sim.errors import NotImplementedInSimulator


@pytest.mark.allow_not_implemented
def test_gap_escapes_except_exception_and_is_recorded():
    mark = errors.hit_count()
    with pytest.raises(NotImplementedInSimulator) as info:
        try:
            raise NotImplementedInSimulator("system.example.fn")
        except Exception:  # a script's catch-all must not hide the gap
            pytest.fail("except Exception caught NotImplementedInSimulator")
    assert not isinstance(info.value, Exception)
    assert info.value.qualified_name == "system.example.fn"
    assert "system.example.fn is not implemented by gateway_sim" in str(info.value)
    assert errors.hits_since(mark) == ["system.example.fn"]


@pytest.mark.allow_not_implemented
def test_hit_record_is_bounded_and_marks_stay_valid(monkeypatch):
    monkeypatch.setattr(errors, "_MAX_KEPT", 10)
    mark = errors.hit_count()
    for i in range(25):
        try:
            raise NotImplementedInSimulator("system.example.f%d" % i)
        except NotImplementedInSimulator:
            pass
    assert errors.hit_count() == mark + 25
    assert len(errors._hits) <= 10
    assert errors.hits_since(errors.hit_count() - 2) == ["system.example.f23", "system.example.f24"]
    assert errors.hits_since(mark)[-1] == "system.example.f24"
