"""A gateway that stopped heartbeating (a JVM frozen in a GC pause, SIGSTOP) must not start
a new step of a run when it wakes up: a peer may have taken the run over meanwhile.

Found by the long chaos form (multigateway-pause): a gateway frozen between two steps woke
up and ran the next step body although a peer had already completed it; the fence only
stopped the record. The in-flight step at the moment of the pause stays the documented
limit; a step *started* after the pause must not run.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import context, kernel as K

import helpers as h


def _frozen_then_taken_over():
    """What a gateway frozen between two steps finds when it wakes up: no lease renewal for
    far longer than the lease, and meanwhile a peer claimed the run (plain workflow code,
    between the first step's record and the second step's start)."""
    ctx = context.current()
    ctx._lease_checked -= 3600.0
    renewed = K.get(ctx.kernel, "leaseRenewed")
    last = compat.map_get(renewed, ctx.db)
    if last is not None:
        compat.map_put(renewed, ctx.db, last - 3600.0)
    h.u("UPDATE workflow_status SET claimed_by = 'peer-gateway:1' WHERE workflow_id = ?",
        [ctx.workflowId])


@step("pause.first")
def first():
    return h.bump("pause.first")


@step("pause.second")
def second():
    return h.bump("pause.second")


@workflow("pause.flow")
def flow():
    first()
    _frozen_then_taken_over()
    return second()


def test_a_step_started_after_a_long_silence_checks_the_lease_first(wf):
    h.reset()
    wf.configure(leaseMs=2000, heartbeatMs=600000)  # no heartbeat during the test
    wid = wf.startWorkflow("pause.flow", {}).workflowId
    h.wait_for(lambda: h.count("pause.first") == 1, what="first step ran")
    active = K.get(K.get_kernel(), "activeWorkflows")
    h.wait_for(lambda: compat.map_get(active, wid) is None, what="the execution stopped")
    assert h.count("pause.second") == 0  # the woken gateway did not start the next step
    rows = h.q("SELECT step_name FROM operation_outputs WHERE workflow_id = ?", [wid])
    assert [r["step_name"] for r in rows] == ["pause.first"]  # recorded before the freeze
