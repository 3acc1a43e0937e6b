"""SDK gateway images: ``ImageFormat``, ``ImageRecord`` and the gateway's ``ImageManager``.

Gateway scripts store uploaded pictures with
``IgnitionGateway.get().getImageManager().insertImage(name, desc, ImageFormat.JPEG, dir,
bytes, width, height, size)``. The simulated gateway keeps its images in memory (one
store per gateway, gone at shutdown), keyed by path ``dir + name`` (``"people/7.jpg"``);
folders are created as needed. The manager has the SDK interface's methods:
``insertImage``, ``insertImageFolder(name, dir)``, ``getImages(dir)`` (the records in
one folder, sub-folders included, without their data, sorted by path),
``getImage(path)`` (with data; None when absent), ``deleteImage(path)`` and
``copyImage(from, dest)``. Tests read the store with ``images_of(gateway)``.

Unverified (no real gateway to compare with): the ``ImageFormat`` constants beyond
GIF, JPEG, PNG and SVG (seen in real code) and their order; how a gateway joins ``dir``
and ``name`` when ``dir`` lacks the trailing ``/`` (here one is added); that inserting
an existing path is a ``java.sql.SQLException`` (the image table's key) and deleting a
missing one is an ``Exception``; whether ``width``/``height``/``size`` are checked
against the data (here they are stored as given); ``ImageRecord``'s convenience
getters (``getPath()``...; the SDK record reads fields with ``getString(ImageRecord.Path)``,
both are offered).
May import: the standard library, ``gateway_sim`` core (lazily).
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim._compat import integer_types, string_types
from gateway_sim.java._beans import JavaBean


class _Enum(JavaBean):
    _java_name = "java.lang.Enum"

    def __init__(self, name, ordinal):
        self._name = name
        self._ordinal = ordinal

    def name(self):
        return self._name

    def ordinal(self):
        return self._ordinal

    def toString(self):
        return self._name

    def __str__(self):
        return self._name

    def __repr__(self):
        return self._name


class _EnumType(type):
    def __iter__(cls):
        return iter(cls._members)


def _enum(name, java_name, constants):
    cls = _EnumType(name, (_Enum,), {"_java_name": java_name, "_members": []})
    for i, const in enumerate(constants):
        member = cls(const, i)
        cls._members.append(member)
        setattr(cls, const, member)

    def values():
        return list(cls._members)

    def valueOf(name):
        for m in cls._members:
            if m._name == name:
                return m
        raise _illegal("No enum constant %s.%s (constants: %s)" % (
            java_name, name, ", ".join(m._name for m in cls._members)))

    cls.values = staticmethod(values)
    cls.valueOf = staticmethod(valueOf)
    return cls


ImageFormat = _enum("ImageFormat", "com.inductiveautomation.ignition.gateway.images.ImageFormat",
                    ("GIF", "JPEG", "PNG", "SVG"))


class _Field(object):
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "ImageRecord.%s" % self.name


class ImageRecord(JavaBean):
    """One image (or folder) of the gateway image store; read-only for scripts."""

    _java_name = "com.inductiveautomation.ignition.gateway.images.ImageRecord"
    Path = _Field("Path")
    Description = _Field("Description")
    Type = _Field("Type")
    Data = _Field("Data")
    Width = _Field("Width")
    Height = _Field("Height")
    Size = _Field("Size")

    def __init__(self, path, directory=False, description="", type=None, data=None,
                 width=0, height=0, size=0):
        self._values = {"Path": path, "Description": description, "Type": type,
                        "Data": data, "Width": width, "Height": height, "Size": size}
        self._directory = directory

    def _copy(self, with_data):
        rec = ImageRecord(self._values["Path"], self._directory)
        rec._values.update(self._values)
        if not with_data:
            rec._values["Data"] = None
        return rec

    def _get(self, field, what):
        if not isinstance(field, _Field):
            raise _illegal(
                "ImageRecord.%s(%r): pass a field of ImageRecord (ImageRecord.Path, .Data, "
                ".Type, .Description, .Width, .Height, .Size)" % (what, field))
        return self._values[field.name]

    def getString(self, field):
        value = self._get(field, "getString")
        return None if value is None else str(value)

    def getInt(self, field):
        return self._get(field, "getInt")

    def getBytes(self, field):
        return self._get(field, "getBytes")

    def getObject(self, field):
        return self._get(field, "getObject")

    def isDirectory(self):
        return self._directory

    def getPath(self):
        return self._values["Path"]

    def getName(self):
        return self._values["Path"].rsplit("/", 1)[-1]

    def getDescription(self):
        return self._values["Description"]

    def getType(self):
        return self._values["Type"]

    def getData(self):
        return self._values["Data"]

    def getWidth(self):
        return self._values["Width"]

    def getHeight(self):
        return self._values["Height"]

    def getSize(self):
        return self._values["Size"]

    def __repr__(self):
        return "<ImageRecord %s%s>" % (self._values["Path"], "/" if self._directory else "")


def _java(name, message):
    from gateway_sim import sdk
    return sdk.java_class(name)(message)


def _illegal(message):
    return _java("java.lang.IllegalArgumentException", message)


def _folder(directory, method):
    if directory is None:
        return ""
    if not isinstance(directory, string_types):
        raise _illegal("ImageManager.%s: dir must be a folder path string such as "
                       "\"people/\" (or None for the root), got %r" % (method, directory))
    return directory.strip("/")


def _join(folder, name):
    return "%s/%s" % (folder, name) if folder else name


def _as_bytes(data):
    if isinstance(data, (bytes, bytearray)):
        return bytes(bytearray(data))
    try:
        items = list(data)
    except TypeError:
        items = None
    if items is not None and all(isinstance(b, integer_types) and not isinstance(b, bool)
                                 and -128 <= b <= 255 for b in items):
        return bytes(bytearray(b & 0xFF for b in items))
    raise TypeError("ImageManager.insertImage: input must be the image's bytes (byte[], "
                    "bytes, bytearray or a list of ints -128..255), got %s"
                    % type(data).__name__)


class ImageStore(object):
    """The images of one simulated gateway (``gw`` backend ``sdk_images``)."""

    def __init__(self, gateway):
        self._lock = threading.RLock()
        self.records = {}       # path -> ImageRecord (folders: directory=True)

    def _ensure_folders(self, folder):
        parts = [p for p in folder.split("/") if p]
        for i in range(len(parts)):
            path = "/".join(parts[:i + 1])
            existing = self.records.get(path)
            if existing is not None and not existing._directory:
                raise _illegal("ImageManager: %r is an image, not a folder" % path)
            self.records.setdefault(path, ImageRecord(path, directory=True))


def images_of(gateway):
    """The ``ImageStore`` of ``gateway`` (created empty on first use)."""
    return gateway._backend("sdk_images", ImageStore)


class ImageManager(JavaBean):
    """``com.inductiveautomation.ignition.gateway.images.ImageManager`` of the current
    simulated gateway."""

    _java_name = "com.inductiveautomation.ignition.gateway.images.ImageManager"

    def __init__(self, gateway):
        self._store = images_of(gateway)

    def insertImage(self, name, desc, type, dir, input, width, height, size):
        if not isinstance(name, string_types) or not name or "/" in name:
            raise _illegal("ImageManager.insertImage: name must be a file name without '/' "
                           "(e.g. \"7.jpg\"), got %r" % (name,))
        if not isinstance(type, ImageFormat):
            raise _illegal("ImageManager.insertImage: type must be an ImageFormat constant "
                           "(ImageFormat.%s), got %r"
                           % (", ImageFormat.".join(m.name() for m in ImageFormat), type))
        for label, value in (("width", width), ("height", height), ("size", size)):
            if isinstance(value, bool) or not isinstance(value, integer_types) or value < 0:
                raise _illegal("ImageManager.insertImage: %s must be an int >= 0, got %r"
                               % (label, value))
        data = _as_bytes(input)
        folder = _folder(dir, "insertImage")
        path = _join(folder, name)
        store = self._store
        with store._lock:
            if path in store.records:
                raise _java("java.sql.SQLException", "ImageManager.insertImage: an image or folder %r already "
                                   "exists; delete it first (deleteImage) or use another "
                                   "name" % path)
            store._ensure_folders(folder)
            store.records[path] = ImageRecord(path, False, "" if desc is None else desc,
                                              type, data, width, height, size)

    def insertImageFolder(self, name, dir):
        if not isinstance(name, string_types) or not name or "/" in name:
            raise _illegal("ImageManager.insertImageFolder: name must be a folder name "
                           "without '/', got %r" % (name,))
        folder = _folder(dir, "insertImageFolder")
        path = _join(folder, name)
        store = self._store
        with store._lock:
            if path in store.records:
                raise _java("java.sql.SQLException", "ImageManager.insertImageFolder: %r already exists" % path)
            store._ensure_folders(path)

    def getImages(self, dir):
        folder = _folder(dir, "getImages")
        with self._store._lock:
            recs = [r for p, r in self._store.records.items()
                    if p.rpartition("/")[0] == folder]
        return [r._copy(False) for r in sorted(recs, key=lambda r: r.getPath())]

    def getImage(self, path):
        if not isinstance(path, string_types):
            raise _illegal("ImageManager.getImage: path must be a string such as "
                           "\"people/7.jpg\", got %r" % (path,))
        with self._store._lock:
            rec = self._store.records.get(path.strip("/"))
        return None if rec is None else rec._copy(True)

    def deleteImage(self, path):
        key = path.strip("/") if isinstance(path, string_types) else path
        store = self._store
        with store._lock:
            if key not in store.records:
                raise _java("java.lang.Exception", "ImageManager.deleteImage: no image or folder %r; list "
                                    "a folder with getImages(dir)" % (path,))
            for p in [p for p in store.records if p == key or p.startswith(key + "/")]:
                del store.records[p]

    def copyImage(self, from_path, dest):
        src = self.getImage(from_path)
        if src is None or src.isDirectory():
            raise _java("java.lang.Exception", "ImageManager.copyImage: no image %r to copy" % (from_path,))
        if not isinstance(dest, string_types) or not dest.strip("/"):
            raise _illegal("ImageManager.copyImage: dest must be the new image path, got %r"
                           % (dest,))
        folder, _, name = dest.strip("/").rpartition("/")
        self.insertImage(name, src.getDescription(), src.getType(), folder, src.getData(),
                         src.getWidth(), src.getHeight(), src.getSize())
