"""Local-time arithmetic shared by ``java.util.Date``, ``SimpleDateFormat`` and
``system.date`` (pure Python, also used on Jython).

The gateway's time zone is the process's local zone (``TZ`` is honoured; call
``refresh_tz()`` after changing it). Everything works on epoch milliseconds.
May import: the standard library only.
"""
from __future__ import absolute_import, division, print_function

import calendar
import os
import time

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def refresh_tz():
    """Re-read ``TZ`` from the environment (CPython; no-op where unsupported)."""
    if hasattr(time, "tzset"):
        time.tzset()


def fields(ms):
    """``time.struct_time`` of local time for epoch ``ms`` (floor seconds)."""
    return time.localtime(ms // 1000)


def offset_seconds(ms):
    """Local UTC offset in seconds at epoch ``ms`` (DST included)."""
    secs = ms // 1000
    lt = time.localtime(secs)
    return calendar.timegm(lt) - secs


def raw_offset_seconds():
    """Standard (non-DST) offset in seconds."""
    return -time.timezone


def tz_abbrev(ms):
    """Short zone name at ``ms`` (``UTC``, ``CET``, ``EDT``)."""
    lt = time.localtime(ms // 1000)
    name = getattr(lt, "tm_zone", None)
    if not name:
        names = time.tzname
        name = names[1] if lt.tm_isdst > 0 and len(names) > 1 else names[0]
    return name or "UTC"


def tz_id():
    """Zone id like Java's ``TimeZone.getDefault().getID()``."""
    tz = os.environ.get("TZ")
    if tz:
        return tz.lstrip(":")
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            return link.split("zoneinfo/", 1)[1]
    except (OSError, AttributeError):
        pass
    try:
        with open("/etc/timezone") as f:
            name = f.read().strip()
            if name:
                return name
    except (IOError, OSError):
        pass
    return tz_abbrev(int(time.time() * 1000))


def is_dst(ms):
    return time.localtime(ms // 1000).tm_isdst > 0


def make_ms(year, month1, day, hour=0, minute=0, second=0, millis=0):
    """Epoch ms of a local wall time; fields may overflow (lenient, like Calendar).

    Overflow is folded into the calendar here because Jython's ``time.mktime``
    rejects out-of-range fields (CPython's would normalise them)."""
    extra_s, millis = divmod(int(millis), 1000)
    total = ((int(hour) * 60) + int(minute)) * 60 + int(second) + extra_s
    extra_days, rem = divmod(total, 86400)
    y = year + (month1 - 1) // 12
    m = (month1 - 1) % 12 + 1
    days = days_from_civil(y, m, 1) + (int(day) - 1) + extra_days
    dy, dm, dd = civil_from_days(days)
    hh, rem = divmod(rem, 3600)
    mm, ss = divmod(rem, 60)
    secs = time.mktime((dy, dm, dd, hh, mm, ss, 0, 0, -1))
    return int(secs) * 1000 + millis


def days_from_civil(year, month1, day):
    """Days since 1970-01-01 of a proleptic Gregorian date, for any year (``datetime``
    stops at years 1..9999; a Java Date does not)."""
    y = year - 1 if month1 <= 2 else year
    era = y // 400
    yoe = y - era * 400
    mp = (month1 + 9) % 12  # March = 0
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days):
    """``(year, month1, day)`` of ``days`` since 1970-01-01 (inverse of days_from_civil)."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (1 if m <= 2 else 0), m, d


def days_in_month(year, month1):
    if month1 == 2:
        return 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28
    return 30 if month1 in (4, 6, 9, 11) else 31


def java_to_string(ms):
    """``java.util.Date.toString()``: ``EEE MMM dd HH:mm:ss zzz yyyy``."""
    lt = fields(ms)
    return "%s %s %02d %02d:%02d:%02d %s %d" % (
        DAY_NAMES[lt.tm_wday][:3], MONTH_NAMES[lt.tm_mon - 1][:3], lt.tm_mday,
        lt.tm_hour, lt.tm_min, lt.tm_sec, tz_abbrev(ms), lt.tm_year)
