"""The import hook exposing ``gateway_sim.sdk`` as ``com.inductiveautomation.*``.

``install()`` (called by ``gateway_sim.java.install()`` on CPython; callable on Jython
when no Ignition jars are on the class path) puts ``SdkFinder`` first on
``sys.meta_path``. It answers every name under ``com.inductiveautomation``: provided
packages become modules showing their classes (``from ...model.values import
QualityCode``), ``import ...common.BasicDataset [as B]`` binds the class, and anything
else is an ``ImportError`` naming the class and what the simulator offers. The bare
``com`` root is answered only when no installed Python package is called ``com``.
CPython uses ``find_spec``; Jython 2.7 the PEP 302 ``find_module``/``load_module``.
May import: the standard library, ``gateway_sim.sdk``, ``gateway_sim.java`` (CPython).
"""
from __future__ import absolute_import, division, print_function

import sys
import threading
import types

from gateway_sim import sdk

_IS_JYTHON = sys.platform.startswith("java")
_lock = threading.Lock()
_installed = []


def _not_available(name):
    if _IS_JYTHON:
        return ImportError(sdk.missing_message(name))
    from gateway_sim.java import JavaClassNotAvailable
    return JavaClassNotAvailable(sdk.missing_message(name))


class _SdkPackage(types.ModuleType):
    """A provided Java package as a module. Its attribute lookup is ours: a name it does
    not hold is a sub-package to import or a one-line error naming the class. (Jython's
    own module lookup would fall back to its Java package manager, which finds this very
    module grafted on ``com`` again and recurses until the Java stack overflows; a PEP
    562 module ``__getattr__`` is not consulted there.)"""

    def __getattribute__(self, name):
        d = types.ModuleType.__getattribute__(self, "__dict__")
        if name in d:
            return d[name]
        if name.startswith("_"):
            return types.ModuleType.__getattribute__(self, name)
        full = "%s.%s" % (d["__name__"], name)
        if sdk.is_package(full):
            import importlib
            return importlib.import_module(full)
        raise AttributeError(sdk.missing_message(full))


def _package_module(name):
    mod = _SdkPackage(str(name), "Ignition SDK package %s (gateway_sim stand-ins)" % name)
    mod.__path__ = []
    mod.__gateway_sim_java__ = True
    entry = sdk.PACKAGES.get(name)
    names = []
    if entry is not None:
        impl = __import__(entry[0], fromlist=["_"])
        for cls in entry[1]:
            setattr(mod, cls, getattr(impl, cls))
            names.append(str(cls))
    mod.__all__ = names  # ``from <package> import *``: the classes it provides
    return mod


def _claims(fullname):
    return fullname == sdk.ROOT or fullname.startswith(sdk.ROOT + ".") or fullname == "com"


def _resolve(fullname):
    """('package', None) / ('class', cls) for a name under the root; raises if unknown."""
    if sdk.is_package(fullname):
        return "package", None
    cls = sdk.lookup(fullname)
    if cls is not None:
        return "class", cls
    raise _not_available(fullname)


def _real_com_package():
    import importlib.machinery
    return importlib.machinery.PathFinder.find_spec("com") is not None


class SdkFinder(object):
    """First on ``sys.meta_path``: names under ``com.inductiveautomation``."""

    # --- CPython (importlib) -------------------------------------------------
    def find_spec(self, fullname, path=None, target=None):
        if not _claims(fullname):
            return None
        if fullname == "com" and _real_com_package():
            return None
        import importlib.machinery
        kind, cls = _resolve(fullname)
        return importlib.machinery.ModuleSpec(fullname, _Loader(kind, cls),
                                              is_package=(kind == "package"))

    # --- Jython 2.7 (PEP 302) --------------------------------------------------
    def find_module(self, fullname, path=None):
        # ``from <package> import *`` on Jython also asks for a submodule named ``*``
        # (after binding ``__all__``): not ours to answer
        if fullname.endswith(".*"):
            return None
        return self if _claims(fullname) else None

    def load_module(self, fullname):
        if fullname in sys.modules:
            return sys.modules[fullname]
        kind, cls = _resolve(fullname)
        mod = _package_module(fullname) if kind == "package" else cls
        sys.modules[fullname] = mod
        return mod


class _Loader(object):
    def __init__(self, kind, cls):
        self._kind = kind
        self._cls = cls

    def create_module(self, spec):
        if self._kind == "package":
            return _package_module(spec.name)
        return types.ModuleType(spec.name)  # placeholder: exec_module swaps in the class

    def exec_module(self, module):
        if self._kind == "class":
            sys.modules[module.__name__] = self._cls


def install():
    """Put the SDK finder first on ``sys.meta_path`` (idempotent); returns it, or None on
    Jython when Ignition's own jars are on the class path (the real SDK is used then)."""
    with _lock:
        if _IS_JYTHON and _real_sdk_on_jython():
            return None
        if not _installed:
            _installed.append(SdkFinder())
        finder = _installed[0]
        if finder in sys.meta_path:
            sys.meta_path.remove(finder)
        sys.meta_path.insert(0, finder)
        if _IS_JYTHON:
            _graft_on_java_package(finder)
        return finder


def _real_sdk_on_jython():
    import com  # a Java package on Jython
    found = getattr(com, "inductiveautomation", None)
    return found is not None and not getattr(found, "__gateway_sim_java__", False)


def _graft_on_java_package(finder):
    """Jython resolves ``com.x`` on its Java package object ``com`` without asking
    ``sys.meta_path``: hang the SDK root module on it (below it the finder answers)."""
    import com  # a Java package on Jython
    com.__dict__["inductiveautomation"] = finder.load_module(sdk.ROOT)  # setattr is refused


def uninstall():
    """Remove the finder and forget the modules/classes it created (tests)."""
    with _lock:
        for f in _installed:
            while f in sys.meta_path:
                sys.meta_path.remove(f)
        for name in list(sys.modules):
            if _claims(name):
                mod = sys.modules[name]
                if getattr(mod, "__gateway_sim_java__", False) or not isinstance(mod, types.ModuleType):
                    del sys.modules[name]
