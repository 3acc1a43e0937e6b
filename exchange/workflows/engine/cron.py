"""Cron expressions for schedules: parse five-field cron text and find the next fire time.

Why not croniter / cronsim (the issue names them): ``exchange/`` is stdlib-only and runs
on Jython 2.7, where neither installs; the simulator's own parser
(``gateway_sim/project/cron.py``) is behind the host seam and a real gateway has none.
So this module implements the classic (Vixie) five-field syntax with croniter's rules,
and the tests check it against croniter as an oracle (croniter is a test dependency).

Syntax: ``minute hour day-of-month month day-of-week``; each field ``*``, ``n``,
``a-b``, ``*/s``, ``a-b/s``, ``a/s`` and comma lists; month names ``jan``-``dec``,
weekday names ``sun``-``sat``, weekday 0 or 7 = Sunday; macros ``@yearly``
(``@annually``), ``@monthly``, ``@weekly``, ``@daily`` (``@midnight``), ``@hourly``.
When both day-of-month and day-of-week are restricted, a day matching EITHER fires
(Vixie cron, croniter's default ``day_or``).

Time zones: an IANA name (default ``UTC``) whose UTC offsets come from the platform's
zone database through ``compat.tz_offset_ms`` (``zoneinfo`` on CPython, ``java.util.TimeZone``
on Jython). Fire times are wall-clock times in that zone; DST follows croniter 7 (checked by the
oracle tests): a wall time skipped by a spring-forward gap fires once at the end of
the gap (02:30 -> 03:00), a wall time repeated by a fall-back fires at both instants.
May import: ``compat``, ``errors`` and the standard library.
"""
from __future__ import absolute_import, division, print_function

import calendar
import datetime

from exchange.workflows import compat
from exchange.workflows.errors import InvalidArgument

MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
          "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
          "@hourly": "0 * * * *"}
MONTHS = dict((m, i + 1) for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split()))
DAYS = dict((d, i) for i, d in enumerate("sun mon tue wed thu fri sat".split()))
# (field name, low, high, names)
FIELDS = (("minute", 0, 59, None), ("hour", 0, 23, None), ("day of month", 1, 31, None),
          ("month", 1, 12, MONTHS), ("day of week", 0, 7, DAYS))
SEARCH_DAYS = 366 * 5  # a day matching none of the next five years never fires (Feb 30)
_MINUTE_MS = 60000
_EPOCH = datetime.datetime(1970, 1, 1)
_NEAR_MS = 3 * 3600000       # DST shifts are at most 2 h (Troll station); 3 h is safe
_DAY_HALF_MS = 14 * 3600000  # UTC offsets lie within -12 h .. +14 h


def _bad(expr, what):
    return InvalidArgument("cron expression %r: %s (format: 'minute hour day-of-month month "
                           "day-of-week', e.g. '*/5 * * * *' or '0 6 * * mon-fri')" % (expr, what))


def _value(expr, field, text, low, high, names):
    t = text.lower()
    if names and t in names:
        return names[t]
    try:
        v = int(t)
    except ValueError:
        raise _bad(expr, "%s value %r is not a number%s" % (
            field, text, (" or a name (%s)" % ", ".join(sorted(names, key=names.get)))
            if names else ""))
    if not low <= v <= high:
        raise _bad(expr, "%s value %d is outside %d-%d" % (field, v, low, high))
    return v


def _field(expr, text, field, low, high, names):
    out = set()
    for part in text.split(","):
        if not part:
            raise _bad(expr, "empty item in the %s field" % field)
        step = 1
        stepped = "/" in part
        if stepped:
            part, step_text = part.split("/", 1)
            try:
                step = int(step_text)
            except ValueError:
                step = 0
            if step < 1:
                raise _bad(expr, "%s step %r must be a whole number >= 1" % (field, step_text))
        if part == "*":
            a, b = low, high
        elif "-" in part:
            x, y = part.split("-", 1)
            a = _value(expr, field, x, low, high, names)
            b = _value(expr, field, y, low, high, names)
            if a > b:
                raise _bad(expr, "%s range %s runs backwards; write it low-high" % (field, part))
        else:
            a = _value(expr, field, part, low, high, names)
            b = high if stepped else a  # "a/s": from a to the field's end
        out.update(range(a, b + 1, step))
    return out


class Cron(object):
    """A parsed expression; ``next_after(epoch_ms)`` gives the next fire time (epoch ms)."""

    def __init__(self, expr, tz="UTC"):
        if not isinstance(expr, compat.string_types) or not expr.strip():
            raise _bad(expr, "expected text")
        self.expr = compat.to_text(expr).strip()
        self.tz = compat.to_text(tz or "UTC")
        check_timezone(self.tz)
        text = MACROS.get(self.expr.lower(), self.expr)
        parts = text.split()
        if len(parts) != 5:
            raise _bad(self.expr, "has %d fields, needs 5" % len(parts))
        sets = [_field(self.expr, p, f[0], f[1], f[2], f[3]) for p, f in zip(parts, FIELDS)]
        self.minutes, self.hours, self.doms, self.months, dows = sets
        self.dows = set(d % 7 for d in dows)  # 7 = Sunday = 0
        self.dom_star = parts[2].startswith("*")
        self.dow_star = parts[4].startswith("*")

    def _day_ok(self, d):
        dom = d.day in self.doms
        dow = (d.weekday() + 1) % 7 in self.dows  # Python: Monday 0; cron: Sunday 0
        if self.dom_star or self.dow_star:
            return dom and dow
        return dom or dow

    def next_after(self, after_ms):
        """The first fire time strictly after ``after_ms`` (epoch ms)."""
        after_ms = int(after_ms)
        off = compat.tz_offset_ms(self.tz, after_ms)
        back = 0
        if self.tz != "UTC" and (compat.tz_offset_ms(self.tz, after_ms - _NEAR_MS) != off or
                                 compat.tz_offset_ms(self.tz, after_ms + _NEAR_MS) != off):
            back = _NEAR_MS  # near a DST change: repeated wall times may lie behind us
        local = _EPOCH + datetime.timedelta(milliseconds=after_ms + off - back)
        t = local.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
        limit = t + datetime.timedelta(days=SEARCH_DAYS)
        best = None
        while t < limit:
            if t.month not in self.months:
                y, m = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
                t = datetime.datetime(y, m, 1)
                continue
            if not self._day_ok(t):
                t = datetime.datetime(t.year, t.month, t.day) + datetime.timedelta(days=1)
                continue
            if t.hour not in self.hours:
                t = t.replace(minute=0) + datetime.timedelta(hours=1)
                continue
            if t.minute not in self.minutes:
                t = t + datetime.timedelta(minutes=1)
                continue
            later = [e for e in _to_epochs(self.tz, t) if e > after_ms]
            if later:
                if not back:
                    return min(later)
                # In a fall-back overlap a later wall time's first instant may come before
                # this one's second: keep the earliest instant over the next 2 h of wall time.
                if best is None:
                    limit = t + datetime.timedelta(hours=2, minutes=1)
                best = min(later + ([best] if best is not None else []))
            t = t + datetime.timedelta(minutes=1)
        if best is not None:
            return best
        raise _bad(self.expr, "never fires in the next %d days; check day-of-month and month"
                   % SEARCH_DAYS)

    def ticks_between(self, after_ms, until_ms, limit):
        """Fire times in (after_ms, until_ms], at most ``limit`` (the EARLIEST ones)."""
        out = []
        t = self.next_after(after_ms)
        while t <= until_ms and len(out) < limit:
            out.append(t)
            t = self.next_after(t)
        return out


def _naive_ms(t):
    return int(calendar.timegm(t.timetuple())) * 1000


def _to_epochs(tz, t):
    """Epoch ms of local wall time ``t`` in ``tz`` (croniter's DST rules): both instants
    when a fall-back repeats it; the end of the gap when a spring-forward skips it."""
    naive = _naive_ms(t)
    found = set()
    offsets = set()
    for probe in (naive - _DAY_HALF_MS, naive + _DAY_HALF_MS, naive):
        off = compat.tz_offset_ms(tz, probe)
        offsets.add(off)
        if compat.tz_offset_ms(tz, naive - off) == off:
            found.add(naive - off)
    if found:
        return sorted(found)
    lo, hi = naive - max(offsets), naive - min(offsets)  # the gap's transition lies between
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if mid + compat.tz_offset_ms(tz, mid) > naive:
            hi = mid
        else:
            lo = mid
    return [hi]


def check_timezone(tz):
    """Raise ``InvalidArgument`` unless ``tz`` names a zone the platform knows."""
    try:
        compat.tz_offset_ms(tz, 0)
    except (KeyError, ValueError) as exc:
        raise InvalidArgument("unknown time zone %r (%s); use an IANA name such as 'UTC', "
                              "'Europe/Berlin' or 'America/Chicago'" % (tz, exc))
    return tz
