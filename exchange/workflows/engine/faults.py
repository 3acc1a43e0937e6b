"""Named fault points for crash testing (the chaos helper's hook).

``point(name)`` does nothing unless the environment variable
``EXCHANGE_WORKFLOWS_FAULTS`` names it. Format: comma-separated ``name[@n]``; the
process kills itself (``os._exit(137)``, no cleanup, like SIGKILL) on the n-th hit
of that point (default the 1st). The variable is read when this module is first
imported; ``reset()`` re-reads it (tests).

Points (each right after / before the commit it names):
  after_migration_commit   schema migrations applied
  after_enqueue_commit     a run row inserted (enqueue / startWorkflow / flush)
  after_claim_commit       a dispatcher claim committed (rows RUNNING, not yet on a worker)
  after_running_commit     a worker took a claimed run, before its body starts
  before_step_commit       a step body returned, its outcome not yet recorded
  after_step_commit        a step outcome recorded
  after_recv_commit        a message consumed and recorded (recv / recvCommand)
  after_sleep_commit       a durable sleep's wake-up time recorded
  after_event_commit       setEvent / writeStream / progress recorded
  after_child_commit       a child workflow start recorded
  before_status_commit     a workflow body returned, terminal status not yet written
  after_status_commit      terminal status written
  after_recovery_commit    a recovery pass re-enqueued runs
  after_flush_commit       in-memory items flushed durably
  after_delay_commit       a delayed / debounced start stored (engine/delayed.py)
  after_schedule_commit    a schedule's due ticks claimed and their runs inserted

May import: the standard library only.
"""
from __future__ import absolute_import, division, print_function

import os
import threading

ENV_VAR = "EXCHANGE_WORKFLOWS_FAULTS"
_lock = threading.Lock()
_plan = {}
_hits = {}


def _parse(text):
    plan = {}
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        if "@" in part:
            name, n = part.split("@", 1)
            try:
                plan[name.strip()] = max(1, int(n))
            except ValueError:
                raise ValueError("bad %s entry %r: use name or name@n (n a positive integer)"
                                 % (ENV_VAR, part))
        else:
            plan[part] = 1
    return plan


def reset():
    """Re-read the environment variable and clear hit counts."""
    with _lock:
        _plan.clear()
        _plan.update(_parse(os.environ.get(ENV_VAR, "")))
        _hits.clear()


def point(name):
    """Crash the process here if the fault plan says so."""
    if not _plan:
        return
    n = _plan.get(name)
    if n is None:
        return
    with _lock:
        _hits[name] = _hits.get(name, 0) + 1
        hit = _hits[name]
    if hit == n:
        os._exit(137)


reset()
