"""``system.file``: read and write real files (gateway scope), under the simulated root.

Paths are gateway paths, mapped into the gateway's file root
(``gateway_sim.backends.files``). Failures are the Java exceptions a gateway raises:
a missing file is ``java.io.FileNotFoundException: <path> (No such file or
directory)`` (the JDK's text; which exception Ignition wraps it in is unverified).
``readFileAsBytes`` returns ``array('b')`` (Java's signed ``byte[]`` as Jython shows
it). ``openFile``/``openFiles``/``saveFile`` are Vision-client functions (declared by
the catalog). Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import array
import codecs
import io
import os

from gateway_sim import runtime
from gateway_sim._compat import IS_JYTHON, binary_type, string_types, text_type
from gateway_sim.registry import implements

if IS_JYTHON:  # pragma: no cover - the Jython CI row
    from java.io import FileNotFoundException, IOException
else:
    from gateway_sim.java.io import FileNotFoundException, IOException

# Charset names, as the stubs export them (8.3).
US_ASCII = "US-ASCII"
ISO8859_1 = "ISO-8859-1"
UTF_8 = "UTF-8"
UTF_16BE = "UTF-16BE"
UTF_16LE = "UTF-16LE"
UTF_16 = "UTF-16"


def _files():
    from gateway_sim import surface_config
    return surface_config.backend(runtime.current(), "files")


def _real(path, what="filepath"):
    try:
        return _files().real_path(path, what)
    except ValueError as exc:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException(text_type(exc))


def _codec(encoding):
    if not isinstance(encoding, string_types):
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("encoding must be a charset name such as 'UTF-8', got %r"
                                       % (encoding,))
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("unsupported charset %r; use e.g. system.file.UTF_8"
                                       % (encoding,))


def _read(path):
    real = _real(path)
    if not os.path.isfile(real):
        raise FileNotFoundException("%s (%s)" % (path, "Is a directory" if os.path.isdir(real)
                                                 else "No such file or directory"))
    try:
        with io.open(real, "rb") as f:
            return f.read()
    except (IOError, OSError) as exc:
        raise IOException("%s (%s)" % (path, getattr(exc, "strerror", None) or exc))


@implements("system.file.fileExists")
def fileExists(filepath):
    """True if ``filepath`` is an existing file or folder."""
    return os.path.exists(_real(filepath))


@implements("system.file.getTempFile")
def getTempFile(extension):
    """Create a new empty temp file with ``extension``; returns its path."""
    return _files().temp_file(extension)


@implements("system.file.readFileAsBytes")
def readFileAsBytes(filepath):
    """The file's bytes as a signed byte array (``array('b')``)."""
    data = array.array("b")
    raw = _read(filepath)
    if hasattr(data, "frombytes"):
        data.frombytes(raw)
    else:  # Python 2 / Jython
        data.fromstring(raw)
    return data


@implements("system.file.readFileAsString")
def readFileAsString(filepath, encoding="UTF-8"):
    """The file's text decoded with ``encoding``."""
    codec = _codec(encoding)
    return _read(filepath).decode(codec)


@implements("system.file.writeFile")
def writeFile(filepath, data, append=False, encoding="UTF-8"):
    """Write text (encoded with ``encoding``) or bytes to ``filepath``; creates the file
    (not missing parent folders, as Java's FileOutputStream)."""
    real = _real(filepath)
    if isinstance(data, array.array):
        raw = data.tobytes() if hasattr(data, "tobytes") else data.tostring()
    elif isinstance(data, bytearray):
        raw = bytes(data)
    elif isinstance(data, text_type) or (isinstance(data, string_types)
                                          and not isinstance(data, binary_type)):
        raw = data.encode(_codec(encoding))
    elif isinstance(data, binary_type):
        raw = data
    else:
        raw = text_type(data).encode(_codec(encoding))
    parent = os.path.dirname(real)
    if not os.path.isdir(parent):
        raise FileNotFoundException("%s (No such file or directory)" % (filepath,))
    try:
        with io.open(real, "ab" if append else "wb") as f:
            f.write(raw)
    except (IOError, OSError) as exc:
        raise IOException("%s (%s)" % (filepath, getattr(exc, "strerror", None) or exc))
