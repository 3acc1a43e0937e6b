"""``system.user``: users and roles of the gateway's user sources (gateway scope).

State lives in ``gateway_sim.backends.users`` (configured by ``userSources``).
Returned users are copies (edit them, then ``editUser``), as Ignition returns
detached ``PyUser`` objects; ``getUser`` leaves the password out. An unknown user
source raises ``IllegalArgumentException`` naming the known ones (unverified text).
Schedules and holidays (``gateway_sim.backends.user_schedules``): the gateway starts
with the built-in ``Always`` schedule and no holidays; scripts add, edit and remove
``BasicScheduleModel``/``CompositeScheduleModel``/``HolidayModel`` objects (UIResponse
answers) and ``isUserScheduled`` evaluates them at a date, a covering schedule
adjustment first. Unverified: the response texts; that a schedule still used by a user
or a composite cannot be removed; that renaming a schedule carries its users along;
that an unknown schedule name is never active; that createScheduleAdjustment refuses
an end before the start.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import copy

from gateway_sim import runtime
from gateway_sim.backends import user_schedules as sched
from gateway_sim.backends.users import DEFAULT_SCHEDULE, SimUser, UIResponse, UserSourceMeta
from gateway_sim.registry import implements


def _users():
    from gateway_sim import surface_config
    return surface_config.backend(runtime.current(), "users")


def _source(userSource):
    try:
        return _users().source(userSource)
    except ValueError as exc:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException(str(exc))


def _public(user):
    out = user.copy()
    out.set("password", None)
    return out


@implements("system.user.getUserSources")
def getUserSources():
    """``UserSourceMeta`` of every user source (``getName()``, ``getType()``)."""
    b = _users()
    with b._lock:
        return [UserSourceMeta(n, b.sources[n]["description"]) for n in sorted(b.sources)]


@implements("system.user.getUsers")
def getUsers(userSource):
    """Every user of ``userSource`` (passwords left out)."""
    src = _source(userSource)
    with _users()._lock:
        return [_public(src["users"][n]) for n in sorted(src["users"])]


@implements("system.user.getUser")
def getUser(userSource, username):
    """The user ``username`` of ``userSource``, or None."""
    src = _source(userSource)
    with _users()._lock:
        u = src["users"].get(username)
        return None if u is None else _public(u)


@implements("system.user.getNewUser")
def getNewUser(userSource, username):
    """A new, unsaved user (``addUser`` stores it)."""
    _source(userSource)
    return SimUser(userSource or "default", {"username": username})


@implements("system.user.getRoles")
def getRoles(userSource):
    """The role names of ``userSource``."""
    src = _source(userSource)
    with _users()._lock:
        return list(src["roles"])


@implements("system.user.addUser")
def addUser(userSource, user):
    """Store a new user; the response's errors say why it was refused."""
    src = _source(userSource)
    resp = UIResponse()
    name = user.get("username")
    with _users()._lock:
        if not name:
            return resp.error("The username cannot be blank.")
        if name in src["users"]:
            return resp.error("A user named '%s' already exists." % name)
        unknown = [r for r in user.getRoles() if r not in src["roles"]]
        if unknown:
            return resp.error("Role(s) %s do not exist in user source '%s'."
                              % (", ".join(unknown), userSource))
        stored = user.copy()
        stored._profile = userSource or "default"
        src["users"][name] = stored
    return resp.info("User '%s' added." % name)


@implements("system.user.editUser")
def editUser(userSource, user):
    """Replace a stored user's properties, roles and contacts (a None password keeps it)."""
    src = _source(userSource)
    resp = UIResponse()
    name = user.get("username")
    with _users()._lock:
        old = src["users"].get(name)
        if old is None:
            return resp.error("User '%s' does not exist." % (name,))
        unknown = [r for r in user.getRoles() if r not in src["roles"]]
        if unknown:
            return resp.error("Role(s) %s do not exist in user source '%s'."
                              % (", ".join(unknown), userSource))
        stored = user.copy()
        stored._profile = old.getProfileName()
        if stored.get("password") is None:
            stored.set("password", old.get("password"))
        src["users"][name] = stored
    return resp.info("User '%s' saved." % name)


@implements("system.user.removeUser")
def removeUser(userSource, username):
    src = _source(userSource)
    resp = UIResponse()
    with _users()._lock:
        if src["users"].pop(username, None) is None:
            return resp.error("User '%s' does not exist." % (username,))
    return resp.info("User '%s' removed." % username)


@implements("system.user.addRole")
def addRole(userSource, role):
    src = _source(userSource)
    resp = UIResponse()
    with _users()._lock:
        if not role:
            return resp.error("The role name cannot be blank.")
        if role in src["roles"]:
            return resp.error("Role '%s' already exists." % role)
        src["roles"].append(role)
    return resp.info("Role '%s' added." % role)


@implements("system.user.editRole")
def editRole(userSource, oldName, newName):
    """Rename a role (every user holding it follows)."""
    src = _source(userSource)
    resp = UIResponse()
    with _users()._lock:
        if oldName not in src["roles"]:
            return resp.error("Role '%s' does not exist." % oldName)
        if newName in src["roles"]:
            return resp.error("Role '%s' already exists." % newName)
        src["roles"][src["roles"].index(oldName)] = newName
        for u in src["users"].values():
            if oldName in u._roles:
                u._roles[u._roles.index(oldName)] = newName
    return resp.info("Role '%s' renamed to '%s'." % (oldName, newName))


@implements("system.user.removeRole")
def removeRole(userSource, role):
    src = _source(userSource)
    resp = UIResponse()
    with _users()._lock:
        if role not in src["roles"]:
            return resp.error("Role '%s' does not exist." % role)
        src["roles"].remove(role)
        for u in src["users"].values():
            u.removeRole(role)
    return resp.info("Role '%s' removed." % role)


# --- schedules and holidays (gateway_sim.backends.user_schedules) ------------------------
def _store():
    return _users().schedules


def _java_arg(fn, value, cls, what):
    if not isinstance(value, cls):
        raise TypeError("%s(): %s must be a %s (got %s); %s" % (
            fn, what, cls.__name__, type(value).__name__,
            "get one with system.user.getSchedule(name) and edit it, or import it from "
            "com.inductiveautomation.ignition.common.user.schedule"))
    return value


def _check_schedule(resp, schedule, store, name):
    if not name:
        return resp.error("The schedule name cannot be blank.")
    if isinstance(schedule, sched.CompositeScheduleModel):
        missing = [n for n in schedule.getScheduleNames() if n not in store.schedules]
        if missing:
            return resp.error("Composite schedule '%s' refers to unknown schedule(s) %s; "
                              "schedules: %s" % (name, ", ".join(map(str, missing)),
                                                 ", ".join(sorted(store.schedules))))
    try:
        schedule.check()
    except ValueError as exc:
        return resp.error(str(exc))
    return None


@implements("system.user.getScheduleNames")
def getScheduleNames():
    """The names of the gateway's schedules (``Always`` is built in)."""
    b = _users()
    with b._lock:
        return sorted(b.schedules.schedules)


@implements("system.user.getSchedules")
def getSchedules():
    """Every schedule, as detached models (edit one, then ``editSchedule``)."""
    b = _users()
    with b._lock:
        return [b.schedules.schedules[n].copy() for n in sorted(b.schedules.schedules)]


@implements("system.user.getSchedule")
def getSchedule(scheduleName):
    """The schedule ``scheduleName`` (a detached copy), or None."""
    b = _users()
    with b._lock:
        model = b.schedules.schedules.get(scheduleName)
        return None if model is None else model.copy()


@implements("system.user.addSchedule")
def addSchedule(schedule):
    """Store a new ``BasicScheduleModel``/``CompositeScheduleModel``."""
    _java_arg("system.user.addSchedule", schedule, sched.AbstractScheduleModel, "schedule")
    b, resp = _users(), UIResponse()
    name = schedule.getName()
    with b._lock:
        if name in b.schedules.schedules:
            return resp.error("A schedule named '%s' already exists." % name)
        if _check_schedule(resp, schedule, b.schedules, name):
            return resp
        b.schedules.schedules[name] = schedule.copy()
    return resp.info("New schedule \"%s\" added." % name)


@implements("system.user.editSchedule")
def editSchedule(scheduleName, schedule):
    """Replace ``scheduleName`` with ``schedule`` (a new name renames it; users and
    composite schedules naming it follow)."""
    _java_arg("system.user.editSchedule", schedule, sched.AbstractScheduleModel, "schedule")
    b, resp = _users(), UIResponse()
    name = schedule.getName()
    with b._lock:
        store = b.schedules
        if scheduleName not in store.schedules:
            return resp.error("Schedule '%s' does not exist; schedules: %s"
                              % (scheduleName, ", ".join(sorted(store.schedules))))
        if name != scheduleName and name in store.schedules:
            return resp.error("A schedule named '%s' already exists." % name)
        if _check_schedule(resp, schedule, store, name):
            return resp
        del store.schedules[scheduleName]
        store.schedules[name] = schedule.copy()
        if name != scheduleName:
            for src in b.sources.values():
                for u in src["users"].values():
                    if u.get("schedule") == scheduleName:
                        u.set("schedule", name)
            for model in store.schedules.values():
                if isinstance(model, sched.CompositeScheduleModel):
                    model._one = name if model._one == scheduleName else model._one
                    model._two = name if model._two == scheduleName else model._two
    return resp.info("Schedule \"%s\" saved." % name)


@implements("system.user.removeSchedule")
def removeSchedule(scheduleName):
    """Remove a schedule no user or composite schedule uses."""
    b, resp = _users(), UIResponse()
    with b._lock:
        store = b.schedules
        if scheduleName not in store.schedules:
            return resp.error("Schedule '%s' does not exist; schedules: %s"
                              % (scheduleName, ", ".join(sorted(store.schedules))))
        users = store.users_of(scheduleName, b.sources)
        composites = sorted(n for n, m in store.schedules.items()
                            if isinstance(m, sched.CompositeScheduleModel)
                            and scheduleName in m.getScheduleNames())
        if users or composites:
            return resp.error("Schedule '%s' is in use by %s; give them another schedule "
                              "first." % (scheduleName, ", ".join(
                                  ["user " + u for u in users]
                                  + ["composite schedule " + c for c in composites])))
        del store.schedules[scheduleName]
    return resp.info("Schedule \"%s\" removed." % scheduleName)


@implements("system.user.addCompositeSchedule")
def addCompositeSchedule(name, scheduleOne, scheduleTwo, description=None):
    """Store a schedule active whenever ``scheduleOne`` or ``scheduleTwo`` is."""
    return addSchedule(sched.CompositeScheduleModel(name, scheduleOne, scheduleTwo,
                                                    description or ""))


@implements("system.user.createScheduleAdjustment")
def createScheduleAdjustment(startDate, endDate, isAvailable, note):
    """A ``ScheduleAdjustment`` to add to a user (``user.addScheduleAdjustments([a])``)."""
    runtime.current()
    fn = "system.user.createScheduleAdjustment()"
    start, end = sched._ms(fn + " startDate", startDate), sched._ms(fn + " endDate", endDate)
    if end < start:
        from gateway_sim.jvm import IllegalArgumentException
        raise IllegalArgumentException("%s: endDate is before startDate; pass the earlier "
                                       "date first" % fn)
    return sched.ScheduleAdjustment(startDate, endDate, bool(isAvailable), note)


def _check_holiday(resp, holiday, store, name, old=None):
    if not name:
        return resp.error("The holiday name cannot be blank.")
    if name != old and name in store.holidays:
        return resp.error("A holiday named '%s' already exists." % name)
    if getattr(holiday.getDate(), "getTime", None) is None:
        return resp.error("Holiday '%s' needs a date (a java.util.Date, e.g. "
                          "system.date.getDate(2026, 11, 25))." % name)
    return None


@implements("system.user.addHoliday")
def addHoliday(holiday):
    """Store a ``HolidayModel(name, date, repeatAnnually)``."""
    _java_arg("system.user.addHoliday", holiday, sched.HolidayModel, "holiday")
    b, resp = _users(), UIResponse()
    name = holiday.getName()
    with b._lock:
        if _check_holiday(resp, holiday, b.schedules, name):
            return resp
        b.schedules.holidays[name] = copy.deepcopy(holiday)
    return resp.info("New holiday \"%s\" added." % name)


@implements("system.user.editHoliday")
def editHoliday(holidayName, holiday):
    """Replace the holiday ``holidayName`` (a new name renames it)."""
    _java_arg("system.user.editHoliday", holiday, sched.HolidayModel, "holiday")
    b, resp = _users(), UIResponse()
    name = holiday.getName()
    with b._lock:
        store = b.schedules
        if holidayName not in store.holidays:
            return resp.error("Holiday '%s' does not exist; holidays: %s"
                              % (holidayName, ", ".join(sorted(store.holidays)) or "none"))
        if _check_holiday(resp, holiday, store, name, old=holidayName):
            return resp
        del store.holidays[holidayName]
        store.holidays[name] = copy.deepcopy(holiday)
    return resp.info("Holiday \"%s\" saved." % name)


@implements("system.user.removeHoliday")
def removeHoliday(holidayName):
    b, resp = _users(), UIResponse()
    with b._lock:
        if b.schedules.holidays.pop(holidayName, None) is None:
            return resp.error("Holiday '%s' does not exist; holidays: %s"
                              % (holidayName, ", ".join(sorted(b.schedules.holidays))
                                 or "none"))
    return resp.info("Holiday \"%s\" removed." % holidayName)


@implements("system.user.getHolidayNames")
def getHolidayNames():
    b = _users()
    with b._lock:
        return sorted(b.schedules.holidays)


@implements("system.user.getHolidays")
def getHolidays():
    """Every holiday, as detached ``HolidayModel``s."""
    b = _users()
    with b._lock:
        return [copy.deepcopy(b.schedules.holidays[n]) for n in sorted(b.schedules.holidays)]


@implements("system.user.getHoliday")
def getHoliday(holidayName):
    """The holiday ``holidayName`` (a detached copy), or None."""
    b = _users()
    with b._lock:
        h = b.schedules.holidays.get(holidayName)
        return None if h is None else copy.deepcopy(h)


@implements("system.user.isUserScheduled")
def isUserScheduled(user, date=None):
    """Is ``user`` scheduled at ``date`` (default now)? A schedule adjustment covering the
    date decides first; else the user's schedule (holidays count when it observes them).
    A schedule name the gateway does not have is never active."""
    gw = runtime.current()
    ms = gw.clock.now_ms() if date is None else sched._ms(
        "system.user.isUserScheduled() date", date)
    for adj in reversed(user.getScheduleAdjustments()):
        if adj.covers(ms):
            return adj.isAvailable()
    b = _users()
    with b._lock:
        name = user.get("schedule") or DEFAULT_SCHEDULE
        if name not in b.schedules.schedules:
            return False
        return b.schedules.active(name, ms)


@implements("system.user.getScheduledUsers")
def getScheduledUsers(userSource, date=None):
    """Users of ``userSource`` scheduled at ``date`` (default now)."""
    return [u for u in getUsers(userSource) if isUserScheduled(u, date)]
