"""Pure-Python ``java.io``: the exceptions HTTP and file code raise, and ``File``.

``File`` answers the path questions gateway scripts ask of the files the SDK hands them
(``IgnitionGateway.get().systemManager.dataDir.absoluteFile``); it reads the disk for
``exists``/``isDirectory``/``list`` and writes nothing.
May import: ``gateway_sim.java.lang``, ``gateway_sim.java._beans``, ``gateway_sim._compat``.
"""
from __future__ import absolute_import, division, print_function

import os

from gateway_sim._compat import string_types
from gateway_sim.java._beans import JavaBean as _JavaBean
from gateway_sim.java._interfaces import Closeable  # noqa: F401
from gateway_sim.java.lang import JavaException


class IOException(JavaException):
    _java_name = "java.io.IOException"


class UncheckedIOException(JavaException):
    _java_name = "java.io.UncheckedIOException"


class FileNotFoundException(IOException):
    _java_name = "java.io.FileNotFoundException"


class InterruptedIOException(IOException):
    _java_name = "java.io.InterruptedIOException"


class UnsupportedEncodingException(IOException):
    _java_name = "java.io.UnsupportedEncodingException"


class File(_JavaBean):
    """``java.io.File`` (the path methods; bean properties ``absoluteFile``, ``name``...).

    ``File(path)`` or ``File(parent, child)``; ``str(f)`` is the path as given, as in
    Jython. Only what reads a path is provided (no create/delete: use ``system.file``).
    """

    _java_name = "java.io.File"

    def __init__(self, *args):
        if len(args) == 1 and isinstance(args[0], string_types):
            self._path = args[0]
        elif len(args) == 2 and isinstance(args[1], string_types) \
                and (args[0] is None or isinstance(args[0], (File,) + string_types)):
            parent = args[0]
            self._path = args[1] if parent is None else os.path.join(str(parent), args[1])
        else:
            from gateway_sim.java.lang import NullPointerException
            raise NullPointerException(
                "java.io.File(%s): pass a path string, or a parent (File or string) and a "
                "child name" % ", ".join(repr(a) for a in args))

    def getPath(self):
        return self._path

    def getName(self):
        return os.path.basename(self._path.rstrip("/\\")) if self._path.strip("/\\") \
            else ""

    def getParent(self):
        parent = os.path.dirname(self._path.rstrip("/\\"))
        return parent or None

    def getParentFile(self):
        parent = self.getParent()
        return File(parent) if parent is not None else None

    def getAbsolutePath(self):
        return os.path.abspath(self._path)

    def getAbsoluteFile(self):
        return File(self.getAbsolutePath())

    def getCanonicalPath(self):
        return os.path.realpath(self._path)

    def getCanonicalFile(self):
        return File(self.getCanonicalPath())

    def isAbsolute(self):
        return os.path.isabs(self._path)

    def exists(self):
        return os.path.exists(self._path)

    def isDirectory(self):
        return os.path.isdir(self._path)

    def isFile(self):
        return os.path.isfile(self._path)

    def length(self):
        return os.path.getsize(self._path) if os.path.isfile(self._path) else 0

    def list(self):
        if not os.path.isdir(self._path):
            return None
        return sorted(os.listdir(self._path))

    def listFiles(self):
        names = self.list()
        return None if names is None else [File(self._path, n) for n in names]

    def toPath(self):
        raise AttributeError("java.io.File.toPath() is not provided by gateway_sim (no "
                             "java.nio); use str(file) with os.path or system.file")

    def toString(self):
        return self._path

    def __str__(self):
        return self._path

    def __repr__(self):
        return self._path

    def __eq__(self, other):
        return isinstance(other, File) and other._path == self._path

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._path)
