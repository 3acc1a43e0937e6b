"""SDK gateway context: ``IgnitionGateway.get()`` bound to the current simulated gateway.

Gateway scripts reach Ignition's internals through
``from com.inductiveautomation.ignition.gateway import IgnitionGateway;
ctx = IgnitionGateway.get()``. Here ``get()`` returns a ``GatewayContext`` stand-in for
the gateway ``gateway_sim.runtime.current()`` (no simulated gateway running: the
``NoGatewayError`` with its fix). It offers what real scripts use most:

* ``getImageManager()`` - the gateway's image store (``gateway_sim.sdk.images``);
* ``getSystemManager()`` - ``getDataDir()`` (a ``java.io.File`` of the simulated
  gateway's data folder), ``getSystemName()``;
* ``getProjectManager()`` - ``getProjectNames()`` (the loaded projects, then the other
  project folders of the configured ``projects`` folders; none when no project is loaded)
  and ``getProjectManifests()`` (a dict name -> ``ProjectManifest`` with ``getTitle``,
  ``getDescription``, ``getParent``, ``isEnabled``, ``isInheritable``, read from each
  project's ``project.json``);
* ``getDatasourceManager()`` - ``getDatasourceNames()``, ``getDatasources()``,
  ``getDatasource(name)`` (objects with ``getName()``), from the configured datasources;
* ``getTagManager()`` - ``getTagProviderNames()``;
* ``getState()`` - ``ContextState.RUNNING`` while the gateway runs.

Every getter is also a bean property, as Jython offers them
(``ctx.systemManager.dataDir.absoluteFile``). Any other method is an ``AttributeError``
naming it and the ``system.*`` functions that do the same job.

Unverified (no real gateway to compare with): ``getProjectNames``/``getProjectManifests``
list the loaded projects plus the project folders of the configured ``projects``
folders, as ``system.project.getProjectNames`` does; a project that is not loaded still
has a manifest (read from its ``project.json``). ``getSystemName()`` on the system
manager is our reading of the SDK (the gateway's name); ``getState()`` returns an enum
stand-in whose ``name()`` is ``RUNNING`` (``STOPPED`` after shutdown). On the Jython host
``getDataDir()`` is a real ``java.io.File``.
May import: ``gateway_sim`` core (lazily), ``gateway_sim.sdk.images``.
"""
from __future__ import absolute_import, division, print_function

import os

from gateway_sim.java._beans import JavaBean
from gateway_sim.sdk.images import ImageManager, _enum

ContextState = _enum("ContextState", "com.inductiveautomation.ignition.gateway.model.ContextState",
                     ("STARTING", "RUNNING", "STOPPING", "STOPPED"))

# Methods real scripts call on SDK objects the simulator does not provide -> what to use.
ALTERNATIVES = {
    "getAlarmManager": "system.alarm.* (queryStatus, acknowledge, ...)",
    "getHistoryManager": "system.tag.queryTagHistory / system.tag.storeTagHistory",
    "getTagHistoryManager": "system.tag.queryTagHistory / system.tag.storeTagHistory",
    "getUserSourceManager": "system.user.* (getUsers, getRoles, ...)",
    "getOpcManager": "system.opc.* (readValues, writeValues, browse)",
    "getModuleManager": "system.util.getModules",
    "getExecutionManager": "system.util.invokeAsynchronous or a timer event script",
    "getScriptManager": "the project's script library and system.util.*",
    "getAuditManager": "system.util.audit / system.db.* on the audit datasource",
    "getPersistenceInterface": "the gateway config file (datasources, tagProviders, ...)",
    "getNamedQueryManager": "system.db.runNamedQuery",
    "subscribeAsync": "a tag change event script or system.tag.readBlocking polling",
    "unsubscribeAsync": "a tag change event script or system.tag.readBlocking polling",
    "readAsync": "system.tag.readBlocking / system.tag.readAsync",
    "writeAsync": "system.tag.writeBlocking / system.tag.writeAsync",
    "browseAsync": "system.tag.browse",
    "getTagProvider": "system.tag.* with a [provider] path",
}


class _Sdk(JavaBean):
    """A stand-in SDK object: unknown methods name the system.* alternative."""

    def _missing_hint(self, attr):
        alt = ALTERNATIVES.get(attr)
        return ("%s.%s is not provided by gateway_sim's SDK stand-in (it offers: %s); %s"
                % (self._java_name, attr, ", ".join(_offered(type(self))),
                   "use %s" % alt if alt else
                   "use the system.* function that does the same, or run this script on a "
                   "real gateway"))


def _offered(cls):
    from gateway_sim.java._beans import bean_methods
    return [n for n in bean_methods(cls) if n != "get"]


def _file(path):
    from gateway_sim import sdk
    return sdk.java_class("java.io.File")(path)


class SystemManager(_Sdk):
    """``GatewayContext.getSystemManager()``."""

    _java_name = "com.inductiveautomation.ignition.gateway.SystemManager"

    def __init__(self, gateway):
        self._gw = gateway

    def getDataDir(self):
        return _file(os.path.abspath(self._gw.data_dir))

    def getSystemName(self):
        return self._gw.name


class ProjectManifest(_Sdk):
    """A project's ``project.json`` as the SDK shows it."""

    _java_name = "com.inductiveautomation.ignition.common.project.ProjectManifest"

    def __init__(self, info):
        self._info = info

    def getTitle(self):
        return self._info.title

    def getDescription(self):
        return self._info.description

    def getParent(self):
        return self._info.parent

    def isEnabled(self):
        return self._info.enabled

    def isInheritable(self):
        return self._info.inheritable

    def __repr__(self):
        return "ProjectManifest(title=%r, parent=%r, enabled=%r, inheritable=%r)" % (
            self._info.title, self._info.parent, self._info.enabled, self._info.inheritable)


class ProjectManager(_Sdk):
    """``GatewayContext.getProjectManager()``: the simulated gateway's projects."""

    _java_name = "com.inductiveautomation.ignition.gateway.project.ProjectManager"

    def __init__(self, gateway):
        self._gw = gateway

    def _infos(self):
        from gateway_sim.errors import ConfigError
        from gateway_sim.project.model import read_project_info
        gw = self._gw
        infos = []
        rt = gw.projects if gw.has_backend("projects") else None
        if rt is None:
            return infos
        with rt._lock:
            infos.extend((n, rt.projects[n].info) for n in sorted(rt.projects))
            dirs = list(rt.projects_dirs)
        seen = set(n for n, _i in infos)
        for folder in dirs:
            for entry in sorted(os.listdir(folder)):
                path = os.path.join(folder, entry)
                if entry in seen or not os.path.isfile(os.path.join(path, "project.json")):
                    continue
                try:
                    infos.append((entry, read_project_info(path, entry)))
                except ConfigError:
                    continue  # an unreadable project.json: no manifest (as a broken project)
                seen.add(entry)
        return infos

    def getProjectNames(self):
        return [name for name, _info in self._infos()]

    def getProjectManifests(self):
        return dict((name, ProjectManifest(info)) for name, info in self._infos())

    def getProjectManifest(self, projectName):
        return self.getProjectManifests().get(projectName)


class Datasource(_Sdk):
    """A configured datasource (``getName()``)."""

    _java_name = "com.inductiveautomation.ignition.gateway.datasource.Datasource"

    def __init__(self, name):
        self._name = name

    def getName(self):
        return self._name

    def __repr__(self):
        return "Datasource(%s)" % self._name


class DatasourceManager(_Sdk):
    """``GatewayContext.getDatasourceManager()``: the configured datasources."""

    _java_name = "com.inductiveautomation.ignition.gateway.datasource.DatasourceManager"

    def __init__(self, gateway):
        self._gw = gateway

    def getDatasourceNames(self):
        return list(self._gw.databases.datasource_names())

    def getDatasources(self):
        return [Datasource(n) for n in self.getDatasourceNames()]

    def getDatasource(self, name):
        return Datasource(name) if name in self.getDatasourceNames() else None


class TagManager(_Sdk):
    """``GatewayContext.getTagManager()``: the tag provider names (tag reads and writes
    go through ``system.tag``)."""

    _java_name = "com.inductiveautomation.ignition.gateway.tags.model.GatewayTagManager"

    def __init__(self, gateway):
        self._gw = gateway

    def getTagProviderNames(self):
        return list(self._gw.tags.provider_names())


class GatewayContext(_Sdk):
    """What ``IgnitionGateway.get()`` returns: one simulated gateway's SDK view."""

    _java_name = "com.inductiveautomation.ignition.gateway.model.GatewayContext"

    def __init__(self, gateway):
        self._gw = gateway

    def getImageManager(self):
        return ImageManager(self._gw)

    def getSystemManager(self):
        return SystemManager(self._gw)

    def getProjectManager(self):
        return ProjectManager(self._gw)

    def getDatasourceManager(self):
        return DatasourceManager(self._gw)

    def getTagManager(self):
        return TagManager(self._gw)

    def getState(self):
        return ContextState.STOPPED if self._gw.closed else ContextState.RUNNING

    def __eq__(self, other):
        return isinstance(other, GatewayContext) and other._gw is self._gw

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return id(self._gw)

    def __repr__(self):
        return "<GatewayContext of %r>" % (self._gw,)


class IgnitionGateway(GatewayContext):
    """``com.inductiveautomation.ignition.gateway.IgnitionGateway``: ``get()`` is the
    context of the current simulated gateway."""

    _java_name = "com.inductiveautomation.ignition.gateway.IgnitionGateway"

    def __init__(self, *args):
        raise TypeError("IgnitionGateway cannot be created by a script: call "
                        "IgnitionGateway.get() for the running gateway's context")

    @staticmethod
    def get():
        from gateway_sim import runtime
        ctx = object.__new__(IgnitionGateway)
        ctx._gw = runtime.current()
        return ctx

