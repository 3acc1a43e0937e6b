"""Between a claim's commit and the run's hand-off to a worker, the orphan sweep of a
concurrent dispatch cycle must not take the run (found with the virtual clock: an hour's
jump made the fresh lease look expired; the sweep re-enqueued the run, this executor claimed
it again and two workers ran its step)."""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import step, workflow
from exchange.workflows.engine import dispatcher, host, recovery
from exchange.workflows.engine.persistence import claims

import helpers as h


@step("handoff.work")
def work():
    return h.bump("handoff.work")


@workflow("handoff.flow")
def flow():
    return work()


def test_a_run_being_handed_to_a_worker_is_not_an_orphan(wf, monkeypatch):
    h.reset()
    swept = []
    real_claim = claims.claim

    def claim_then_sweep(*a, **kw):
        got, released = real_claim(*a, **kw)
        if got:
            # a concurrent cycle's sweep, an hour later on its clock: every lease is expired
            swept.append(recovery.recover_own_orphans(wf, host.now_ms() + 3600 * 1000))
        return got, released
    wf.enterMaintenance("drain")
    wid = wf.enqueue("handoff.flow", {}, allowDuringMaintenance=True)
    monkeypatch.setattr(claims, "claim", claim_then_sweep)
    wf.exitMaintenance()
    dispatcher.cycle(wf)
    assert h.wait_status(wid) == "SUCCESS"
    assert swept and swept[0] == 0, swept
    assert h.count("handoff.work") == 1
