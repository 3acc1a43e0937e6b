"""system.user schedules and holidays: add/edit/remove, composites, adjustments, evaluation."""
from __future__ import absolute_import, division, print_function

import pytest

USERS = {"userSources": {"default": {
    "roles": ["Operator"],
    "users": [{"username": "ada", "roles": ["Operator"]},
              {"username": "otto", "roles": ["Operator"], "schedule": "Always"}]}}}


def _at(system, y, mo, d, h, mi=0):
    return system.date.setTime(system.date.getDate(y, mo, d), h, mi, 0)


def _day_shift(name="Day"):
    from com.inductiveautomation.ignition.common.user.schedule import BasicScheduleModel
    s = BasicScheduleModel()
    s.setName(name)
    s.setWeekDays(True)
    s.setWeekDayTime("8:00-12:00, 13:00-17:00")
    s.setObserveHolidays(True)
    return s


@pytest.mark.gateway_config(USERS)
def test_always_is_built_in(system):
    assert system.user.getScheduleNames() == ["Always"]
    always = system.user.getSchedule("Always")
    assert always.getType() == "basic schedule" and always.isAllDays()
    assert system.user.getSchedule("Nope") is None
    assert [s.getName() for s in system.user.getSchedules()] == ["Always"]
    sunday_night = _at(system, 2026, 0, 4, 3)          # 2026-01-04 is a Sunday
    assert system.user.isUserScheduled(system.user.getUser("", "ada"), sunday_night)


@pytest.mark.gateway_config(USERS)
def test_basic_schedule_drives_is_user_scheduled(system):
    resp = system.user.addSchedule(_day_shift())
    assert resp.getErrors() == [] and resp.getInfos()
    assert system.user.addSchedule(_day_shift()).getErrors() == [
        "A schedule named 'Day' already exists."]
    ada = system.user.getUser("default", "ada")
    ada.set("schedule", "Day")
    assert system.user.editUser("default", ada).getErrors() == []
    ada = system.user.getUser("default", "ada")
    monday_9, monday_12_30 = _at(system, 2026, 0, 5, 9), _at(system, 2026, 0, 5, 12, 30)
    saturday_9 = _at(system, 2026, 0, 10, 9)
    assert system.user.isUserScheduled(ada, monday_9) is True
    assert system.user.isUserScheduled(ada, monday_12_30) is False
    assert system.user.isUserScheduled(ada, saturday_9) is False
    assert [u.get("username") for u in system.user.getScheduledUsers("default", monday_12_30)] \
        == ["otto"]

    # the store keeps its own copy: editing the returned model changes nothing until saved
    day = system.user.getSchedule("Day")
    day.setSaturday(True)
    day.setSaturdayTime("9:00-10:00")
    assert system.user.isUserScheduled(ada, saturday_9) is False
    assert system.user.editSchedule("Day", day).getErrors() == []
    assert system.user.isUserScheduled(ada, saturday_9) is True

    # renaming carries the users along; a used schedule cannot be removed
    day.setName("Shift")
    assert system.user.editSchedule("Day", day).getErrors() == []
    assert system.user.getUser("default", "ada").get("schedule") == "Shift"
    err = system.user.removeSchedule("Shift").getErrors()
    assert err == ["Schedule 'Shift' is in use by user default/ada; give them another "
                   "schedule first."]
    assert "does not exist; schedules: Always, Shift" in system.user.removeSchedule(
        "Day").getErrors()[0]


@pytest.mark.gateway_config(USERS)
def test_bad_schedules_are_refused(system):
    bad = _day_shift("Bad")
    bad.setMondayTime("17:00-8:00")
    err = system.user.addSchedule(bad).getErrors()
    assert err and "mondayTime" in err[0] and "start must be before the end" in err[0]
    bad.setMondayTime("9-5")
    assert "not a range like" in system.user.addSchedule(bad).getErrors()[0]
    assert system.user.getScheduleNames() == ["Always"]
    with pytest.raises(TypeError) as info:
        system.user.addSchedule("Day")
    assert "schedule must be a AbstractScheduleModel" in str(info.value)
    err = system.user.addCompositeSchedule("Both", "Always", "Ghost").getErrors()
    assert err == ["Composite schedule 'Both' refers to unknown schedule(s) Ghost; "
                   "schedules: Always"]


@pytest.mark.gateway_config(USERS)
def test_composite_holidays_and_adjustments(system):
    from com.inductiveautomation.ignition.common.user.schedule import (BasicScheduleModel,
                                                                        HolidayModel)
    assert system.user.addSchedule(_day_shift()).getErrors() == []
    night = BasicScheduleModel("Night")
    night.setWeekDays(True)
    night.setWeekDayTime("20:00-24:00")
    assert system.user.addSchedule(night).getErrors() == []
    assert system.user.addCompositeSchedule("Both", "Day", "Night", "day and night") \
        .getErrors() == []
    both = system.user.getSchedule("Both")
    assert both.getType() == "composite schedule" and both.getDescription() == "day and night"
    otto = system.user.getUser("default", "otto")
    otto.set("schedule", "Both")
    assert system.user.editUser("default", otto).getErrors() == []
    otto = system.user.getUser("default", "otto")
    assert system.user.isUserScheduled(otto, _at(system, 2026, 0, 6, 21))
    assert system.user.isUserScheduled(otto, _at(system, 2026, 0, 6, 10))
    assert not system.user.isUserScheduled(otto, _at(system, 2026, 0, 6, 18))
    assert "composite schedule Both" in system.user.removeSchedule("Night").getErrors()[0]

    # a holiday switches off schedules observing holidays (Day), not the others (Night)
    xmas = HolidayModel("Christmas", system.date.getDate(2020, 11, 25), True)
    assert system.user.addHoliday(xmas).getErrors() == []
    assert system.user.addHoliday(xmas).getErrors() == [
        "A holiday named 'Christmas' already exists."]
    assert system.user.getHolidayNames() == ["Christmas"]
    assert system.user.getHoliday("Christmas").isRepeatAnnually()
    xmas_2026 = _at(system, 2026, 11, 25, 10)                # a Friday
    assert not system.user.isUserScheduled(otto, xmas_2026)
    assert system.user.isUserScheduled(otto, _at(system, 2026, 11, 25, 21))
    moved = system.user.getHoliday("Christmas")
    moved.setRepeatAnnually(False)
    moved.setName("Xmas 2020")
    assert system.user.editHoliday("Christmas", moved).getErrors() == []
    assert [h.getName() for h in system.user.getHolidays()] == ["Xmas 2020"]
    assert system.user.isUserScheduled(otto, xmas_2026)
    assert system.user.removeHoliday("Xmas 2020").getErrors() == []
    assert system.user.removeHoliday("Xmas 2020").getErrors() == [
        "Holiday 'Xmas 2020' does not exist; holidays: none"]
    assert "needs a date" in system.user.addHoliday(HolidayModel("Undated")).getErrors()[0]

    # an adjustment covering the date decides before the schedule
    start, end = _at(system, 2026, 0, 6, 0), _at(system, 2026, 0, 7, 0)
    adj = system.user.createScheduleAdjustment(start, end, False, "dentist")
    assert adj.getNote() == "dentist" and adj.isAvailable() is False
    otto.addScheduleAdjustments([adj])
    assert system.user.editUser("default", otto).getErrors() == []
    otto = system.user.getUser("default", "otto")
    assert len(otto.getScheduleAdjustments()) == 1
    assert not system.user.isUserScheduled(otto, _at(system, 2026, 0, 6, 10))
    assert system.user.isUserScheduled(otto, _at(system, 2026, 0, 7, 10))
    from gateway_sim.jvm import IllegalArgumentException
    with pytest.raises(IllegalArgumentException) as info:
        system.user.createScheduleAdjustment(end, start, True, "")
    assert "endDate is before startDate" in str(info.value)
    with pytest.raises(TypeError) as info:
        system.user.createScheduleAdjustment("2026-01-01", end, True, "")
    assert "startDate must be a java.util.Date" in str(info.value)
