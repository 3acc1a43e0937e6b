"""JSON (de)serialization of inputs, outputs, errors and messages.

Strict: a value JSON cannot represent (Java objects, sets, NaN ...) raises
``SerializationError`` naming the offending path, so bad inputs are rejected at
start and bad step outputs fail the step before anything is recorded as success.
May import: ``compat``, ``errors`` and the standard library.
"""
from __future__ import absolute_import, division, print_function

import json

from exchange.workflows import compat
from exchange.workflows.errors import SerializationError, clip

ERROR_MESSAGE_MAX = 8000  # characters of an exception text stored in an error payload


# Deepest nesting accepted: well below the interpreters' recursion limits (CPython
# failed with RecursionError at ~990 levels; Jython's Java stack is smaller still).
MAX_DEPTH = 100


def _check(value, path, depth=0):
    if value is None or isinstance(value, (bool, float) + compat.integer_types + compat.string_types):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise SerializationError("%s is %r, which JSON cannot represent" % (path, value))
        return
    if depth >= MAX_DEPTH:
        raise SerializationError("%s is nested more than %d levels deep; flatten the value"
                                 % (path[:200] + ("..." if len(path) > 200 else ""), MAX_DEPTH))
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, compat.string_types):
                raise SerializationError("%s has a non-text key %r; JSON object keys must be text"
                                         % (path, k))
            _check(v, "%s.%s" % (path, k), depth + 1)
        return
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _check(v, "%s[%d]" % (path, i), depth + 1)
        return
    raise SerializationError(
        "%s is a %s, which is not JSON-serializable; convert it to text/number/list/dict first"
        % (path, type(value).__name__))


# One shared encoder: json.dumps with options builds a new one per call. encode() keeps
# no state on the instance, so threads may share it (no GIL on Jython).
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def dumps(value, what="value"):
    """Encode ``value`` as compact JSON text (None -> "null")."""
    _check(value, what)
    try:
        return _ENCODER.encode(value)
    except (TypeError, ValueError) as exc:
        raise SerializationError("%s is not JSON-serializable: %s" % (what, exc))


class _NotPlain(Exception):
    """A value ``_plain`` cannot be sure about (a subclass of a JSON type)."""


_INTS = frozenset(compat.integer_types)
_TEXTS = frozenset([compat.text_type, str])


def _plain(value):
    """What ``json.loads(dumps(value))`` returns, built without the text round trip.

    Only for exact built-in types (already checked by ``_check``); anything else
    raises ``_NotPlain`` and the caller decodes the text instead.
    """
    t = type(value)
    if value is None or t is bool:
        return value
    if t in _INTS:
        return int(value)  # Python 2: a long that fits comes back as an int
    if t in _TEXTS:
        # Python 2 byte strings are encoded as UTF-8 text and decoded as unicode.
        return value if t is compat.text_type else value.decode("utf-8")
    if t is float:
        return float(repr(value))  # the encoder writes repr(); decoding parses it back
    if t is dict:
        return dict((_plain(k), _plain(v)) for k, v in value.items())
    if t is list or t is tuple:
        return [_plain(v) for v in value]
    raise _NotPlain()


def encode(value, what="value"):
    """``(text, decoded)``: the JSON text of ``value`` (None for None) and the value a
    replay will decode from it, so a first run returns exactly what replays return."""
    if value is None:
        return None, None
    t = type(value)
    if t in _INTS:  # ids and counts: no encoder call (each costs ~15 us on Jython)
        return str(value), int(value)
    if t is bool:
        return ("true" if value else "false"), value
    text = dumps(value, what)
    try:
        return text, _plain(value)
    except _NotPlain:
        return text, loads(text)


def dumps_or_none(value, what="value"):
    return None if value is None else dumps(value, what)


def loads(text, default=None):
    """Decode JSON text; ``default`` for NULL/empty/undecodable."""
    if text is None:
        return default
    text = compat.to_text(text)
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def error_payload(exc, kind="error", **extra):
    """A JSON-ready dict describing a Python or Java exception."""
    # clipped: a driver's text can carry every bound parameter (whole inputs)
    payload = {"type": kind, "message": clip(compat.exception_text(exc), ERROR_MESSAGE_MAX),
               "exceptionType": compat.java_class_name(exc) or type(exc).__name__,
               "javaException": compat.is_java_exception(exc)}
    try:
        payload["traceback"] = compat.format_exc_text()[-4000:]
    except Exception:
        pass
    for k, v in extra.items():
        payload[k] = v
    return payload


def safe_dumps(payload):
    """dumps() that never fails (used for error payloads): falls back to text."""
    try:
        return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=compat.to_text)
    except Exception:
        return json.dumps({"type": "unserializable", "message": compat.to_text(payload)})
