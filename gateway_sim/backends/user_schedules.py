"""Schedules and holidays of the simulated gateway (``system.user`` schedule functions).

Holds the script-visible models, named like Ignition's
``com.inductiveautomation.ignition.common.user.schedule`` classes (importable from
that package through ``gateway_sim.sdk``): ``BasicScheduleModel``,
``CompositeScheduleModel``, ``HolidayModel``, ``ScheduleAdjustment``; and
``ScheduleStore``, the gateway's schedules (always holding the built-in ``Always``
schedule) and holidays.

A basic schedule is active at an instant when the day's entry is on and the local
time of day falls in one of its ranges (``"8:00-12:00, 13:00-17:00"``; ``24:00`` is
the end of the day); ``setAllDays(True)`` overrides the per-day entries, and
``setWeekDays``/``setWeekend`` set Monday-Friday / Saturday-Sunday. A schedule that
observes holidays is inactive on a holiday (a repeating holiday matches its month and
day every year). A composite schedule is active when either of its two schedules is.

Unverified: the exact texts of the ``UIResponse`` messages, the getter/setter names
of ``BasicScheduleModel`` beyond the documented ``setName``/``getType``/
``setObserveHolidays`` (the per-day API follows the schedule editor's fields),
``getType()`` of a composite schedule ("composite schedule"), and that a
composite is the union of its two schedules.
Single-source 2.7/3.x. May import: ``gateway_sim`` core, ``gateway_sim.java._timefmt``.
"""
from __future__ import absolute_import, division, print_function

import copy
import re

from gateway_sim._compat import string_types

ALWAYS = "Always"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def _ms(what, date):
    get = getattr(date, "getTime", None)
    if get is None or not callable(get):
        raise TypeError("%s must be a java.util.Date (got %s); make one with "
                        "system.date.now(), fromMillis(ms) or parse(text, pattern)"
                        % (what, type(date).__name__))
    return int(get())


def parse_ranges(text):
    """``"8:00-12:00, 13:00-17:00"`` -> [(480, 720), (780, 1020)] minutes; ValueError."""
    if not isinstance(text, string_types):
        raise ValueError("a schedule time must be text like \"8:00-17:00\" (got %r)" % (text,))
    out = []
    for part in [p for p in text.split(",") if p.strip()]:
        m = _RANGE.match(part)
        if not m:
            raise ValueError("schedule time %r is not a range like \"8:00-17:00\" (several: "
                             "\"8:00-12:00, 13:00-17:00\")" % (part.strip(),))
        h1, m1, h2, m2 = [int(g) for g in m.groups()]
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if m1 > 59 or m2 > 59 or start > 1440 or end > 1440 or end <= start:
            raise ValueError("schedule time %r: the start must be before the end, both "
                             "between 0:00 and 24:00" % (part.strip(),))
        out.append((start, end))
    return out


class ScheduleAdjustment(object):
    """A user's availability override from ``start`` to ``end`` (``isAvailable``, ``note``)."""

    def __init__(self, start=None, end=None, available=True, note=""):
        self._start, self._end, self._available, self._note = start, end, bool(available), note

    def getStart(self):
        return self._start

    def setStart(self, start):
        self._start = start

    def getEnd(self):
        return self._end

    def setEnd(self, end):
        self._end = end

    def isAvailable(self):
        return self._available

    def setAvailable(self, available):
        self._available = bool(available)

    def getNote(self):
        return self._note

    def setNote(self, note):
        self._note = note

    def covers(self, ms):
        return _ms("the adjustment start", self._start) <= ms <= _ms("the adjustment end",
                                                                       self._end)

    def __repr__(self):
        return "ScheduleAdjustment(%s - %s, available=%s, %r)" % (
            self._start, self._end, self._available, self._note)


class HolidayModel(object):
    """``HolidayModel(name, date, repeatAnnually)``."""

    def __init__(self, name=None, date=None, repeatAnnually=False):
        self._name, self._date, self._repeat = name, date, bool(repeatAnnually)

    def getName(self):
        return self._name

    def setName(self, name):
        self._name = name

    def getDate(self):
        return self._date

    def setDate(self, date):
        self._date = date

    def isRepeatAnnually(self):
        return self._repeat

    def setRepeatAnnually(self, repeat):
        self._repeat = bool(repeat)

    def matches(self, ms):
        from gateway_sim.java import _timefmt
        mine = _timefmt.fields(_ms("holiday %r's date" % (self._name,), self._date))
        other = _timefmt.fields(ms)
        if self._repeat:
            return (mine.tm_mon, mine.tm_mday) == (other.tm_mon, other.tm_mday)
        return (mine.tm_year, mine.tm_yday) == (other.tm_year, other.tm_yday)

    def __repr__(self):
        return "HolidayModel(%s)" % (self._name,)


class AbstractScheduleModel(object):
    TYPE = "schedule"

    def __init__(self, name=None, description="", observeHolidays=False):
        self._name, self._description = name, description
        self._observe = bool(observeHolidays)

    def getName(self):
        return self._name

    def setName(self, name):
        self._name = name

    def getDescription(self):
        return self._description

    def setDescription(self, description):
        self._description = description

    def isObserveHolidays(self):
        return self._observe

    def setObserveHolidays(self, observe):
        self._observe = bool(observe)

    def getType(self):
        return self.TYPE

    def copy(self):
        return copy.deepcopy(self)

    def check(self):
        """Raise ValueError naming what is wrong with this schedule's settings."""

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, self._name)


def _day_accessors(day):
    attr = "_" + day.lower()

    def is_on(self):
        return self._days[attr][0]

    def set_on(self, on):
        self._days[attr][0] = bool(on)

    def get_time(self):
        return self._days[attr][1]

    def set_time(self, text):
        self._days[attr][1] = text
    return is_on, set_on, get_time, set_time


class BasicScheduleModel(AbstractScheduleModel):
    """Per-day times (``setMonday(True)``, ``setMondayTime("8:00-17:00")``...), or one
    time for every day (``setAllDays(True)``, ``setAllDayTime(...)``)."""

    TYPE = "basic schedule"

    def __init__(self, name=None, description="", observeHolidays=False):
        AbstractScheduleModel.__init__(self, name, description, observeHolidays)
        self._all = [False, "0:00-24:00"]
        self._days = dict(("_" + d.lower(), [False, "8:00-17:00"]) for d in DAYS)

    def isAllDays(self):
        return self._all[0]

    def setAllDays(self, on):
        self._all[0] = bool(on)

    def getAllDayTime(self):
        return self._all[1]

    def setAllDayTime(self, text):
        self._all[1] = text

    def isWeekDays(self):
        return all(self._days["_" + d.lower()][0] for d in DAYS[:5])

    def setWeekDays(self, on):
        for d in DAYS[:5]:
            self._days["_" + d.lower()][0] = bool(on)

    def setWeekDayTime(self, text):
        for d in DAYS[:5]:
            self._days["_" + d.lower()][1] = text

    def isWeekend(self):
        return all(self._days["_" + d.lower()][0] for d in DAYS[5:])

    def setWeekend(self, on):
        for d in DAYS[5:]:
            self._days["_" + d.lower()][0] = bool(on)

    def setWeekendTime(self, text):
        for d in DAYS[5:]:
            self._days["_" + d.lower()][1] = text

    def check(self):
        entries = [("allDayTime", self._all[1])] + [
            (d.lower() + "Time", self._days["_" + d.lower()][1]) for d in DAYS]
        for field, text in entries:
            try:
                parse_ranges(text)
            except ValueError as exc:
                raise ValueError("schedule %r %s: %s" % (self._name, field, exc))

    def active_at(self, ms):
        from gateway_sim.java import _timefmt
        lt = _timefmt.fields(ms)
        minute = lt.tm_hour * 60 + lt.tm_min
        if self._all[0]:
            ranges = parse_ranges(self._all[1])
        else:
            on, text = self._days["_" + DAYS[lt.tm_wday].lower()]
            if not on:
                return False
            ranges = parse_ranges(text)
        return any(a <= minute < b for a, b in ranges)


for _d in DAYS:   # isMonday/setMonday/getMondayTime/setMondayTime ... Sunday
    for _n, _f in zip(("is%s", "set%s", "get%sTime", "set%sTime"), _day_accessors(_d)):
        _f.__name__ = str(_n % _d)
        setattr(BasicScheduleModel, _n % _d, _f)
del _d, _n, _f


class CompositeScheduleModel(AbstractScheduleModel):
    """Two stored schedules combined: active when either is."""

    TYPE = "composite schedule"

    def __init__(self, name=None, scheduleOne=None, scheduleTwo=None, description=""):
        AbstractScheduleModel.__init__(self, name, description)
        self._one, self._two = scheduleOne, scheduleTwo

    def getModelOne(self):
        return self._one

    def getModelTwo(self):
        return self._two

    def getScheduleNames(self):
        return [self._one, self._two]


def always():
    s = BasicScheduleModel(ALWAYS, "Always available")
    s.setAllDays(True)
    return s


class ScheduleStore(object):
    """The gateway's schedules ({name: model}) and holidays ({name: HolidayModel})."""

    def __init__(self):
        self.schedules = {ALWAYS: always()}
        self.holidays = {}

    def active(self, name, ms, _seen=()):
        """Is schedule ``name`` active at epoch ``ms``? KeyError for an unknown name."""
        model = self.schedules[name]
        if model.isObserveHolidays() and any(h.matches(ms) for h in self.holidays.values()):
            return False
        if isinstance(model, CompositeScheduleModel):
            if name in _seen:
                return False
            return any(self.active(n, ms, _seen + (name,)) for n in model.getScheduleNames()
                       if n in self.schedules)
        return model.active_at(ms)

    def users_of(self, name, sources):
        return sorted("%s/%s" % (s, u) for s, src in sources.items()
                      for u, user in src["users"].items()
                      if (user.get("schedule") or ALWAYS) == name)
