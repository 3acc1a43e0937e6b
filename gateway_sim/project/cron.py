"""Cron expressions of scheduled gateway events (``handleScheduleEvent``).

Five fields, minute resolution, as in Ignition's scheduled-script editor:
``minute hour day-of-month month day-of-week``. Each field takes ``*``, a
number, a range ``a-b``, a step ``*/n`` or ``a-b/n``, and comma lists; months
and weekdays also take names (``JAN``, ``MON``); weekday 0 and 7 are Sunday.
When both day fields are restricted a day matches either one (classic cron).
Day-of-month also takes ``L``, the last day of the month (as cron4j, which the
scheduled-script editor's syntax follows; real 8.1 projects use ``0 21 L * *``).
Times are the gateway's local time. May import: the standard library and
``gateway_sim.errors``.
"""
from __future__ import absolute_import, division, print_function

import datetime
import time

from gateway_sim.errors import ConfigError

_MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
_DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
_FIELDS = (("minute", 0, 59, None), ("hour", 0, 23, None), ("day of month", 1, 31, None),
           ("month", 1, 12, _MONTHS), ("day of week", 0, 7, _DAYS))


class CronSchedule(object):
    """A parsed cron expression; ``next_after(epoch_seconds)`` gives the next fire time."""

    def __init__(self, expression, source=None):
        self.expression = expression
        parts = str(expression).split()
        if len(parts) != 5:
            raise ConfigError("cron expression %r needs 5 fields (minute hour day-of-month month "
                              "day-of-week), e.g. \"*/5 * * * *\"" % (expression,), source=source)
        sets = []
        self.last_day = False
        for text, (label, lo, hi, names) in zip(parts, _FIELDS):
            if label == "day of month":
                items = text.split(",")
                self.last_day = any(i.strip().upper() == "L" for i in items)
                text = ",".join(i for i in items if i.strip().upper() != "L")
                if not text:
                    sets.append(set())
                    continue
            sets.append(_parse_field(text, label, lo, hi, names, expression, source))
        self.minutes, self.hours, self.days, self.months, dows = sets
        self.weekdays = set(d % 7 for d in dows)
        self.days_restricted = parts[2] != "*"
        self.weekdays_restricted = parts[4] != "*"

    def _day_matches(self, dt):
        dom = dt.day in self.days or (self.last_day and
                                      (dt + datetime.timedelta(days=1)).month != dt.month)
        dow = ((dt.weekday() + 1) % 7) in self.weekdays  # Python Monday=0 -> cron Sunday=0
        if self.days_restricted and self.weekdays_restricted:
            return dom or dow
        return dom and dow

    def next_after(self, epoch_seconds):
        """Epoch seconds of the first matching minute strictly after ``epoch_seconds``."""
        dt = datetime.datetime.fromtimestamp(int(epoch_seconds) // 60 * 60 + 60)
        for _ in range(100000):  # bounded: a valid expression matches within ~4 years of steps
            if dt.month not in self.months:
                dt = (dt.replace(day=1, hour=0, minute=0) + datetime.timedelta(days=32)).replace(day=1)
                continue
            if not self._day_matches(dt):
                dt = dt.replace(hour=0, minute=0) + datetime.timedelta(days=1)
                continue
            if dt.hour not in self.hours:
                dt = dt.replace(minute=0) + datetime.timedelta(hours=1)
                continue
            if dt.minute not in self.minutes:
                dt = dt + datetime.timedelta(minutes=1)
                continue
            return time.mktime(dt.timetuple())
        raise ConfigError("cron expression %r never matches a real date" % (self.expression,))

    def __repr__(self):
        return "<CronSchedule %r>" % (self.expression,)


def _parse_field(text, label, lo, hi, names, expression, source):
    values = set()
    for item in text.split(","):
        step = 1
        if "/" in item:
            item, step_text = item.split("/", 1)
            step = _number(step_text, label, 1, hi, None, expression, source)
            if step < 1:
                raise ConfigError("cron %s step must be >= 1 in %r" % (label, expression), source=source)
        if item == "*":
            start, end = lo, hi
        elif "-" in item:
            a, b = item.split("-", 1)
            start = _number(a, label, lo, hi, names, expression, source)
            end = _number(b, label, lo, hi, names, expression, source)
            if end < start:
                raise ConfigError("cron %s range %r runs backwards in %r" % (label, item, expression),
                                  source=source)
        else:
            start = _number(item, label, lo, hi, names, expression, source)
            end = hi if step > 1 else start
        values.update(range(start, end + 1, step))
    return values


def _number(text, label, lo, hi, names, expression, source):
    t = text.strip().upper()
    if names and t in names:
        return names.index(t) + (1 if label == "month" else 0)
    try:
        n = int(t)
    except ValueError:
        raise ConfigError("cron %s value %r is not a number%s in %r"
                          % (label, text, " or a name (%s)" % ",".join(names) if names else "",
                             expression), source=source)
    if n < lo or n > hi:
        raise ConfigError("cron %s value %d is out of range %d-%d in %r" % (label, n, lo, hi, expression),
                          source=source)
    return n
