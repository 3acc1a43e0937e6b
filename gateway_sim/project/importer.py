"""The project library as a gateway sees it: one script namespace per "interpreter".

In a gateway every project script sees ``system`` and the top-level library
package names as implicit globals, modules are built lazily on first use, and a
project save (a "script restart") throws every module away and starts a new
namespace while threads started earlier keep running the old code.

``ScriptNamespace`` models one such interpreter generation:

* every module and package is a ``ProjectModule`` created up front but executed
  only on first attribute access or import (as Ignition does);
* ``import a.b.c`` / ``from a.b import c`` inside project code resolve against
  this namespace's modules (never ``sys.modules``), through an ``__import__``
  hook: on CPython it lives in each module's ``__builtins__``; Jython ignores
  that, so there one process-wide hook dispatches on a marker in the importing
  module's globals;
* modules are compiled with the file name ``<module:a.b.c>`` as in gateway
  tracebacks, and their lines are put in ``linecache`` so tracebacks show code.

May import: the standard library and ``gateway_sim._compat``/``errors``.
"""
from __future__ import absolute_import, division, print_function

import itertools
import linecache
import threading
import types

from gateway_sim._compat import IS_JYTHON

try:
    import __builtin__ as _builtins  # Jython 2.7
except ImportError:
    import builtins as _builtins

NS_KEY = "__gateway_sim_ns__"
_ORIGINAL_IMPORT = _builtins.__import__
_generation_ids = itertools.count(1)

_NEW, _RUNNING, _DONE = 0, 1, 2


class ScriptSyntaxError(SyntaxError):
    """A project script does not compile; the message names project path and line."""


class ProjectModule(types.ModuleType):
    """A project-library module or package folder, executed on first use."""

    def __getattr__(self, name):
        # Only called for names not yet in the module: run the code, then retry.
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        d = self.__dict__
        ns = d.get(NS_KEY)
        if ns is not None and ns.has_code(d["__name__"]) and ns.state(d["__name__"]) == _NEW:
            ns.execute(d["__name__"])
            if name in d:
                return d[name]
        if name == "name" and ns is not None and not ns.has_code(d["__name__"]):
            # A folder is a ScriptPackage; Jython shows its getName() as ``.name``, the
            # folder's own name (a real 8.0 WebDev router builds URL paths from it;
            # short rather than dotted is our reading, unverified). A child wins.
            return d["__name__"].rsplit(".", 1)[-1]
        raise AttributeError("module %r has no attribute %r" % (d.get("__name__"), name))

    def __repr__(self):
        kind = "module" if self.__dict__.get("__gateway_sim_code__") else "package"
        return "<project %s '%s' (generation %s)>" % (kind, self.__dict__.get("__name__"),
                                                       getattr(self.__dict__.get(NS_KEY), "generation", "?"))


class ScriptNamespace(object):
    """One interpreter generation of a project's script library.

    Args:
        sources: {dotted name: ModuleSource} of the project's modules.
        project_name: used in error messages.
        base_globals: function returning the implicit globals besides the
            library packages (``{"system": ...}``).
        on_error: ``fn(message)`` called to log compile errors.
    """

    def __init__(self, sources, project_name, base_globals, on_error=None):
        self.generation = next(_generation_ids)
        self.project_name = project_name
        self.sources = dict(sources)
        self._base_globals = base_globals
        self._on_error = on_error
        self._lock = threading.RLock()
        self._nodes = {}
        self._states = {}
        self._builtins = None
        self.event_handlers = {}  # event key -> handler compiled in this namespace
        if not IS_JYTHON:
            b = dict(_builtins.__dict__)
            b["__import__"] = self._import
            self._builtins = b
        else:
            _install_global_hook()
        for name in sorted(self.sources):
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                self._node("." .join(parts[:i]))
        self.top_names = sorted(n for n in self._nodes if "." not in n)
        for name in self._nodes:
            self._reset(name)

    # --- structure ------------------------------------------------------------
    def _node(self, name):
        node = self._nodes.get(name)
        if node is None:
            node = ProjectModule(str(name))
            self._nodes[name] = node
            self._states[name] = _DONE if name not in self.sources else _NEW
        return node

    def _children(self, name):
        prefix = name + "."
        return [n for n in self._nodes if n.startswith(prefix) and "." not in n[len(prefix):]]

    def _reset(self, name):
        """(Re)fill a module's globals: implicit globals, children, module dunders."""
        node = self._nodes[name]
        d = node.__dict__
        d.clear()
        if name in self.sources:
            # A folder without code (a ScriptPackage) holds only its children: scripts walk
            # a package's __dict__ recursively, which the top-level names would loop.
            d.update(self.implicit_globals())
        for child in self._children(name):
            d[child.rsplit(".", 1)[1]] = self._nodes[child]
        d["__name__"] = str(name)
        d["__doc__"] = None
        d["__package__"] = None
        d[NS_KEY] = self
        d["__gateway_sim_code__"] = name in self.sources
        if self._builtins is not None:
            d["__builtins__"] = self._builtins
        if name in self.sources:
            d["__file__"] = self.code_name(name)

    def code_name(self, name):
        return "<module:%s>" % name

    def has_code(self, name):
        return name in self.sources

    def state(self, name):
        return self._states.get(name)

    def names(self):
        return sorted(self._nodes)

    def implicit_globals(self):
        """``system`` plus the top-level library names, as every project script sees them."""
        g = dict(self._base_globals())
        for name in self.top_names:
            g[name] = self._nodes[name]
        return g

    def make_globals(self, name):
        """A fresh globals dict for an event script running in this namespace."""
        g = self.implicit_globals()
        g["__name__"] = str(name)
        g[NS_KEY] = self
        if self._builtins is not None:
            g["__builtins__"] = self._builtins
        return g

    def compile(self, text, code_name, display_path, line_offset=0, log=True):
        """Compile project code; a SyntaxError names project path and line."""
        try:
            # dont_inherit: project code gets plain 2.7 semantics, not our __future__ flags
            code = compile(text, code_name, "exec", 0, True)
        except SyntaxError as exc:
            line = (exc.lineno or 0) - line_offset
            msg = "Syntax error in %s, line %s: %s" % (display_path, line, exc.msg)
            if exc.text:
                msg += "\n    %s" % exc.text.rstrip()
            if log and self._on_error is not None:
                self._on_error(msg)
            err = ScriptSyntaxError(msg, (code_name, line, exc.offset, exc.text))
            err.display_path = display_path
            err.project_line = line
            raise err
        lines = [ln + "\n" for ln in text.split("\n")]
        linecache.cache[code_name] = (len(text), None, lines, code_name)
        return code

    # --- execution --------------------------------------------------------------
    def get(self, name):
        """The module ``name``, executed (ImportError when the library has no such module)."""
        with self._lock:
            if name not in self._nodes:
                raise ImportError("No module named %s in project %s's script library"
                                  % (name, self.project_name))
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                self.execute(".".join(parts[:i]))
            return self._nodes[name]

    def execute(self, name):
        with self._lock:
            if self._states.get(name) != _NEW:
                return  # done, a folder, or mid-import (circular import sees the partial module)
            src = self.sources[name]
            code = self.compile(src.text, self.code_name(name), src.display_path)
            self._states[name] = _RUNNING
            try:
                exec(code, self._nodes[name].__dict__)
            except:  # noqa: E722 - also Java exceptions (not BaseExceptions on Jython)
                self._states[name] = _NEW
                self._reset(name)
                raise
            self._states[name] = _DONE

    def _import(self, name, globals=None, locals=None, fromlist=(), level=0):
        """``__import__`` for project code: library names here, the rest as usual."""
        if level and level > 0:
            base = (globals or {}).get("__name__", "")
            parts = base.split(".")[:-level] if base else []
            absolute = ".".join(parts + ([name] if name else []))
            if absolute.split(".")[0] not in self._nodes:
                return _ORIGINAL_IMPORT(name, globals, locals, fromlist, level)
            name = absolute
        top = name.split(".")[0]
        if top not in self._nodes:
            if name == "importlib":
                return self._importlib_proxy(fromlist)
            implicit = self._base_globals()
            if top in implicit:  # `import system` / `from system.tag import x`: the gateway's own
                obj = implicit[top]
                if fromlist:
                    for part in name.split(".")[1:]:
                        obj = getattr(obj, part)
                return obj
            if IS_JYTHON and level == -1:
                level = 0  # project modules are not packages: no implicit relative imports
            return _ORIGINAL_IMPORT(name, globals, locals, fromlist or (), level)
        mod = self.get(name)
        if fromlist:
            for item in fromlist:
                if item == "*":
                    continue
                child = "%s.%s" % (name, item)
                if child in self._nodes:
                    self.get(child)
            return mod
        return self._nodes[top]


    def _importlib_proxy(self, fromlist):
        proxy = self.__dict__.get("_importlib")
        if proxy is None:
            proxy = _ImportlibProxy(self)
            self._importlib = proxy
        return proxy

    def import_module(self, name, package=None):
        """``importlib.import_module`` as project code sees it (library names first)."""
        if name.startswith("."):
            if not package:
                raise TypeError("relative import %r needs the package argument" % (name,))
            level = len(name) - len(name.lstrip("."))
            base = package.split(".")
            if level > 1:
                base = base[:-(level - 1)]
            name = ".".join(base + [name.lstrip(".")])
        if name.split(".")[0] in self._nodes:
            return self.get(name)
        import importlib
        return importlib.import_module(name)


class _ImportlibProxy(types.ModuleType):
    """``importlib`` for project code: ``import_module`` resolves library modules in the
    namespace (as in a gateway, where the library is what the interpreter imports);
    everything else is the real ``importlib``."""

    def __init__(self, namespace):
        types.ModuleType.__init__(self, "importlib")
        self.import_module = namespace.import_module

    def __getattr__(self, name):
        import importlib
        return getattr(importlib, name)


_hook_lock = threading.Lock()
_hook_installed = [False]


def _global_import(name, globals=None, locals=None, fromlist=None, level=-1):
    # Jython's Java side (e.g. making the proxy class of a Python subclass of a Java class)
    # calls __import__ with Java nulls, which read as unbound locals here, not None.
    try:
        globals
    except NameError:
        globals = None
    try:
        locals
    except NameError:
        locals = None
    try:
        fromlist
    except NameError:
        fromlist = None
    try:
        level
    except NameError:
        level = -1
    if globals is None:  # an explicit __import__("x") call: look at the caller
        import sys
        globals = sys._getframe(1).f_globals
    ns = globals.get(NS_KEY)
    if ns is not None:
        return ns._import(name, globals, locals, fromlist, level)
    return _ORIGINAL_IMPORT(name, globals, locals, fromlist, level)


def _install_global_hook():
    """Jython: route imports from project code to their namespace (once per process)."""
    with _hook_lock:
        if not _hook_installed[0]:
            _builtins.__import__ = _global_import
            _hook_installed[0] = True
