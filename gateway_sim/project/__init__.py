"""Ignition projects on the simulated gateway (``gw.projects``).

* ``model``    -- project.json, resource folders, inheritance, named queries
* ``library``  -- Python packages as project-library modules (shared with the export)
* ``importer`` -- the script namespace: lazy modules, implicit globals, imports
* ``events``   -- gateway event scripts (8.3 folders, 8.1 side file)
* ``cron``     -- cron expressions of scheduled events
* ``runtime``  -- ``ProjectRuntime``: loading, events on the gateway clock, reloads

May import: ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.project.importer import ScriptNamespace, ScriptSyntaxError
from gateway_sim.project.runtime import LoadedProject, ProjectRuntime

__all__ = ["ProjectRuntime", "LoadedProject", "ScriptNamespace", "ScriptSyntaxError"]
