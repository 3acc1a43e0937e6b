"""ISA-88 style command policy for operator commands sent through the mailbox.

States and commands follow upstream (1.9): four commands HOLD / RESUME / STOP /
RESET with priorities STOP 2 > HOLD 1 > RESUME 0 > RESET -1, and a per-state
allow list. No ABORT: STOP already wins everywhere and is always allowed, and
adding a command would change what ``recvCommand`` consumes for existing users.

Pure functions over plain values; safe to call from any thread.
May import: the standard library and ``exchange.workflows.compat``.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat

IDLE = "IDLE"
STARTING = "STARTING"
RUNNING = "RUNNING"
HOLDING = "HOLDING"
HELD = "HELD"
RESUMING = "RESUMING"
STOPPING = "STOPPING"
STOPPED = "STOPPED"
COMPLETE = "COMPLETE"
ERROR = "ERROR"

ALL_STATES = (IDLE, STARTING, RUNNING, HOLDING, HELD, RESUMING, STOPPING, STOPPED,
              COMPLETE, ERROR)

HOLD = "HOLD"
RESUME = "RESUME"
STOP = "STOP"
RESET = "RESET"

ALL_COMMANDS = (HOLD, RESUME, STOP, RESET)

# Higher wins when several commands are waiting.
PRIORITY = {STOP: 2, HOLD: 1, RESUME: 0, RESET: -1}
UNKNOWN_PRIORITY = -999

# state -> commands accepted in it (STOP is accepted in every state).
_ALLOWED = {
    STARTING: (HOLD,),
    RUNNING: (HOLD,),
    RESUMING: (HOLD,),
    HELD: (RESUME,),
    STOPPED: (RESET,),
    ERROR: (RESET,),
}


def _upper(value):
    if value is None:
        return None
    try:
        return compat.to_text(value).strip().upper()
    except compat.CATCHABLE:
        return None


def normalizeCommand(messageOrCmd):
    """The upper-cased command of a message dict (its ``cmd``) or a scalar; None if unknown."""
    if isinstance(messageOrCmd, dict):
        messageOrCmd = messageOrCmd.get("cmd")
    cmd = _upper(messageOrCmd)
    return cmd if cmd in ALL_COMMANDS else None


def isKnownCommand(messageOrCmd):
    """True when ``messageOrCmd`` names one of ``ALL_COMMANDS``."""
    return normalizeCommand(messageOrCmd) is not None


def commandPriority(cmd):
    """Priority of the normalized command (higher wins); -999 when unknown."""
    norm = normalizeCommand(cmd)
    if norm is None:
        return UNKNOWN_PRIORITY
    return PRIORITY[norm]


def allowedInState(cmd, state):
    """Whether ``cmd`` may be applied in ``state`` (both case-insensitive)."""
    norm = normalizeCommand(cmd)
    if norm is None:
        return False
    if norm == STOP:
        return True
    return norm in _ALLOWED.get(_upper(state), ())


def pickHighestPriorityIndex(messages, state=None):
    """Index in ``messages`` of the message ``pickHighestPriority`` would choose, or -1.

    The engine uses it to consume only the chosen message from the mailbox.
    """
    best_index = -1
    best_prio = None
    for index, msg in enumerate(messages or ()):
        cmd = normalizeCommand(msg)
        if cmd is None:
            continue
        if state is not None and not allowedInState(cmd, state):
            continue
        if best_prio is None or PRIORITY[cmd] > best_prio:
            best_index, best_prio = index, PRIORITY[cmd]
    return best_index


def pickHighestPriority(messages, state=None):
    """Choose the message to act on.

    Skips unknown commands and, when ``state`` is given, commands not allowed in
    it. Returns ``{"cmd", "message" (the original), "priority"}`` for the first
    message with the strictly highest priority, or None.
    """
    messages = list(messages or ())
    index = pickHighestPriorityIndex(messages, state)
    if index < 0:
        return None
    cmd = normalizeCommand(messages[index])
    return {"cmd": cmd, "message": messages[index], "priority": PRIORITY[cmd]}
