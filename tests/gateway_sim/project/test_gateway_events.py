"""Gateway events: 8.3 folders and the 8.1 side file, run on the gateway clock."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.errors import ConfigError
from gateway_sim.project.cron import CronSchedule

from project_fixtures import fixture_path, log_messages


def _globals(system):
    return system.util.getGlobals()


def test_startup_runs_on_load_and_shutdown_on_gateway_shutdown(virtual_gateway, sysmod):
    virtual_gateway.projects.load(fixture_path("projects", "site"))
    assert _globals(sysmod)["events"] == ["startup:site"]  # inherited startup, child's name
    virtual_gateway.projects.close()
    assert _globals(sysmod)["events"] == ["startup:site", "shutdown"]


def test_timers_follow_the_virtual_clock(virtual_gateway, sysmod):
    virtual_gateway.projects.load(fixture_path("projects", "site"))
    g = _globals(sysmod)
    virtual_gateway.clock.advance(0.9)
    assert "heartbeat" not in g and g["fast"] == 1  # fast: 500 ms fixed rate
    virtual_gateway.clock.advance(2.1)  # t = 3.0 s
    assert g["heartbeat"] == 3
    assert g["fast"] == 6
    assert "off" not in g  # enabled: false


def test_a_timer_that_raises_is_logged_and_keeps_running(virtual_gateway, sysmod):
    virtual_gateway.projects.load(fixture_path("projects", "site"))
    virtual_gateway.clock.advance(3.0)
    assert _globals(sysmod)["broken"] == 3
    errors = log_messages(virtual_gateway, "TimerScripts", "ERROR")
    assert len(errors) == 3
    assert "<TimerScript:site/broken>" in errors[0]
    assert "ValueError: timer failed on purpose #1" in errors[0]
    assert "site/ignition/timer/broken/handleTimerEvent.py" in errors[0]


def test_scheduled_event_fires_on_cron_minutes(virtual_gateway, sysmod):
    clock = virtual_gateway.clock
    start = clock.time()
    virtual_gateway.projects.load(fixture_path("projects", "site"))
    clock.advance(16 * 60)
    fired = _globals(sysmod)["scheduled"]
    assert len(fired) == 3
    for ms in fired:
        secs = ms // 1000
        assert secs % 300 == 0 and secs > start


def test_tag_change_script_gets_initial_and_value_changes(virtual_gateway, sysmod):
    virtual_gateway.tags.load_data({"tags": [{"name": "Tank", "tagType": "Folder", "tags": [
        {"name": "Level", "dataType": "Float8", "value": 1.0}]}]})
    virtual_gateway.projects.load(fixture_path("projects", "site"))
    virtual_gateway.tags.flush_events()
    sysmod.tag.writeBlocking(["[default]Tank/Level"], [5.0])
    sysmod.tag.writeBlocking(["[default]Tank/Level"], [5.0])  # no value change: no event
    sysmod.tag.writeBlocking(["[default]Tank/Level"], [7.5])
    virtual_gateway.tags.flush_events()
    changes = _globals(sysmod)["tagChanges"]
    assert [(c[0], c[1], c[3]) for c in changes] == [(True, 1.0, 1), (False, 5.0, 2), (False, 7.5, 3)]
    assert "Tank/Level" in changes[0][2]


def test_message_handler_is_registered(virtual_gateway, sysmod):
    virtual_gateway.projects.load(fixture_path("projects", "site"))
    results = sysmod.util.sendRequest("site", "ping", {"n": 41})
    assert results == {"pong": 42, "from": "hello"}


def test_update_event_fires_on_reload(virtual_gateway, sysmod):
    virtual_gateway.projects.load(fixture_path("projects", "site"))
    virtual_gateway.projects.reload_scripts()
    assert _globals(sysmod)["events"][-1] == "update:gateway-sim"


def test_run_event_by_hand(virtual_gateway, sysmod):
    virtual_gateway.projects.load(fixture_path("projects", "site"), start=False)
    virtual_gateway.projects.run_event("timer", "heartbeat")
    assert _globals(sysmod)["heartbeat"] == 1
    with pytest.raises(ConfigError) as err:
        virtual_gateway.projects.run_event("timer", "nope")
    assert "timer/heartbeat" in str(err.value)


# --- Ignition 8.1: events described by the side file ---------------------------------

def test_81_side_file_events(virtual_gateway, sysmod):
    virtual_gateway.tags.load_data({"tags": [{"name": "Tank", "tagType": "Folder", "tags": [
        {"name": "Valve", "dataType": "Boolean", "value": False}]}]})
    proj = virtual_gateway.projects.load(fixture_path("legacy81"))
    kinds = sorted(proj.events)
    assert kinds == [("message", "recipe"), ("scheduled", "hourly"), ("shutdown", "shutdown"),
                     ("startup", "startup"), ("tag-change", "valve"), ("timer", "tick"),
                     ("update", "update")]
    g = _globals(sysmod)
    assert g["events"] == ["startup81"]
    virtual_gateway.clock.advance(4.0)
    assert g["tick81"] == 2
    virtual_gateway.clock.advance(3600)
    assert g["hourly81"] == "A"
    sysmod.tag.writeBlocking(["[default]Tank/Valve"], [True])
    virtual_gateway.tags.flush_events()
    assert g["valve81"] == [False, True]
    assert sysmod.util.sendRequest("legacy81", "recipe", {"key": "setpoint"}) == 75.0
    virtual_gateway.projects.reload_scripts()
    virtual_gateway.projects.close()
    assert g["events"] == ["startup81", "update81", "shutdown81"]


def test_81_data_bin_without_side_file_is_explained(tmp_path, virtual_gateway, caplog):
    import shutil
    dest = str(tmp_path / "legacy")
    shutil.copytree(fixture_path("legacy81"), dest)
    import os
    os.remove(os.path.join(dest, "gateway-events.yaml"))
    proj = virtual_gateway.projects.load(dest)
    assert proj.events == {}
    assert any("gateway-events.yaml" in r.getMessage() for r in caplog.records)


def _project_with_timers(tmp_path, bad_attrs):
    d = tmp_path / "p"
    for name, attrs in (("t", bad_attrs), ("good", '{"attributes": {"delay": 1000}}')):
        (d / "ignition" / "timer" / name).mkdir(parents=True)
        (d / "ignition" / "timer" / name / "handleTimerEvent.py").write_text("pass\n")
        (d / "ignition" / "timer" / name / "resource.json").write_text(attrs)
    (d / "project.json").write_text('{"title": "p"}')
    return str(d)


def test_a_bad_event_setting_is_one_warning_and_the_rest_loads(tmp_path, virtual_gateway, caplog):
    """One bad event never sinks the project (DESIGN: fidelity principles): it is skipped
    with one line naming the file and the fix; the other events load and run."""
    import os
    d = _project_with_timers(tmp_path, '{"attributes": {"delay": 0}}')
    proj = virtual_gateway.projects.load(d)
    assert sorted(proj.events) == [("timer", "good")]
    lines = [r.getMessage() for r in caplog.records if "delay must be a positive number" in r.getMessage()]
    assert len(lines) == 1 and os.path.join("timer", "t") in lines[0] and "skipped" in lines[0]


def test_a_bad_event_setting_is_an_error_in_strict_mode(tmp_path):
    import os
    from gateway_sim.project import events as ev_mod
    from gateway_sim.project.model import read_project_info
    d = _project_with_timers(tmp_path, '{"attributes": {"delay": 0}}')
    with pytest.raises(ConfigError) as err:
        ev_mod.scan_events(read_project_info(d), strict=True)
    assert "delay must be a positive number" in str(err.value)
    assert os.path.join("timer", "t") in str(err.value)


@pytest.mark.parametrize("expr,after,expected", [
    ("*/5 * * * *", "2026-01-01 10:02:30", "2026-01-01 10:05:00"),
    ("0 2 * * *", "2026-01-01 10:02:30", "2026-01-02 02:00:00"),
    ("30 8 * * MON-FRI", "2026-01-02 09:00:00", "2026-01-05 08:30:00"),  # Fri -> Mon
    ("0 0 1 JAN *", "2026-03-01 00:00:00", "2027-01-01 00:00:00"),
    ("15,45 * * * *", "2026-01-01 10:15:00", "2026-01-01 10:45:00"),
])
def test_cron_next_fire_time(expr, after, expected):
    import time
    fmt = "%Y-%m-%d %H:%M:%S"
    nxt = CronSchedule(expr).next_after(time.mktime(time.strptime(after, fmt)))
    assert time.strftime(fmt, time.localtime(nxt)) == expected


@pytest.mark.parametrize("expr", ["* * * *", "61 * * * *", "a * * * *", "5-1 * * * *"])
def test_bad_cron_is_rejected(expr):
    with pytest.raises(ConfigError):
        CronSchedule(expr)


def test_an_event_folder_without_its_script_is_skipped_with_a_warning(tmp_path, virtual_gateway,
                                                                       caplog):
    # shape of a real 8.3 export: ignition/startup/ holds a resource.json naming onStartup.py
    # but no script file; the other events and the library still load
    d = tmp_path / "p"
    (d / "ignition" / "startup").mkdir(parents=True)
    (d / "ignition" / "timer" / "t").mkdir(parents=True)
    (d / "project.json").write_text('{"title": "p"}')
    (d / "ignition" / "startup" / "resource.json").write_text(
        '{"scope": "G", "files": ["onStartup.py"], "attributes": {"enabled": true}}')
    (d / "ignition" / "timer" / "t" / "handleTimerEvent.py").write_text("pass\n")
    (d / "ignition" / "timer" / "t" / "resource.json").write_text('{"attributes": {"delay": 1000}}')
    proj = virtual_gateway.projects.load(str(d), start=False)
    kinds = sorted(e.kind for e in proj.resolved.events.values())
    assert kinds == ["timer"], kinds
    assert any("no onStartup.py" in r.getMessage() and "skipped" in r.getMessage()
               for r in caplog.records)
