"""Python 2 only code in a project: what ``gateway-sim check`` runs on Jython for.

Ignition runs project scripts on Jython 2.7, so field projects are Python 2: print
statements, ``except E, e:``, ``0L`` literals, ``unicode``/``long`` builtins, ``urllib2``...
CPython cannot run them. ``python2_sources`` names the modules and events that are Python 2
only (so the check can run on the Jython host); ``looks_python2`` tells whether an error
met on CPython is one of those, for the hint in its row.
Single-source 2.7/3.x. May import: ``gateway_sim`` core modules and the standard library.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim._compat import IS_JYTHON

PY2_HINT = ("Python 2 code cannot run on CPython: run the project on Jython 2.7, the "
             "interpreter Ignition uses (gateway-sim check/run --interpreter jython)")


def python2_sources(path, projects_dirs=None):
    """Names of the project's modules and gateway events (parents included) whose code is
    Python 2 only: CPython cannot compile it, Jython (Ignition's interpreter) can."""
    from gateway_sim.check import _catch_all
    from gateway_sim.project.model import resolve_project
    try:
        resolved = resolve_project(path, None, projects_dirs, missing_parents=[],
                                   warn=lambda line: None)
    except _catch_all():
        return []  # the check itself reports what stops the project from loading
    found = []
    py2_import = _py2_import_re(set(n.split(".")[0] for n in resolved.modules))
    sources = [(name, m.text) for name, m in sorted(resolved.modules.items())]
    sources += [(ev.name, ev.text) for _key, ev in sorted(resolved.events.items())]
    sources += [(ev.label, ev.text) for _key, ev in sorted(resolved.session_events.items())]
    for name, text in sources:
        try:
            compile(text, name, "exec")
        except SyntaxError as exc:
            if looks_python2(exc):
                found.append(name)
            continue
        except (ValueError, TypeError):
            continue
        if (py2_import is not None and py2_import.search(text)) or _uses_py2_builtins(text):
            found.append(name)
    return found


# Builtins only Python 2 (and so Jython 2.7) has: ``long(v)``, ``unicode(s)``,
# ``isinstance(x, basestring)`` compile on CPython and fail there with a NameError when run
_PY2_BUILTINS = frozenset(("long", "unicode", "basestring", "xrange", "unichr", "raw_input",
                           "execfile", "reduce", "cmp", "apply", "buffer", "intern", "coerce"))
# dict methods only Python 2 has (``d.has_key(k)``, ``d.iteritems()``)
_PY2_DICT_METHODS = frozenset(("has_key", "iteritems", "iterkeys", "itervalues"))


def _uses_py2_builtins(text):
    """True if ``text`` (which compiles) reads a Python 2 only builtin it does not bind
    itself, or calls a Python 2 only dict method."""
    if IS_JYTHON:
        return False  # they are all there on Jython
    import ast
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, TypeError):
        return False
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in _PY2_DICT_METHODS:
            return True
    return bool((read - bound) & _PY2_BUILTINS)


def _py2_import_re(own):
    """A pattern for imports of Python 2 only standard modules the project does not define
    itself (a project package may well be called ``commands``)."""
    names = [m for m in PY2_MODULES if m not in own]
    if not names:
        return None
    return re.compile(r"^[ \t]*(?:import|from)[ \t]+(?:%s)\b" % "|".join(names), re.M)


# Standard-library modules only Python 2 (and so Jython 2.7) has
PY2_MODULES = ("__builtin__", "exceptions", "urllib2", "urlparse", "StringIO", "cStringIO",
                "cPickle", "Queue", "ConfigParser", "httplib", "HTMLParser", "htmlentitydefs",
                "Cookie", "cookielib", "SocketServer", "SimpleHTTPServer", "BaseHTTPServer",
                "commands", "sets", "md5", "sha", "thread", "dummy_thread", "UserDict",
                "UserList", "UserString", "repr", "xmlrpclib", "anydbm", "dbhash", "robotparser")


def looks_python2(exc):
    if IS_JYTHON:
        return False
    line = (getattr(exc, "text", None) or "").strip()
    msg = str(getattr(exc, "msg", "") or "")
    # Python 2 reads a tab as "up to the next multiple of 8 columns", so a block
    # indented with tabs here and spaces there is fine on Jython and a TabError here
    return ("print" in msg or "Missing parentheses" in msg or line.startswith("print ")
            or "inconsistent use of tabs and spaces" in msg
            or line.startswith("exec ") or re.match(r"except\s+[\w.]+\s*,\s*\w+\s*:", line) is not None
            or "invalid syntax" in msg and ("ur'" in line or '0L' in line or "<>" in line
                                            or "`" in line or re.search(r"\b\d+L\b", line))
            # ``Date(1767243600000L)``: CPython 3.10+ says "invalid decimal literal"
            or "literal" in msg and re.search(r"\b(?:\d+|0[xX][0-9a-fA-F]+)[lL]\b", line)
            is not None)
