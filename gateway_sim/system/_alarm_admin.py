"""``system.alarm`` administration: ``listPipelines`` and the rosters (``createRoster``,
``getRosters``).

Pipelines are the project resources of type ``alarm-pipelines`` of the alarm
notification module: the folders holding a ``resource.json`` under
``<project>/com.inductiveautomation.alarm-notification/alarm-pipelines/`` (a pipeline in
a sub-folder is named ``folder/name``), read from the project folder on disk at each
call (saved names only, as the manual says). The project is a loaded project or one in
a configured ``projects`` folder. Without an argument the project ``alarm-pipelines``
is read (where an 8.x upgrade put the pipelines); when no such project exists the list
is empty.
Rosters live in memory per gateway (``RosterStore``), created empty by ``createRoster``
(users come from the roster's configuration, which the simulator does not model);
``getRosters`` answers ``{rosterName: [usernames]}``.
Unverified: the resource folder name; that a named project the gateway does not have
raises IllegalArgumentException (naming the projects) rather than answering [];
that createRoster refuses an existing or blank name with IllegalArgumentException.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import os
import threading

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.registry import implements

DEFAULT_PIPELINE_PROJECT = "alarm-pipelines"
PIPELINES_DIR = os.path.join("com.inductiveautomation.alarm-notification", "alarm-pipelines")


def _illegal(message):
    from gateway_sim.jvm import IllegalArgumentException
    return IllegalArgumentException(message)


def _project_dirs(gw):
    """{project name: folder} of the loaded projects and the configured projects folders."""
    out = {}
    if not gw.has_backend("projects"):
        return out
    rt = gw.projects
    for folder in rt.projects_dirs:
        for entry in sorted(os.listdir(folder)):
            if os.path.isfile(os.path.join(folder, entry, "project.json")):
                out.setdefault(entry, os.path.join(folder, entry))
    for name, proj in rt.projects.items():
        out[name] = proj.path
    return out


def _pipelines_in(root):
    names = []
    base = os.path.join(root, PIPELINES_DIR)
    if not os.path.isdir(base):
        return names
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        if "resource.json" in filenames and dirpath != base:
            names.append(os.path.relpath(dirpath, base).replace(os.sep, "/"))
            del dirnames[:]      # a pipeline's folder holds its own files, not pipelines
    return names


@implements("system.alarm.listPipelines")
def listPipelines(projectName=DEFAULT_PIPELINE_PROJECT):
    """The alarm notification pipeline names saved in ``projectName``."""
    gw = runtime.current()
    if not isinstance(projectName, string_types) or not projectName:
        raise TypeError("system.alarm.listPipelines(): projectName must be a project name "
                        "(got %r); omit it to read the 'alarm-pipelines' project"
                        % (projectName,))
    projects = _project_dirs(gw)
    root = projects.get(projectName)
    if root is None:
        if projectName == DEFAULT_PIPELINE_PROJECT:
            return []
        raise _illegal("system.alarm.listPipelines(): project '%s' does not exist; projects: "
                       "%s" % (projectName, ", ".join(sorted(projects)) or "(none)"))
    return _pipelines_in(root)


class RosterStore(object):
    """A gateway's on-call rosters: {name: {"description": text, "users": [usernames]}}."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rosters = {}


def rosters(gw):
    s = gw.__dict__.get("_alarm_rosters")
    if s is None:
        s = gw.__dict__.setdefault("_alarm_rosters", RosterStore())
    return s


@implements("system.alarm.createRoster")
def createRoster(name, description):
    """Create an empty roster ``name``."""
    store = rosters(runtime.current())
    if not isinstance(name, string_types) or not name.strip():
        raise _illegal("system.alarm.createRoster(): the roster name must be non-blank text "
                       "(got %r)" % (name,))
    with store.lock:
        if name in store.rosters:
            raise _illegal("system.alarm.createRoster(): a roster named '%s' already "
                           "exists; pick another name" % name)
        store.rosters[name] = {"description": description or "", "users": []}


@implements("system.alarm.getRosters")
def getRosters():
    """``{rosterName: [usernames]}`` of every roster."""
    store = rosters(runtime.current())
    with store.lock:
        return dict((n, list(r["users"])) for n, r in store.rosters.items())
