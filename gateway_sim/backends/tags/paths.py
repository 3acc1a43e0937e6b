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
    dot = last.find(".")
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
