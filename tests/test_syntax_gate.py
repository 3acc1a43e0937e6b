"""Syntax gate: the engine and the simulator core are single-source Jython 2.7 / CPython 3.

* Every ``.py`` under ``exchange/`` and ``gateway_sim/`` compiles under CPython 3.
* Every single-source file (all of them except the CPython-only adapters listed in
  ``CPYTHON_ONLY``) also compiles under Jython 2.7.3 -- all files in ONE Jython process.
* The same files keep the runtime rules that compile cannot see (``super()`` without
  arguments, old-style classes, py3-only stdlib modules, the ``__future__`` line...).

A failure names ``file:line``. The gate's own tests feed it a temporary file with an
f-string (and friends) and check it is rejected with the file and line named.
Jython missing: skip naming what to install (fail on CI, env ``CI=true``).
"""
from __future__ import absolute_import, division, print_function

import ast
import fnmatch
import os
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "jython"))
import jython_launch  # noqa: E402

REPO_ROOT = jython_launch.REPO_ROOT
COMPILE_CHECK = os.path.join(jython_launch.HERE, "compile_check.py")
PACKAGES = ("exchange", "gateway_sim")

# CPython-only adapters (contracts.md): they may use py3 syntax; the core imports them
# lazily. Paths are relative to the repo root, "/" separated, fnmatch patterns.
CPYTHON_ONLY = (
    "gateway_sim/cli.py",
    "gateway_sim/__main__.py",
    "gateway_sim/pytest_plugin.py",
    "gateway_sim/*yaml*",
    "gateway_sim/*httpx*",
    "gateway_sim/*psycopg*",
    "gateway_sim/*pymysql*",
    "gateway_sim/*jpype*",
    "gateway_sim/java/bridge.py",   # the JPype bridge
    "gateway_sim/backends/database/driver_postgres.py",  # psycopg 3
    "gateway_sim/backends/database/driver_mysql.py",     # PyMySQL
)
# Modules allowed to test the interpreter and touch py3-only stdlib names directly.
COMPAT_MODULES = ("exchange/workflows/compat.py", "gateway_sim/_compat.py")
PY3_ONLY_MODULES = ("typing", "enum", "dataclasses", "pathlib", "concurrent", "asyncio",
                    "statistics", "secrets", "contextvars", "zoneinfo", "graphlib")
FUTURE_NAMES = ("absolute_import", "division", "print_function")
# The CPython stand-ins of java.* (their Throwable IS a BaseException there).
JAVA_STANDINS = "gateway_sim/java/"


def _rel(path):
    return os.path.relpath(path, REPO_ROOT).replace(os.sep, "/")


def all_sources(root=REPO_ROOT):
    """Every .py under the shipped packages (relative paths, sorted)."""
    out = []
    for pkg in PACKAGES:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, pkg)):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            out.extend(_rel(os.path.join(dirpath, f)) for f in filenames if f.endswith(".py"))
    return sorted(out)


def is_cpython_only(rel):
    return any(fnmatch.fnmatch(rel, pat) for pat in CPYTHON_ONLY)


# Files outside the packages that run under Jython too (the scenario tests, the Jython
# leg's runner, the bench workload): the same rules hold for them.
JYTHON_TOO = ("tests/scenarios", "tests/jython/runner.py", "tests/jython/compile_check.py",
              "bench/_step_overhead_workload.py")


def jython_too(root=REPO_ROOT):
    out = []
    for rel in JYTHON_TOO:
        full = os.path.join(root, rel)
        if os.path.isdir(full):
            out.extend(_rel(os.path.join(full, f)) for f in sorted(os.listdir(full))
                       if f.endswith(".py"))
        elif os.path.isfile(full):
            out.append(rel)
    return out


def single_source(root=REPO_ROOT):
    return [r for r in all_sources(root) if not is_cpython_only(r)] + jython_too(root)


def fmt(problems):
    return "\n".join("%s:%s: %s%s" % (p["file"], p["line"], p["msg"],
                                       (" -> " + p["text"]) if p.get("text") else "")
                     for p in problems)


# --- the three checks ------------------------------------------------------------
def jython_problems(paths):
    """Compile ``paths`` under Jython 2.7 in one process; list of problem dicts."""
    if not paths:
        return []
    fd, listfile = tempfile.mkstemp(suffix=".txt", prefix="syntax-gate-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write("\n".join(os.path.join(REPO_ROOT, p) if not os.path.isabs(p) else p
                              for p in paths))
        proc = jython_launch.run_jython(COMPILE_CHECK, [listfile], timeout=300)
    finally:
        os.unlink(listfile)
    problems, summary = jython_launch.parse_results(proc.stdout)
    if summary is None or summary["files"] != len(paths):
        raise AssertionError("Jython compile check did not finish (exit %s):\n%s\n%s"
                             % (proc.returncode, proc.stdout[-2000:], proc.stderr[-3000:]))
    for p in problems:
        p["file"] = _rel(p["file"]) if p["file"].startswith(REPO_ROOT) else p["file"]
        p["msg"] = "Jython 2.7: " + p["msg"]
    return problems


def cpython_problems(paths):
    problems = []
    for p in paths:
        full = os.path.join(REPO_ROOT, p) if not os.path.isabs(p) else p
        with open(full, "rb") as f:
            src = f.read()
        try:
            compile(src, full, "exec", dont_inherit=True)
        except SyntaxError as e:
            problems.append({"file": p, "line": e.lineno or 0,
                             "msg": "CPython %d.%d: %s" % (sys.version_info[0], sys.version_info[1], e.msg),
                             "text": (e.text or "").strip()})
    return problems


class _RuleVisitor(ast.NodeVisitor):
    """Runtime rules of the single-source subset that a 2.7 compile cannot catch."""

    def __init__(self, rel):
        self.rel = rel
        self.problems = []
        self._try_depth = 0

    def add(self, node, msg):
        self.problems.append({"file": self.rel, "line": getattr(node, "lineno", 0), "msg": msg})

    def visit_Try(self, node):
        # Imports/attributes guarded by try/except are the sanctioned feature probe.
        self._try_depth += 1
        for n in node.body:
            self.visit(n)
        self._try_depth -= 1
        for n in node.handlers + node.orelse + node.finalbody:
            self.visit(n)

    visit_TryExcept = visit_TryFinally = visit_Try  # noqa (py2 ast names; harmless)

    def _module(self, node, name):
        top = name.split(".")[0]
        if top in PY3_ONLY_MODULES and self._try_depth == 0:
            self.add(node, "imports py3-only module %r (not in Jython 2.7's stdlib); "
                           "guard it with try/except ImportError or use a compat helper" % name)

    def visit_Import(self, node):
        for a in node.names:
            self._module(node, a.name)

    def visit_ImportFrom(self, node):
        if node.module and node.level == 0:
            self._module(node, node.module)
            if node.module == "functools" and any(a.name == "lru_cache" for a in node.names):
                self.add(node, "functools.lru_cache does not exist on Jython 2.7")

    def visit_ExceptHandler(self, node):
        t = node.type
        names = [e for e in (t.elts if isinstance(t, ast.Tuple) else [t]) if isinstance(e, ast.Name)]
        if any(n.id == "BaseException" for n in names) and not self.rel.startswith(JAVA_STANDINS):
            self.add(node, "`except BaseException` does not catch Java exceptions on Jython (they "
                           "are not BaseExceptions there); use a bare `except:` (re-raising "
                           "KeyboardInterrupt/SystemExit) or compat.CATCHABLE")
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        if not node.bases and not node.keywords:
            self.add(node, "class %s has no base: on Jython 2.7 that is an old-style class; "
                           "write `class %s(object):`" % (node.name, node.name))
        self.generic_visit(node)

    def visit_Call(self, node):
        f = node.func
        if isinstance(f, ast.Name) and f.id == "super" and not node.args:
            self.add(node, "super() without arguments fails on Jython 2.7; write super(Cls, self)")
        if isinstance(f, ast.Attribute) and f.attr in ("removeprefix", "removesuffix", "to_bytes",
                                                       "from_bytes", "isclose"):
            self.add(node, ".%s() does not exist on Jython 2.7" % f.attr)
        self.generic_visit(node)

    def visit_Attribute(self, node):
        if (isinstance(node.value, ast.Name) and node.value.id == "functools"
                and node.attr == "lru_cache"):
            self.add(node, "functools.lru_cache does not exist on Jython 2.7")
        if (isinstance(node.value, ast.Name) and node.value.id in ("time", "_time")
                and node.attr in ("monotonic", "perf_counter") and self._try_depth == 0
                and self.rel not in COMPAT_MODULES):
            self.add(node, "time.%s does not exist on Jython 2.7; use compat.monotonic()" % node.attr)
        self.generic_visit(node)


def rule_problems(paths):
    problems = []
    for p in paths:
        full = os.path.join(REPO_ROOT, p) if not os.path.isabs(p) else p
        with open(full, "rb") as f:
            src = f.read()
        try:
            tree = ast.parse(src, full)
        except SyntaxError:
            continue  # reported by the compile checks
        body = list(tree.body)
        if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None),
                                                                 ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]
        if body:  # a module with code must opt into the 2.7/3 common semantics
            names = set()
            for node in body:
                if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                    names.update(a.name for a in node.names)
            missing = [n for n in FUTURE_NAMES if n not in names]
            if missing:
                problems.append({"file": p, "line": body[0].lineno,
                                 "msg": "missing `from __future__ import absolute_import, division, "
                                        "print_function` (lacks %s)" % ", ".join(missing)})
        v = _RuleVisitor(p)
        v.visit(tree)
        problems.extend(v.problems)
    return problems


def _jython_or_skip():
    try:
        jython_launch.jython_command(COMPILE_CHECK)
    except jython_launch.JythonMissing as exc:
        jython_launch.unavailable(pytest, exc)


# --- the gate ------------------------------------------------------------------------
def test_gate_covers_engine_and_simulator_core():
    files = single_source()
    assert "exchange/workflows/compat.py" in files
    assert "gateway_sim/gateway.py" in files
    assert "gateway_sim/pytest_plugin.py" not in files
    assert "tests/scenarios/support.py" in files and "tests/jython/runner.py" in files


def test_everything_compiles_on_cpython3():
    problems = cpython_problems(all_sources())
    assert not problems, "does not compile on CPython 3:\n" + fmt(problems)


@pytest.mark.jython
def test_single_source_compiles_on_jython27(gate_on_bad_files):
    # The repo's files were compiled in the same JVM as the gate's known-bad samples.
    bad_samples = set(gate_on_bad_files[0].values())
    problems = [p for p in gate_on_bad_files[1] if p["file"] not in bad_samples]
    assert not problems, ("does not compile on Jython 2.7 (the gateway's interpreter):\n"
                          + fmt(problems))


def test_single_source_rules():
    problems = rule_problems(single_source())
    assert not problems, "breaks the Jython 2.7 single-source rules:\n" + fmt(problems)


# --- tests OF the gate ------------------------------------------------------------------
# The gate's Jython half is fed known-bad files; all of them are compiled in ONE JVM
# (module fixture) and each test checks its own files.
FSTRING = u'''from __future__ import absolute_import, division, print_function

name = "x"
GREETING = f"hello {name}"
'''
FINE = u"from __future__ import print_function\nprint('ok', end='')\n"
PY3_SYNTAX = [  # (snippet, line the gate must name)
    (u"def f(a, *, b):\n    return b\n", 1),                 # keyword-only argument
    (u"x = 1\ndef f(a: int) -> int:\n    return a\n", 2),     # annotations
    (u"def f():\n    x = 1\n    def g():\n        nonlocal x\n", 4),
    (u"def f(it):\n    yield from it\n", 2),
    (u"x = 1\nfirst, *rest = [1, 2]\n", 2),                  # extended unpacking
    (u"def f(e):\n    raise ValueError() from e\n", 2),
    (u"async def f():\n    pass\n", 1),
]
NON_ASCII = u'"""Doc."""\nx = 1  # see reference \u00a71\n'
DECLARED = u'# -*- coding: utf-8 -*-\n"""Doc \u00a71."""\n'


@pytest.fixture(scope="module")
def gate_on_bad_files(tmp_path_factory):
    _jython_or_skip()
    d = tmp_path_factory.mktemp("gate")
    files = {"fstring": d / "has_fstring.py", "fine": d / "fine.py",
             "nonascii": d / "nonascii.py", "declared": d / "declared.py"}
    files["fstring"].write_text(FSTRING)
    files["fine"].write_text(FINE)
    files["nonascii"].write_bytes(NON_ASCII.encode("utf-8"))
    files["declared"].write_bytes(DECLARED.encode("utf-8"))
    for i, (snippet, _) in enumerate(PY3_SYNTAX):
        files["py3_%d" % i] = d / ("py3only_%d.py" % i)
        files["py3_%d" % i].write_text(snippet)
    paths = dict((k, str(v)) for k, v in files.items())
    problems = jython_problems(single_source() + sorted(paths.values()))  # one JVM
    return paths, problems


def _for(gate, *keys):
    paths, problems = gate
    wanted = set(paths[k] for k in keys)
    return [p for p in problems if p["file"] in wanted]


@pytest.mark.jython
def test_gate_rejects_an_fstring_naming_file_and_line(gate_on_bad_files):
    paths, _ = gate_on_bad_files
    problems = _for(gate_on_bad_files, "fstring", "fine")
    assert [p["file"] for p in problems] == [paths["fstring"]]
    assert problems[0]["line"] == 4
    assert "%s:4:" % paths["fstring"] in fmt(problems)
    # CPython 3 alone would have let it through: that is why the Jython half exists.
    assert cpython_problems([paths["fstring"]]) == []


@pytest.mark.jython
def test_gate_rejects_other_py3_syntax_on_jython(gate_on_bad_files):
    paths, _ = gate_on_bad_files
    keys = ["py3_%d" % i for i in range(len(PY3_SYNTAX))]
    got = dict((p["file"], p["line"]) for p in _for(gate_on_bad_files, *keys))
    assert got == dict((paths[k], line) for k, (_, line) in zip(keys, PY3_SYNTAX)), got


@pytest.mark.jython
def test_gate_rejects_undeclared_non_ascii_on_jython(gate_on_bad_files):
    """PEP 263: Jython refuses to import it, although compile() of the text accepts it."""
    paths, _ = gate_on_bad_files
    problems = _for(gate_on_bad_files, "nonascii", "declared")
    assert [(p["file"], p["line"]) for p in problems] == [(paths["nonascii"], 2)], fmt(problems)
    assert "PEP 263" in fmt(problems)


def test_gate_rejects_py2_only_syntax_on_cpython(tmp_path):
    bad = tmp_path / "py2only.py"
    bad.write_text(u"x = 1\nprint x\n")
    problems = cpython_problems([str(bad)])
    assert len(problems) == 1 and problems[0]["line"] == 2
    assert "%s:2:" % bad in fmt(problems)


def test_rules_reject_runtime_incompatibilities(tmp_path):
    bad = tmp_path / "runtime.py"
    bad.write_text(u'''"""doc"""
import os
from typing import List
class Old:
    def __init__(self):
        super().__init__()
def f(s):
    return s.removeprefix("x")
try:
    from enum import Enum
except ImportError:
    Enum = None
try:
    pass
except BaseException:
    raise
''')
    problems = rule_problems([str(bad)])
    by_line = dict((p["line"], p["msg"]) for p in problems)
    assert "__future__" in by_line[2]
    assert "typing" in by_line[3]
    assert "old-style" in by_line[4]
    assert "super()" in by_line[6]
    assert "removeprefix" in by_line[8]
    assert 10 not in by_line  # guarded import is the allowed probe
    assert "Java exceptions" in by_line[15]
