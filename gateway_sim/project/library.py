"""Python packages as Ignition project-library modules (the export's conversion).

The Python package tree (``exchange/workflows/...``) is the source of truth;
Ignition's ``script-python`` tree is derived from it:

* ``a/b/c.py``               -> module ``a.b.c``
* ``a/b/__init__.py`` with code -> module ``a.b.__init__`` (an Ignition folder holds
  no code, so the package code becomes an ordinary module named ``__init__``)
* an empty ``__init__.py`` (only a docstring, comments, ``from __future__``) -> nothing

The simulator's loader uses this for ``pythonPackages`` in the project config,
and ``gateway_sim.export`` writes the same modules as ``code.py`` files, so the
simulator runs exactly what the export ships. May import: the standard library,
``gateway_sim.errors``, ``gateway_sim.project.model``.
"""
from __future__ import absolute_import, division, print_function

import ast
import os

from gateway_sim.errors import ConfigError
from gateway_sim.project.model import ModuleSource, read_text

_SKIP_DIRS = ("__pycache__",)


def is_empty_init(text):
    """True when a package ``__init__.py`` holds no code worth a module."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False  # let the loader report it with file and line
    for i, node in enumerate(tree.body):
        if i == 0 and isinstance(node, ast.Expr) and _is_text(node.value):
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        return False
    return True


def _is_text(node):
    # Python 3.8+ parses literals as ast.Constant; Jython 2.7 as ast.Str
    if hasattr(ast, "Constant") and isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return node.__class__.__name__ == "Str"


def package_modules(package_dir, project_name="(python package)"):
    """Modules of the Python package at ``package_dir``: {dotted name: ModuleSource}.

    The dotted names start with the package's folder name (``exchange``).
    """
    package_dir = os.path.abspath(package_dir)
    if not os.path.isfile(os.path.join(package_dir, "__init__.py")):
        raise ConfigError("not a Python package (no __init__.py); pass the package folder, "
                          "e.g. the repository's exchange/ folder", source=package_dir)
    top = os.path.basename(package_dir.rstrip(os.sep))
    base = os.path.dirname(package_dir.rstrip(os.sep))
    found = {}
    for dirpath, dirnames, filenames in os.walk(package_dir):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS
                             and os.path.isfile(os.path.join(dirpath, d, "__init__.py")))
        rel = os.path.relpath(dirpath, base)
        pkg = ".".join(rel.split(os.sep))
        for fname in sorted(filenames):
            if not fname.endswith(".py"):
                continue
            path = os.path.join(dirpath, fname)
            text = read_text(path)
            stem = fname[:-3]
            if stem == "__init__" and is_empty_init(text):
                continue
            dotted = "%s.%s" % (pkg, stem)
            if stem != "__init__" and stem in dirnames:
                raise ConfigError("both a module %s.py and a package %s/ exist; Ignition cannot hold "
                                  "both, rename one" % (stem, stem), source=dirpath)
            display = os.path.relpath(path, base).replace(os.sep, "/")
            found[dotted] = ModuleSource(dotted, text, project_name, display, origin=path)
    return found


def script_python_path(dotted):
    """Folder of module ``dotted`` relative to the project: ``ignition/script-python/a/b/c``."""
    return "/".join(["ignition", "script-python"] + dotted.split("."))


def package_dir(entry, base):
    """A ``pythonPackages`` entry: a folder (relative to the config) or an importable name."""
    path = entry if os.path.isabs(entry) else os.path.join(base, entry)
    if os.path.isdir(path):
        return path
    if "/" not in entry and os.sep not in entry:
        try:
            import importlib
            mod = importlib.import_module(entry)
            return os.path.dirname(os.path.abspath(mod.__file__))
        except ImportError:
            pass
    raise ConfigError("pythonPackages entry %r is neither a package folder (looked in %s) nor an "
                      "importable package name" % (entry, path), node="project.pythonPackages")
