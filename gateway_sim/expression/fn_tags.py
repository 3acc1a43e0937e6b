"""Tag, quality and alarm functions: tag, isGood, isBad, isError, isUncertain,
isBadOrError, qualityOf, forceQuality, runScript, typeOf, isAlarmActive,
isAlarmActiveFiltered.

The context supplies ``read_tag(path)`` (a QualifiedValue; relative paths are
the context's business) and ``run_script(script, args)``. Quality functions
look at the quality of their argument's sub-expression (the worst quality it
read: ``isGood({[.]x} + 1)`` is the quality of ``x``) and themselves give a
Good result. ``forceQuality(value[, code])`` replaces the value's quality (Good
without a code); ``code`` is a QualityCode, its name or its integer code
(unverified: 7.x integer codes other than 192 are not translated).
``runScript(script[, pollRate[, args...]])``: without args the text is evaluated
as Python in the project's script scope; with args it names a function called
with them; ``pollRate`` > 0 re-evaluates the expression at that rate (ms).
``isAlarmActive(tagPath[, alarmName[, pollRate]])`` and ``isAlarmActiveFiltered``
look at the gateway's alarm store (``*`` wildcards; the tag path includes its
provider; pollRate is Vision-only and ignored); an expression tag is not
re-evaluated by alarm changes alone (use executionMode FixedRate).
``typeOf`` gives the Java simple class name (``Integer``, ``Long``,
``Double``, ``String``, ``Boolean``, ``Date``, ``BasicDataset``; ``null`` -> ``null``).
May import: stdlib, siblings, ``gateway_sim.quality``.
"""
from __future__ import absolute_import, division, print_function

import sys

from gateway_sim._compat import integer_types, string_types
from gateway_sim.expression.ast import ExprError, _num, note_quality, qeval, text
from gateway_sim.quality import NAMES, QualityCode


def _quality_test(name, test):
    def fn(ctx, args, call):
        if len(args) != 1:
            raise ExprError("%s() takes 1 argument, got %d" % (name, len(args)))
        _, q = qeval(args[0], ctx)
        return test(q)
    return fn


def _quality_of(ctx, args, call):
    if len(args) != 1:
        raise ExprError("qualityOf() takes 1 argument, got %d" % len(args))
    return qeval(args[0], ctx)[1]


def to_quality(code):
    if isinstance(code, QualityCode):
        return code
    if isinstance(code, string_types):
        q = getattr(QualityCode, code.strip(), None)
        if not isinstance(q, QualityCode):
            raise ExprError("unknown quality %r; use a name such as Good, Bad_Stale or "
                            "Error_Configuration, or a code such as 192" % (code,))
        return q
    n = int(_num(code, "forceQuality"))
    if n not in NAMES:
        raise ExprError("unknown quality code %d; use e.g. 192 (Good) or a quality name" % n)
    return QualityCode(n)


def _force_quality(ctx, args, call):
    if len(args) not in (1, 2):
        raise ExprError("forceQuality() needs (value[, qualityCode]), got %d arguments" % len(args))
    value, _ = qeval(args[0], ctx)
    q = to_quality(args[1].eval(ctx)) if len(args) == 2 else QualityCode.Good
    note_quality(ctx, q)
    return value


def _tag(ctx, path):
    if path is None:
        raise ExprError("tag(): the tag path is null")
    reader = getattr(ctx, "read_tag", None)
    if reader is None:
        raise ExprError("tag(%r): tag reads are not available in this context" % (path,))
    qv = reader(text(path))
    note_quality(ctx, qv.getQuality())
    return qv.getValue()


def run_script(script_globals, script, args):
    """Evaluate ``script`` for runScript in ``script_globals`` (see module doc)."""
    try:
        if args:
            fn = eval(script, script_globals)
            return fn(*args)
        return eval(script, script_globals)
    except (KeyboardInterrupt, SystemExit):
        raise
    except:  # noqa: E722 - scripts raise Java exceptions too
        exc = sys.exc_info()[1]
        raise ExprError("runScript(%r): %s: %s" % (script, type(exc).__name__, exc))


def _run_script(ctx, script, rate=0, *args):
    if script is None:
        raise ExprError("runScript(): the script is null")
    rate = int(_num(rate, "runScript")) if rate is not None else 0
    if rate > 0:
        ctx.note_poll(rate)
    runner = getattr(ctx, "run_script", None)
    if runner is None:
        raise ExprError("runScript(%r): scripts are not available in this context" % (script,))
    return runner(text(script), list(args))


def _alarm_events(ctx, fn):
    getter = getattr(ctx, "alarm_events", None)
    if getter is None:
        raise ExprError("%s(): alarm state is not available in this context" % fn)
    return getter()


def _like(pattern, text_value):
    """``*`` is the only wildcard (``[default]`` is literal text)."""
    from gateway_sim.backends.alarms import wildcard_match
    return wildcard_match(pattern, text_value)


def _is_alarm_active(ctx, tagPath, alarmName="*", pollRate=None):
    for ev in _alarm_events(ctx, "isAlarmActive"):
        if ev.isCleared() or not _like(tagPath, ev._node.full_path()):
            continue
        if alarmName is None or _like(alarmName, ev.getName()):
            return True
    return False


def _is_alarm_active_filtered(ctx, tagPath, alarmName, displayPath, minPriority, maxPriority,
                              allowCleared, allowAcked, allowShelved, pollRate=None):
    lo, hi = int(_num(minPriority, "isAlarmActiveFiltered")), int(_num(maxPriority, "isAlarmActiveFiltered"))
    for ev in _alarm_events(ctx, "isAlarmActiveFiltered"):
        if not _like(tagPath, ev._node.full_path()) or not _like(alarmName or "*", ev.getName()):
            continue
        if displayPath and not _like(displayPath, ev.getDisplayPath()):
            continue
        if not lo <= ev.getPriority().intValue() <= hi:
            continue
        if (ev.isCleared() and not allowCleared) or (ev.isAcked() and not allowAcked) or \
                (ev.isShelved() and not allowShelved):
            continue
        return True
    return False


def _type_of(ctx, v):
    if v is None:
        return None
    if isinstance(v, bool):
        return u"Boolean"
    if isinstance(v, integer_types):
        return u"Integer" if -2 ** 31 <= v < 2 ** 31 else u"Long"
    if isinstance(v, float):
        return u"Double"
    if isinstance(v, string_types):
        return u"String"
    if hasattr(v, "getTime"):
        return u"Date"
    if hasattr(v, "getRowCount"):
        return u"BasicDataset"
    return text(type(v).__name__)


LAZY = {
    "isgood": _quality_test("isGood", lambda q: q.isGood()),
    "isbad": _quality_test("isBad", lambda q: q.isBad()),
    "iserror": _quality_test("isError", lambda q: q.isError()),
    "isuncertain": _quality_test("isUncertain", lambda q: q.isUncertain()),
    "isbadorerror": _quality_test("isBadOrError", lambda q: q.isBadOrError()),
    "qualityof": _quality_of,
    "forcequality": _force_quality,
}

FUNCTIONS = {
    "tag": _tag,
    "runscript": _run_script,
    "typeof": _type_of,
    "isalarmactive": _is_alarm_active,
    "isalarmactivefiltered": _is_alarm_active_filtered,
}
