"""User sources of the simulated gateway (``system.user``, ``system.security``).

Configured per gateway::

    "userSources": {
      "default": {                                  # the gateway's default source
        "roles": ["Administrator", "Operator"],
        "users": [{"username": "admin", "password": "secret", "roles": ["Administrator"],
                   "firstName": "Ada", "lastName": "Admin", "notes": "", "language": "en",
                   "badge": "", "schedule": "Always",
                   "contactInfo": [{"type": "email", "value": "ada@example.com"}]}]
      }
    }

Without configuration the gateway has one empty source ``default`` (a fresh
Ignition gateway's internal source; its commissioning admin is not simulated).
Users are ``SimUser`` objects shaped like Ignition's ``PyUser`` (``get("username")``,
``getRoles()``, ``getContactInfo()``, ``getScheduleAdjustments()``...); edits answer a
``UIResponse``. Schedules and holidays live in ``self.schedules``
(``gateway_sim.backends.user_schedules.ScheduleStore``).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import copy
import threading

from gateway_sim._compat import string_types
from gateway_sim.errors import ConfigError

DEFAULT_SOURCE = "default"
DEFAULT_SCHEDULE = "Always"
# Ignition's user property names (User.Username.getName() == "username", ...).
PROPERTIES = ("username", "password", "firstname", "lastname", "notes", "badge", "language",
              "schedule")
_CONFIG_KEYS = {"username": "username", "password": "password", "firstName": "firstname",
                "lastName": "lastname", "notes": "notes", "badge": "badge",
                "language": "language", "schedule": "schedule", "roles": None,
                "contactInfo": None}


class ContactInfo(object):
    """``ContactInfo(contactType, value)``: ``getContactType()``, ``getValue()``."""

    def __init__(self, contactType="", value=""):
        self.contactType = contactType
        self.value = value

    def getContactType(self):
        return self.contactType

    def getValue(self):
        return self.value

    def setContactType(self, contactType):
        self.contactType = contactType

    def setValue(self, value):
        self.value = value

    def __eq__(self, other):
        return isinstance(other, ContactInfo) and (self.contactType, self.value) == (
            other.contactType, other.value)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        return "ContactInfo(%s, %s)" % (self.contactType, self.value)


class SimUser(object):
    """A user as scripts see it (Ignition's ``PyUser``): properties, roles, contacts."""

    def __init__(self, profile, props=None, roles=None, contacts=None):
        self._profile = profile
        self._props = dict((k, None) for k in PROPERTIES)
        self._props["schedule"] = DEFAULT_SCHEDULE
        self._props.update(props or {})
        self._roles = list(roles or [])
        self._contacts = list(contacts or [])
        self._adjustments = []

    @staticmethod
    def _key(prop):
        name = prop if isinstance(prop, string_types) else getattr(prop, "getName", lambda: prop)()
        key = str(name).lower()
        if key not in PROPERTIES:
            raise ValueError("unknown user property %r; known: %s" % (name, ", ".join(PROPERTIES)))
        return key

    def get(self, propertyName):
        return self._props[self._key(propertyName)]

    def getOrDefault(self, prop):
        return self.get(prop)

    def getOrElse(self, prop, value):
        v = self.get(prop)
        return value if v is None else v

    def set(self, prop, value):
        self._props[self._key(prop)] = value

    def contains(self, prop):
        return self._props.get(self._key(prop)) is not None

    def remove(self, prop):
        self._props[self._key(prop)] = None

    def getProperties(self):
        return [k for k in PROPERTIES if self._props.get(k) is not None]

    def getValues(self):
        return [self._props[k] for k in self.getProperties()]

    def getCount(self):
        return len(self.getProperties())

    def getId(self):
        return self._props["username"]

    def getPath(self):
        return "%s/%s" % (self._profile, self._props["username"])

    def getProfileName(self):
        return self._profile

    def getRoles(self):
        return list(self._roles)

    def addRole(self, role):
        if role not in self._roles:
            self._roles.append(role)

    def addRoles(self, roles):
        for r in roles:
            self.addRole(r)

    def removeRole(self, role):
        if role in self._roles:
            self._roles.remove(role)

    def setRoles(self, roles):
        self._roles = list(roles)

    def getContactInfo(self):
        return list(self._contacts)

    def addContactInfo(self, *args):
        """``addContactInfo(ContactInfo)`` or ``addContactInfo(type, value)``."""
        info = args[0] if len(args) == 1 else ContactInfo(args[0], args[1])
        self._contacts.append(info)

    def removeContactInfo(self, contactType, value):
        self._contacts = [c for c in self._contacts if (c.contactType, c.value) != (
            contactType, value)]

    def setContactInfo(self, contactInfo):
        self._contacts = list(contactInfo)

    def getScheduleAdjustments(self):
        return list(self._adjustments)

    def addScheduleAdjustments(self, adjustments):
        """Append ``ScheduleAdjustment``s (``system.user.createScheduleAdjustment``)."""
        self._adjustments.extend(adjustments)

    def setScheduleAdjustments(self, adjustments):
        self._adjustments = list(adjustments)

    def removeScheduleAdjustments(self, adjustments):
        self._adjustments = [a for a in self._adjustments if a not in list(adjustments)]

    def copy(self):
        return copy.deepcopy(self)

    def __repr__(self):
        return "User(%s/%s)" % (self._profile, self._props["username"])


class UIResponse(object):
    """What edits return: ``getErrors()``, ``getWarns()``, ``getInfos()`` (lists of text)."""

    def __init__(self):
        self._errors, self._warns, self._infos = [], [], []

    def error(self, message):
        self._errors.append(message)
        return self

    def warn(self, message):
        self._warns.append(message)
        return self

    def info(self, message):
        self._infos.append(message)
        return self

    def getErrors(self):
        return list(self._errors)

    def getWarns(self):
        return list(self._warns)

    def getInfos(self):
        return list(self._infos)

    def __repr__(self):
        return "UIResponse(errors=%r, warns=%r, infos=%r)" % (
            self._errors, self._warns, self._infos)


class UserSourceMeta(object):
    def __init__(self, name, description="", type_="INTERNAL"):
        self._name, self._description, self._type = name, description, type_

    def getName(self):
        return self._name

    def getDescription(self):
        return self._description

    def getType(self):
        return self._type

    def __repr__(self):
        return "UserSourceMeta(%s)" % self._name


class UserBackend(object):
    """The gateway's user sources: ``{name: {"roles": [...], "users": {name: SimUser}}}``."""

    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.RLock()
        self.sources = {DEFAULT_SOURCE: {"roles": [], "users": {}, "description": ""}}
        from gateway_sim.backends.user_schedules import ScheduleStore
        self.schedules = ScheduleStore()   # schedules ("Always" built in) and holidays

    def configure(self, section, base_dir=None):
        if not isinstance(section, dict):
            raise ConfigError("userSources must map a source name to {roles, users}",
                              node="userSources")
        sources = {}
        for name, spec in sorted(section.items()):
            node = "userSources.%s" % name
            spec = spec or {}
            if not isinstance(spec, dict):
                raise ConfigError("must be a mapping with roles and users", node=node)
            unknown = sorted(set(spec) - set(["roles", "users", "description"]))
            if unknown:
                raise ConfigError("unknown key(s) %s; use roles, users, description"
                                  % ", ".join(unknown), node=node)
            roles = list(spec.get("roles") or [])
            users = {}
            for i, u in enumerate(spec.get("users") or []):
                user = self._user_from_config(name, u, "%s.users[%d]" % (node, i))
                for r in user.getRoles():
                    if r not in roles:
                        roles.append(r)
                users[user.get("username")] = user
            sources[name] = {"roles": roles, "users": users,
                             "description": spec.get("description") or ""}
        with self._lock:
            self.sources.update(sources)

    @staticmethod
    def _user_from_config(source, u, node):
        if not isinstance(u, dict) or not isinstance(u.get("username"), string_types) \
                or not u.get("username"):
            raise ConfigError("a user needs at least a \"username\" string", node=node)
        unknown = sorted(set(u) - set(_CONFIG_KEYS))
        if unknown:
            raise ConfigError("unknown key(s) %s; use %s" % (
                ", ".join(unknown), ", ".join(sorted(_CONFIG_KEYS))), node=node)
        props = dict((_CONFIG_KEYS[k], v) for k, v in u.items() if _CONFIG_KEYS[k])
        contacts = []
        for c in u.get("contactInfo") or []:
            if not isinstance(c, dict) or "type" not in c or "value" not in c:
                raise ConfigError("contactInfo entries look like {\"type\": \"email\", "
                                  "\"value\": \"a@b.c\"}", node=node)
            contacts.append(ContactInfo(c["type"], c["value"]))
        return SimUser(source, props, u.get("roles") or [], contacts)

    def source(self, name, what="userSource"):
        """The source ``name`` ('' = the default); ValueError naming the known ones."""
        key = name or DEFAULT_SOURCE
        with self._lock:
            src = self.sources.get(key)
            if src is None:
                raise ValueError("%s %r does not exist; user sources: %s"
                                 % (what, name, ", ".join(sorted(self.sources))))
            return src

    def authenticate(self, source, username, password):
        """The user if ``password`` is theirs, else None."""
        src = self.source(source, "authProfile")
        with self._lock:
            user = src["users"].get(username)
            if user is None or user.get("password") is None or user.get("password") != password:
                return None
            return user.copy()
