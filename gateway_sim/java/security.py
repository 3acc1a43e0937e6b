"""Pure-Python ``java.security``: ``MessageDigest`` (and its ``NoSuchAlgorithmException``).

``MessageDigest.getInstance("SHA-256")`` with MD2-free JDK names (``MD5``, ``SHA-1``/``SHA``,
``SHA-224``, ``SHA-256``, ``SHA-384``, ``SHA-512``), ``update(bytes)``, ``digest([bytes])``,
``reset()``. Input bytes may be ``bytes``/``bytearray``, a list of (signed) ints or text
(UTF-8). ``digest()`` returns ``bytes`` (Jython returns a signed ``array('b')``; mask with
``b & 0xff`` as scripts already do for the same output). May import: the standard library,
``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

import hashlib

from gateway_sim._compat import integer_types, text_type
from gateway_sim.java.lang import JavaException, Object

_ALGORITHMS = {"MD5": "md5", "SHA": "sha1", "SHA-1": "sha1", "SHA1": "sha1", "SHA-224": "sha224",
               "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}


class GeneralSecurityException(JavaException):
    _java_name = "java.security.GeneralSecurityException"


class NoSuchAlgorithmException(GeneralSecurityException):
    _java_name = "java.security.NoSuchAlgorithmException"


def _bytes(data):
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray):
        return bytes(data)
    if isinstance(data, text_type):
        return data.encode("utf-8")
    if isinstance(data, integer_types):
        return bytes(bytearray([(data + 256) % 256]))
    return bytes(bytearray((b + 256) % 256 for b in data))


class MessageDigest(Object):
    _java_name = "java.security.MessageDigest"

    def __init__(self, algorithm):
        self._alg = algorithm
        self._py = _ALGORITHMS[algorithm.upper()]
        self._h = hashlib.new(self._py)

    @staticmethod
    def getInstance(algorithm, provider=None):
        if text_type(algorithm).upper() not in _ALGORITHMS:
            raise NoSuchAlgorithmException("%s MessageDigest not available" % (algorithm,))
        return MessageDigest(text_type(algorithm))

    def getAlgorithm(self):
        return self._alg

    def getDigestLength(self):
        return self._h.digest_size

    def update(self, data, offset=None, length=None):
        raw = _bytes(data)
        if offset is not None:
            raw = raw[offset:offset + (len(raw) if length is None else length)]
        self._h.update(raw)

    def digest(self, data=None):
        if data is not None:
            self.update(data)
        out = self._h.digest()
        self.reset()
        return out

    def reset(self):
        self._h = hashlib.new(self._py)

    @staticmethod
    def isEqual(a, b):
        return _bytes(a) == _bytes(b)
