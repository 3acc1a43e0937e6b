"""Ignition 8.1's binary resource encoding (``data.bin``): bytes <-> an element tree.

Ignition 8.0/8.1 store some project resources (gateway event scripts, global
props, Vision client tags) as a gzipped binary form of its XML object
serialization (``<objects><o cls=...><c m="setX" s="1;str"><str>..``). This
module reads and writes that binary form as a tree of ``Element``/``Ref``; what
the tree means (beans, setter calls, maps, lists) is ``gateway_sim.project.beans``.

Layout, worked out from real files (8.0.7 to 8.3.3; all big-endian):

* header: 16 magic bytes, int format version (2), long save time (ms since the
  epoch), 20 reserved bytes (zero in every sample);
* string table: int count, then per entry int id, one flag byte (0), Java
  ``writeUTF`` text (unsigned short length + modified UTF-8);
* one element record. First byte = flags: 0x02 owner (int string id, always
  the enclosing element's name ``o`` for a setter call ``c``), then int name,
  0x04 object id (int, for later back-references), 0x08 attributes (byte count,
  then per attribute int name + type byte + value), 0x10 children (int count +
  records), 0x20 text (int payload length + payload). The record ``0x01 <int>``
  is a back-reference to the element that declared that object id.
* attribute types: 0x08 string id, 0x09 class-name string id, 0x0a method
  signature (byte count + that many string ids, written "1;str" in XML), 0x02
  number (a 0xff byte, then an int).
* text payloads: 4 bytes = a string id; 9 bytes starting 0xff = a long.

The meaning of the owner field, of the 0xff bytes and of the reserved header
bytes is unverified (constant in every sample). Anything else is refused with
an error naming the file and byte offset: better no events than wrong ones.
Single-source 2.7/3 (runs on Jython). May import: the standard library and
``gateway_sim.errors``.
"""
from __future__ import absolute_import, division, print_function

import gzip
import io
import struct

from gateway_sim.errors import ConfigError

MAGIC = bytearray(b"\x98\x29\x8f\xaa\x43\xf7\x4a\x4f\xb2\x8d\xca\x3c\x48\x96\xaf\xc9")
VERSION = 2
RESERVED_LEN = 20
HEADER_LEN = len(MAGIC) + 4 + 8 + RESERVED_LEN

F_REF = 0x01
F_OWNER = 0x02
F_IDENT = 0x04
F_ATTRS = 0x08
F_CHILDREN = 0x10
F_TEXT = 0x20
KNOWN_FLAGS = F_OWNER | F_IDENT | F_ATTRS | F_CHILDREN | F_TEXT

A_NUMBER, A_STRING, A_CLASS, A_SIGNATURE = 0x02, 0x08, 0x09, 0x0a
ATTR_KINDS = {A_NUMBER: "int", A_STRING: "str", A_CLASS: "cls", A_SIGNATURE: "sig"}
ATTR_CODES = dict((v, k) for k, v in ATTR_KINDS.items())
NUMBER_MARK = 0xff
MAX_UTF = 65535
MAX_DEPTH = 200


class ResourceFormatError(ConfigError):
    """The bytes are not (or not entirely understood as) Ignition's binary resource encoding."""

    def __init__(self, message, source=None, offset=None):
        self.offset = offset
        where = message if offset is None else "%s at byte %d (of the gunzipped data)" % (message,
                                                                                        offset)
        ConfigError.__init__(self, where, source=source)


class Element(object):
    """One element: ``name``, optional ``owner``/``ident``, ``attrs`` [(name, kind, value)],
    ``children`` (list or None), ``text`` (``("str", text)`` / ``("long", n)`` or None).

    ``attrs``/``children`` are None when the record has no such section (an
    empty list is written as an empty section): the tree re-encodes to the same bytes.
    """

    def __init__(self, name, attrs=None, children=None, text=None, owner=None, ident=None):
        self.name = name
        self.attrs = attrs
        self.children = children
        self.text = text
        self.owner = owner
        self.ident = ident

    def attr(self, name, default=None):
        for aname, _kind, value in self.attrs or ():
            if aname == name:
                return value
        return default

    def __eq__(self, other):
        return isinstance(other, Element) and self._key() == other._key()

    def __ne__(self, other):
        return not self == other

    def _key(self):
        return (self.name, self.owner, self.ident, self.attrs, self.children, self.text)

    def __repr__(self):
        return "<Element %s%s>" % (self.name, "".join(" %s=%r" % (a[0], a[2])
                                                       for a in self.attrs or ()))


class Ref(object):
    """A back-reference to the element that declared object id ``ident``."""

    def __init__(self, ident):
        self.ident = ident

    def __eq__(self, other):
        return isinstance(other, Ref) and other.ident == self.ident

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "<Ref %d>" % self.ident


class Document(object):
    """A decoded resource: the root element plus the header fields.

    ``strings`` keeps the string table as read ([(id, text)] in file order) so
    that re-encoding an unchanged document gives the same bytes.
    """

    def __init__(self, root, timestamp_ms=0, reserved=None, strings=None):
        self.root = root
        self.timestamp_ms = timestamp_ms
        self.reserved = bytes(reserved) if reserved is not None else b"\x00" * RESERVED_LEN
        self.strings = strings


def is_encoded(data):
    """True when ``data`` (raw or gzipped bytes) starts like this encoding."""
    data = bytearray(data)
    if data[:2] == bytearray(b"\x1f\x8b"):
        try:
            data = bytearray(_gunzip(bytes(data)))
        except (IOError, OSError, EOFError, ValueError):
            return False
    return data[:len(MAGIC)] == MAGIC


def _gunzip(data):
    f = gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb")
    try:
        return f.read()
    finally:
        f.close()


def gzip_bytes(raw):
    """``raw`` gzipped with a zero modification time (same input, same bytes)."""
    buf = io.BytesIO()
    f = gzip.GzipFile(filename="", fileobj=buf, mode="wb", mtime=0)
    try:
        f.write(raw)
    finally:
        f.close()
    return buf.getvalue()


def read_file(path):
    """Decode the ``data.bin`` at ``path`` (ResourceFormatError names the file and offset)."""
    try:
        with io.open(path, "rb") as f:
            data = f.read()
    except (IOError, OSError) as exc:
        raise ConfigError("cannot read %s" % (exc,), source=path)
    return decode(data, source=path)


def decode(data, source=None):
    """A ``Document`` from the bytes of a ``data.bin`` (gzipped or not)."""
    data = bytes(data)
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data)
        except (IOError, OSError, EOFError, ValueError) as exc:
            raise ResourceFormatError("corrupt gzip data (%s); re-export the resource from the "
                                      "Designer" % (exc,), source)
    return _Reader(bytearray(data), source).document()


class _Reader(object):
    def __init__(self, buf, source):
        self.buf = buf
        self.source = source
        self.pos = 0
        self.strings = {}

    def fail(self, message, offset=None):
        raise ResourceFormatError(message, self.source, self.pos if offset is None else offset)

    def take(self, n):
        if self.pos + n > len(self.buf):
            self.fail("the data ends early (needs %d more bytes; %d left)"
                      % (n, len(self.buf) - self.pos))
        chunk = self.buf[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def u8(self):
        return self.take(1)[0]

    def i32(self):
        return struct.unpack(">i", bytes(self.take(4)))[0]

    def i64(self):
        return struct.unpack(">q", bytes(self.take(8)))[0]

    def string(self):
        at = self.pos
        sid = self.i32()
        try:
            return self.strings[sid]
        except KeyError:
            self.fail("string id %d is not in the string table" % sid, at)

    def document(self):
        if self.buf[:len(MAGIC)] != MAGIC:
            self.fail("not Ignition's binary resource encoding (unknown magic bytes %s)"
                      % _hex(self.buf[:len(MAGIC)]), 0)
        self.pos = len(MAGIC)
        version = self.i32()
        if version != VERSION:
            self.fail("unsupported encoding version %d (known: %d)" % (version, VERSION),
                      self.pos - 4)
        timestamp = self.i64()
        reserved = self.take(RESERVED_LEN)
        order = self.read_strings()
        root = self.element(0)
        if self.pos != len(self.buf):
            self.fail("%d bytes left after the root element" % (len(self.buf) - self.pos))
        return Document(root, timestamp, reserved, order)

    def read_strings(self):
        at = self.pos
        count = self.i32()
        if count < 0 or count > len(self.buf):
            self.fail("impossible string table size %d" % count, at)
        order = []
        for _ in range(count):
            at = self.pos
            sid = self.i32()
            flag = self.u8()
            if flag != 0:
                self.fail("string table entry %d has flag byte %d (only 0 is understood)"
                          % (sid, flag), at + 4)
            length = struct.unpack(">H", bytes(self.take(2)))[0]
            text_at = self.pos
            raw = self.take(length)
            try:
                text = mutf8_decode(raw)
            except ValueError as exc:
                self.fail("string %d is not modified UTF-8 (%s)" % (sid, exc), text_at)
            if sid in self.strings:
                self.fail("string id %d appears twice in the string table" % sid, at)
            self.strings[sid] = text
            order.append((sid, text))
        return order

    def element(self, depth):
        if depth > MAX_DEPTH:
            self.fail("elements nested deeper than %d" % MAX_DEPTH)
        at = self.pos
        flags = self.u8()
        if flags == F_REF:
            return Ref(self.i32())
        if flags & ~KNOWN_FLAGS:
            self.fail("unknown record type 0x%02x" % flags, at)
        owner = self.string() if flags & F_OWNER else None
        name = self.string()
        ident = self.i32() if flags & F_IDENT else None
        attrs = None
        if flags & F_ATTRS:
            attrs = [self.attribute() for _ in range(self.u8())]
        children = None
        if flags & F_CHILDREN:
            count_at = self.pos
            count = self.i32()
            if count < 0 or count > len(self.buf) - self.pos:
                self.fail("impossible child count %d" % count, count_at)
            children = [self.element(depth + 1) for _ in range(count)]
        text = self.text() if flags & F_TEXT else None
        return Element(name, attrs, children, text, owner, ident)

    def attribute(self):
        name = self.string()
        at = self.pos
        code = self.u8()
        kind = ATTR_KINDS.get(code)
        if kind is None:
            self.fail("attribute %r has unknown value type 0x%02x" % (name, code), at)
        if kind == "sig":
            value = tuple(self.string() for _ in range(self.u8()))
        elif kind == "int":
            mark = self.u8()
            if mark != NUMBER_MARK:
                self.fail("attribute %r: number marker 0x%02x (expected 0xff)" % (name, mark),
                          self.pos - 1)
            value = self.i32()
        else:
            value = self.string()
        return (name, kind, value)

    def text(self):
        at = self.pos
        length = self.i32()
        if length == 4:
            return ("str", self.string())
        if length == 9:
            mark = self.u8()
            if mark != NUMBER_MARK:
                self.fail("number marker 0x%02x (expected 0xff)" % mark, self.pos - 1)
            return ("long", self.i64())
        self.fail("text payload of %d bytes (understood: 4 = string, 9 = long)" % length, at)


def _hex(chunk):
    return " ".join("%02x" % b for b in bytearray(chunk))


# --- writing ----------------------------------------------------------------------

def encode(doc, compress=True):
    """The bytes of ``doc`` (gzipped unless ``compress`` is False)."""
    writer = _Writer(doc.strings)
    writer.collect(doc.root)
    body = writer.body(doc.root)
    out = bytearray(MAGIC)
    out += struct.pack(">iq", VERSION, int(doc.timestamp_ms))
    reserved = bytearray(doc.reserved)
    if len(reserved) != RESERVED_LEN:
        raise ValueError("reserved header bytes must be %d long" % RESERVED_LEN)
    out += reserved
    out += writer.table()
    out += body
    return gzip_bytes(bytes(out)) if compress else bytes(out)


class _Writer(object):
    def __init__(self, preset):
        self.ids = {}
        self.order = []
        for sid, text in preset or ():
            if text not in self.ids:
                self.ids[text] = sid
                self.order.append((sid, text))
        self.next_id = max([sid for sid, _ in self.order] + [-1]) + 1

    def sid(self, text):
        sid = self.ids.get(text)
        if sid is None:
            sid = self.next_id
            self.next_id += 1
            self.ids[text] = sid
            self.order.append((sid, text))
        return sid

    def collect(self, node):
        # ids in order of first use (only strings missing from a preset table are added)
        stack = [node]
        while stack:
            el = stack.pop(0)
            if isinstance(el, Ref):
                continue
            if el.owner is not None:
                self.sid(el.owner)
            self.sid(el.name)
            for aname, kind, value in el.attrs or ():
                self.sid(aname)
                if kind == "sig":
                    for part in value:
                        self.sid(part)
                elif kind in ("str", "cls"):
                    self.sid(value)
            if el.text is not None and el.text[0] == "str":
                self.sid(el.text[1])
            stack[0:0] = list(el.children or ())

    def table(self):
        out = bytearray(struct.pack(">i", len(self.order)))
        for sid, text in self.order:
            raw = mutf8_encode(text)
            if len(raw) > MAX_UTF:
                raise ValueError("a string of %d bytes (%r...) is longer than the 65535 bytes this "
                                 "encoding stores per string; split the script into a library "
                                 "module" % (len(raw), text[:40]))
            out += struct.pack(">ibH", sid, 0, len(raw))
            out += raw
        return out

    def body(self, root):
        out = bytearray()
        self.write(root, out)
        return out

    def write(self, el, out):
        if isinstance(el, Ref):
            out += struct.pack(">bi", F_REF, el.ident)
            return
        flags = 0
        if el.owner is not None:
            flags |= F_OWNER
        if el.ident is not None:
            flags |= F_IDENT
        if el.attrs is not None:
            flags |= F_ATTRS
        if el.children is not None:
            flags |= F_CHILDREN
        if el.text is not None:
            flags |= F_TEXT
        out.append(flags)
        if el.owner is not None:
            out += struct.pack(">i", self.ids[el.owner])
        out += struct.pack(">i", self.ids[el.name])
        if el.ident is not None:
            out += struct.pack(">i", el.ident)
        if el.attrs is not None:
            if len(el.attrs) > 255:
                raise ValueError("element %s has more than 255 attributes" % el.name)
            out.append(len(el.attrs))
            for aname, kind, value in el.attrs:
                out += struct.pack(">i", self.ids[aname])
                code = ATTR_CODES.get(kind)
                if code is None:
                    raise ValueError("attribute %r: unknown kind %r (use %s)"
                                     % (aname, kind, ", ".join(sorted(ATTR_CODES))))
                out.append(code)
                if kind == "sig":
                    out.append(len(value))
                    for part in value:
                        out += struct.pack(">i", self.ids[part])
                elif kind == "int":
                    out += struct.pack(">Bi", NUMBER_MARK, value)
                else:
                    out += struct.pack(">i", self.ids[value])
        if el.children is not None:
            out += struct.pack(">i", len(el.children))
            for child in el.children:
                self.write(child, out)
        if el.text is not None:
            kind, value = el.text
            if kind == "str":
                out += struct.pack(">ii", 4, self.ids[value])
            elif kind == "long":
                out += struct.pack(">iBq", 9, NUMBER_MARK, value)
            else:
                raise ValueError("element %s: unknown text kind %r (use str or long)"
                                 % (el.name, kind))


# --- Java modified UTF-8 (DataOutput.writeUTF) -----------------------------------------

def mutf8_decode(raw):
    """Text from Java's modified UTF-8 (NUL as C0 80, astral characters as surrogate pairs)."""
    raw = bytes(raw)
    if b"\xc0\x80" not in raw and b"\xed" not in raw:
        return raw.decode("utf-8")
    data = bytearray(raw)
    units = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            units.append(b)
            i += 1
        elif b & 0xe0 == 0xc0 and i + 1 < n and data[i + 1] & 0xc0 == 0x80:
            units.append(((b & 0x1f) << 6) | (data[i + 1] & 0x3f))
            i += 2
        elif (b & 0xf0 == 0xe0 and i + 2 < n and data[i + 1] & 0xc0 == 0x80
              and data[i + 2] & 0xc0 == 0x80):
            units.append(((b & 0x0f) << 12) | ((data[i + 1] & 0x3f) << 6) | (data[i + 2] & 0x3f))
            i += 3
        else:
            raise ValueError("bad byte 0x%02x at %d" % (b, i))
    return _from_units(units)


def _from_units(units):
    chars = []
    i = 0
    while i < len(units):
        u = units[i]
        if 0xd800 <= u < 0xdc00 and i + 1 < len(units) and 0xdc00 <= units[i + 1] < 0xe000:
            cp = 0x10000 + ((u - 0xd800) << 10) + (units[i + 1] - 0xdc00)
            try:
                chars.append(_unichr(cp))
            except ValueError:  # narrow build: keep the pair
                chars.append(_unichr(u) + _unichr(units[i + 1]))
            i += 2
            continue
        chars.append(_unichr(u))
        i += 1
    return u"".join(chars)


def mutf8_encode(text):
    """``text`` as Java's modified UTF-8 bytes."""
    if u"\x00" not in text and not any(ord(c) > 0xffff or 0xd800 <= ord(c) < 0xe000
                                         for c in text):
        return text.encode("utf-8")
    out = bytearray()
    for c in text:
        cp = ord(c)
        units = [cp] if cp <= 0xffff else [0xd800 + ((cp - 0x10000) >> 10),
                                           0xdc00 + ((cp - 0x10000) & 0x3ff)]
        for u in units:
            if 0 < u < 0x80:
                out.append(u)
            elif u < 0x800:
                out += bytearray([0xc0 | (u >> 6), 0x80 | (u & 0x3f)])
            else:
                out += bytearray([0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)])
    return bytes(out)


try:
    _unichr = unichr  # noqa: F821  (Python 2 / Jython)
except NameError:
    _unichr = chr
