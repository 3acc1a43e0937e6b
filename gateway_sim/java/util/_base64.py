"""``java.util.Base64``: basic, URL-safe and MIME encoders/decoders.

``Base64.getEncoder().encodeToString(data)``, ``.encode(data)``, ``.withoutPadding()``;
``Base64.getDecoder().decode(text_or_bytes)``. ``data`` may be ``bytes``, ``bytearray``,
a list of ints (a Java ``byte[]``, signed or not) or text (encoded as UTF-8: Jython passes
a ``str`` to ``byte[]`` by its bytes, identical for ASCII; other text is unverified).
``encode``/``decode`` return ``bytes`` (Jython returns a signed ``array('b')``). Invalid
input raises ``IllegalArgumentException`` as the JDK does. May import: the standard
library, ``gateway_sim._compat``, ``gateway_sim.java.lang``.
"""
from __future__ import absolute_import, division, print_function

import base64
import binascii
import re

from gateway_sim._compat import text_type
from gateway_sim.java.lang import IllegalArgumentException, NullPointerException, Object


def _to_bytes(data):
    if data is None:
        raise NullPointerException("Base64: input is null")
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray):
        return bytes(data)
    if isinstance(data, text_type):
        return data.encode("utf-8")
    try:
        return bytes(bytearray((b + 256) % 256 for b in data))
    except (TypeError, ValueError):
        raise IllegalArgumentException("Base64 needs bytes (a byte[]), got %s" % type(data).__name__)


class _Encoder(Object):
    _java_name = "java.util.Base64$Encoder"

    def __init__(self, url=False, pad=True, mime=False):
        self._url, self._pad, self._mime = url, pad, mime

    def encode(self, data):
        raw = _to_bytes(data)
        out = base64.urlsafe_b64encode(raw) if self._url else base64.b64encode(raw)
        if not self._pad:
            out = out.rstrip(b"=")
        if self._mime:  # RFC 2045: lines of 76 characters separated by CRLF
            out = b"\r\n".join(out[i:i + 76] for i in range(0, len(out), 76))
        return out

    def encodeToString(self, data):
        return self.encode(data).decode("ascii")

    def withoutPadding(self):
        return _Encoder(self._url, False, self._mime)


class _Decoder(Object):
    _java_name = "java.util.Base64$Decoder"

    def __init__(self, url=False, mime=False):
        self._url, self._mime = url, mime

    def decode(self, data):
        raw = _to_bytes(data)
        if self._mime:  # the MIME decoder ignores characters outside the alphabet
            raw = re.sub(b"[^A-Za-z0-9+/=]", b"", raw)
        alphabet = b"-_" if self._url else b"+/"
        if re.search(b"[^A-Za-z0-9=" + re.escape(alphabet) + b"]", raw):
            raise IllegalArgumentException("Illegal base64 character in %r" % (raw[:40],))
        raw = raw + b"=" * (-len(raw) % 4)
        try:
            if self._url:
                return base64.urlsafe_b64decode(raw)
            return base64.b64decode(raw)
        except (binascii.Error, TypeError, ValueError) as exc:
            raise IllegalArgumentException("Invalid base64 input: %s" % (exc,))


class Base64(object):
    _java_name = "java.util.Base64"

    @staticmethod
    def getEncoder():
        return _Encoder()

    @staticmethod
    def getDecoder():
        return _Decoder()

    @staticmethod
    def getUrlEncoder():
        return _Encoder(url=True)

    @staticmethod
    def getUrlDecoder():
        return _Decoder(url=True)

    @staticmethod
    def getMimeEncoder():
        return _Encoder(mime=True)

    @staticmethod
    def getMimeDecoder():
        return _Decoder(mime=True)
