"""Input validation of the engine's public entry points (issue 11: bugs 6, 7, 8, 9, 10).

Every bad argument is refused up front with an error naming it; nothing is stored.
"""
from __future__ import absolute_import, division, print_function

import pytest

from exchange.workflows.bootstrap import workflow
from exchange.workflows.errors import InvalidArgument

import helpers as h


@workflow("val.echo")
def echo(x=None):
    return x


# --- bug 6: configure() validates everything first, applies all or nothing -------------

@pytest.mark.parametrize("values, named", [
    ({"workflowWorkers": "abc"}, "workflowWorkers"),
    ({"workflowWorkers": 0}, "workflowWorkers"),
    ({"leaseMs": "abc"}, "leaseMs"),
    ({"leaseMs": -5}, "leaseMs"),
    ({"pollMs": 1.5}, "pollMs"),
    ({"dbRetries": True}, "dbRetries"),
    ({"dedupPolicy": "bogus"}, "dedupPolicy"),
    ({"overflowMode": None}, "overflowMode"),
    ({"inMemoryQueueMaxDepth": "10"}, "inMemoryQueueMaxDepth"),
    ({"inMemoryQueueAcceptDuringMaintenance": "false"}, "inMemoryQueueAcceptDuringMaintenance"),
    ({"noSuchSetting": 1}, "noSuchSetting"),
])
def test_configure_rejects_bad_values(wf, values, named):
    before = wf.configure()
    with pytest.raises(InvalidArgument) as err:
        wf.configure(**values)
    assert named in str(err.value)
    assert wf.configure() == before


def test_configure_is_all_or_nothing(wf):
    before = wf.configure()
    with pytest.raises(InvalidArgument):
        wf.configure(leaseMs=12345, sweepMs=250, workflowWorkers="abc")
    assert wf.configure() == before
    # the engine still works after the refused call
    assert wf.getResult(wf.enqueue("val.echo", {"x": 1}), 10) == 1


def test_configure_accepts_good_values(wf):
    out = wf.configure(workflowWorkers=2, leaseMs=20000.0, dedupPolicy="return_existing")
    assert out["workflowWorkers"] == 2 and out["leaseMs"] == 20000
    assert out["dedupPolicy"] == "return_existing"
    wf.configure(workflowWorkers=4, leaseMs=30000, dedupPolicy="reject")
