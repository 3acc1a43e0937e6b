"""Each gateway event script's last run (NOTES-console item 5): ``LoadedProject.event_runs``
records fire time, duration, outcome and last error per event, on the gateway clock."""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim.project.event_runs import EventRuns

from project_fixtures import fixture_path


def test_timer_runs_and_errors_are_recorded_on_the_gateway_clock(virtual_gateway, sysmod):
    proj = virtual_gateway.projects.load(fixture_path("projects", "site"))
    clock = virtual_gateway.clock
    assert proj.event_runs.get(("timer", "fast")) is None  # not fired yet
    t0 = clock.now_ms()
    clock.advance(3.0)
    fast = proj.event_runs.get(("timer", "fast"))
    assert fast["runs"] == 6 and fast["errors"] == 0 and fast["lastOutcome"] == "ok"
    assert fast["lastFireMs"] == t0 + 3000 and fast["lastError"] is None
    broken = proj.event_runs.get(("timer", "broken"))
    assert broken["runs"] == 3 and broken["errors"] == 3 and broken["lastOutcome"] == "error"
    assert broken["lastError"] == "ValueError: timer failed on purpose #3"
    assert broken["lastErrorMs"] == t0 + 3000 and broken["lastDurationMs"] == 0
    assert proj.event_runs.get(("timer", "off")) is None  # disabled: never fires
    assert ("timer", "broken") in proj.event_runs.snapshot()


def test_tag_change_script_runs_are_recorded(virtual_gateway, sysmod):
    virtual_gateway.tags.load_data({"tags": [{"name": "Tank", "tagType": "Folder", "tags": [
        {"name": "Level", "dataType": "Float8", "value": 1.0}]}]})
    proj = virtual_gateway.projects.load(fixture_path("projects", "site"))
    virtual_gateway.tags.flush_events()
    sysmod.tag.writeBlocking(["[default]Tank/Level"], [5.0])
    virtual_gateway.tags.flush_events()
    key = ("tag-change", "levelWatch")
    rec = proj.event_runs.get(key)
    assert rec["runs"] == 2 and rec["lastOutcome"] == "ok" and rec["errors"] == 0
    # a run that raises (here: called with a wrong signature) is an error with its cause
    proj.run_event(proj.events[key], "too", "few")
    rec = proj.event_runs.get(key)
    assert rec["runs"] == 3 and rec["errors"] == 1 and rec["lastOutcome"] == "error"
    assert rec["lastError"].startswith("TypeError:")


def test_event_runs_count_every_run_from_many_threads():
    runs = EventRuns()

    def fire(n):
        for i in range(500):
            runs.record(("timer", "t"), i, i + 1, "boom" if i % 2 else None)
    threads = [threading.Thread(target=fire, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rec = runs.get(("timer", "t"))
    assert rec["runs"] == 2000 and rec["errors"] == 1000 and rec["lastDurationMs"] == 1
