"""The file system ``system.file`` sees: real files under a root folder.

A gateway script's paths are the gateway machine's paths. The simulator maps them
into one root folder so tests touch nothing outside it: ``/var/data/a.csv`` and
``data/a.csv`` become ``<root>/var/data/a.csv`` and ``<root>/data/a.csv``,
``C:\\Reports\\x.txt`` becomes ``<root>/C/Reports/x.txt``. The root is
``<gateway data dir>/files`` unless the config sets it::

    "files": {"root": "sandbox"}      # relative to the config file's folder
    "files": {"root": "/"}            # the real file system (no mapping)

A path that climbs out of the root with ``..`` is refused (one-line error).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import os
import re
import tempfile
import threading

from gateway_sim._compat import string_types
from gateway_sim.errors import ConfigError

_DRIVE = re.compile(r"^([A-Za-z]):[\\/]?")


class FileBackend(object):
    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.Lock()
        self.root = os.path.join(gateway.data_dir, "files")

    def configure(self, section, base_dir=None):
        if not isinstance(section, dict):
            raise ConfigError("files must be a mapping like {\"root\": \"folder\"}", node="files")
        unknown = sorted(set(section) - set(["root"]))
        if unknown:
            raise ConfigError("unknown key(s) %s; use root" % ", ".join(unknown), node="files")
        root = section.get("root")
        if not isinstance(root, string_types) or not root:
            raise ConfigError("files.root must be a folder path", node="files.root")
        if not os.path.isabs(root):
            root = os.path.join(base_dir or os.getcwd(), root)
        self.root = os.path.abspath(root)

    def real_path(self, path, what="filepath"):
        """The real path of the gateway path ``path`` (raises ValueError naming it)."""
        if not isinstance(path, string_types) or not path:
            raise ValueError("%s must be a non-empty path string, got %r" % (what, path))
        root = os.path.abspath(self.root)
        if root == os.path.abspath(os.sep):
            return os.path.abspath(path)
        with self._lock:
            if not os.path.isdir(root):   # the simulated machine's "/" always exists
                os.makedirs(root)
        rel = _DRIVE.sub(lambda m: m.group(1).upper() + "/", path.replace("\\", "/"))
        rel = rel.lstrip("/")
        full = os.path.abspath(os.path.join(root, *rel.split("/")))
        if full != root and not full.startswith(root + os.sep):
            raise ValueError("%s %r climbs out of the simulated file root %s; use a path "
                             "inside it (config files.root)" % (what, path, root))
        return full

    def gateway_path(self, real):
        """The gateway path of a real path under the root (inverse of ``real_path``)."""
        root = os.path.abspath(self.root)
        if root == os.path.abspath(os.sep):
            return real
        rel = os.path.relpath(real, root).replace(os.sep, "/")
        return "/" + rel

    def temp_file(self, extension):
        """Create an empty temp file; returns its gateway path."""
        root = os.path.abspath(self.root)
        folder = tempfile.gettempdir() if root == os.path.abspath(os.sep) \
            else os.path.join(root, "tmp")
        with self._lock:
            if not os.path.isdir(folder):
                os.makedirs(folder)
        suffix = "." + extension.lstrip(".") if extension else ".tmp"
        fd, real = tempfile.mkstemp(prefix="ignition", suffix=suffix, dir=folder)
        os.close(fd)
        return self.gateway_path(real)
