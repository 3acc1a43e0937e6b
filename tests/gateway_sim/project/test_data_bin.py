"""Ignition 8.1 ``data.bin`` resources: the binary codec, gateway events, global props.

Runs on the real public samples in ``../shared/fixtures/real`` (read in place through
``real_path``; crafted projects around them are built in ``tmp_path``).
"""
from __future__ import absolute_import, division, print_function

import gzip
import json
import os
import shutil

import pytest

from gateway_sim.errors import ConfigError
from gateway_sim.project import beans, events81, resource_codec
from gateway_sim.project.global_props import decode_global_props
from gateway_sim.project.resource_codec import ResourceFormatError

from project_fixtures import fixture_path, log_messages
from realfixtures import real_path

EVENT_BINS = {
    "hms": ("event81", "OpenHMShub__HMS", "ignition", "event-scripts", "data.bin"),
    "oee": ("event81", "tonyupton__Ignition_OEE_Engine", "Project", "OEE_Engine", "ignition",
            "event-scripts", "data.bin"),
    "utilities": ("event81", "design-group__ignition-gateway-utilities", "projects",
                  "gateway-utilities", "ignition", "event-scripts", "data.bin"),
    "swagger": ("event81", "pwalker91__IgnitionSwagger", "ignition", "event-scripts", "data.bin"),
}
PROPS_BINS = {
    "hello": ("event81", "greenbean209__ignition-hello-world", "ignition", "global-props",
              "data.bin"),
    "pony": ("event81", "Pigeons-of-New-York__PoNY_DnD", "ignition", "global-props", "data.bin"),
    "kernel": ("event81", "ignition-kernel__ignition-project", "build", "ignition", "global-props",
               "data.bin"),
    "demo": ("projects", "eakgun__citect2ignition-tag-conversion", "Demo_20240227103415",
             "ignition", "global-props", "data.bin"),
    "historian": ("projects", "Mustry-Solutions__factry-historian-ignition-module", "ignition",
                  "projects", "historian-tests", "ignition", "global-props", "data.bin"),
    "clienttags": ("projects", "jmandrake__ignition_demo", "com.inductiveautomation.vision",
                   "client-tags", "data.bin"),
}


def _read(parts):
    with open(real_path(*parts), "rb") as f:
        return f.read()


class _Info(object):
    name = "p"
    path = "/nowhere"


# --- the binary encoding ----------------------------------------------------------------

@pytest.mark.parametrize("sample", sorted(list(EVENT_BINS) + list(PROPS_BINS)))
def test_every_sample_reencodes_to_the_same_bytes(sample):
    data = _read(EVENT_BINS.get(sample) or PROPS_BINS[sample])
    doc = resource_codec.decode(data, sample)
    assert resource_codec.encode(doc, compress=False) == gzip.decompress(data)
    # through Python values too (the string table order is the only thing kept from the file)
    values = beans.document_values(doc, sample)
    again = beans.values_document(values, [(a[0], a[2]) for a in doc.root.attrs or []],
                                  doc.timestamp_ms)
    if doc.root.attrs is None:
        again.root.attrs = None
    again.strings = doc.strings
    assert resource_codec.encode(again, compress=False) == gzip.decompress(data)


def test_decoder_names_file_and_offset_of_what_it_does_not_understand():
    raw = bytearray(gzip.decompress(_read(EVENT_BINS["utilities"])))
    body = raw.index(bytearray(b"\x18\x00\x00\x00\x00"))  # the <objects> record
    bad = bytearray(raw)
    bad[body] = 0x40
    with pytest.raises(ResourceFormatError) as err:
        resource_codec.decode(bytes(bad), "x/data.bin")
    assert "unknown record type 0x40" in str(err.value)
    assert "at byte %d" % body in str(err.value) and "x/data.bin" in str(err.value)
    with pytest.raises(ResourceFormatError) as err:
        resource_codec.decode(bytes(raw[:-3]), "x/data.bin")
    assert "ends early" in str(err.value)
    with pytest.raises(ResourceFormatError) as err:
        resource_codec.decode(b"not a resource at all", "x/data.bin")
    assert "unknown magic bytes" in str(err.value) and "at byte 0" in str(err.value)


def test_modified_utf8_round_trips_nul_and_astral_characters():
    text = u"a\x00b \u00e9 \u20ac \U0001F600"
    raw = resource_codec.mutf8_encode(text)
    assert b"\x00" not in raw and b"\xc0\x80" in raw and b"\xf0" not in raw
    assert resource_codec.mutf8_decode(raw) == text


# --- gateway events ---------------------------------------------------------------------

def _events(sample):
    events, warnings = events81.read_events(_Info(), real_path(*EVENT_BINS[sample]))
    assert warnings == []
    return events


@pytest.mark.parametrize("sample", sorted(EVENT_BINS))
def test_decode_encode_decode_gives_the_same_events(sample):
    events = _events(sample)
    data = events81.encode_events(events, timestamp_ms=0)
    values = beans.document_values(resource_codec.decode(data))
    again, warnings = events81.events_from_values(values, "p", "p/data.bin")
    assert warnings == []
    assert events81.event_tuples(again) == events81.event_tuples(events)


def test_hms_events_kinds_and_settings():
    events = dict((e.key, e) for e in _events("hms"))
    kinds = {}
    for kind, _name in events:
        kinds[kind] = kinds.get(kind, 0) + 1
    assert kinds == {"message": 8, "scheduled": 18, "tag-change": 2, "timer": 2}
    assert events[("timer", "BreezeTimer")].attributes == {"delay": 10000, "enabled": False}
    assert events[("scheduled", "ColdWeatherReportLastDayOfMonth")].attributes == {
        "cronExpression": "0 21 L * *"}
    # '00 18 * * *' is written once and referenced by a later script
    assert events[("scheduled", "ResidentialDaily")].attributes["cronExpression"] == "00 18 * * *"
    sysmon = events[("tag-change", "SystemMonitor")].attributes
    assert sysmon["changeTypes"] == ["ValueChange"] and len(sysmon["paths"]) == 3
    # the second tag change script shares the first one's change-type set (a back-reference)
    assert events[("tag-change", "Test")].attributes == {
        "changeTypes": ["ValueChange"], "enabled": False, "paths": ["[default]RITI/test"]}
    assert events[("message", "uploadEmployerImage")].text.startswith("def handleMessage(payload)")


def test_swagger_update_script_and_dedicated_message_handler():
    events = dict((e.key, e) for e in _events("swagger"))
    assert sorted(events) == [("message", "executeScriptFunction"), ("update", "update")]
    assert events[("message", "executeScriptFunction")].attributes == {"threadType": "Dedicated"}
    assert events[("update", "update")].text == ""


def test_timer_settings_are_written_with_the_javadoc_setters():
    from gateway_sim.project.events import EventScript
    ev = EventScript("timer", "tick", "pass", {"delay": 250, "fixedDelay": False,
                                               "sharedThread": False, "enabled": True}, "p", "p")
    cfg = events81.script_config([ev])
    key = cfg.get("setTimerScripts").items[0][0]
    assert key.calls == [("setDelay", ("l",), [250]), ("setEnabled", ("b",), [True]),
                         ("setFixedDelay", ("b",), [False]), ("setName", ("str",), ["tick"]),
                         ("setSharedThread", ("b",), [False])]
    bad = EventScript("timer", "t", "pass", {"delay": 5, "colour": "red"}, "p", "p/t")
    with pytest.raises(ConfigError) as err:
        events81.script_config([bad])
    assert "'colour' has no 8.1 equivalent" in str(err.value)


def _parent_dir(tmp_path, name):
    d = tmp_path / "parents" / name
    d.mkdir(parents=True)
    (d / "project.json").write_text(u'{"title": "%s", "inheritable": true}' % name)
    return str(tmp_path / "parents")


def _fire_every_event(gw, proj, monkeypatch):
    """Run each event once (as the gateway would); returns the keys whose handler ran."""
    ran = []
    real = proj.handler

    def recording(event, ns=None):
        fn = real(event, ns)

        def wrapper(*args):
            ran.append(event.key)
            return fn(*args)
        return wrapper
    monkeypatch.setattr(proj, "handler", recording)
    args = {"message": ({},), "tag-change": (True, None, None, None, 1),
            "update": ("gateway-sim", [])}
    for key in sorted(proj.events):
        proj.run_event(proj.events[key], *args.get(key[0], ()))
    return ran


@pytest.mark.allow_not_implemented  # the real scripts call e.g. system.net.sendEmail
def test_hms_project_loads_registers_and_fires_every_event(tmp_path, virtual_gateway,
                                                            monkeypatch):
    parents = _parent_dir(tmp_path, "Global")
    proj = virtual_gateway.projects.load(real_path("event81", "OpenHMShub__HMS"),
                                         projects_dirs=[parents])
    assert len(proj.events) == 30
    ran = _fire_every_event(virtual_gateway, proj, monkeypatch)
    assert set(ran) == set(proj.events)  # (subscriptions may fire SystemMonitor more)
    errors = [m for logger in ("MessageHandlers", "ScheduledScripts", "TagChangeScripts",
                               "TimerScripts") for m in log_messages(virtual_gateway, logger,
                                                                     "ERROR")]
    assert errors, "the samples call what the simulator lacks: failures must be reported"
    names = [proj.events[k].code_name(proj.name) for k in proj.events]
    for message in errors:
        assert any(n in message for n in names), message
    assert any("<MessageHandlerScript:OpenHMShub__HMS/uploadEmployerImage>" in m for m in errors)


@pytest.mark.allow_not_implemented
def test_scheduled_last_day_of_month_fires_on_the_gateway_clock(tmp_path, virtual_gateway,
                                                                 monkeypatch):
    parents = _parent_dir(tmp_path, "Global")
    proj = virtual_gateway.projects.load(real_path("event81", "OpenHMShub__HMS"),
                                         projects_dirs=[parents])
    ran = []
    monkeypatch.setattr(proj, "run_event", lambda ev, *a: ran.append(ev.name))
    virtual_gateway.clock.advance(32 * 24 * 3600)
    assert "ColdWeatherReportLastDayOfMonth" in ran
    assert "breezeOnceDaily" not in ran  # disabled in the file


def test_message_handler_from_data_bin_answers_send_request(tmp_path, virtual_gateway, sysmod):
    proj = virtual_gateway.projects.load(real_path(*EVENT_BINS["utilities"][:4]))
    assert sorted(proj.events) == [("message", "executeInGatewayScope")]
    sysmod.util.getGlobals()["answer"] = lambda x: x * 2
    reply = sysmod.util.sendRequest(proj.name, "executeInGatewayScope", {
        "func": "system.util.getGlobals()['answer']", "args": [21]})
    assert reply == 42


def test_project_without_project_json_sample_loads_in_a_crafted_folder(tmp_path, virtual_gateway):
    d = tmp_path / "OEE"
    (d / "ignition" / "event-scripts").mkdir(parents=True)
    (d / "project.json").write_text(u'{"title": "OEE"}')
    shutil.copy(real_path(*EVENT_BINS["oee"]), str(d / "ignition" / "event-scripts"))
    proj = virtual_gateway.projects.load(str(d))
    assert sorted(proj.events) == [("message", "EquipmentInfoChangedEvent"),
                                   ("message", "EquipmentLogicUpdateEvent")]


def test_undecodable_data_bin_costs_one_warning_line_not_the_project(tmp_path, virtual_gateway,
                                                                      caplog):
    dest = str(tmp_path / "legacy")
    shutil.copytree(fixture_path("legacy81"), dest)
    os.remove(os.path.join(dest, "gateway-events.yaml"))
    proj = virtual_gateway.projects.load(dest)
    assert proj.events == {}
    assert sorted(proj.resolved.modules) == ["plant.recipes"]
    lines = [r.getMessage() for r in caplog.records if "data.bin" in r.getMessage()]
    assert len(lines) == 1
    assert "not loaded" in lines[0] and "unknown magic bytes" in lines[0]
    assert "gateway-events.yaml" in lines[0] and "\n" not in lines[0]


def test_one_bad_event_in_a_data_bin_is_skipped_with_a_warning(tmp_path, virtual_gateway, caplog):
    from gateway_sim.project.events import EventScript
    good = EventScript("timer", "good", "pass", {"delay": 1000}, "p", "p")
    bad = EventScript("scheduled", "bad", "pass", {"cronExpression": "61 * * * *"}, "p", "p")
    d = tmp_path / "p"
    (d / "ignition" / "event-scripts").mkdir(parents=True)
    (d / "project.json").write_text(u'{"title": "p"}')
    (d / "ignition" / "event-scripts" / "data.bin").write_bytes(
        events81.encode_events([good, bad], timestamp_ms=0))
    proj = virtual_gateway.projects.load(str(d))
    assert sorted(proj.events) == [("timer", "good")]
    lines = [r.getMessage() for r in caplog.records if "event skipped" in r.getMessage()]
    assert len(lines) == 1 and "out of range" in lines[0] and "scheduled/bad" in lines[0]


def test_side_file_events_written_as_data_bin_load_the_same(tmp_path, virtual_gateway):
    from gateway_sim.project.model import resolve_project
    side = resolve_project(fixture_path("legacy81")).events
    dest = tmp_path / "legacy"
    shutil.copytree(fixture_path("legacy81"), str(dest))
    os.remove(str(dest / "gateway-events.yaml"))
    (dest / "ignition" / "event-scripts" / "data.bin").write_bytes(
        events81.encode_events(list(side.values()), timestamp_ms=0))
    from_bin = resolve_project(str(dest)).events
    assert events81.event_tuples(from_bin.values()) == events81.event_tuples(side.values())


# --- global props -----------------------------------------------------------------------

@pytest.mark.parametrize("sample,expected", [
    ("hello", {"authProfile": "", "defaultDatasource": "", "defaultTagProvider": "",
               "legacyProject": False}),
    ("pony", {"authProfile": "", "defaultDatasource": "", "defaultTagProvider": "default",
              "legacyProject": False}),
    ("kernel", {"authProfile": "default", "legacyProject": False}),
    ("demo", {"authProfile": "default", "defaultDatasource": "Sample_SQLite_Database",
              "defaultTagProvider": "default", "identityProvider": "default",
              "legacyProject": False}),
    ("historian", {"authProfile": "default", "defaultDatasource": "TimescaleS&F",
                   "defaultTagProvider": "default", "identityProvider": "default",
                   "legacyProject": False}),
])
def test_global_props_samples(sample, expected):
    assert decode_global_props(_read(PROPS_BINS[sample]), sample) == expected


def test_global_props_other_resource_is_refused():
    with pytest.raises(ConfigError) as err:
        decode_global_props(_read(PROPS_BINS["clienttags"]), "client-tags")
    assert "GlobalProps" in str(err.value)


def _props_project(tmp_path, sample):
    d = tmp_path / "demo"
    (d / "ignition" / "global-props").mkdir(parents=True)
    (d / "project.json").write_text(u'{"title": "demo"}')
    shutil.copy(real_path(*PROPS_BINS[sample]), str(d / "ignition" / "global-props"))
    return str(d)


def test_global_props_default_datasource_becomes_the_gateway_default(tmp_path, virtual_gateway):
    virtual_gateway.databases.add_datasource("Sample_SQLite_Database", type="sqlite",
                                             path=str(tmp_path / "s.sqlite"))
    proj = virtual_gateway.projects.load(_props_project(tmp_path, "demo"))
    assert proj.resolved.global_props["defaultDatasource"] == "Sample_SQLite_Database"
    assert virtual_gateway.databases.default_name == "Sample_SQLite_Database"


def test_global_props_unknown_datasource_is_one_warning(tmp_path, virtual_gateway):
    virtual_gateway.projects.load(_props_project(tmp_path, "historian"))
    assert virtual_gateway.databases.default_name == "WorkflowsDB"
    warns = [m for m in log_messages(virtual_gateway, level="WARN") if "TimescaleS&F" in m]
    assert len(warns) == 1 and "datasources" in warns[0]


def test_global_props_tag_provider_becomes_the_default(tmp_path, virtual_gateway):
    data = events81.beans.values_document([beans.Bean(
        "com.inductiveautomation.ignition.common.project.GlobalProps",
        [("setDefaultSQLTagsProviderName", ("str",), ["plant"])])])
    d = tmp_path / "p"
    (d / "ignition" / "global-props").mkdir(parents=True)
    (d / "project.json").write_text(json.dumps({"title": "p"}))
    (d / "ignition" / "global-props" / "data.bin").write_bytes(resource_codec.encode(data))
    virtual_gateway.tags.add_provider("plant")
    virtual_gateway.projects.load(str(d))
    assert virtual_gateway.tags.default_name == "plant"


def test_an_unknown_setter_costs_a_warning_and_is_written_back(tmp_path):
    from gateway_sim.project.resource_codec import Element
    key = beans.Bean(events81.TIMER_KEY, [
        ("setDelay", ("l",), [500]), ("setName", ("str",), ["t"]),
        ("setFrobnicate", ("dbl",), [beans.Opaque(Element("dbl", text=("long", 3)))])])
    cfg = beans.Bean(events81.SCRIPT_CONFIG, [("setTimerScripts", ("java.util.Map",), [
        beans.JavaMap("java.util.HashMap", [(key, "pass")])])])
    data = resource_codec.encode(beans.values_document([cfg]))
    values = beans.document_values(resource_codec.decode(data))
    assert values == [cfg]  # the uninterpreted value survives a round trip
    events, warnings = events81.events_from_values(values, "p", "p/data.bin")
    assert [(e.kind, e.name, e.attributes) for e in events] == [("timer", "t", {"delay": 500})]
    assert len(warnings) == 1 and "TimerKey.setFrobnicate" in warnings[0]


def test_cron_l_is_the_last_day_of_the_month():
    import datetime
    import time
    from gateway_sim.project.cron import CronSchedule
    cron = CronSchedule("0 21 L * *")  # as in the HMS sample
    t = time.mktime(datetime.datetime(2028, 2, 10).timetuple())
    fired = []
    for _ in range(3):
        t = cron.next_after(t)
        fired.append(datetime.datetime.fromtimestamp(t))
    assert fired == [datetime.datetime(2028, 2, 29, 21), datetime.datetime(2028, 3, 31, 21),
                     datetime.datetime(2028, 4, 30, 21)]
    with pytest.raises(ConfigError):
        CronSchedule("0 21 X * *")
