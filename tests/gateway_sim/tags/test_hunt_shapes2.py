"""More shapes from real public tag exports the simulator had not seen (issue 9 hunt, 2nd pass).

Each export here is written for this test (never copied): it has the same shape as a
public export that failed to load or read as on a gateway.
"""
from __future__ import absolute_import, division, print_function

import threading

import gateway_sim.system as system


def _until(cond, what, timeout=10.0):
    """Wait (on a condition, polled) until ``cond()`` is true; fail naming ``what``."""
    ev = threading.Event()
    end = 0
    while end < timeout * 50:
        if cond():
            return
        ev.wait(0.02)
        end += 1
    assert cond(), "timed out waiting for " + what


# A UDT whose member's valueChanged script counts rising edges through readBlocking and
# writeAsync on relative ([.]) paths -- the async write runs on another thread and must
# still resolve [.] against the tag whose script called it.
EDGE_COUNTER = {"name": "", "tagType": "Provider", "tags": [
    {"name": "_types_", "tagType": "Folder", "tags": [
        {"name": "Kit", "tagType": "Folder", "tags": [
            {"name": "Edges", "tagType": "UdtType", "tags": [
                {"name": "Mem", "tagType": "Folder", "tags": [
                    {"name": "Last", "tagType": "AtomicTag", "valueSource": "memory",
                     "dataType": "Boolean", "value": False}]},
                {"name": "Count", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int8",
                 "value": 0},
                {"name": "Seen", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "String"},
                {"name": "In", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Boolean",
                 "value": False, "eventScripts": [{"eventid": "valueChanged", "script": (
                     "\tif initialChange: return\n"
                     "\tpaths = ['[.]Mem/Last', '[.]Count']\n"
                     "\tlast, n = [q.value for q in system.tag.readBlocking(paths)]\n"
                     "\tif currentValue.value and not last:\n"
                     "\t\tsystem.tag.writeAsync(paths, [True, n + 1])\n"
                     "\telif last and not currentValue.value:\n"
                     "\t\tsystem.tag.writeAsync(['[.]Mem/Last'], [False])\n"
                     "\tdef got(qvs):\n"
                     "\t\tsystem.tag.writeBlocking(['[.]Seen'], [str(qvs[0].value)])\n"
                     "\tsystem.tag.readAsync(['[.]Count'], got)\n")}]}]}]}]},
    {"name": "E1", "tagType": "UdtInstance", "typeId": "Kit/Edges"}]}


def test_async_reads_and_writes_in_a_tag_script_resolve_relative_paths(gateway):
    gateway.tags.load_data(EDGE_COUNTER)
    gateway.tags.flush_events(10)
    system.tag.writeBlocking(["[default]E1/In"], [True])
    gateway.tags.flush_events(10)
    _until(lambda: gateway.tags.value("[default]E1/Count") == 1, "the first edge to be counted")
    assert gateway.tags.value("[default]E1/Mem/Last") is True
    system.tag.writeBlocking(["[default]E1/In"], [False])
    gateway.tags.flush_events(10)
    _until(lambda: gateway.tags.value("[default]E1/Mem/Last") is False, "Last to reset")
    system.tag.writeBlocking(["[default]E1/In"], [True])
    gateway.tags.flush_events(10)
    _until(lambda: gateway.tags.value("[default]E1/Count") == 2, "the second edge to be counted")
    # readAsync's callback ran with the tag's context too: its relative write landed.
    _until(lambda: gateway.tags.value("[default]E1/Seen") in ("1", "2"), "readAsync's callback")
    # Nothing was written at the provider root by an unresolved [.] path.
    assert not system.tag.exists("[default]Count") and not system.tag.exists("[default]Seen")
