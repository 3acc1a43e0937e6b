"""``system.perspective.getProjectInfo``: metadata of the gateway's loaded project, read
from its folder (``gateway_sim.project``).

The dict has the manual's keys: ``name``, ``title``, ``description`` (``project.json``),
``lastModified`` (a ``java.util.Date``) and ``lastModifiedBy`` (the newest
``attributes.lastModification`` of the project's own ``resource.json`` files; None
when none has one), ``views`` (one ``{"path": "Folder/View"}`` per folder holding a
``view.json`` under ``com.inductiveautomation.perspective/views``, parents' views
included, sorted) and ``pageConfigs`` (one ``{"url": ..., "primaryView": ...}`` per page
of ``com.inductiveautomation.perspective/page-config/config.json``, the nearest project
of the inheritance chain that has the file, sorted by url).

Unverified (no real gateway to compare with): the manual scopes the function to a
Perspective session; in gateway scope the simulator answers for the gateway's scripting
project (the one ``gw.projects.load`` loaded first), and a gateway without a loaded
project raises ``IllegalArgumentException``. Also unverified: how a gateway computes
``lastModified``/``lastModifiedBy`` (here the newest resource modification), the order
of ``views`` and ``pageConfigs``, and whether inherited views are listed.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import calendar
import os
import re

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.registry import implements

PERSPECTIVE_DIR = "com.inductiveautomation.perspective"
_TS = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z$")


def _project():
    from gateway_sim.errors import ConfigError
    from gateway_sim.jvm import IllegalArgumentException, make_java_exception
    gw = runtime.current()
    try:
        return gw.projects.get()
    except ConfigError as exc:
        raise make_java_exception(IllegalArgumentException,
                                  "getProjectInfo: %s" % (exc,))


def _chain(proj):
    chain = getattr(proj.resolved, "chain", None)
    return list(chain) if chain else [proj.info]


def _views(chain):
    found = set()
    for info in chain:
        root = os.path.join(info.path, PERSPECTIVE_DIR, "views")
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            if "view.json" in filenames:
                found.add("/".join(os.path.relpath(dirpath, root).split(os.sep)))
    return [{"path": p} for p in sorted(found)]


def _page_configs(chain):
    from gateway_sim.project.model import read_json
    for info in reversed(chain):    # child first: its page config replaces its parent's
        cfg = os.path.join(info.path, PERSPECTIVE_DIR, "page-config", "config.json")
        if not os.path.isfile(cfg):
            continue
        data = read_json(cfg, "page-config/config.json")
        pages = data.get("pages") if isinstance(data, dict) else None
        if not isinstance(pages, dict):
            return []
        return [{"url": url, "primaryView": (pages[url] or {}).get("viewPath")
                 if isinstance(pages[url], dict) else None} for url in sorted(pages)]
    return []


def _ms(stamp):
    m = _TS.match(stamp) if isinstance(stamp, string_types) else None
    if m is None:
        return None
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    frac = (m.group(7) or "0")[:3].ljust(3, "0")
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) * 1000 + int(frac)


def _last_modification(info):
    import json
    best = (None, None)
    for dirpath, dirnames, filenames in os.walk(info.path):
        if "resource.json" not in filenames:
            continue
        try:
            with open(os.path.join(dirpath, "resource.json"), "rb") as f:
                res = json.loads(f.read().decode("utf-8"))
        except (IOError, OSError, ValueError):
            continue
        mod = ((res.get("attributes") or {}).get("lastModification") or {}) \
            if isinstance(res, dict) else {}
        ms = _ms(mod.get("timestamp")) if isinstance(mod, dict) else None
        if ms is not None and (best[0] is None or ms > best[0]):
            best = (ms, mod.get("actor"))
    return best


@implements("system.perspective.getProjectInfo")
def getProjectInfo():
    """Metadata of the project: name, title, description, lastModified(By), views,
    pageConfigs."""
    from gateway_sim.jvm import Date
    proj = _project()
    info = proj.info
    chain = _chain(proj)
    ms, actor = _last_modification(info)
    return {"name": info.name, "title": info.title, "description": info.description,
            "lastModified": Date(ms) if ms is not None else None,
            "lastModifiedBy": actor, "views": _views(chain),
            "pageConfigs": _page_configs(chain)}

