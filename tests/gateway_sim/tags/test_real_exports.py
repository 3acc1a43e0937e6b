"""Real public tag exports load as on a gateway (issue 9).

The exports live in ``../shared/fixtures/real/tags/`` (``SOURCES.md`` there names each
origin and licence; they are never copied here) and are read through ``real_path``:

* T1 -- floriansmeyers/SFLOW-Ignition-CLI @ 9810fe4d, MIT: ``tags-backup.json`` (8.x provider
  export: nested UDT instances without ``typeId``, DataSet values as JSON text, relative paths).
* T2 -- Mustry-Solutions/factry-historian-ignition-module @ af9ba6c4, MIT: the 8.3 on-disk
  ``tag-definition`` layout (bare JSON lists, folders only in directory names).
* T3 -- celikender/vLock-Digital-LOTO @ 0ddf65ca, MIT: ``vlock-udts.json`` (a definitions-only
  export whose expression spans CRLF and ``&&``).

Counts per ``tagType`` are taken here by walking the JSON independently of the loader,
then compared with what the loaded provider holds and browses.
"""
from __future__ import absolute_import, division, print_function

import collections
import json
import os

import pytest
from realfixtures import real_path

import gateway_sim.system as system
from gateway_sim.quality import QualityCode

T1 = ("tags", "floriansmeyers__SFLOW-Ignition-CLI", "tags-backup.json")
T2 = ("tags", "Mustry-Solutions__factry-historian-ignition-module", "ignition", "config")
T3 = ("tags", "celikender__vLock-Digital-LOTO", "vlock-udts.json")
T2_PROVIDER = os.path.join("resources", "core", "ignition", "tag-definition", "default")


# --- independent counting ----------------------------------------------------------
def _walk(node, prefix, out, in_instance=False):
    """(path, tagType, written outside any UDT instance) for ``node`` and its subtree."""
    tt = node.get("tagType", "AtomicTag")
    path = prefix + "/" + node["name"] if prefix else node["name"]
    out.append((path, tt, not in_instance))
    for c in node.get("tags") or []:
        _walk(c, path, out, in_instance or tt == "UdtInstance")
    return out


def _file_nodes(doc, types_only=False):
    out = []
    roots = doc["tags"] if isinstance(doc, dict) and doc.get("name") == "" else (
        doc if isinstance(doc, list) else [doc])
    for n in roots:
        _walk(n, "_types_" if types_only else "", out)
    return out


def _dir_nodes(provider_dir):
    """Nodes of an 8.3 provider folder: directories are folders, tags.json lists hold tags."""
    out = []
    for dirpath, dirnames, filenames in os.walk(provider_dir):
        rel = os.path.relpath(dirpath, provider_dir).replace(os.sep, "/")
        rel = "" if rel == "." else rel
        if rel:
            out.append((rel, "Folder", True))
        if "tags.json" in filenames:
            with open(os.path.join(dirpath, "tags.json")) as f:
                for n in json.load(f):
                    _walk(n, rel, out)
    return out


def _counts(nodes, written_only=False):
    return dict(collections.Counter(tt for _, tt, outside in nodes if outside or not written_only))


def _loaded_counts(provider="default"):
    """tagType counts of the nodes the provider holds outside UDT instances (browse)."""
    res = system.tag.browse("[%s]" % provider, {"recursive": True}).getResults()
    inst = set()
    out = collections.Counter()
    for r in res:
        p = str(r["fullPath"])
        if any(p.startswith(i + "/") for i in inst if len(i) < len(p)):
            continue
        out[r["tagType"]] += 1
        if r["tagType"] == "UdtInstance":
            inst.add(p)
    return dict(out)


def _assert_every_node_loaded(nodes, provider="default"):
    paths = ["[%s]%s.TagType" % (provider, p) for p, _, _ in nodes]
    got = [q.value for q in system.tag.readBlocking(paths)]
    wrong = [(p, tt, g) for (p, tt, _), g in zip(nodes, got) if g != tt]
    assert not wrong, wrong[:10]


def _load(gateway, parts):
    gateway.tags.load_file(real_path(*parts))
    gateway.tags.flush_events(30)


# --- T1 ----------------------------------------------------------------------------
@pytest.fixture
def t1(gateway):
    with open(real_path(*T1)) as f:
        doc = json.load(f)
    _load(gateway, T1)
    return gateway, _file_nodes(doc)


def test_t1_counts_per_tag_type(t1):
    gateway, nodes = t1
    counts = _counts(nodes)
    # SOURCES.md's figures for this file (sanity check of the independent walk).
    assert counts == {"Folder": 406, "AtomicTag": 6364, "UdtInstance": 169, "UdtType": 14}
    assert gateway.tags.warnings == []
    _assert_every_node_loaded(nodes)
    assert _loaded_counts() == _counts(nodes, written_only=True)


def test_t1_nested_instances_inherit_their_type(t1):
    gateway, _ = t1
    arm = "[default]Automotive/Cells/Divorce/Right Arm"
    kids = system.tag.browse(arm).getResults()
    assert sorted(k["name"] for k in kids) == ["Comm", "Power", "Signal"]
    assert [r for r in system.tag.browse("[default]Automotive/Cells/Divorce").getResults()
            if r["name"] == "Right Arm"][0]["typeId"] == "Automotive/Arms"
    cfg = system.tag.getConfiguration(arm, False)[0]
    assert cfg["typeId"] == "Automotive/Arms" and cfg["tagType"] == "UdtInstance"
    assert sorted(t["name"] for t in cfg["tags"]) == ["Comm", "Power", "Signal"]
    # Member values come from the definition ("Comm" = "01110110" in Arms).
    assert gateway.tags.value(arm + "/Comm") == "01110110"


def test_t1_instances_inside_definitions_are_not_hollow(t1):
    kids = system.tag.browse("[default]_types_/Automotive/Cells/Left Arm").getResults()
    assert sorted(k["name"] for k in kids) == ["Comm", "Power", "Signal"]
    cfg = system.tag.getConfiguration("[default]_types_/IFM/TDTemperatureSensor", True)[0]
    poll = [t for t in cfg["tags"] if t["name"] == "Poll"][0]
    assert poll["typeId"] == "IFM/RESTPoll" and poll.get("tags")


def test_t1_dataset_values_given_as_json_text(t1):
    gateway, _ = t1
    qv = gateway.tags.read_one("[default]Stocks/ORCLHistory")
    assert qv.quality.isGood()
    ds = qv.value
    assert ds.getRowCount() > 0 and list(ds.getColumnNames()) == ["t_stamp", "close"]
    assert ds.getValueAt(0, "t_stamp").getTime() == 1583395200000
    assert ds.getValueAt(0, "close") == 48.0


def test_t1_relative_paths_resolve(t1):
    gateway, _ = t1
    prov = gateway.tags.provider("default")
    exprs = [n for n in prov.root.walk() if n.tag_type == "AtomicTag" and not n.inert
             and n.value_source in ("expr", "reference", "derived")]
    assert len(exprs) > 150
    bad_path = [n.full_path() for n in exprs if n.qv.quality.getName() == "Error_InvalidPathSyntax"]
    assert bad_path == []
    # [.]../ in a reference tag, and in a derived tag two folders up.
    assert gateway.tags.read_one("[default]Exchange/Prepared Foods Line Demo/OEE Metrics/Good Yield") \
        .quality.isGood()
    # Total's [.]../../ source resolves; the chain ends at an OPC tag whose device the
    # gateway's own OPC server does not serve, so it shows that tag's Bad_NotFound (not a
    # path error).
    assert gateway.tags.read_one("[default]Exchange/Prepared Foods Line Demo/Equipment/"
                                 "Inspector and Packager/Inspection/Total").quality.getName() == \
        "Bad_NotFound"


def test_t1_writes_propagate_through_relative_references(t1):
    gateway, _ = t1
    base = "[default]Exchange/Prepared Foods Line Demo/"
    src = base + "Equipment/Inspector and Packager/Inspection/Pass"
    ref = base + "OEE Metrics/Good Yield"
    cur = gateway.tags.value(src)
    system.tag.writeBlocking([src], [(cur or 0) + 3])
    assert gateway.tags.value(ref) == gateway.tags.value(src)


# --- T2 ----------------------------------------------------------------------------
def test_t2_83_layout_counts(gateway):
    root = real_path(*T2)
    nodes = _dir_nodes(os.path.join(root, T2_PROVIDER))
    counts = _counts(nodes)
    assert counts["AtomicTag"] == 74          # SOURCES.md
    _load(gateway, T2)
    assert gateway.tags.warnings == []
    _assert_every_node_loaded(nodes)
    assert _loaded_counts() == _counts(nodes, written_only=True)
    dts = collections.Counter(
        r["dataType"] for r in system.tag.browse("[default]", {"recursive": True, "tagType": "AtomicTag"})
        .getResults())
    assert dts == {"Float8": 30, "Int4": 14, "Int8": 8, "Boolean": 6, "Int2": 6, "Float4": 6, "String": 4}
    cfg = system.tag.getConfiguration("[default]Factry/Ramp/Ramp1")[0]
    assert cfg["opcItemPath"] == "ns=1;s=[Test-PLC]Ramp/Ramp1" and cfg["valueSource"] == "opc"


# --- T3 ----------------------------------------------------------------------------
def test_t3_definitions_export_goes_under_types_and_instantiates(gateway):
    with open(real_path(*T3)) as f:
        doc = json.load(f)
    nodes = _file_nodes(doc, types_only=True)
    assert _counts(nodes) == {"Folder": 3, "UdtType": 1, "AtomicTag": 8}   # SOURCES.md: 8 tags
    _load(gateway, T3)
    assert gateway.tags.warnings == []
    _assert_every_node_loaded(nodes)
    # An instance as the sibling vlock-tags.json writes it (typeId relative to _types_).
    gateway.tags.load_data([{"name": "Vfd101", "tagType": "UdtInstance",
                             "typeId": "Exchange/VLock/Vfd"}])
    system.tag.writeBlocking(["Vfd101/CmdRun", "Vfd101/CommOk", "Vfd101/Faulted", "Vfd101/Loto/Active"],
                             [True, True, False, False])
    assert gateway.tags.value("Vfd101/Running") is True
    system.tag.writeBlocking(["Vfd101/Loto/Active"], [True])
    assert gateway.tags.value("Vfd101/Running") is False
    assert gateway.tags.read_one("Vfd101/Running").quality == QualityCode.Good


# --- every tag export found under the real fixtures (including ones added later) ------
def _discovered_exports():
    from realfixtures import REAL
    found = []
    for dirpath, dirnames, filenames in os.walk(REAL):
        dirnames.sort()
        for fn in sorted(filenames):
            if not fn.endswith(".json"):
                continue
            p = os.path.join(dirpath, fn)
            try:
                with open(p) as f:
                    doc = json.load(f)
            except (ValueError, UnicodeDecodeError):
                continue
            nodes = doc if isinstance(doc, list) else [doc]
            if any(isinstance(n, dict) and "tagType" in n for n in nodes):
                found.append(os.path.relpath(p, REAL))
    return found


@pytest.mark.parametrize("rel", _discovered_exports() or ["tags"])
def test_every_discovered_export_loads_with_its_counts(gateway, rel):
    path = real_path(*rel.split(os.sep))
    if os.path.isdir(path):
        pytest.skip("no tag export found under %s" % path)
    with open(path) as f:
        doc = json.load(f)
    gateway.tags.load_file(path)
    assert gateway.tags.warnings == []
    types_only = isinstance(doc, dict) and doc.get("tagType") == "Folder" and doc.get("name") != "" \
        and _all_types(doc)
    nodes = _file_nodes(doc, types_only=types_only)
    assert nodes
    _assert_every_node_loaded(nodes)


def _all_types(node):
    if node.get("tagType") == "UdtType":
        return True
    kids = node.get("tags") or []
    return node.get("tagType") == "Folder" and bool(kids) and all(_all_types(k) for k in kids)
