"""``system.user``: users and roles of the gateway's user sources (gateway scope).

State lives in ``gateway_sim.backends.users`` (configured by ``userSources``).
Returned users are copies (edit them, then ``editUser``), as Ignition returns
detached ``PyUser`` objects; ``getUser`` leaves the password out. An unknown user
source raises ``IllegalArgumentException`` naming the known ones (unverified text).
Schedules: only the built-in ``Always`` schedule exists (every user is scheduled);
there are no holidays; editing schedules and holidays is not simulated
(NotImplementedInSimulator).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
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


@implements("system.user.getScheduleNames")
def getScheduleNames():
    """Only the built-in ``Always`` schedule is simulated."""
    runtime.current()
    return [DEFAULT_SCHEDULE]


@implements("system.user.isUserScheduled")
def isUserScheduled(user, date=None):
    """True when the user's schedule is ``Always`` (the only simulated schedule)."""
    runtime.current()
    schedule = user.get("schedule") or DEFAULT_SCHEDULE
    if schedule != DEFAULT_SCHEDULE:
        from gateway_sim.errors import NotImplementedInSimulator
        raise NotImplementedInSimulator("system.user.isUserScheduled (schedule %r: only "
                                        "'Always' is simulated)" % (schedule,))
    return True


@implements("system.user.getScheduledUsers")
def getScheduledUsers(userSource, date=None):
    """Users of ``userSource`` whose schedule is ``Always``."""
    return [u for u in getUsers(userSource) if isUserScheduled(u, date)]


@implements("system.user.getHolidayNames")
def getHolidayNames():
    """Holidays are not configured on a simulated gateway: none."""
    runtime.current()
    return []


@implements("system.user.getHolidays")
def getHolidays():
    runtime.current()
    return []


@implements("system.user.getHoliday")
def getHoliday(holidayName):
    """None: no holiday has that name (none is configured)."""
    runtime.current()
    return None
