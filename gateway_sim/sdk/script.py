"""SDK script-library types: ``ScriptPackage`` and ``ScriptModule``.

In Ignition the objects behind a project's script library are Jython objects of these
two classes: a folder is a ``ScriptPackage``, a script resource a ``ScriptModule``
(from the SDK class tree: both extend ``org.python.core.PyObject``; which object is
which is our reading, unverified). Scripts use them in ``isinstance`` checks while
walking the library. Here they answer ``isinstance`` for the simulator's project
modules (``gateway_sim.project.importer.ProjectModule``): a module holding code is a
``ScriptModule``, a folder without code a ``ScriptPackage``. They cannot be
instantiated. May import: ``gateway_sim.project.importer`` (lazily).
"""
from __future__ import absolute_import, division, print_function


def _project_module(obj):
    from gateway_sim.project.importer import ProjectModule
    return isinstance(obj, ProjectModule)


class _ScriptKind(type):
    def __instancecheck__(cls, obj):
        if not _project_module(obj):
            return False
        has_code = bool(obj.__dict__.get("__gateway_sim_code__"))
        return has_code if cls._holds_code else not has_code

    def __call__(cls, *args, **kwargs):
        raise TypeError("%s cannot be created by a script: Ignition builds it from the "
                        "project's script library" % cls._java_name)


ScriptPackage = _ScriptKind("ScriptPackage", (object,), {
    "__doc__": "A folder of the project script library.",
    "_java_name": "com.inductiveautomation.ignition.common.script.ScriptPackage",
    "_holds_code": False})

ScriptModule = _ScriptKind("ScriptModule", (object,), {
    "__doc__": "A script resource (a module with code) of the project script library.",
    "_java_name": "com.inductiveautomation.ignition.common.script.ScriptModule",
    "_holds_code": True})
