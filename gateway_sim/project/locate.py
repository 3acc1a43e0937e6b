"""Where the project is in what a user points at, and which Ignition version it is for.

Users point ``gateway-sim check`` / ``run`` at what they have: the project folder
(``project.json`` + ``ignition/``...), a project export zip (the gateway's *Export
project*: the same files at the zip's root), a repository holding the project somewhere
below, or a folder of resources whose ``project.json`` was never committed. ``locate``
turns each into a project folder and says what it did; ``detect_version`` reads the
Ignition version the project's own resources were written by.
May import: the standard library and ``gateway_sim.errors``.
"""
from __future__ import absolute_import, division, print_function

import gzip
import io
import os
import re
import shutil
import tempfile
import zipfile

from gateway_sim.errors import ConfigError

PROJECT_FILE = "project.json"
_SKIP_DIRS = set([".git", ".svn", ".hg", "node_modules", "__pycache__", ".venv", "venv"])
_SEARCH_DEPTH = 4
# Ignition's export file name: <project>_<yyyyMMddHHmmss>.zip (unverified beyond the
# exports seen, e.g. "Demo_20240227103415")
_EXPORT_STAMP = re.compile(r"^(.+?)_\d{14}$")


class Located(object):
    """A project folder and what was done to find it (``notes``); ``close()`` removes a
    folder extracted from a zip."""

    def __init__(self, path, notes=None, temp_dir=None):
        self.path = path
        self.notes = list(notes or [])
        self.temp_dir = temp_dir

    def close(self):
        if self.temp_dir:
            shutil.rmtree(self.temp_dir, True)
            self.temp_dir = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# resource types of the "ignition" module a project folder holds (8.3 adds one folder per
# gateway event kind, see events.KINDS); a gateway's data folder also has an ignition/
# folder, holding projects/ and config/ instead
_IGNITION_TYPES = set(["script-python", "event-scripts", "global-props", "named-query",
                       "designer-properties", "timer", "message", "tag-change", "scheduled",
                       "startup", "shutdown", "update"])


def is_resource_folder(path):
    """A folder holding project resources: ``ignition/<a project resource type>/`` or a
    ``com.inductiveautomation.*/`` module folder."""
    try:
        names = os.listdir(path)
    except OSError:
        return False
    for n in names:
        sub = os.path.join(path, n)
        if not os.path.isdir(sub):
            continue
        if n.startswith("com.inductiveautomation."):
            return True
        if n == "ignition":
            try:
                if _IGNITION_TYPES.intersection(os.listdir(sub)):
                    return True
            except OSError:
                pass
    return False


def is_project_folder(path):
    return os.path.isfile(os.path.join(path, PROJECT_FILE)) or is_resource_folder(path)


def locate(path):
    """A ``Located`` project folder for ``path`` (folder, export zip or a folder above the
    project); raises ConfigError naming the problem and the fix."""
    path = os.path.abspath(path)
    if os.path.isfile(path):
        if zipfile.is_zipfile(path):
            return _from_zip(path)
        raise ConfigError("not an Ignition project: a file that is not a zip. Pass the project "
                          "folder (the one with project.json and ignition/) or a project "
                          "export .zip", source=path)
    if not os.path.isdir(path):
        raise ConfigError("project folder not found; pass the folder that holds project.json "
                          "(or a project export .zip)", source=path)
    if os.path.isfile(os.path.join(path, PROJECT_FILE)):
        return Located(path)
    if is_resource_folder(path):
        return Located(path)  # no project.json: the loader says so (model.resolve_project)
    found = find_projects(path)
    if len(found) == 1:
        return Located(found[0], ["the project is in %s" % os.path.relpath(found[0], path)])
    if not found:
        raise ConfigError("not an Ignition project: no project.json and no project resources "
                          "(ignition/script-python/, ignition/event-scripts/...) here nor in the "
                          "folders below (%d levels). Pass the project folder (the "
                          "one with project.json and ignition/) or a project export .zip"
                          % _SEARCH_DEPTH, source=path)
    raise ConfigError("this folder holds %d projects: %s. Pass one of them (their common folder "
                      "goes to --projects for parent lookups)"
                      % (len(found), ", ".join(os.path.relpath(f, path) for f in found)),
                      source=path)


def find_projects(root, depth=_SEARCH_DEPTH):
    """Project folders below ``root`` (not ``root`` itself; with project.json, or resource
    folders without it), outermost only, sorted."""
    out = []
    stack = [(root, 0)]
    while stack:
        folder, level = stack.pop()
        if level >= depth:
            continue
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for n in names:
            sub = os.path.join(folder, n)
            if n in _SKIP_DIRS or n.startswith(".") or not os.path.isdir(sub):
                continue
            if is_project_folder(sub):
                out.append(sub)
            elif not n.startswith("com.inductiveautomation.") and n not in _IGNITION_TYPES:
                stack.append((sub, level + 1))
    return sorted(out)


def _from_zip(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    m = _EXPORT_STAMP.match(stem)
    name = m.group(1) if m else stem
    temp = tempfile.mkdtemp(prefix="gateway_sim-export-")
    target = os.path.join(temp, name)
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            prefix = _zip_root(names)
            if prefix is None:
                raise ConfigError("this zip holds no project.json (at its root or in one top "
                                  "folder): it is not an Ignition project export. Export the "
                                  "project from the gateway (Config > Projects > Export) or "
                                  "pass the project folder", source=path)
            for member in names:
                if not member.startswith(prefix) or member.endswith("/"):
                    continue
                rel = member[len(prefix):]
                parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
                if not parts or ".." in parts or os.path.isabs(rel) or ":" in parts[0]:
                    raise ConfigError("unsafe path %r in the zip (outside the project); "
                                      "re-export the project" % member, source=path)
                dest = os.path.join(target, *parts)
                if not os.path.isdir(os.path.dirname(dest)):
                    os.makedirs(os.path.dirname(dest))
                with zf.open(member) as src:
                    with io.open(dest, "wb") as out:
                        shutil.copyfileobj(src, out)
    except ConfigError:
        shutil.rmtree(temp, True)
        raise
    except (zipfile.BadZipfile, IOError, OSError, RuntimeError) as exc:
        shutil.rmtree(temp, True)
        raise ConfigError("cannot read the project export zip (%s); re-export the project"
                          % exc, source=path)
    return Located(target, ["extracted the project export %s as project %r"
                            % (os.path.basename(path), name)], temp)


def _zip_root(names):
    """The member prefix of the project's files: "" (project.json at the root) or the one
    top folder that holds project.json; None if neither."""
    if PROJECT_FILE in names:
        return ""
    tops = set(n.split("/", 1)[0] for n in names if "/" in n)
    for top in sorted(tops):
        if top + "/" + PROJECT_FILE in names:
            return top + "/"
    return None


# --- version -------------------------------------------------------------------------
_VERSION = re.compile(br"(?<![\d.])([78])\.(\d)\.(\d{1,3})(?:\.(\d{10}))")
_MAX_BIN = 4 * 1024 * 1024


def detect_version(path):
    """``(version, note)``: the Ignition version to simulate for the project at ``path`` as
    its resources tell, with the evidence in a sentence; ``(None, None)`` when they say
    nothing.

    Evidence: the event folders only Ignition 8.3 writes (``ignition/timer/``...,
    ``com.inductiveautomation.perspective/message/``...),
    and the build strings (``8.1.28.2023060110``) binary resources (``data.bin``,
    ``window.bin``) carry from the Designer that last saved them. A resource keeps its
    build until it is saved again, so the newest build is a lower bound: an 8.3 build means
    8.3 (an 8.1 gateway cannot load it); 8.0 / 8.1 builds mean 8.1 unless told otherwise."""
    from gateway_sim.project.events import KINDS
    from gateway_sim.project.session_events import PERSPECTIVE_DIR, SESSION_KINDS
    folders = ["ignition/%s/" % f for f in sorted(set(
        k[0] for k in KINDS.values() if os.path.isdir(os.path.join(path, "ignition", k[0]))))]
    folders += ["%s/%s/" % (PERSPECTIVE_DIR, f) for f in sorted(set(
        k[0] for k in SESSION_KINDS.values()
        if os.path.isdir(os.path.join(path, PERSPECTIVE_DIR, k[0]))))]
    if folders:
        return "8.3", ("Ignition 8.3: its events are in Ignition 8.3 folders (%s)"
                       % ", ".join(folders))
    best = None
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        for fn in sorted(filenames):
            if not fn.endswith(".bin"):
                continue
            full = os.path.join(dirpath, fn)
            for found in _build_strings(full):
                if best is None or found[0] > best[0]:
                    best = (found[0], found[1], os.path.relpath(full, path))
            if best is not None and best[0][:2] >= (8, 3):
                break  # 8.3 is decided: no need to read the rest
        if best is not None and best[0][:2] >= (8, 3):
            break
    if best is None:
        return None, None
    where = best[2].replace(os.sep, "/")
    if best[0][:2] >= (8, 3):
        return "8.3", "Ignition 8.3: %s was written by Ignition %s" % (where, best[1])
    return "8.1", ("Ignition 8.1: its newest resource build is %s (%s); pass --ignition 8.3 if "
                   "its gateway runs 8.3" % (best[1], where))


def _build_strings(path):
    try:
        if os.path.getsize(path) > _MAX_BIN:
            return []
        with io.open(path, "rb") as f:
            raw = f.read()
    except (IOError, OSError):
        return []
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.GzipFile(fileobj=io.BytesIO(raw)).read(_MAX_BIN)
        except (IOError, OSError, EOFError, ValueError):
            return []
    out = []
    for m in _VERSION.finditer(raw):
        key = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        text = b".".join(g for g in m.groups() if g is not None).decode("ascii")
        out.append((key, text))
    return out
