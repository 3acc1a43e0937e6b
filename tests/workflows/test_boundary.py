"""Seam test: the interpreter seam (compat.py) and the host seam (engine/host.py).

* no module under ``exchange/`` imports ``gateway_sim``;
* only ``engine/host.py`` names ``system`` (imports it or uses it);
* only ``compat.py`` imports ``java`` or tests the interpreter (``sys.platform``);
* every engine package that has child modules keeps an empty ``__init__.py``.
"""
from __future__ import absolute_import, division, print_function

import ast
import os

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "exchange")


def _modules():
    for dirpath, _, files in os.walk(ROOT):
        for f in files:
            if f.endswith(".py"):
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
                with open(path) as fh:
                    yield rel, ast.parse(fh.read(), path)


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_no_module_imports_gateway_sim():
    bad = [rel for rel, tree in _modules()
           if any(m == "gateway_sim" or m.startswith("gateway_sim.") for m in _imports(tree))]
    assert bad == [], "exchange/ must never import gateway_sim: %s" % bad


def test_only_host_names_system():
    bad = []
    for rel, tree in _modules():
        if rel == "workflows/engine/host.py":
            continue
        names = any(isinstance(n, ast.Name) and n.id == "system" for n in ast.walk(tree))
        imports = any(m == "system" or m.startswith("system.") for m in _imports(tree))
        if (names or imports) and rel.startswith("workflows/engine/"):
            bad.append(rel)
    assert bad == [], "only engine/host.py may name `system`: %s" % bad


def test_only_compat_imports_java_or_tests_interpreter():
    bad = []
    for rel, tree in _modules():
        if rel == "workflows/compat.py":
            continue
        if any(m == "java" or m.startswith("java.") for m in _imports(tree)):
            bad.append(rel)
        for n in ast.walk(tree):
            if isinstance(n, ast.Attribute) and n.attr == "platform" and \
                    isinstance(n.value, ast.Name) and n.value.id == "sys":
                bad.append(rel)
    assert bad == [], "only compat.py may import java.* or test sys.platform: %s" % bad


def test_engine_packages_keep_empty_init():
    for pkg in ("workflows/engine", "workflows/engine/persistence"):
        path = os.path.join(ROOT, pkg, "__init__.py")
        with open(path) as fh:
            assert fh.read().strip() == "", "%s/__init__.py must stay empty (Ignition export)" % pkg


def test_every_engine_module_has_docstring_and_future_imports():
    for rel, tree in _modules():
        if not rel.startswith("workflows/engine/") or rel.endswith("__init__.py"):
            continue
        assert ast.get_docstring(tree), "%s needs a module docstring" % rel
        futures = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "__future__"]
        assert futures, "%s must import from __future__" % rel
