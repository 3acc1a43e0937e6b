"""ISA-88 command policy (upstream 1.9 and the commands suite's policy matrix)."""
from exchange.workflows.is88 import models as m


def test_states_and_commands():
    assert set(m.ALL_COMMANDS) == {"HOLD", "RESUME", "STOP", "RESET"}
    assert "ABORT" not in m.ALL_COMMANDS
    assert set(m.ALL_STATES) == {"IDLE", "STARTING", "RUNNING", "HOLDING", "HELD", "RESUMING",
                                 "STOPPING", "STOPPED", "COMPLETE", "ERROR"}


def test_isa88_policy_matrix():
    assert m.allowedInState("STOP", "RUNNING")
    assert m.allowedInState("HOLD", "RUNNING")
    assert m.allowedInState("RESUME", "HELD")
    assert m.allowedInState("RESET", "ERROR")
    assert not m.allowedInState("RESUME", "RUNNING")
    assert m.commandPriority("STOP") > m.commandPriority("HOLD") > m.commandPriority("RESUME")
    msgs = [{"cmd": "HOLD"}, {"cmd": "RESUME"}, {"cmd": "STOP"}]
    assert m.pickHighestPriority(msgs, state="RUNNING")["cmd"] == "STOP"


def test_allowed_full_table():
    for state in m.ALL_STATES:
        assert m.allowedInState("stop", state.lower())
    assert {s for s in m.ALL_STATES if m.allowedInState("HOLD", s)} == {"STARTING", "RUNNING",
                                                                          "RESUMING"}
    assert {s for s in m.ALL_STATES if m.allowedInState("RESUME", s)} == {"HELD"}
    assert {s for s in m.ALL_STATES if m.allowedInState("RESET", s)} == {"STOPPED", "ERROR"}
    assert not m.allowedInState("ABORT", "RUNNING")
    assert not m.allowedInState(None, "RUNNING")
    assert not m.allowedInState("HOLD", None)


def test_normalize_and_priority():
    assert m.normalizeCommand({"cmd": " hold "}) == "HOLD"
    assert m.normalizeCommand("resume") == "RESUME"
    assert m.normalizeCommand({"nocmd": 1}) is None
    assert m.normalizeCommand("abort") is None
    assert m.normalizeCommand(None) is None
    assert m.normalizeCommand(42) is None
    assert [m.commandPriority(c) for c in ("STOP", "HOLD", "RESUME", "RESET")] == [2, 1, 0, -1]
    assert m.commandPriority("nope") == -999


def test_pick_highest_priority_rules():
    assert m.pickHighestPriority([]) is None
    assert m.pickHighestPriority(None) is None
    assert m.pickHighestPriority([{"cmd": "bogus"}]) is None
    first = {"cmd": "HOLD", "n": 1}
    second = {"cmd": "hold", "n": 2}
    chosen = m.pickHighestPriority([{"cmd": "RESUME"}, first, second])
    assert chosen == {"cmd": "HOLD", "message": first, "priority": 1}  # first of equals wins
    # State filter: in HELD only RESUME (and STOP) qualify.
    msgs = [{"cmd": "HOLD"}, {"cmd": "RESUME"}, {"cmd": "RESET"}]
    assert m.pickHighestPriority(msgs, state="HELD")["cmd"] == "RESUME"
    assert m.pickHighestPriority(msgs)["cmd"] == "HOLD"
    assert m.pickHighestPriority([{"cmd": "RESET"}], state="RUNNING") is None
    assert m.pickHighestPriority(["stop"])["message"] == "stop"


def test_pick_index_matches_pick():
    msgs = [{"cmd": "RESUME"}, "junk", {"cmd": "STOP"}, {"cmd": "HOLD"}]
    assert m.pickHighestPriorityIndex(msgs) == 2
    assert m.pickHighestPriorityIndex(msgs, state="HELD") == 2
    assert m.pickHighestPriorityIndex([{"cmd": "RESET"}], state="RUNNING") == -1
