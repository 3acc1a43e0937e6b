"""``system.project``: the projects of the simulated gateway.

``getProjectName`` is the gateway scripting project (what a tag event script
sees; a gateway with no project loaded answers the gateway's configured
``project_name``). ``getProjectNames`` lists the loaded projects and every project
folder (with ``project.json``) in the configured ``projects`` folders, enabled or
not, unsorted as on a gateway. ``requestScan`` re-reads every loaded project from
disk and reloads those whose scripts, named queries or events changed (a project
save: new script namespace, ``update`` event), blocking until done.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import json
import os

from gateway_sim import runtime
from gateway_sim._compat import integer_types
from gateway_sim.registry import implements


def _projects(gw):
    return gw.projects if gw.has_backend("projects") else None


@implements("system.project.getProjectName")
def getProjectName():
    """The gateway scripting project's name."""
    gw = runtime.current()
    rt = _projects(gw)
    if rt is not None and rt.default is not None:
        return rt.default.name
    return gw.project_name


@implements("system.project.getProjectNames")
def getProjectNames():
    """Names of every project on the gateway (loaded, or in a projects folder)."""
    gw = runtime.current()
    names = []
    rt = _projects(gw)
    if rt is not None:
        names.extend(sorted(rt.projects))
        for folder in rt.projects_dirs:
            for entry in sorted(os.listdir(folder)):
                if os.path.isfile(os.path.join(folder, entry, "project.json")) \
                        and entry not in names:
                    names.append(entry)
    if not names and gw.project_name:
        names.append(gw.project_name)
    return names


def _fingerprint(resolved):
    from gateway_sim.project.loaded import _events_signature
    modules = sorted((name, src.text) for name, src in resolved.modules.items())
    queries = sorted((path, q.sql, json.dumps(q.attributes, sort_keys=True, default=str))
                     for path, q in resolved.named_queries.items())
    return modules, queries, _events_signature(resolved.events)


@implements("system.project.requestScan")
def requestScan(timeout=10):
    """Re-read the loaded projects from disk; reload each one that changed."""
    if isinstance(timeout, bool) or not isinstance(timeout, integer_types + (float,)) \
            or timeout < 0:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("requestScan: timeout must be a number of seconds >= 0, "
                                       "got %r" % (timeout,))
    rt = _projects(runtime.current())
    if rt is None:
        return None
    with rt._lock:
        loaded = [rt.projects[n] for n in sorted(rt.projects)]
    for proj in loaded:
        if _fingerprint(proj._read()) != _fingerprint(proj.resolved):
            proj.reload()
    return None
