"""SDK tag paths: ``TagPath`` (interface), ``BasicTagPath`` and ``TagPathParser``.

``BasicTagPath`` is the simulator's ``gateway_sim.backends.tags.paths.TagPath`` (what
``system.tag.browse`` / ``getConfiguration`` hand back), whose constructor already has
the SDK's shape ``BasicTagPath(source, pathParts, property=None)``.
``TagPathParser.parse(path)`` / ``parse(defaultSource, path)`` parse with the simulator's
tag path grammar; a malformed path raises ``java.io.IOException`` naming the problem
(the SDK declares ``parse`` ``throws IOException``; the message text is unverified).
``parseSafe`` returns None instead. A path without ``[provider]`` keeps an empty source
unless a default source is given. May import: ``gateway_sim.backends.tags.paths``,
``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import abc

from gateway_sim._compat import string_types
from gateway_sim.backends.tags import paths as _paths
from gateway_sim.sdk import java_class

BasicTagPath = _paths.TagPath

TagPath = abc.ABCMeta("TagPath", (object,), {
    "__doc__": "``com.inductiveautomation.ignition.common.tags.model.TagPath`` (interface).",
    "_java_name": "com.inductiveautomation.ignition.common.tags.model.TagPath"})
TagPath.register(BasicTagPath)


def _parse(args, what):
    if len(args) == 1:
        default_source, path = None, args[0]
    elif len(args) == 2:
        default_source, path = args
    else:
        raise TypeError("TagPathParser.%s takes (path) or (defaultSource, path), got %d "
                        "arguments" % (what, len(args)))
    if isinstance(path, BasicTagPath):
        return path
    if not isinstance(path, string_types):
        raise TypeError("TagPathParser.%s needs a tag path string like "
                        "'[default]Folder/Tag', got %r" % (what, path))
    try:
        parsed = _paths.parse(path)
    except _paths.PathSyntaxError as exc:
        raise java_class("java.io.IOException")("Invalid tag path %r: %s" % (path, exc))
    source = parsed.provider if parsed.provider else (default_source or "")
    return BasicTagPath(source, parsed.segments, parsed.prop)


class TagPathParser(object):
    """``com.inductiveautomation.ignition.common.tags.paths.parser.TagPathParser``."""

    _java_name = "com.inductiveautomation.ignition.common.tags.paths.parser.TagPathParser"
    PATH_SEPARATOR = "/"
    PROPERTY_SEPARATOR = "."
    PARENT_RELATIVE = "[.]"
    ROOT_RELATIVE = "[~]"
    RELATIVE_DIR_UP = ".."

    @staticmethod
    def parse(*args):
        return _parse(args, "parse")

    @staticmethod
    def parseSafe(*args):
        try:
            return _parse(args, "parseSafe")
        except (Exception, java_class("java.io.IOException")):  # noqa: BLE001 - "safe": None
            return None

    @staticmethod
    def isRelativePath(path):
        return _paths.is_relative(path)
