"""``gateway-sim export``: an Ignition project (folder + zip) the Designer can import.

The export is the project folder's Ignition resources (``project.json`` and the
module folders such as ``ignition/``) plus the project library generated from
Python packages (``exchange/`` -> ``ignition/script-python/<dotted path>/code.py``
+ ``resource.json``; conversion rules in ``gateway_sim.project.library``).
Simulator-only files in the project folder (gateway config, tag files, the 8.1
events side file) stay out.

Deterministic: the same sources give byte-identical output (sorted entries, fixed
zip timestamps and permissions, ``"\\n"`` line ends, JSON with a fixed key order).
The modification time written into ``resource.json`` comes from the environment
variable ``SOURCE_DATE_EPOCH`` when set (reproducible-builds convention), else
``1980-01-01T00:00:00Z``. No ``lastModificationSignature`` is written (the gateway
computes it) and any found in copied resources is dropped.

``ignition="8.1"`` (CLI ``--ignition 8.1``) writes the gateway events the 8.1
way: every event of the project (8.3 event folders, the side file, an existing
data.bin) goes into one ``ignition/event-scripts/data.bin`` in Ignition's binary
resource encoding (``gateway_sim.project.events81``) and the 8.3 event folders
are left out. Its ``resource.json`` (scope ``G``, version 1, ``files: ["data.bin"]``)
follows the other 8.1 resources; the gateway's exact expectations there are unverified.

May import: the standard library and ``gateway_sim.project`` / ``errors``.
"""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import re
import shutil
import time
import zipfile
from collections import OrderedDict

from gateway_sim.errors import ConfigError
from gateway_sim.project.library import package_modules, script_python_path
from gateway_sim.project.model import read_project_info

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
RESOURCE_KEYS = ("scope", "version", "restricted", "overridable", "files", "attributes")
# hintScope of generated library modules: the value seen in real 8.3 exports of this library.
HINT_SCOPE = 2
ACTOR = "gateway-sim"
IGNITION_VERSIONS = ("8.1", "8.3")
EVENT_FOLDERS = ("startup", "shutdown", "update", "timer", "scheduled", "tag-change", "message",
                 "event-scripts")


def _epoch():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return int(epoch) if epoch and epoch.isdigit() else 315532800  # 1980-01-01


def _timestamp():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(_epoch()))


def _json_text(obj):
    return json.dumps(obj, indent=2, separators=(",", ": "), ensure_ascii=False) + "\n"


def library_resource(timestamp=None):
    """``resource.json`` of a project-library module, as Ignition writes one."""
    attrs = OrderedDict([("hintScope", HINT_SCOPE),
                         ("lastModification", OrderedDict([("actor", ACTOR),
                                                           ("timestamp", timestamp or _timestamp())]))])
    return OrderedDict([("scope", "A"), ("version", 1), ("restricted", False),
                        ("overridable", True), ("files", ["code.py"]), ("attributes", attrs)])


def _ordered_resource(data):
    """A copied resource.json in Ignition's key order, without the signature."""
    out = OrderedDict()
    for key in RESOURCE_KEYS:
        if key in data:
            out[key] = data[key]
    for key in sorted(data):
        if key not in out:
            out[key] = data[key]
    attrs = out.get("attributes")
    if isinstance(attrs, dict):
        out["attributes"] = OrderedDict((k, attrs[k]) for k in sorted(attrs)
                                        if k != "lastModificationSignature")
    return out


def _is_module_folder(name):
    # project root holds project.json and one folder per module id: "ignition",
    # "com.inductiveautomation.perspective", ...
    return name == "ignition" or "." in name


def _text_bytes(text):
    return text.replace("\r\n", "\n").encode("utf-8")


def event_scripts_81(info, timestamp=None):
    """``{relative path: bytes}`` of the 8.1 event-scripts resource holding ``info``'s events."""
    from gateway_sim.project.events import EventScript, scan_events
    from gateway_sim.project.events81 import encode_events, text_for_81
    events = [EventScript(ev.kind, ev.name, text_for_81(ev.kind, ev.text), ev.attributes,
                          ev.project, ev.display_path) for ev in scan_events(info, strict=True)]
    ts = timestamp or _timestamp()
    resource = OrderedDict([("scope", "G"), ("version", 1), ("restricted", False),
                            ("overridable", True), ("files", ["data.bin"]),
                            ("attributes", OrderedDict([("lastModification", OrderedDict(
                                [("actor", ACTOR), ("timestamp", ts)]))]))])
    return {"ignition/event-scripts/data.bin": encode_events(events, timestamp_ms=_epoch() * 1000),
            "ignition/event-scripts/resource.json": _text_bytes(_json_text(resource))}


def collect(project_dir, packages=(), timestamp=None, ignition="8.3"):
    """All files of the export: ``{relative path ("/" separated): bytes}``.

    ``ignition``: the target version, "8.3" (events as one folder each, as in the
    project) or "8.1" (events in ``ignition/event-scripts/data.bin``).
    Raises ConfigError naming the problem (missing project.json, bad package...).
    """
    if ignition not in IGNITION_VERSIONS:
        raise ConfigError("unknown Ignition version %r for the export; use %s"
                          % (ignition, " or ".join(IGNITION_VERSIONS)))
    info = read_project_info(project_dir)
    files = {}
    with io.open(os.path.join(info.path, "project.json"), "rb") as f:
        files["project.json"] = f.read().replace(b"\r\n", b"\n")
    for entry in sorted(os.listdir(info.path)):
        full = os.path.join(info.path, entry)
        if not (os.path.isdir(full) and _is_module_folder(entry)):
            continue
        for dirpath, dirnames, filenames in os.walk(full):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for fname in sorted(filenames):
                if fname.endswith((".pyc", "$py.class")):
                    continue
                src = os.path.join(dirpath, fname)
                rel = os.path.relpath(src, info.path).replace(os.sep, "/")
                with io.open(src, "rb") as f:
                    data = f.read()
                if fname == "resource.json":
                    try:
                        parsed = json.loads(data.decode("utf-8"))
                    except ValueError as exc:
                        raise ConfigError("invalid resource.json (%s)" % (exc,), source=src)
                    data = _text_bytes(_json_text(_ordered_resource(parsed)))
                elif fname.endswith((".py", ".sql", ".json")):
                    data = data.replace(b"\r\n", b"\n")
                files[rel] = data
    ts = timestamp or _timestamp()
    if ignition == "8.1":
        prefixes = tuple("ignition/%s/" % f for f in EVENT_FOLDERS)
        for key in [k for k in files if k.startswith(prefixes)]:
            del files[key]
        try:
            files.update(event_scripts_81(info, ts))
        except ValueError as exc:  # e.g. a script longer than the encoding stores
            raise ConfigError("cannot write the 8.1 gateway events: %s" % (exc,), source=info.path)
    generated = {}
    for pkg in packages:
        generated.update(package_modules(pkg, info.name))
    for dotted in sorted(generated):
        folder = script_python_path(dotted)
        # the generated library replaces a stale copy of the same module
        for key in [k for k in files if k.startswith(folder + "/")]:
            del files[key]
        files[folder + "/code.py"] = _text_bytes(generated[dotted].text)
        files[folder + "/resource.json"] = _text_bytes(_json_text(library_resource(ts)))
    return info, files


def default_name(info):
    """Export name: the project title as an Ignition project name (letters, digits, _ -)."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", info.title or info.name).strip("_")
    return name or info.name


def write_zip(files, path):
    """Write ``files`` as a deterministic zip (sorted, fixed dates and modes)."""
    tmp = path + ".tmp"
    zf = zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED)
    try:
        for rel in sorted(files):
            zi = zipfile.ZipInfo(rel, ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = (0o644 << 16)
            zi.create_system = 3  # unix, so the mode above is honoured everywhere
            zf.writestr(zi, files[rel])
    finally:
        zf.close()
    if os.path.exists(path):
        os.remove(path)
    os.rename(tmp, path)
    return path


def write_folder(files, folder):
    """Write ``files`` under ``folder``, replacing a previous export there.

    Refuses to clear a non-empty folder that is not an earlier export
    (no ``project.json``), so a wrong ``--out`` cannot wipe unrelated files.
    """
    if os.path.isdir(folder) and os.listdir(folder):
        if not os.path.isfile(os.path.join(folder, "project.json")):
            raise ConfigError("refusing to overwrite %s: it is not empty and holds no project.json "
                              "(not an earlier export); choose another --out" % folder)
        shutil.rmtree(folder)
    for rel in sorted(files):
        dest = os.path.join(folder, *rel.split("/"))
        d = os.path.dirname(dest)
        if not os.path.isdir(d):
            os.makedirs(d)
        with io.open(dest, "wb") as f:
            f.write(files[rel])
    return folder


def export_project(project_dir, out_dir, packages=(), name=None, make_zip=True, make_folder=True,
                   ignition="8.3"):
    """Build the export: ``<out_dir>/<name>/`` and ``<out_dir>/<name>.zip``.

    Args:
        project_dir: the Ignition project folder (``project.json``, ``ignition/``...).
        out_dir: where to write (created if missing).
        packages: Python package folders converted to the project library.
        name: project name (default: from the project title).
        ignition: target Ignition version, "8.3" (default) or "8.1" (events in data.bin).
    Returns: dict with ``name``, ``folder``, ``zip``, ``files`` (sorted relative paths),
    ``modules`` (generated library modules).
    """
    info, files = collect(project_dir, packages, ignition=ignition)
    name = name or default_name(info)
    if not re.match(r"^[A-Za-z0-9_-]+$", name):
        raise ConfigError("project name %r may only hold letters, digits, '_' and '-'" % (name,))
    if not os.path.isdir(out_dir):
        os.makedirs(out_dir)
    result = {"name": name, "folder": None, "zip": None, "files": sorted(files),
              "modules": sorted(k[len("ignition/script-python/"):-len("/code.py")].replace("/", ".")
                                for k in files
                                if k.startswith("ignition/script-python/") and k.endswith("/code.py"))}
    if make_folder:
        result["folder"] = write_folder(files, os.path.join(out_dir, name))
    if make_zip:
        result["zip"] = write_zip(files, os.path.join(out_dir, name + ".zip"))
    return result
