"""Shapes from real public tag exports the simulator had not seen (issue 9 hunt, 3rd pass).

Each export here is written for this test (never copied): it has the same shape as a
public export that failed to load or read as on a gateway.
"""
from __future__ import absolute_import, division, print_function

import gateway_sim.system as system


def _read(paths):
    return [(qv.value, qv.quality.getName()) for qv in system.tag.readBlocking(paths)]


# A definition whose members address sequential registers from one base parameter:
# {Base+1}, a formatted {Base+2|000}, arithmetic between two parameters, and an
# expression reading {Base+1} (8.1 manual, UDT Parameters: offsets and formatting).
REGISTERS = {"name": "", "tagType": "Provider", "tags": [
    {"name": "_types_", "tagType": "Folder", "tags": [
        {"name": "Regs", "tagType": "UdtType",
         "parameters": {"Base": {"dataType": "Integer", "value": 0},
                        "Step": {"dataType": "Integer", "value": 1},
                        "Dev": {"dataType": "String", "value": ""}},
         "tags": [
             {"name": "First", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "String",
              "value": {"bindType": "parameter", "binding": "[{Dev}]DataPoint{Base+1}"}},
             {"name": "Padded", "tagType": "AtomicTag", "valueSource": "memory",
              "dataType": "String",
              "value": {"bindType": "parameter", "binding": "DataPoint{Base+2|000}"}},
             {"name": "Span", "tagType": "AtomicTag", "valueSource": "memory", "dataType": "Int4",
              "value": {"bindType": "parameter", "binding": "{Base + Step * 4}"}},
             {"name": "Twice", "tagType": "AtomicTag", "valueSource": "expr", "dataType": "Int4",
              "expression": "{Base+1} * 2"},
             {"name": "Other", "tagType": "AtomicTag", "valueSource": "memory",
              "dataType": "String",
              "value": {"bindType": "parameter", "binding": "N{Missing+1}"}},
             {"name": "Other2", "tagType": "AtomicTag", "valueSource": "memory",
              "dataType": "String",
              "value": {"bindType": "parameter", "binding": "N{Missing}"}}]}]},
    {"name": "R", "tagType": "UdtInstance", "typeId": "Regs",
     "parameters": {"Base": {"dataType": "Integer", "value": 98}, "Step": "3", "Dev": "PLC"}}]}


def test_parameter_references_offset_and_format(gateway):
    gateway.tags.load_data(REGISTERS)
    gateway.tags.flush_events(10)
    got = _read(["[default]R/First", "[default]R/Padded", "[default]R/Span",
                 "[default]R/Twice", "[default]R/Other", "[default]R/Other2"])
    assert got[0] == ("[PLC]DataPoint99", "Good")
    assert got[1] == ("DataPoint100", "Good")
    assert got[2] == (110, "Good")         # a parameter written as text counts as a number
    assert got[3] == (198, "Good")
    # An unknown parameter is left unresolved exactly as a plain {Missing} is.
    assert got[4] == got[5]
