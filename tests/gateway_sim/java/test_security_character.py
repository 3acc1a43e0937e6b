"""java.security.MessageDigest and java.lang.Character in pure-Python mode."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import java as java_pkg


@pytest.fixture(autouse=True)
def hook():
    java_pkg.install()


def _hex(digest):
    return "".join("%02x" % (b & 0xff) for b in bytearray(digest))


def test_message_digest_matches_known_vectors():
    from java.security import MessageDigest
    md = MessageDigest.getInstance("SHA-256")
    md.update("ab")
    md.update([99])                                   # a Java byte[] of one byte: "c"
    assert _hex(md.digest()) == ("ba7816bf8f01cfea414140de5dae2223"
                                 "b00361a396177a9cb410ff61f20015ad")
    assert _hex(md.digest(b"")) == ("e3b0c44298fc1c149afbf4c8996fb924"
                                    "27ae41e4649b934ca495991b7852b855")   # reset after digest
    assert _hex(MessageDigest.getInstance("md5").digest(b"abc")) == "900150983cd24fb0d6963f7d28e17f72"
    assert MessageDigest.getInstance("SHA-1").getDigestLength() == 20
    assert MessageDigest.isEqual(b"\xff", [-1])


def test_unknown_algorithm():
    from java.security import GeneralSecurityException, MessageDigest, NoSuchAlgorithmException
    with pytest.raises(NoSuchAlgorithmException) as e:
        MessageDigest.getInstance("SHA-3")
    assert str(e.value).endswith("SHA-3 MessageDigest not available")
    assert issubclass(NoSuchAlgorithmException, GeneralSecurityException)


def test_character_statics():
    from java.lang import Character
    assert Character.isDigit("5") and not Character.isDigit("x") and Character.isLetter("x")
    assert Character.isLetterOrDigit("7") and Character.isWhitespace("\t")
    assert Character.toUpperCase("a") == "A" and Character.toUpperCase(97) == 65
    assert Character.isUpperCase("Q") and Character.isLowerCase("q")
    assert Character.getNumericValue("7") == 7 and Character.getNumericValue("b") == 11
    assert Character.getNumericValue("-") == -1 and Character.toString(65) == "A"
