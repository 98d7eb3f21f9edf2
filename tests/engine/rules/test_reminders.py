"""engine.rules.reminders: when a reminder before a deadline falls (the calendar counts)."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from engine.rules.calendar import BusinessCalendar
from engine.rules.reminders import reminder_moment, reminder_time

WIB = ZoneInfo("Asia/Jakarta")


def wib(*args):
    return datetime(*args, tzinfo=WIB)


def test_a_monday_deadline_is_reminded_on_friday_at_closing():
    calendar = BusinessCalendar(timezone="WIB", include_national_holidays=False, include_cuti_bersama=False)
    assert reminder_time(calendar, wib(2026, 1, 12, 16, 0), "P1D") == wib(2026, 1, 9, 16, 30)
    assert reminder_time(calendar, wib(2026, 1, 13, 12, 0), "PT2H") == wib(2026, 1, 13, 10, 0)


def test_reminder_moment_only_when_the_step_has_more_than_the_lead():
    calendar = BusinessCalendar(timezone="WIB", include_national_holidays=False, include_cuti_bersama=False)
    created = wib(2026, 1, 12, 8, 0)
    assert reminder_moment(calendar, created, wib(2026, 1, 14, 16, 0), "P1D") == wib(2026, 1, 13, 16, 0)
    assert reminder_moment(calendar, created, wib(2026, 1, 13, 8, 0), "P1D") is None
    assert reminder_moment(calendar, created, wib(2026, 1, 12, 9, 0), "PT2H") is None
