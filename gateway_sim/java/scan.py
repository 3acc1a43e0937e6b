"""Static scan of script text for the Java / Ignition SDK names it imports, and whether
the simulator can supply each one.

``references(source)`` finds every ``import java...``, ``from java... import ...``
(also ``javax``, ``com.inductiveautomation``) in a script -- by lines, not by parsing,
so Python 2 scripts and script text pulled out of binary resources scan too -- as
``(line, name)`` pairs with fully qualified names (``from a.b import *`` gives ``a.b``).
``resolve(name, jvm=None)`` is None when the name resolves (a pure-Python stand-in, an
SDK stand-in, or -- with ``jvm`` true or by default when JPype finds a JDK -- a real JDK
class) and otherwise the one-line reason. ``missing(source)`` puts the two together; ``scan_folder(root)`` runs it over every script
text of a project folder (``.py`` files, script strings inside ``.json`` resources, and
``data.bin`` resources, gzip or plain, read as text). ``gateway-sim check`` and the tests
use them. May import: the standard library,
``gateway_sim.java``, ``gateway_sim.sdk``; ``gateway_sim.java.bridge`` (lazily).
"""
from __future__ import absolute_import, division, print_function

import gzip
import importlib
import io
import json
import os
import re

from gateway_sim import sdk
from gateway_sim.java import PROVIDED_PACKAGES

ROOTS = ("java", "javax", "com")
_NAME = r"[A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*"
_IMPORT_RE = re.compile(r"^\s*import\s+(.+)$")
_FROM_RE = re.compile(r"^\s*from\s+(" + _NAME + r")\s+import\s+(.+)$")
_CONTROL_RE = re.compile(u"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _rooted(name):
    root = name.split(".", 1)[0]
    return root in ("java", "javax") or name == sdk.ROOT or name.startswith(sdk.ROOT + ".")


def _strip_comment(text):
    return text.split("#", 1)[0]


def _logical_lines(source):
    """(line number, text) with ``(...)`` continuations and backslashes joined; control
    characters (binary resource noise) end a line."""
    if isinstance(source, bytes):
        source = source.decode("latin-1")
    lines = _CONTROL_RE.sub(u"\n", source.replace(u"\r\n", u"\n")).split(u"\n")
    i = 0
    while i < len(lines):
        start = i
        text = _strip_comment(lines[i])
        while (text.count("(") > text.count(")") or text.rstrip().endswith("\\")) \
                and i + 1 < len(lines):
            i += 1
            text = text.rstrip().rstrip("\\") + " " + _strip_comment(lines[i])
        yield start + 1, text
        i += 1


def references(source):
    """``[(line, fully qualified name)]`` of the Java/SDK names ``source`` imports."""
    out = []
    for lineno, text in _logical_lines(source):
        for stmt in text.split(";"):
            m = _FROM_RE.match(stmt)
            if m:
                pkg = re.sub(r"\s+", "", m.group(1))
                if not _rooted(pkg):
                    continue
                names = m.group(2).strip().strip("()")
                for part in names.split(","):
                    part = part.strip()
                    if not part:
                        continue
                    name = part.split()[0]
                    out.append((lineno, pkg if name == "*" else "%s.%s" % (pkg, name)))
                continue
            m = _IMPORT_RE.match(stmt)
            if m:
                for part in m.group(1).split(","):
                    words = part.split()
                    if words and _rooted(words[0]):
                        out.append((lineno, words[0]))
    return out


def _jvm_available(jvm):
    if jvm is not None:
        return jvm
    from gateway_sim.java import bridge
    return bridge.unavailable_reason() is None


def _resolve_java(name, jvm):
    pkg, _, last = name.rpartition(".")
    if name in PROVIDED_PACKAGES:
        return None
    if pkg in PROVIDED_PACKAGES and last[:1].isupper():
        impl = importlib.import_module("gateway_sim." + pkg if pkg != "java" else "gateway_sim.java")
        if hasattr(impl, last):
            return None
    if _jvm_available(jvm):
        from gateway_sim.java import bridge
        try:
            if last[:1].isupper():
                bridge.jclass(name)
                return None
            if bridge.is_package(name):
                return None
        except Exception as exc:  # JPype: unknown class
            return "%s is not in the JVM (%s)" % (name, str(exc).splitlines()[0] if str(exc) else
                                                  type(exc).__name__)
        return "%s is not a Java package or class the JVM knows" % name
    return ("%s is not provided by gateway_sim under CPython and no JVM bridge is in use "
            "(install the [jvm] extra and a JDK, or run on the Jython host)" % name)


def resolve(name, jvm=None):
    """None if ``name`` (a Java/SDK class or package) resolves, else the one-line reason.

    ``jvm``: True/False forces whether real JDK classes (JPype) count; None asks the bridge."""
    if name == "com" or name.startswith(sdk.ROOT + ".") or name == sdk.ROOT:
        if sdk.is_package(name) or sdk.lookup(name) is not None:
            return None
        return sdk.missing_message(name)
    return _resolve_java(name, jvm)


def missing(source, jvm=None):
    """``[(line, name, reason)]`` for each Java/SDK name ``source`` imports that does not resolve."""
    out = []
    for lineno, name in references(source):
        reason = resolve(name, jvm)
        if reason is not None:
            out.append((lineno, name, reason))
    return out


def _json_strings(node):
    if isinstance(node, dict):
        for v in node.values():
            for s in _json_strings(v):
                yield s
    elif isinstance(node, list):
        for v in node:
            for s in _json_strings(v):
                yield s
    elif isinstance(node, (type(u""), str)) and "import" in node:
        yield node


def script_texts(root):
    """``(path, text)`` of every script source under ``root``: ``.py`` files, the strings of
    ``.json`` resources that contain ``import``, and ``data.bin`` resources (gzip or plain,
    decoded as latin-1 so the binary framing cannot break the scan; there a "line" counts the
    control bytes of the framing too, so it locates the text only roughly)."""
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for fn in sorted(files):
            path = os.path.join(dirpath, fn)
            if fn.endswith(".py"):
                with io.open(path, "rb") as f:
                    yield path, f.read().decode("utf-8", "replace")
            elif fn.endswith(".json"):
                try:
                    with io.open(path, "rb") as f:
                        doc = json.loads(f.read().decode("utf-8"))
                except ValueError:
                    continue
                for text in _json_strings(doc):
                    yield path, text
            elif fn == "data.bin":
                with io.open(path, "rb") as f:
                    raw = f.read()
                if raw[:2] == b"\x1f\x8b":
                    raw = gzip.GzipFile(fileobj=io.BytesIO(raw)).read()
                yield path, raw.decode("latin-1")


def scan_folder(root, jvm=None):
    """``[(path, line, name, reason)]``: every Java/SDK name imported under ``root`` that
    does not resolve, with the one-line reason."""
    out = []
    for path, text in script_texts(root):
        for line, name, reason in missing(text, jvm):
            out.append((path, line, name, reason))
    return out
