"""Layering of ``gateway_sim/backends/tags`` (issue 9 item 12): where loading ends and
evaluation begins.

* Load layer (parse files, check configs, resolve paths and UDT configs): pure
  functions on plain dicts/strings. It never imports the runtime -- not at module level,
  not lazily inside a function.
* Runtime layer (tree, value sources, events, alarms, the backend) may import the load
  layer.
* Imports inside the package form no cycle -- lazy imports inside functions included --
  so the import graph reads top-down (``context`` holds the thread-local "tag running
  now" that events/sim/backend share, ``valuesources`` picks a tag's runtime).
"""
from __future__ import absolute_import, division, print_function

import ast
import os

import pytest

PKG = "gateway_sim.backends.tags"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
PKG_DIR = os.path.join(ROOT, *PKG.split("."))

LOAD_LAYER = ("paths", "datatypes", "schema", "simconfig", "documents", "xml7", "udt",
              "parammath")
# What the load layer may import outside itself (besides the standard library).
# ``numfmt`` is the pure DecimalFormat of numberFormat ({Base+1|000} in UDT parameters).
LOAD_ALLOWED = ("gateway_sim._compat", "gateway_sim.errors", "gateway_sim.jvm",
                "gateway_sim.dataset", "gateway_sim.expression.numfmt", "yaml")


def _modules():
    return sorted(f[:-3] for f in os.listdir(PKG_DIR) if f.endswith(".py") and f != "__init__.py")


def _imports(mod, top_level_only=False):
    """Absolute names imported by ``mod`` (``from pkg import x`` yields ``pkg.x`` too)."""
    with open(os.path.join(PKG_DIR, mod + ".py")) as f:
        tree = ast.parse(f.read())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    out = set()
    for n in nodes:
        if isinstance(n, ast.Import):
            out.update(a.name for a in n.names)
        elif isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
            out.add(n.module)
            out.update("%s.%s" % (n.module, a.name) for a in n.names)
    return out


def _sibling(name):
    if name.startswith(PKG + "."):
        rest = name[len(PKG) + 1:].split(".")[0]
        return rest if rest in _modules() else None
    return None


def test_every_module_is_in_a_layer():
    # A new module must be placed on purpose: add it to LOAD_LAYER or it is runtime.
    assert set(LOAD_LAYER) <= set(_modules()), sorted(set(LOAD_LAYER) - set(_modules()))


@pytest.mark.parametrize("mod", LOAD_LAYER)
def test_load_layer_never_imports_the_runtime(mod):
    bad = []
    for name in sorted(_imports(mod)):
        sib = _sibling(name)
        if sib is not None:
            if sib not in LOAD_LAYER:
                bad.append(name)
            continue
        if name == PKG:
            continue   # the package module imports nothing (checked below)
        if name.startswith("gateway_sim") and not any(
                name == a or name.startswith(a + ".") for a in LOAD_ALLOWED):
            bad.append(name)
    assert not bad, "%s (load layer) imports %s; move that code to the runtime layer " \
                    "or the needed pure piece into the load layer" % (mod, ", ".join(bad))


def test_importing_the_load_layer_loads_no_runtime_module():
    import subprocess
    import sys
    code = ("import sys\n"
            "for m in %r: __import__(%r + '.' + m)\n"
            "print(' '.join(sorted(n for n in sys.modules if n.startswith(%r + '.'))))\n"
            % (LOAD_LAYER, PKG, PKG))
    out = subprocess.check_output([sys.executable, "-c", code], cwd=ROOT).decode().split()
    loaded = set(n[len(PKG) + 1:] for n in out)
    assert loaded <= set(LOAD_LAYER), sorted(loaded - set(LOAD_LAYER))
    assert "backend" not in loaded and "nodes" not in loaded


@pytest.mark.parametrize("top_level_only", [True, False])
def test_imports_have_no_cycle(top_level_only):
    graph = {}
    for m in _modules():
        graph[m] = set(s for s in (_sibling(n) for n in _imports(m, top_level_only=top_level_only))
                       if s is not None and s != m)
    state = {}

    def visit(m, stack):
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                raise AssertionError("import cycle: %s" % " -> ".join(stack + [m, d]))
            if d not in state:
                visit(d, stack + [m])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [])


def test_the_check_catches_a_runtime_import(tmp_path):
    # The checker itself can fail: a load-layer module importing the backend is named.
    fake = tmp_path / "pkg"
    fake.mkdir()
    (fake / "paths.py").write_text(u"from gateway_sim.backends.tags.backend import TagBackend\n")
    (fake / "backend.py").write_text(u"x = 1\n")
    globals()["PKG_DIR"] = str(fake)
    try:
        with pytest.raises(AssertionError) as ei:
            test_load_layer_never_imports_the_runtime("paths")
        assert "backend" in str(ei.value)
    finally:
        globals()["PKG_DIR"] = os.path.join(ROOT, *PKG.split("."))
