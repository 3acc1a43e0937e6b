"""The ``java.*`` meta-path finders behind ``gateway_sim.java.install()`` (CPython only).

``JavaFinder`` (first on ``sys.meta_path``) maps ``java.X`` to the pure-Python
``gateway_sim.java.X`` when it exists, else to a JPype-backed package module,
else raises ``JavaClassNotAvailable``. ``JvmOnlyFinder`` (last on the path)
does the same for the ``javax`` root if no Python package claimed it.
Missing classes on provided modules are looked up through a module
``__getattr__`` (PEP 562). May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

from gateway_sim.java import bridge
from gateway_sim.java import (INSTALL_HINT, JVM_ONLY_ROOTS, PROVIDED_PACKAGES,
                              JavaClassNotAvailable)


def _provided_module(java_name):
    """The pure-Python module behind ``java_name`` (None if not provided)."""
    if java_name not in PROVIDED_PACKAGES:
        return None
    target = "gateway_sim." + java_name if java_name != "java" else "gateway_sim.java"
    return importlib.import_module(target)


def _facade(java_name, impl):
    """A separate ``java.X`` module showing ``impl``'s public names, with a PEP 562
    ``__getattr__`` for classes it lacks (the JPype fallback). ``impl`` itself is
    left untouched, so code using ``gateway_sim.java.X`` directly never reaches a JVM."""
    mod = types.ModuleType(java_name, impl.__doc__)
    for k, v in vars(impl).items():
        # sub-packages are left out: they resolve (lazily) to their own facades
        if not k.startswith("_") and not isinstance(v, types.ModuleType):
            setattr(mod, k, v)
    mod.__path__ = []
    mod.__file__ = getattr(impl, "__file__", None)
    mod.__gateway_sim_java__ = True
    mod.__gateway_sim_impl__ = impl
    mod.__getattr__ = _make_getattr(java_name)
    return mod


def _make_getattr(java_name):
    def __getattr__(name):
        if name.startswith("_"):
            raise AttributeError(name)
        full = "%s.%s" % (java_name, name)
        if name[:1].islower():
            # a provided sub-package reached as an attribute (``java.util.concurrent``);
            # anything else lowercase is not a class: plain AttributeError (probes, hasattr)
            if full in PROVIDED_PACKAGES:
                return importlib.import_module(full)  # the java.X facade, via the finder
            raise AttributeError("module %s has no attribute %s" % (java_name, name))
        return jvm_class(full)
    return __getattr__


def jvm_class(full):
    """The Java class ``full`` from the JPype bridge, or ``JavaClassNotAvailable``."""
    reason = bridge.unavailable_reason()
    if reason is None:
        try:
            return bridge.jclass(full)
        except Exception as exc:  # JPype raises TypeError/ImportError for unknown classes
            raise JavaClassNotAvailable("Java class %s was not found in the JVM: %s" % (full, exc))
    raise JavaClassNotAvailable(
        "%s is not provided by gateway_sim under CPython (it provides: %s) and no JVM is "
        "available to load it (%s). To use other Java classes, %s; or use a Python "
        "equivalent." % (full, provided_summary(full), reason, INSTALL_HINT))


def provided_summary(full):
    pkg = full.rsplit(".", 1)[0]
    if pkg in PROVIDED_PACKAGES:
        mod = importlib.import_module("gateway_sim." + pkg if pkg != "java" else "gateway_sim.java")
        names = sorted(n for n in vars(mod) if n[:1].isupper() and not n.startswith("_"))
        if names:
            return "%s.{%s}" % (pkg, ", ".join(names))
    return "the classes of %s" % ", ".join(PROVIDED_PACKAGES[1:])


class _FacadeLoader(importlib.abc.Loader):
    def __init__(self, impl):
        self._impl = impl

    def create_module(self, spec):
        return _facade(spec.name, self._impl)

    def exec_module(self, module):
        return None


class _ClassLoader(importlib.abc.Loader):
    """``import java.lang.Exception [as X]`` (valid in Jython): the "module" is the class.

    ``exec_module`` puts the class itself in ``sys.modules``; the import system then
    binds it on the parent package and returns it, so ``X`` is the class object."""

    def __init__(self, cls):
        self._cls = cls

    def create_module(self, spec):
        return types.ModuleType(spec.name)  # placeholder, replaced in exec_module

    def exec_module(self, module):
        sys.modules[module.__name__] = self._cls


def class_spec(fullname):
    """A spec importing the class ``fullname`` (``pkg.Class``) as a module, or None
    when the last part is not a class name. Missing classes raise the package's error
    (``JavaClassNotAvailable`` naming the class and the fix)."""
    parent, _, last = fullname.rpartition(".")
    if not parent or not last[:1].isupper():
        return None
    pkg = sys.modules.get(parent) or importlib.import_module(parent)
    return importlib.machinery.ModuleSpec(fullname, _ClassLoader(getattr(pkg, last)),
                                          is_package=False)


class _JvmPackageLoader(importlib.abc.Loader):
    def create_module(self, spec):
        mod = types.ModuleType(spec.name)
        mod.__path__ = []
        mod.__gateway_sim_java__ = True
        mod.__getattr__ = _make_getattr(spec.name)
        return mod

    def exec_module(self, module):
        return None


def _spec(fullname, loader):
    return importlib.machinery.ModuleSpec(fullname, loader, is_package=True)


def _jvm_package_spec(fullname):
    reason = bridge.unavailable_reason()
    if reason is not None:
        raise JavaClassNotAvailable(
            "Java package %s is not provided by gateway_sim under CPython (it provides %s) "
            "and no JVM is available (%s). %s." % (fullname, ", ".join(PROVIDED_PACKAGES[1:]),
                                                   reason, INSTALL_HINT[0].upper() + INSTALL_HINT[1:]))
    if not bridge.is_package(fullname):
        # ``import java.util.Calendar`` style: a class, not a package
        raise JavaClassNotAvailable("No Java package %s (to use a class write "
                                    "`from %s import %s`)" % ((fullname,) + tuple(fullname.rsplit(".", 1))))
    return _spec(fullname, _JvmPackageLoader())


class JavaFinder(importlib.abc.MetaPathFinder):
    """First on the path: ``java`` and ``java.*``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "java" and not fullname.startswith("java."):
            return None
        impl = _provided_module(fullname)
        if impl is not None:
            return _spec(fullname, _FacadeLoader(impl))
        spec = class_spec(fullname)
        if spec is not None:
            return spec
        return _jvm_package_spec(fullname)


class JvmOnlyFinder(importlib.abc.MetaPathFinder):
    """Last on the path: the ``javax`` root (and its packages) if nothing else found it."""

    def find_spec(self, fullname, path=None, target=None):
        root = fullname.split(".", 1)[0]
        if root not in JVM_ONLY_ROOTS:
            return None
        if root == fullname:
            return _spec(fullname, _JvmPackageLoader())
        parent = sys.modules.get(fullname.rsplit(".", 1)[0])
        if parent is None or not getattr(parent, "__gateway_sim_java__", False):
            return None
        return class_spec(fullname) or _jvm_package_spec(fullname)
