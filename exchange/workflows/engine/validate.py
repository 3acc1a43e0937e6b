"""Argument checks of the engine's entry points: each bad value raises an error that
names the argument, the rule and the fix, before anything is written.

Limits follow the schema (``persistence/schema.py``): ids are ``VARCHAR(64)``, names
``VARCHAR(190)``, priority ``INTEGER``, times ``BIGINT`` milliseconds. Signature
checks bind the stored inputs the way ``runner.call_workflow`` will call the
workflow (``fn(**dict)`` or ``fn(value)``), so a mismatch is refused at start rather
than failing later as a ``TypeError``.
May import: ``compat``, ``errors``, ``settings`` and the standard library.
"""
from __future__ import absolute_import, division, print_function

import inspect

from exchange.workflows import compat
from exchange.workflows.errors import InvalidArgument, InvalidInputs

ID_MAX = 64        # workflow_id / parent / forked_from columns
NAME_MAX = 190     # workflow_name, queue_name, partition_key, deduplication_id ...
INT_MIN, INT_MAX = -2 ** 31, 2 ** 31 - 1
# Longest timeout/wait: 100 years. Keeps now + timeout well inside a BIGINT of ms.
MAX_SECONDS = 100 * 365 * 24 * 3600.0
DEDUP_POLICIES = ("reject", "return_existing")


def _finite(value):
    return value == value and value not in (float("inf"), float("-inf"))


def text(name, value, limit=NAME_MAX, required=False):
    """Optional text argument (None/"" = not given) of at most ``limit`` characters."""
    if value is None or value == "":
        if required:
            raise InvalidArgument("%s is required (text of at most %d characters)" % (name, limit))
        return None
    if not isinstance(value, compat.string_types):
        raise InvalidArgument("%s must be text of at most %d characters, got a %s"
                              % (name, limit, type(value).__name__))
    value = compat.to_text(value)
    if len(value) > limit:
        raise InvalidArgument("%s is %d characters long, over the limit of %d; use a shorter %s"
                              % (name, len(value), limit, name))
    return value


def workflow_id(name, value):
    return text(name, value, ID_MAX)


def priority(value):
    """Whole number in the INTEGER column's range (lower runs first); None = 0."""
    if value is None:
        return 0
    number = value
    if isinstance(value, float):
        if not _finite(value) or value != int(value):
            raise InvalidArgument("priority must be a whole number between %d and %d (lower runs "
                                  "first), got %r" % (INT_MIN, INT_MAX, value))
        number = int(value)
    elif isinstance(value, compat.string_types):
        try:
            number = int(value.strip())
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, compat.integer_types) \
            or not INT_MIN <= number <= INT_MAX:
        raise InvalidArgument("priority must be a whole number between %d and %d (lower runs "
                              "first), got %r" % (INT_MIN, INT_MAX, value))
    return int(number)


def seconds(name, value, allow_none=True, allow_zero=True):
    """A finite number of seconds in [0 (or >0), 100 years] (numeric text accepted, as
    upstream parsed it); None when allowed."""
    if value is None and allow_none:
        return None
    low = "0" if allow_zero else "greater than 0"
    none = " or None for no limit" if allow_none else ""
    if isinstance(value, compat.string_types):  # upstream parsed text ("5") too
        try:
            value = float(value.strip())
        except ValueError:
            pass
    if isinstance(value, bool) or not isinstance(value, (float,) + compat.integer_types):
        raise InvalidArgument("%s must be a number of seconds (%s to %d)%s, got %r"
                              % (name, low, MAX_SECONDS, none, value))
    ok = _finite(float(value)) if isinstance(value, float) else True
    if ok:
        ok = (value >= 0 if allow_zero else value > 0) and value <= MAX_SECONDS
    if not ok:
        raise InvalidArgument("%s must be a finite number of seconds (%s to %d)%s, got %r"
                              % (name, low, MAX_SECONDS, none, value))
    return float(value)


def dedup_policy(value):
    if value is None:
        return None
    if value not in DEDUP_POLICIES:
        raise InvalidArgument("dedupPolicy must be one of %s (or None for the engine's setting), "
                              "got %r" % (", ".join(repr(p) for p in DEDUP_POLICIES), value))
    return value


def _signature(fn):
    """(parameter names, required names, has *args, has **kwargs), or None if unknown."""
    sig_fn = getattr(inspect, "signature", None)
    if sig_fn is not None:  # CPython 3
        try:
            params = list(sig_fn(fn).parameters.values())
        except (TypeError, ValueError):
            return None
        P = inspect.Parameter
        names = [p.name for p in params if p.kind in (P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY)]
        required = [p.name for p in params if p.default is P.empty
                    and p.kind in (P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY)]
        return (names, required, any(p.kind == P.VAR_POSITIONAL for p in params),
                any(p.kind == P.VAR_KEYWORD for p in params))
    try:  # Jython 2.7
        spec = inspect.getargspec(fn)
    except (TypeError, ValueError):
        return None
    names = list(spec.args)
    required = names[:len(names) - len(spec.defaults or ())]
    return names, required, spec.varargs is not None, spec.keywords is not None


def bind_inputs(workflowName, fn, resolved):
    """Raise ``InvalidInputs`` naming the parameter when ``fn`` cannot take ``resolved``."""
    sig = _signature(fn)
    if sig is None:
        return
    names, required, varargs, varkw = sig
    shown = "(%s)" % ", ".join(names)
    if isinstance(resolved, dict):
        for key in sorted(resolved, key=compat.to_text):
            if key not in names and not varkw:
                raise InvalidInputs("inputs of workflow %r: unknown parameter %r; the workflow "
                                    "takes %s" % (workflowName, key, shown), key)
        for key in required:
            if key not in resolved:
                raise InvalidInputs("inputs of workflow %r: missing required parameter %r; the "
                                    "workflow takes %s" % (workflowName, key, shown), key)
        return
    # Not a dict: the run calls fn(value) with ONE positional argument.
    kind = type(resolved).__name__
    if not names and not varargs:
        raise InvalidInputs("inputs of workflow %r: a %s was given but the workflow takes no "
                            "parameters; pass {} (or None)" % (workflowName, kind), None)
    if len(required) > 1:
        raise InvalidInputs("inputs of workflow %r: a %s is passed as ONE positional argument but "
                            "the workflow requires %s; pass a dict like {%r: ...}"
                            % (workflowName, kind, shown, required[1]), required[1])
