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
