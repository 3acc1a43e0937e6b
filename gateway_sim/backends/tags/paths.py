# -*- coding: utf-8 -*-
"""Tag path parsing: ``[Provider]folder/sub/tag[index].Property``.

``parse(path)`` returns a ``ParsedPath`` or raises ``PathSyntaxError`` (the
backend turns it into an ``Error_InvalidPathSyntax`` quality; scripts never see
the exception). ``TagPath`` is the object ``browse``/``getConfiguration`` hand
back (use ``str()`` on it, as in Ignition).

Rules (reference section 1.1): ``[]`` or no bracket means the default provider;
``[.]`` is the owning tag's folder and ``[~]`` its provider root (valid only
inside tags: expressions, event scripts); names may not contain
``. ~ / \\ [ ] { }``; lookups are case-insensitive. May import: stdlib only.

``resolve_relative(path, owner_path, provider=None)`` turns a path written inside a
tag (``[.]x``, ``[.]../x``, ``[~]x``, ``[.]a/../b``) into the absolute path it means
for the tag at ``owner_path``; a pure function the expression language, tag event
scripts and the legacy ``system.tag`` functions share.
"""
from __future__ import absolute_import, division, print_function

import re

from gateway_sim._compat import string_types

RESERVED = set(".~/\\[]{}")
_INDEX_RE = re.compile(r"^(.*?)\[(\s*-?\d+\s*)\]$")


class PathSyntaxError(ValueError):
    """A tag path that cannot be parsed; the message says what is wrong."""


class ParsedPath(object):
    """Pieces of a tag path.

    provider: provider name as written ('' = default), or '.'/'~' for relative.
    segments: folder/tag names (may be empty for the provider root).
    prop: property name as written (None = Value), index: array element or None.
    """
    __slots__ = ("provider", "segments", "prop", "index", "text")

    def __init__(self, provider, segments, prop, index, text):
        self.provider = provider
        self.segments = segments
        self.prop = prop
        self.index = index
        self.text = text

    @property
    def relative(self):
        return self.provider in (".", "~")

    def __repr__(self):
        return "ParsedPath(%r, %r, %r, %r)" % (self.provider, self.segments, self.prop, self.index)


def parse(path):
    """Parse ``path``; raise ``PathSyntaxError`` naming the problem."""
    if not isinstance(path, string_types):
        raise PathSyntaxError("a tag path must be a string, got %s %r" % (type(path).__name__, path))
    text = path.strip()
    if not text:
        raise PathSyntaxError("empty tag path")
    provider = ""
    rest = text
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            raise PathSyntaxError("unclosed '[' in provider part of %r" % (path,))
        provider = text[1:end].strip()
        if "[" in provider or "/" in provider:
            raise PathSyntaxError("invalid provider name %r in %r" % (provider, path))
        rest = text[end + 1:]
    rest = rest.strip()
    if rest.endswith("/"):
        rest = rest[:-1]
    if rest.startswith("/"):
        raise PathSyntaxError("tag path %r has an empty name after the provider" % (path,))
    if not rest:
        return ParsedPath(provider, [], None, None, text)
    parts = rest.split("/")
    last = parts[-1]
    prop = None
    index = None
    # The property follows the first '.' of the last segment (names cannot hold dots).
    relative = provider in (".", "~")
    dot = -1 if (relative and last.strip() == "..") else last.find(".")
    if dot >= 0:
        prop = last[dot + 1:].strip()
        last = last[:dot]
        if not prop or not _valid_name(prop):
            raise PathSyntaxError("invalid property name %r in %r" % (prop, path))
    m = _INDEX_RE.match(last)
    if m:
        last = m.group(1)
        index = int(m.group(2))
    parts[-1] = last
    segs = []
    for p in parts:
        name = p.strip()
        if not name:
            raise PathSyntaxError("tag path %r has an empty folder or tag name (check for '//')" % (path,))
        if relative and name == "..":
            segs.append(name)   # resolved against the owning tag (resolve_relative)
            continue
        if not _valid_name(name):
            bad = sorted(set(c for c in name if c in RESERVED))
            raise PathSyntaxError("name %r in %r contains reserved character(s) %s"
                                  % (name, path, " ".join(bad)))
        segs.append(name)
    return ParsedPath(provider, segs, prop, index, text)


def _valid_name(name):
    for c in name:
        if c in RESERVED:
            return False
    return True


def name_problem(name):
    """Why ``name`` cannot be a tag name (None if it can)."""
    if not isinstance(name, string_types):
        return "tag name must be a string, got %s %r" % (type(name).__name__, name)
    if not name.strip():
        return "tag name is empty"
    if "/" in name:
        return ("tag name %r contains '/'; nest children under the folder's 'tags' list "
                "instead of using slashes in names" % (name,))
    if not _valid_name(name):
        return "tag name %r contains a reserved character (one of . ~ / \\ [ ] { })" % (name,)
    return None


def join(base, name):
    """Join a folder path and a child name with '/' (base may end in ']')."""
    if not base or base.endswith("]") or base.endswith("/"):
        return base + name
    return base + "/" + name


class TagPath(object):
    """The TagPath object Ignition returns in browse/getConfiguration results."""

    def __init__(self, provider, segments, prop=None):
        self._provider = provider
        self._segments = list(segments)
        self._prop = prop

    def getSource(self):
        return self._provider

    def getItemName(self):
        return self._segments[-1] if self._segments else ""

    def getPathLength(self):
        return len(self._segments)

    def getPathComponent(self, i):
        return self._segments[i]

    def getProperty(self):
        return self._prop

    def getParentPath(self):
        if not self._segments:
            return None
        return TagPath(self._provider, self._segments[:-1])

    def getChildPath(self, name):
        return TagPath(self._provider, self._segments + [name])

    def toStringFull(self):
        return self.__str__()

    def toStringPartial(self):
        return "/".join(self._segments)

    def __str__(self):
        s = "[%s]%s" % (self._provider, "/".join(self._segments))
        if self._prop:
            s += "." + self._prop
        return s

    def __repr__(self):
        return self.__str__()

    def toString(self):
        return self.__str__()

    def __eq__(self, other):
        if isinstance(other, TagPath):
            return str(other).lower() == str(self).lower()
        return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(str(self).lower())


def to_text_path(p):
    """Accept a str or a TagPath (scripts pass either)."""
    if isinstance(p, TagPath):
        return str(p)
    return p


def _split_provider(text):
    """(provider or None, rest) of a path text; provider None when no brackets."""
    t = text.strip()
    if t.startswith("["):
        end = t.find("]")
        if end < 0:
            raise PathSyntaxError("unclosed '[' in provider part of %r" % (text,))
        return t[1:end].strip(), t[end + 1:]
    return None, t


def is_relative(path):
    """True for ``[.]...`` and ``[~]...`` paths (only meaningful inside a tag)."""
    if not isinstance(path, string_types):
        return False
    t = path.lstrip()
    return t.startswith("[.]") or t.startswith("[~]") or t.startswith("[ . ]") \
        or t.startswith("[ ~ ]")


def resolve_relative(path, owner_path, provider=None):
    """The absolute path (``[prov]a/b/tag.Prop``) that ``path`` means inside the tag
    at ``owner_path``.

    Ignition's rules (reference section 1.1, manual "Tag Paths"): ``[.]`` is the
    folder holding the owning tag (inside a UDT instance: the member's folder in
    that instance), ``..`` goes up one folder from there, ``[~]`` is the root of the
    owning tag's provider. ``owner_path`` is the owning tag's full path
    (``[default]Line1/Pump1/Amps``); without a provider in it, ``provider`` names it.
    Absolute paths come back unchanged, except ``[]``/no provider, which inside a
    tag means the owning tag's provider. ``..`` above the provider root raises
    ``PathSyntaxError`` naming the path. Pure: no tag tree needed.
    """
    if not isinstance(path, string_types):
        raise PathSyntaxError("a tag path must be a string, got %s %r" % (type(path).__name__, path))
    if not isinstance(owner_path, string_types):
        owner_path = to_text_path(owner_path)
    oprov, orest = _split_provider(owner_path or "")
    if not oprov:
        oprov = provider or ""
    prov, rest = _split_provider(path)
    if prov is None or prov == "":
        if not oprov:
            return path.strip()
        return "[%s]%s" % (oprov, rest.strip().lstrip("/") if prov == "" else rest.strip())
    if prov not in (".", "~"):
        return path.strip()
    owner_segs = [s.strip() for s in orest.strip().strip("/").split("/") if s.strip()]
    base = owner_segs[:-1] if prov == "." else []
    rest = rest.strip()
    tail = ""
    # Split the property (after the first '.' of the last segment that is not '..').
    parts = rest.split("/") if rest else []
    if parts:
        last = parts[-1]
        if last not in ("..", "."):
            dot = last.find(".")
            if dot >= 0:
                tail = last[dot:]
                parts[-1] = last[:dot]
    out = list(base)
    for seg in parts:
        s = seg.strip()
        if s in ("", "."):
            continue
        if s == "..":
            if not out:
                raise PathSyntaxError(
                    "relative path %r goes above the root of provider [%s] from tag %s; "
                    "remove a '../'" % (path, oprov, owner_path))
            out.pop()
            continue
        out.append(s)
    return "[%s]%s%s" % (oprov, "/".join(out), tail)
