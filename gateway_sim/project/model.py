"""Ignition project folders on disk: ``project.json``, resources, inheritance.

A project is a folder with ``project.json`` and one folder per module id
(``ignition/`` for core resources). Every resource is a folder holding
``resource.json`` plus its data files. This module reads what the simulator
uses -- project-library modules, named queries, gateway events -- and merges
a project with its parents (child resources override inherited ones).

Pure data: nothing here runs code. May import: the standard library and
``gateway_sim.errors`` / ``gateway_sim._compat``.
"""
from __future__ import absolute_import, division, print_function

import io
import json
import os

from gateway_sim.errors import ConfigError

PROJECT_FILE = "project.json"
RESOURCE_FILE = "resource.json"
SCRIPT_PYTHON = os.path.join("ignition", "script-python")
NAMED_QUERY = os.path.join("ignition", "named-query")


class ModuleSource(object):
    """One project-library module: dotted name, source text and where it came from.

    ``display_path`` is what error messages show (``<project>/ignition/script-python/a/b/code.py``);
    ``project`` is the project that defines it (a parent, for inherited modules).
    """

    def __init__(self, name, text, project, display_path, origin=None):
        self.name = name
        self.text = text
        self.project = project
        self.display_path = display_path
        self.origin = origin or display_path

    def __repr__(self):
        return "<ModuleSource %s from %s>" % (self.name, self.display_path)


class NamedQuery(object):
    """A named query resource: path (``Folder/Name``), SQL and its attributes."""

    def __init__(self, path, sql, attributes, project, display_path):
        self.path = path
        self.sql = sql
        self.attributes = attributes
        self.project = project
        self.display_path = display_path

    @property
    def type(self):
        return self.attributes.get("type", "Query")

    @property
    def database(self):
        return self.attributes.get("database", "") or ""

    @property
    def parameters(self):
        return list(self.attributes.get("parameters") or [])

    @property
    def enabled(self):
        return self.attributes.get("enabled", True) is not False


class ProjectInfo(object):
    """The contents of one ``project.json`` plus where it lives."""

    def __init__(self, name, path, data):
        self.name = name
        self.path = path
        self.data = data
        self.title = data.get("title") or name
        self.description = data.get("description", "")
        self.enabled = data.get("enabled", True) is not False
        self.inheritable = bool(data.get("inheritable", False))
        self.parent = data.get("parent") or ""
        self.assumed = False  # no project.json: Ignition's defaults (read_project_info)

    def __repr__(self):
        return "<Project %s at %s>" % (self.name, self.path)


def read_json(path, what):
    """Parse a JSON file; any problem becomes a ConfigError naming the file and the fix."""
    try:
        with io.open(path, "r", encoding="utf-8") as f:
            text = f.read()
    except (IOError, OSError) as exc:
        raise ConfigError("cannot read %s: %s" % (what, exc), source=path)
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ConfigError("%s is not valid JSON (%s); fix the file or re-export it from the Designer"
                          % (what, exc), source=path)


def read_text(path):
    with io.open(path, "r", encoding="utf-8") as f:
        return f.read()


def read_project_info(path, name=None, allow_missing=False):
    """Read ``<path>/project.json``; raises ConfigError when the folder is not a project.

    ``allow_missing``: a folder of project resources (``ignition/``,
    ``com.inductiveautomation.*/``) without project.json (a repository that never committed
    it) is read with Ignition's defaults; the info's ``assumed`` is then True."""
    path = os.path.abspath(path)
    if not os.path.isdir(path):
        raise ConfigError("project folder not found; pass the folder that holds project.json",
                          source=path)
    pj = os.path.join(path, PROJECT_FILE)
    if not os.path.isfile(pj):
        from gateway_sim.project.locate import is_resource_folder
        if allow_missing and is_resource_folder(path):
            info = ProjectInfo(name or os.path.basename(path.rstrip(os.sep)), path, {})
            info.assumed = True
            return info
        raise ConfigError("not an Ignition project: project.json is missing. Point at the project "
                          "folder itself (the one with project.json and ignition/), or create "
                          "project.json with at least {\"title\": \"...\"}", source=path)
    data = read_json(pj, "project.json")
    if not isinstance(data, dict):
        raise ConfigError("project.json must hold a JSON object", source=pj)
    return ProjectInfo(name or os.path.basename(path.rstrip(os.sep)), path, data)


def read_resource(folder):
    """``resource.json`` of a resource folder as a dict ({} when absent)."""
    rj = os.path.join(folder, RESOURCE_FILE)
    if not os.path.isfile(rj):
        return {}
    data = read_json(rj, "resource.json")
    if not isinstance(data, dict):
        raise ConfigError("resource.json must hold a JSON object", source=rj)
    return data


def resolve_chain(info, projects_dirs, missing=None):
    """The inheritance chain root-first: ``[grandparent, parent, info]``.

    Parents are looked up by name in ``projects_dirs`` and, failing that, next
    to the project itself (a gateway's ``data/projects`` holds siblings). A parent that
    cannot be found is a ConfigError, unless ``missing`` is a list: then its name is
    appended there and the chain stops at the last project found (``gateway-sim check``
    looks at a child project whose parent is not on disk).
    """
    chain = [info]
    seen = set([info.name])
    search = list(projects_dirs or []) + [os.path.dirname(info.path)]
    current = info
    while current.parent:
        parent_name = current.parent
        if parent_name in seen:
            raise ConfigError("project inheritance loops back to %r (%s); fix the \"parent\" fields"
                              % (parent_name, " -> ".join(p.name for p in reversed(chain))),
                              source=os.path.join(current.path, PROJECT_FILE))
        folder = None
        for d in search:
            cand = os.path.join(d, parent_name)
            if os.path.isfile(os.path.join(cand, PROJECT_FILE)):
                folder = cand
                break
        if folder is None and missing is not None:
            missing.append(parent_name)
            break
        if folder is None:
            raise ConfigError("parent project %r not found in %s; add the folder of projects to the "
                              "config (\"projects\": \"path/to/projects\") or fix \"parent\""
                              % (parent_name, ", ".join(search)),
                              source=os.path.join(current.path, PROJECT_FILE))
        parent = read_project_info(folder, parent_name)
        if not parent.inheritable:
            raise ConfigError("project %r inherits from %r, which is not inheritable; set "
                              "\"inheritable\": true in %s" % (current.name, parent_name,
                                                                os.path.join(folder, PROJECT_FILE)),
                              source=os.path.join(current.path, PROJECT_FILE))
        chain.insert(0, parent)
        seen.add(parent_name)
        current = parent
    return chain


def _display(info, *parts):
    return "/".join([info.name] + [p.replace(os.sep, "/") for p in parts])


def scan_modules(info, warn=None):
    """Project-library modules of one project: {dotted name: ModuleSource}.

    Module ``a.b.c`` is the folder ``ignition/script-python/a/b/c/`` with
    ``code.py``; folders without ``code.py`` are packages only. A folder with a module's
    ``resource.json`` but no ``code.py`` (a file lost on the way into git) is left out with
    one ``warn`` line.
    """
    root = os.path.join(info.path, SCRIPT_PYTHON)
    found = {}
    if not os.path.isdir(root):
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "code.py" not in filenames:
            if RESOURCE_FILE in filenames and warn is not None:
                rel = os.path.relpath(dirpath, root)
                warn("project %s: module %s has a resource.json but no code.py; it is left out: "
                     "restore code.py or delete the folder"
                     % (info.name, ".".join(rel.split(os.sep))))
            continue
        rel = os.path.relpath(dirpath, root)
        if rel == os.curdir:
            continue
        dotted = ".".join(rel.split(os.sep))
        res = read_resource(dirpath)
        files = res.get("files") or ["code.py"]
        code_name = "code.py" if "code.py" in files else files[0]
        path = os.path.join(dirpath, code_name)
        found[dotted] = ModuleSource(dotted, read_text(path), info.name,
                                     _display(info, SCRIPT_PYTHON, rel, code_name), origin=path)
    return found


def scan_named_queries(info, warn=None):
    """Named queries of one project: {"Folder/Name": NamedQuery}.

    A query of an unknown type is left out with one ``warn`` line (default: raised
    as a ConfigError), so one bad query never stops the project.
    """
    root = os.path.join(info.path, NAMED_QUERY)
    found = {}
    if not os.path.isdir(root):
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "query.sql" not in filenames:
            continue
        rel = os.path.relpath(dirpath, root)
        qpath = "/".join(rel.split(os.sep))
        res = read_resource(dirpath)
        attrs = res.get("attributes") or {}
        qtype = attrs.get("type", "Query")
        if qtype not in ("Query", "UpdateQuery", "ScalarQuery"):
            err = ConfigError("named query type %r is unknown; use Query, UpdateQuery or "
                              "ScalarQuery" % (qtype,), source=os.path.join(dirpath, RESOURCE_FILE))
            if warn is None:
                raise err
            warn("project %s: named query %s left out: %s" % (info.name, qpath, err))
            continue
        found[qpath] = NamedQuery(qpath, read_text(os.path.join(dirpath, "query.sql")), attrs,
                                  info.name, _display(info, NAMED_QUERY, rel, "query.sql"))
    return found


class ResolvedProject(object):
    """A project merged with its parents: what the gateway actually runs.

    ``modules`` and ``named_queries`` map names to sources, child first;
    ``events`` (filled by ``gateway_sim.project.events``) likewise;
    ``global_props`` the defaults of ``ignition/global-props`` (a child's
    file replaces its parent's, as for any resource); ``session_events`` the Perspective
    session events (``gateway_sim.project.session_events``), child first too.
    """

    def __init__(self, info, chain, modules, named_queries, events, global_props=None,
                 session_events=None):
        self.info = info
        self.chain = chain
        self.modules = modules
        self.named_queries = named_queries
        self.events = events
        self.global_props = global_props or {}
        self.session_events = session_events or {}

    @property
    def name(self):
        return self.info.name

    @property
    def path(self):
        return self.info.path


def resolve_project(path, name=None, projects_dirs=None, extra_modules=None, events_file=None,
                    missing_parents=None, warn=None):
    """Read a project folder and its parents into a ResolvedProject.

    ``extra_modules`` ({dotted: ModuleSource}) are modules generated from Python
    packages (the export's conversion); the project's own script-python wins
    over them only where it defines the same module. ``warn`` gets each warning
    line (an undecodable 8.1 data.bin...; default: the ``gateway_sim.project`` log).
    """
    from gateway_sim.project import events as events_mod
    from gateway_sim.project.global_props import read_global_props
    from gateway_sim.project.session_events import scan_session_events
    info = read_project_info(path, name, allow_missing=True)
    if info.assumed and warn is not None:
        warn("no project.json in %s: loaded with Ignition's defaults (named %r after the folder, "
             "enabled, no parent); add a project.json to set them" % (path, info.name))
    chain = resolve_chain(info, projects_dirs, missing_parents)
    modules = dict(extra_modules or {})
    named = {}
    events = {}
    session_events = {}
    props = {}
    for proj in chain:  # root first, so children override
        modules.update(scan_modules(proj, warn))
        named.update(scan_named_queries(proj, warn))
        side = events_file if proj is info else None
        for ev in events_mod.scan_events(proj, side, warn=warn):
            events[ev.key] = ev
        for ev in scan_session_events(proj, warn=warn):
            session_events[(ev.kind, ev.name)] = ev
        props = read_global_props(proj, warn) or props
    return ResolvedProject(info, chain, modules, named, events, props, session_events)
