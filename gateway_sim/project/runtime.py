"""Projects running on a simulated gateway: ``gw.projects`` (``ProjectRuntime``).

Loads project folders (``gateway_sim.project.model``) as ``LoadedProject``s
(``gateway_sim.project.loaded``): each gets a script namespace, registers its
named queries with the database backend and runs its gateway events (startup,
shutdown, update, timers, scheduled, tag change, message handlers).

``reload_scripts()`` is a project save: the project is re-read from disk, every
module is discarded and a new namespace takes over (new runs of events use new
code, ``update`` fires; changed event scripts restart the project);
``system.util.getGlobals()`` and threads already running are untouched, so those
threads keep running the old code. May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import os
import threading

from gateway_sim._compat import string_types
from gateway_sim.errors import ConfigError
from gateway_sim.project.library import package_dir
from gateway_sim.project.loaded import LoadedProject, get_logger  # noqa: F401 (re-export)


class ProjectRuntime(object):
    """``gw.projects``: the projects loaded on a gateway.

    The first project loaded is the gateway scripting project: its library
    names are the implicit globals of ``gw.script_globals()`` and its name is
    what ``system.util.getProjectName()`` returns in gateway scope.
    """

    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.RLock()
        self.projects = {}
        self.default = None
        self.projects_dirs = []

    def base_globals(self):
        import gateway_sim.system as system_pkg
        return {"system": system_pkg}

    # --- configuration ------------------------------------------------------------
    def configure(self, project=None, projects=None, base_dir=None):
        """Apply the config's ``project`` / ``projects`` sections (see docs/cli.md).

        ``projects``: a folder (or list of folders) of projects, searched for
        parents and for a project given by name. ``project``: a project folder
        path, a project name, or ``{"path"|"name", "pythonPackages", "events",
        "start"}``.
        """
        base = base_dir or os.getcwd()
        if projects:
            dirs = [projects] if isinstance(projects, string_types) else list(projects)
            for d in dirs:
                full = d if os.path.isabs(d) else os.path.join(base, d)
                if not os.path.isdir(full):
                    raise ConfigError("projects folder %s not found" % full, node="projects")
                self.projects_dirs.append(full)
        if project is None:
            return None
        if isinstance(project, string_types):
            project = {"path": project}
        if not isinstance(project, dict):
            raise ConfigError("project must be a path or a mapping with \"path\"", node="project")
        unknown = sorted(set(project) - set(["path", "name", "pythonPackages", "events", "start"]))
        if unknown:
            raise ConfigError("unknown key(s) %s; use path, name, pythonPackages, events, start"
                              % ", ".join(unknown), node="project")
        path = project.get("path")
        name = project.get("name")
        if not path:
            if not name:
                raise ConfigError("project needs \"path\" (a project folder) or \"name\" (a project "
                                  "in the projects folder)", node="project")
            path = self._find_by_name(name)
        elif not os.path.isabs(path):
            path = os.path.join(base, path)
        pkgs = project.get("pythonPackages") or []
        if isinstance(pkgs, string_types):
            pkgs = [pkgs]
        pkgs = [package_dir(p, base) for p in pkgs]
        events_file = project.get("events")
        if events_file and not os.path.isabs(events_file):
            events_file = os.path.join(base, events_file)
        return self.load(path, name=name, start=project.get("start", True) is not False,
                         python_packages=pkgs, events_file=events_file)

    def _find_by_name(self, name):
        for d in self.projects_dirs:
            cand = os.path.join(d, name)
            if os.path.isfile(os.path.join(cand, "project.json")):
                return cand
        raise ConfigError("project %r not found in the projects folder(s) %s"
                          % (name, ", ".join(self.projects_dirs) or "(none configured)"),
                          node="project")

    # --- loading ------------------------------------------------------------------
    def load(self, path, name=None, start=True, python_packages=None, events_file=None,
             projects_dirs=None, allow_missing_parent=False):
        """Load the project folder at ``path`` and (by default) start its events.

        Args:
            path: folder with ``project.json``.
            name: project name (default: the folder name, as in a gateway).
            start: run the startup script and start timers/tag/message events.
            python_packages: Python package folders converted to library modules
                on the fly (what ``gateway-sim export`` writes as script-python).
            events_file: 8.1 gateway-events side file (default: found in the folder).
            projects_dirs: extra folders searched for parent projects.
            allow_missing_parent: load a child whose parent is not found (names kept in
                ``missing_parents``) instead of raising ConfigError.
        Returns: the ``LoadedProject``.
        """
        dirs = list(projects_dirs or []) + self.projects_dirs
        proj = LoadedProject(self, path, name, python_packages, events_file, dirs,
                             allow_missing_parent)
        with self._lock:
            old = self.projects.get(proj.name)
            if old is not None:
                old.stop()
            self.projects[proj.name] = proj
            if self.default is None or self.default is old:
                self.default = proj
                # scripts of the gateway scripting project see its name
                self.gateway.project_name = proj.name
        if start:
            proj.start()
        return proj

    def get(self, name=None):
        """A loaded project by name (default: the gateway scripting project)."""
        if name is None:
            if self.default is None:
                raise ConfigError("no project is loaded; add \"project\": \"path/to/project\" to "
                                  "the gateway config or call gw.projects.load(path)")
            return self.default
        try:
            return self.projects[name]
        except KeyError:
            raise ConfigError("project %r is not loaded (loaded: %s)"
                              % (name, ", ".join(sorted(self.projects)) or "none"))

    def canonical_name(self, name):
        """``name``, or the loaded project whose title it is when no project has that name.

        A script names its own project (``runNamedQuery('HMS', ...)``, ``sendMessage``); on
        its gateway that is the project's folder name, usually its title too, while the
        folder it is checked out to here is often named otherwise (a repository name).
        Unverified convenience: a gateway knows projects by name only."""
        with self._lock:
            if name in self.projects:
                return name
            titled = [n for n, p in self.projects.items()
                      if name and (p.info.title or "") == name]
        return titled[0] if len(titled) == 1 else name

    def implicit_globals(self, project=None):
        """``system`` plus the library's top-level names of ``project`` (default project)."""
        if project is None and self.default is None:
            return self.base_globals()
        proj = self.get(project)
        ns = proj.namespace or proj._new_namespace()
        return ns.implicit_globals()

    def import_module(self, dotted, project=None):
        """Module ``dotted`` of a project's library, executed in its current namespace."""
        return self.get(project).import_module(dotted)

    def reload_scripts(self, project=None):
        """Simulate a project save: discard every module, start a new namespace.

        ``getGlobals()`` and already-running threads are kept (they go on running
        the old code). Returns the new namespace (or a list, for all projects).
        """
        if project is not None:
            return self.get(project).reload()
        with self._lock:
            projs = [self.projects[n] for n in sorted(self.projects)]
        return [p.reload() for p in projs]

    # Ignition-style alias used in the issue text
    reloadScripts = reload_scripts

    def run_event(self, kind, name=None, project=None, *args):
        """Run one gateway event now (tests): e.g. ``run_event("timer", "tick")``."""
        proj = self.get(project)
        key = (kind, name or kind)
        if key not in proj.events:
            raise ConfigError("project %s has no %s event %r (events: %s)"
                              % (proj.name, kind, name or kind,
                                 ", ".join("%s/%s" % k for k in sorted(proj.events)) or "none"))
        return proj.run_event(proj.events[key], *args)

    def close(self):
        """Stop every project (shutdown scripts run), in reverse load order."""
        with self._lock:
            projs = list(self.projects.values())
        for p in projs:
            p.stop()
