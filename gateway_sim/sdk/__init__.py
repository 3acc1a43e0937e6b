"""Stand-ins for the Ignition SDK classes project scripts import (``com.inductiveautomation.*``).

Real scripts reach a few SDK classes directly: ``BasicDataset``, ``Dataset``,
``DatasetBuilder``, ``QualityCode``, ``BasicQualifiedValue``, tag paths
(``TagPathParser``, ``TagPath``, ``BasicTagPath``), the ``TagChangeListener``
interface, ``TypeUtilities``, the script
library types (``ScriptPackage``, ``ScriptModule``), ``DatasetUtilities.PyDataSet`` and
the user schedule models (``BasicScheduleModel``, ``HolidayModel``...: defined in
``gateway_sim.backends.user_schedules``), the gateway context (``IgnitionGateway.get()``, ``gateway_sim.sdk.gatewaycontext``) with
its image store (``ImageFormat``, ``ImageManager``: ``gateway_sim.sdk.images``), the
logger classes (``LogUtil``, ``LoggerEx``: ``gateway_sim.sdk.util``) and a bound tag
property (``BoundValue``: ``gateway_sim.sdk.config``).
Where the simulator already has the value type a ``system.*`` call returns, the SDK
name *is* that class (``BasicDataset`` is ``gateway_sim.dataset.BasicDataset``,
``BasicQualifiedValue`` is ``gateway_sim.quality.QualifiedValue``...), so
``isinstance`` checks on values from ``system.*`` hold.

``PACKAGES`` maps each provided Java package to the gateway_sim module holding its
classes and the class names it shows; ``gateway_sim.sdk.finder`` exposes them to
``import``/``from ... import`` once ``gateway_sim.java.install()`` ran. A class outside
this set (``com.inductiveautomation.ignition.gateway.SRContext``...) is a one-line
``ImportError`` naming it. May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

ROOT = "com.inductiveautomation"
_C = "com.inductiveautomation.ignition.common"
_G = "com.inductiveautomation.ignition.gateway"

# Java package -> (gateway_sim module, class names it provides)
PACKAGES = {
    _C: ("gateway_sim.sdk.datasets", ("Dataset", "BasicDataset", "TypeUtilities")),
    _C + ".util": ("gateway_sim.sdk.util", ("DatasetBuilder", "LogUtil", "LoggerEx")),
    _C + ".config": ("gateway_sim.sdk.config", ("BoundValue",)),
    _C + ".model.values": ("gateway_sim.sdk.values",
                           ("QualityCode", "BasicQualifiedValue", "QualifiedValue")),
    _C + ".tags.model": ("gateway_sim.sdk.tagpaths", ("TagPath",)),
    _C + ".tags.paths": ("gateway_sim.sdk.tagpaths", ("BasicTagPath",)),
    _C + ".tags.paths.parser": ("gateway_sim.sdk.tagpaths", ("TagPathParser",)),
    _C + ".tags.model.event": ("gateway_sim.sdk.tagevents", ("TagChangeListener",)),
    _C + ".script": ("gateway_sim.sdk.script", ("ScriptPackage", "ScriptModule")),
    _C + ".script.builtin": ("gateway_sim.sdk.datasets", ("DatasetUtilities",)),
    _C + ".user.schedule": ("gateway_sim.backends.user_schedules",
                            ("BasicScheduleModel", "CompositeScheduleModel", "HolidayModel",
                             "ScheduleAdjustment", "AbstractScheduleModel")),
    _G: ("gateway_sim.sdk.gatewaycontext", ("IgnitionGateway",)),
    _G + ".model": ("gateway_sim.sdk.gatewaycontext", ("GatewayContext",)),
    _G + ".images": ("gateway_sim.sdk.images", ("ImageFormat", "ImageManager", "ImageRecord")),
}


def is_package(name):
    """True for a provided Java package or one of its parents (``com``, ``...common.tags``)."""
    if name in PACKAGES:
        return True
    prefix = name + "."
    return any(p.startswith(prefix) for p in PACKAGES)


def provided_classes():
    """Every provided SDK class as a fully qualified Java name, sorted."""
    return sorted("%s.%s" % (pkg, n) for pkg, (_m, names) in PACKAGES.items() for n in names)


def lookup(java_name):
    """The stand-in for the fully qualified SDK class ``java_name``, or None."""
    pkg, _, cls = java_name.rpartition(".")
    entry = PACKAGES.get(pkg)
    if entry is None or cls not in entry[1]:
        return None
    import importlib
    return getattr(importlib.import_module(entry[0]), cls)


def missing_message(java_name):
    """The one-line error for an SDK class or package gateway_sim does not provide."""
    return ("%s is not provided by gateway_sim (it is part of Ignition itself); the simulator "
            "offers these SDK classes: %s. Use the system.* function that does the same, or "
            "run this script on a real gateway" % (java_name, ", ".join(
                n.rsplit(".", 1)[1] for n in provided_classes())))


def java_class(name):
    """The Java class ``name`` (``java.lang.ClassCastException``): the real one on Jython,
    the ``gateway_sim.java`` stand-in on CPython (the stand-ins raise what scripts catch)."""
    import importlib
    import sys
    pkg, cls = name.rsplit(".", 1)
    if sys.platform.startswith("java"):
        return getattr(__import__(pkg, fromlist=[cls]), cls)
    return getattr(importlib.import_module("gateway_sim." + pkg), cls)
