"""A tag event script's last run on its node (NOTES-console item 6): ``node.script_runs``
[eventid] -> time and duration on the gateway clock, outcome, last error and counts."""
from __future__ import absolute_import, division, print_function

import gateway_sim.system as system

FLAKY = ("\tif currentValue.value == 13:\n"
         "\t\traise ValueError('unlucky %s' % currentValue.value)\n")


def _node(gw, path):
    return gw.tags.resolve(path).node


def test_last_run_outcome_error_and_counts_on_the_node(gateway):
    gateway.tags.load_data([{"name": "T", "dataType": "Int4", "value": 0, "eventScripts": [
        {"eventid": "valueChanged", "script": FLAKY},
        {"eventid": "qualityChanged", "script": "\tpass"}]},
        {"name": "Plain", "dataType": "Int4", "value": 0}])
    gateway.tags.flush_events()
    node = _node(gateway, "[default]T")
    first = node.script_runs["valueChanged"]
    assert first["outcome"] == "ok" and first["runs"] == 1 and first["error"] is None
    assert node.script_runs["qualityChanged"]["runs"] == 1  # both run on the initial change
    before = gateway.clock.now_ms()
    system.tag.writeBlocking(["T"], [13])
    gateway.tags.flush_events()
    run = node.script_runs["valueChanged"]
    assert run["outcome"] == "error" and run["runs"] == 2 and run["errors"] == 1
    assert run["error"] == "ValueError: unlucky 13 (line 2 of the script)"
    assert run["atMs"] >= before and run["errorAtMs"] >= run["atMs"] and run["durationMs"] >= 0
    system.tag.writeBlocking(["T"], [14])
    gateway.tags.flush_events()
    run = node.script_runs["valueChanged"]
    assert run["outcome"] == "ok" and run["runs"] == 3 and run["errors"] == 1
    assert run["error"].startswith("ValueError: unlucky 13")  # the last error is kept
    assert _node(gateway, "[default]Plain").script_runs == {}


def test_a_disabled_script_records_no_run(gateway):
    gateway.tags.load_data([{"name": "Off", "dataType": "Int4", "value": 0, "eventScripts": [
        {"eventid": "valueChanged", "script": "\tpass", "enabled": False}]}])
    system.tag.writeBlocking(["Off"], [1])
    gateway.tags.flush_events()
    assert _node(gateway, "[default]Off").script_runs == {}
