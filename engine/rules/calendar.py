"""Business calendar: Indonesian working days, office hours and time zones.

Pure logic: no database, no Flask, no work at import time (holidays are computed lazily,
per year, and cached). Every datetime going in must be timezone-aware (naive ones are
refused with ``ValueError``); every datetime coming out is in UTC.

Working days
------------
A day is a working day when its weekday has office hours (Monday to Friday by default)
and it is none of:

- a national holiday (hari libur nasional): PyPI ``holidays``, country ``ID``, category
  ``public``, names in Bahasa Indonesia ("Hari Raya Idul Fitri"; Islamic holidays of
  years the package has not confirmed carry "(perkiraan)");
- a cuti bersama day (collective leave decreed each year by the SKB of the Ministers of
  Religious Affairs, Manpower and PANRB): the same package has them as category
  ``government`` ("Cuti Bersama Hari Raya Idul Fitri"). With ``holidays`` 0.108 that is
  2002-2027, e.g. 2025: 28 Jan, 28 Mar, 2-4 and 7 Apr, 13 and 30 May, 9 Jun, 18 Aug,
  26 Dec; 2026: 16 Feb, 18, 20, 23 and 24 Mar, 15 and 28 May, 24 Dec (checked against the
  2026 SKB 3 Menteri no. 1497/2/5 of 2025). So no data module of Alur's own is needed.
  Cuti bersama decreed or changed after the installed package was released (and any
  other closure) are added by an admin as closures;
- a closure an admin added (the caller passes them in: dates, ``(date, reason)`` pairs,
  a ``{date: reason}`` mapping, or objects with ``day`` and ``reason`` attributes such as
  ``CalendarClosure`` rows).

Office hours (``engine.rules.office_hours``) are local to the unit's time zone; holidays and cuti
bersama come from ``engine.rules.holidays``.

Counting a duration (``add_duration``)
--------------------------------------
Parts are applied in this order: years and months, then weeks and days, then hours,
minutes and seconds.

1. Years and months are calendar arithmetic on the local date (31 Jan + P1M = 28/29 Feb,
   same local time), then rolled forward to the next working moment (the moment itself
   if within office hours, otherwise the next opening).
2. Weeks and days count working days; a week is as many working days as the office
   has open weekdays (5 by default, so ``P1W`` = ``P5D``).

   - Started *within* office hours (after the opening): due at the same local time
     N working days later. If that day closes earlier than that time, due at its closing
     (Friday 16:15 + P1D = Monday 16:00); if it opens later, at its opening.
   - Started *outside* office hours, or exactly at an opening: the N days are whole
     working days counted from the next opening, so due at the **closing of the N-th
     working day**, the day of that opening being the first (Saturday + P1D = Monday
     16:00; Monday 07:30 + P1D = Monday 16:00; Monday 17:00 + P1D = Tuesday 16:00).

   The closing of a working day and the opening of the next are the same moment in
   working time; Alur always picks the earlier wall-clock one, so the two rules meet
   without a jump and a step is late at the end of the day it was due, not the next
   morning.
3. Hours, minutes and seconds are working time inside office hours: started outside
   office hours they count from the next opening; what does not fit before closing
   goes on at the next opening (Monday 15:45 + PT30M = Tuesday 07:45). A deadline that
   uses up a day's working time exactly is due at that day's closing.

A zero duration returns the start unchanged. With ``calendar_days=True`` there is no
working-day logic at all: years, months, weeks and days are calendar arithmetic on the
local date (same local time), hours, minutes and seconds are elapsed time.

Working time left
-----------------
``working_time_between(start, end)`` is the working time (inside office hours, on working
days) between two instants, negative when ``end < start``. ``time_left(now, due)`` counts
it the way ``add_duration`` counts days (whole working days, then the rest) and
``describe_time_left`` says it in Bahasa Indonesia: "2 hari 3 jam", "45 menit",
"terlambat 1 jam".
"""
from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from datetime import timezone as _timezone
from types import MappingProxyType

from engine.rules.dates import weekday_names
from engine.rules.durations import (
    Duration,
    WorkingTimeLeft,
    describe_duration,
    format_time_left,
    format_working_time,
    parse_duration,
)
from engine.rules.holidays import cuti_bersama, national_holidays
from engine.rules.office_hours import DayHours, OfficeHours, parse_office_hours
from engine.rules.zones import ZONES, resolve_zone, zone_label, zone_name

__all__ = [
    "ZONES",
    "OfficeHours",
    "BusinessCalendar",
    "Duration",
    "WorkingTimeLeft",
    "parse_duration",
    "format_working_time",
    "format_time_left",
    "describe_duration",
    "zone_name",
    "zone_label",
    "parse_office_hours",
]

DEFAULT_CLOSURE_REASON = "Kantor tutup"

_UTC = _timezone.utc
_ONE_DAY = timedelta(days=1)
# Longest run of consecutive non-working days searched before giving up (a
# misconfiguration, e.g. closures covering years).
_MAX_CLOSED_RUN = 3660

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def _require_aware(moment: datetime, what: str = "moment") -> datetime:
    if not isinstance(moment, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got naive {moment.isoformat()}")
    return moment


def _require_date(day: date) -> date:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a date, not {type(day).__name__} ({day!r})")
    return day


def _normalise_closures(closures) -> dict[date, str]:
    if closures is None:
        return {}
    items = closures.items() if isinstance(closures, Mapping) else closures
    found: dict[date, str] = {}
    for item in items:
        if isinstance(item, date):
            day, reason = item, ""
        elif hasattr(item, "day") and hasattr(item, "reason") and not isinstance(item, (tuple, list)):
            day, reason = item.day, item.reason
        else:
            try:
                day, reason = item
            except (TypeError, ValueError):
                raise TypeError(
                    f"closure {item!r}: expected a date, a (date, reason) pair or an object with day and reason"
                ) from None
        _require_date(day)
        reason = (reason or "").strip() or DEFAULT_CLOSURE_REASON
        if day in found and reason not in found[day].split("; "):
            reason = f"{found[day]}; {reason}"
        found[day] = reason
    return found


def _add_months(local: datetime, months: int) -> datetime:
    total = local.month - 1 + months
    year = local.year + total // 12
    month = total % 12 + 1
    if not 1 <= year <= 9999:
        raise ValueError("durasi terlalu panjang: hasilnya di luar rentang tanggal")
    day = min(local.day, _calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


# ---------------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------------

class BusinessCalendar:
    """Working days and office hours of one organisation unit (see the module docstring)."""

    def __init__(
        self,
        timezone: str | tzinfo = "Asia/Jakarta",
        office_hours: OfficeHours | Mapping | None = None,
        closures=(),
        include_national_holidays: bool = True,
        include_cuti_bersama: bool = True,
    ):
        self.zone = resolve_zone(timezone)
        if office_hours is None:
            office_hours = OfficeHours()
        elif not isinstance(office_hours, OfficeHours):
            office_hours = OfficeHours.from_mapping(office_hours)
        self.office_hours = office_hours
        self.closures: Mapping[date, str] = MappingProxyType(_normalise_closures(closures))
        self.include_national_holidays = include_national_holidays
        self.include_cuti_bersama = include_cuti_bersama
        self._weekday_names = weekday_names()  # the reason a weekday is closed, looked up per day

    def __repr__(self) -> str:
        return (
            f"BusinessCalendar(timezone={str(self.zone)!r}, closures={len(self.closures)}, "
            f"national_holidays={self.include_national_holidays}, cuti_bersama={self.include_cuti_bersama})"
        )

    # -- days ------------------------------------------------------------------
    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day, or ``None`` when it is one.

        A national holiday's name, a cuti bersama's name ("Cuti Bersama ..."), a closure's
        reason, or the weekday ("Sabtu", "Minggu") when the office does not open on it,
        in that order of precedence.
        """
        _require_date(day)
        if self.include_national_holidays:
            name = national_holidays(day.year).get(day)
            if name:
                return name
        if self.include_cuti_bersama:
            name = cuti_bersama(day.year).get(day)
            if name:
                return name if name.lower().startswith("cuti bersama") else f"Cuti bersama: {name}"
        if day in self.closures:
            return self.closures[day]
        if self.office_hours.for_weekday(day.weekday()) is None:
            return self._weekday_names[day.weekday()]
        return None

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def non_working_days(self, first: date, last: date, *, weekends: bool = False) -> list[tuple[date, str]]:
        """Non-working days from ``first`` to ``last`` inclusive with their reasons;
        days closed only because of the weekday are left out unless ``weekends``."""
        _require_date(first)
        _require_date(last)
        found = []
        day = first
        while day <= last:
            reason = self.non_working_reason(day)
            if reason is not None and (weekends or reason != self._weekday_names[day.weekday()]):
                found.append((day, reason))
            day += _ONE_DAY
        return found

    def _hours(self, day: date) -> DayHours | None:
        """Local (opening, closing) on a working day, ``None`` on any other day."""
        if self.non_working_reason(day) is not None:
            return None
        return self.office_hours.for_weekday(day.weekday())

    def _at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.zone).astimezone(_UTC)

    def office_hours_on(self, day: date) -> tuple[datetime, datetime] | None:
        """Opening and closing of ``day`` in UTC, or ``None`` if it is not a working day."""
        hours = self._hours(_require_date(day))
        if hours is None:
            return None
        return self._at(day, hours[0]), self._at(day, hours[1])

    def _next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        for _ in range(_MAX_CLOSED_RUN):
            day += _ONE_DAY
            if self._hours(day) is not None:
                return day
        raise ValueError(f"tidak ada hari kerja dalam {_MAX_CLOSED_RUN} hari setelah {day.isoformat()}")

    def _working_days_from(self, day: date) -> Iterator[date]:
        """Working days from ``day`` (included if it is one) onwards."""
        if self._hours(day) is None:
            day = self._next_working_day(day)
        while True:
            yield day
            day = self._next_working_day(day)

    # -- moments ---------------------------------------------------------------
    def localize(self, moment: datetime) -> datetime:
        """A naive local wall-clock time in this unit's zone, as an aware UTC datetime."""
        if moment.tzinfo is not None:
            return moment.astimezone(_UTC)
        return moment.replace(tzinfo=self.zone).astimezone(_UTC)

    def to_local(self, moment: datetime) -> datetime:
        """``moment`` in this unit's zone (for display)."""
        return _require_aware(moment).astimezone(self.zone)

    def is_office_hours(self, moment: datetime) -> bool:
        local = _require_aware(moment).astimezone(self.zone)
        hours = self._hours(local.date())
        return hours is not None and hours[0] <= local.time() < hours[1]

    def next_opening(self, moment: datetime) -> datetime:
        """The first opening at or after ``moment`` (an opening, never a mid-day moment)."""
        local = _require_aware(moment).astimezone(self.zone)
        day = local.date()
        hours = self._hours(day)
        if hours is None or local.time() > hours[0]:
            day = self._next_working_day(day)
            hours = self._hours(day)
        return self._at(day, hours[0])

    def next_working_moment(self, moment: datetime) -> datetime:
        """``moment`` itself if within office hours, else the next opening (UTC)."""
        if self.is_office_hours(moment):
            return moment.astimezone(_UTC)
        return self.next_opening(moment)

    # -- arithmetic --------------------------------------------------------------
    def add_duration(self, start: datetime, duration: str | Duration, *, calendar_days: bool = False) -> datetime:
        """When a duration started at ``start`` ends (UTC). See the module docstring."""
        _require_aware(start, "start")
        if isinstance(duration, str):
            duration = parse_duration(duration)
        elif not isinstance(duration, Duration):
            raise TypeError(f"duration must be an ISO 8601 string or a Duration, not {type(duration).__name__}")
        try:
            if calendar_days:
                return self._add_calendar(start, duration)
            moment = start.astimezone(_UTC)
            if duration.years or duration.months:
                local = _add_months(moment.astimezone(self.zone), duration.years * 12 + duration.months)
                moment = self.next_working_moment(local)
            days = duration.weeks * len(self.office_hours.open_weekdays) + duration.days
            if days:
                moment = self.add_working_days(moment, days)
            if duration.time_part:
                moment = self.add_working_time(moment, duration.time_part)
            return moment
        except OverflowError:
            raise ValueError(f"durasi {duration} terlalu panjang: hasilnya di luar rentang tanggal") from None

    def _add_calendar(self, start: datetime, duration: Duration) -> datetime:
        local = start.astimezone(self.zone)
        if duration.years or duration.months:
            local = _add_months(local, duration.years * 12 + duration.months)
        local = local + timedelta(days=duration.weeks * 7 + duration.days)  # wall clock: same local time
        return local.astimezone(_UTC) + duration.time_part  # elapsed time

    def _day_deadlines(self, start: datetime) -> Iterator[datetime]:
        """Deadlines of P1D, P2D, ... started at ``start`` (the day rule, in UTC)."""
        local = start.astimezone(self.zone)
        day, clock = local.date(), local.time()
        hours = self._hours(day)
        if hours is not None and hours[0] < clock < hours[1]:
            while True:
                day = self._next_working_day(day)
                opening, closing = self._hours(day)
                yield self._at(day, min(max(clock, opening), closing))
        if hours is None or clock > hours[0]:
            day = self._next_working_day(day)
        for day in self._working_days_from(day):
            yield self._at(day, self._hours(day)[1])

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """``start`` plus ``days`` working days (the day rule of the module docstring)."""
        _require_aware(start, "start")
        if days < 0:
            raise ValueError("jumlah hari kerja tidak boleh negatif")
        if days == 0:
            return start.astimezone(_UTC)
        for count, deadline in enumerate(self._day_deadlines(start), start=1):
            if count == days:
                return deadline
        raise AssertionError("unreachable")

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """``start`` plus ``amount`` of working time inside office hours (UTC)."""
        _require_aware(start, "start")
        if amount < timedelta(0):
            raise ValueError("waktu kerja tidak boleh negatif")
        current = start.astimezone(_UTC)
        if not amount:
            return current
        remaining = amount
        for day in self._working_days_from(current.astimezone(self.zone).date()):
            opening, closing = self._hours(day)
            opening_at, closing_at = self._at(day, opening), self._at(day, closing)
            if closing_at <= current:
                continue
            begin = max(current, opening_at)
            available = closing_at - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise AssertionError("unreachable")

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time inside office hours from ``start`` to ``end``; negative if ``end < start``."""
        start = _require_aware(start, "start").astimezone(_UTC)
        end = _require_aware(end, "end").astimezone(_UTC)
        if end < start:
            return -self.working_time_between(end, start)
        total = timedelta(0)
        day = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            hours = self._hours(day)
            if hours is not None:
                begin = max(start, self._at(day, hours[0]))
                finish = min(end, self._at(day, hours[1]))
                if finish > begin:
                    total += finish - begin
            day += _ONE_DAY
        return total

    def time_left(self, now: datetime, due: datetime) -> WorkingTimeLeft:
        """Working time from ``now`` until ``due`` (or since, when late), as whole working
        days counted like ``add_duration`` counts them plus the working time that remains."""
        now = _require_aware(now, "now").astimezone(_UTC)
        due = _require_aware(due, "due").astimezone(_UTC)
        late = due < now
        first, last = (due, now) if late else (now, due)
        days, base = 0, first
        for deadline in self._day_deadlines(first):
            if deadline > last:
                break
            days, base = days + 1, deadline
        return WorkingTimeLeft(days=days, rest=self.working_time_between(base, last), late=late)

    def describe_time_left(self, now: datetime, due: datetime) -> str:
        """``time_left`` in Bahasa Indonesia: "2 hari 3 jam", "45 menit", "terlambat 1 jam"."""
        return format_time_left(self.time_left(now, due))
