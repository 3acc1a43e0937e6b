"""The console's token and CSRF rules.

* The token is 32 random bytes (URL-safe text) kept in ``<dataDir>/gateway-sim.console-token``
  (mode 0600, reused while the file exists) and printed when the console starts.
* Read-only pages (GET) need nothing. Every state-changing request is a POST that must carry
  the token, either in the ``gsc_token`` cookie (set by ``/login``; HttpOnly, SameSite=Strict)
  together with the form's ``csrf`` field, or in the ``X-Console-Token`` header (scripts; a
  custom header cannot be sent cross-site without a CORS preflight, which is never granted).
* A POST whose ``Origin`` header names another host is refused whatever it carries.

``csrf`` is an HMAC of the token, so a page from another site can neither read nor forge it.
May import: the standard library.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import hmac
import base64
import os

TOKEN_FILE = "gateway-sim.console-token"
COOKIE = "gsc_token"
HEADER = "X-Console-Token"


def load_or_create_token(data_dir):
    """The console token of ``data_dir`` (created on first use, mode 0600)."""
    path = os.path.join(data_dir, TOKEN_FILE)
    try:
        with open(path) as f:
            token = f.read().strip()
        if len(token) >= 32:
            return token
    except (OSError, IOError):
        pass
    if not os.path.isdir(data_dir):
        os.makedirs(data_dir)
    token = base64.urlsafe_b64encode(os.urandom(32)).decode("ascii").rstrip("=")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token + "\n")
    return token


def csrf_for(token):
    """The CSRF value forms carry: HMAC-SHA256(token, "csrf"), hex."""
    return hmac.new(token.encode("utf-8"), b"console-csrf", hashlib.sha256).hexdigest()


def _same(a, b):
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode("utf-8"), str(b).encode("utf-8"))


def parse_cookies(header):
    out = {}
    for part in (header or "").split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def check_post(token, headers, form):
    """None when the POST may change state, else the one-line reason it is refused.

    ``headers``: a mapping with ``get`` (request headers); ``form``: the decoded form fields.
    """
    origin = headers.get("Origin")
    host = headers.get("Host") or ""
    if origin and origin != "null" and origin.split("://", 1)[-1] != host:
        return ("refused: the request comes from another site (Origin %s); use the console's "
                "own page" % origin)
    if _same(headers.get(HEADER), token):
        return None
    cookie = parse_cookies(headers.get("Cookie")).get(COOKIE)
    if not _same(cookie, token):
        return ("refused: this action needs the console token (printed when the console "
                "started, also in <dataDir>/%s); sign in at /login" % TOKEN_FILE)
    if not _same(form.get("csrf"), csrf_for(token)):
        return ("refused: the form's CSRF field is missing or wrong; reload the page and "
                "submit again")
    return None


def signed_in(token, headers):
    return _same(parse_cookies(headers.get("Cookie")).get(COOKIE), token)


def cookie_header(token):
    return "%s=%s; Path=/; HttpOnly; SameSite=Strict" % (COOKIE, token)
