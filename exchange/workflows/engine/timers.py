"""Timed work of the dispatch cycle: promote due delayed runs, fire due schedules.

Called by ``dispatcher.cycle`` on every gateway, at most once per ``pollMs`` of host
time per datasource (``kernel.due``), so its two indexed reads cost the hot path
nothing measurable; on a simulator's virtual clock every advance makes it due at once.
A delayed start or a schedule tick therefore begins within one ``pollMs`` (plus the
dispatch) of its time. Failures are logged and retried next cycle; they never stop
dispatch.
May import: ``compat``, ``engine.*`` except runtime/instance.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import delayed, kernel as K, schedules
from exchange.workflows.errors import clip


def sweep(rt, now):
    """Run the timed work on ``rt.dbName`` when due; (promoted, scheduled) counts."""
    k = rt.kernel
    key = rt.dbName + ":timed"
    if not K.due(k, key, int(K.config(k, "pollMs")), now):
        return 0, 0
    promoted = started = 0
    failed = False
    try:
        started = schedules.fire_due(rt, now)
    except compat.CATCHABLE as exc:
        failed = True
        rt._log.error("evt=schedules.sweep_failed error=%s" % clip(compat.exception_text(exc)))
    try:
        promoted = delayed.promote_due(rt, now)
    except compat.CATCHABLE as exc:
        failed = True
        rt._log.error("evt=delayed.sweep_failed error=%s" % clip(compat.exception_text(exc)))
    if failed:  # e.g. a lock timeout: the next cycle tries again, not one pollMs later
        compat.map_remove(K.get(k, "timers"), key)
    return promoted, started
