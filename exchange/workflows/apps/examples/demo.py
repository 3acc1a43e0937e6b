"""Demo workflows: ``demo.one_minute_progress`` and ``demo.commands_60s`` (upstream 6).

Fixed against upstream: the progress demo really calls the built-in
``sleep.sleep_chunked`` step (upstream rebound the name to a local step), honours
``timeout_seconds`` and its docstring no longer promises a tag write; the command
demo acts on all four ISA-88 commands (STOP ends the run, RESET after a STOP
restarts the loop; upstream logged STOP as unknown and its RESET branches were
unreachable). Loops are counted, not clock-timed, so a replay after a restart
takes the same path through the operation log.

Workflow code gets its runtime from ``getWorkflows()``, which inside a run is the
facade of the run's own database.

May import: ``exchange.workflows`` (bootstrap, is88, steps, engine.host).
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows.bootstrap import getWorkflows, step, workflow
from exchange.workflows.engine import host
from exchange.workflows.is88 import models as is88
from exchange.workflows.steps import sleep as sleep_steps

DEMO_SECONDS = 60
COMMAND_LOOP_MS = 500         # one loop: wait for a command, then a 500 ms sleep step
RUNNING_RECV_SECONDS = 0.5
HELD_RECV_SECONDS = 30.0    # wakes at once on a new message; long to keep the op log short
STOPPED_RESET_WAIT_SECONDS = 30.0


@workflow(name="demo.one_minute_progress")
def one_minute_progress(timeout_seconds=120, chunk_sec=5):
    """Run for about a minute in ``chunk_sec`` slices, reporting progress per slice.

    Stops early (``ok`` False, ``reason`` timeout) once ``timeout_seconds`` of
    slices have run; checks for cancellation before every slice.
    """
    rt = getWorkflows()
    try:
        chunk = float(chunk_sec)
    except (TypeError, ValueError):
        chunk = 5.0
    if chunk <= 0:
        chunk = 5.0
    try:
        budget = float(timeout_seconds)
    except (TypeError, ValueError):
        budget = float(DEMO_SECONDS)
    if budget <= 0:
        budget = float(DEMO_SECONDS)
    elapsed = 0.0
    rt.progress("starting", {"percent": 0})
    while elapsed < DEMO_SECONDS:
        rt.checkCancelled()
        if elapsed >= budget:
            rt.progress("stopped: timeout_seconds reached", {"percent": _percent(elapsed)})
            return {"ok": False, "reason": "timeout", "duration_sec": elapsed}
        slice_sec = min(chunk, DEMO_SECONDS - elapsed, budget - elapsed)
        sleep_steps.sleep_chunked(int(slice_sec * 1000), 250)
        elapsed += slice_sec
        rt.progress("%d%% done" % _percent(elapsed), {"percent": _percent(elapsed)})
    return {"ok": True, "duration_sec": DEMO_SECONDS}


def _percent(elapsed):
    return int(min(100, round(100.0 * elapsed / DEMO_SECONDS)))


@step(name="demo.cmd.set_state", options={"retries_allowed": True, "max_attempts": 3,
                                          "interval_seconds": 1.0})
def set_state(state, note=None):
    """Publish the phase state as an event and a stream entry (retried on DB hiccups)."""
    rt = getWorkflows()
    rt.setEvent("phase.state", state)
    rt.writeStream("state", {"state": state, "note": note})
    return {"state": state}


@workflow(name="demo.commands_60s")
def commands_60s(templateInfo=None, paramOne=None, paramTwo=None, paramThree=None):
    """Command playground for about 60 s: send HOLD / RESUME / STOP / RESET to it.

    RUNNING: HOLD -> HELD (waits for RESUME or STOP); STOP -> STOPPED (waits up to
    30 s for RESET, which restarts the loop count, else ends). Returns
    ``{ok, duration_s, loops, state, commands}``.
    """
    rt = getWorkflows()
    rt.progress("commands_60s started", {"params": [paramOne, paramTwo, paramThree]})
    rt.setEvent("phase.started_at_ms", host.now_ms())
    total_loops = int(DEMO_SECONDS * 1000 // COMMAND_LOOP_MS)
    state = is88.RUNNING
    set_state(state, "started")
    loops = 0
    commands = []
    while loops < total_loops:
        rt.checkCancelled()
        got = rt.recvCommand(currentState=state, timeoutSeconds=RUNNING_RECV_SECONDS,
                             maxMessages=8)
        cmd = got["cmd"] if got else None
        if cmd:
            commands.append(cmd)
        if cmd == is88.HOLD:
            state = _held(rt, commands)
            set_state(state, "resumed" if state == is88.RUNNING else "stopped while held")
        elif cmd == is88.STOP:
            state = is88.STOPPED
            set_state(state, "stop requested")
        if state == is88.STOPPED:
            if not _wait_for_reset(rt, commands):
                break
            state = is88.RUNNING
            loops = 0
            rt.setEvent("phase.progress_loops", 0)
            set_state(state, "reset")
            continue
        rt.setEvent("phase.loop_i", loops)
        sleep_steps.sleep_chunked(COMMAND_LOOP_MS, 250)
        loops += 1
    if state == is88.RUNNING:
        state = is88.COMPLETE
        set_state(state, "done")
    return {"ok": state == is88.COMPLETE, "duration_s": loops * COMMAND_LOOP_MS / 1000.0,
            "loops": loops, "state": state, "commands": commands}


def _held(rt, commands):
    """Stay HELD until RESUME (-> RUNNING) or STOP (-> STOPPED)."""
    set_state(is88.HELD, "hold requested")
    while True:
        rt.checkCancelled()
        got = rt.recvCommand(currentState=is88.HELD, timeoutSeconds=HELD_RECV_SECONDS,
                             maxMessages=8)
        if got is None:
            continue
        commands.append(got["cmd"])
        if got["cmd"] == is88.RESUME:
            return is88.RUNNING
        if got["cmd"] == is88.STOP:
            return is88.STOPPED


def _wait_for_reset(rt, commands):
    """In STOPPED, wait a bounded time for RESET; True if it came."""
    got = rt.recvCommand(currentState=is88.STOPPED, timeoutSeconds=STOPPED_RESET_WAIT_SECONDS,
                         maxMessages=8)
    if got is not None:
        commands.append(got["cmd"])
        return got["cmd"] == is88.RESET
    return False
