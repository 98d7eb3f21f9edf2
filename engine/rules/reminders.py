"""When a reminder before a deadline falls, counted in the business calendar.

Pure: the calendar (:class:`engine.rules.calendar.BusinessCalendar`) does the counting;
:mod:`engine.notify.notifications` asks :func:`reminder_moment` and sends.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from engine.rules.durations import Duration, parse_duration

__all__ = ["reminder_moment", "reminder_time"]


def reminder_time(calendar, due: datetime, lead) -> datetime:
    """The moment a reminder ``lead`` (working time, e.g. ``P1D``) before ``due`` is sent.

    It is the latest moment from which ``lead`` counted in the business calendar still
    ends at or before ``due`` (the exact inverse of ``BusinessCalendar.add_duration``), and
    of two wall-clock moments that are the same working-time moment (a day's closing and
    the next working day's opening) the earlier: a step due Monday 16:00 is reminded on
    the Friday before at closing time, not on Monday morning.
    """
    due = due.astimezone(timezone.utc).replace(microsecond=0)
    text, lead = lead, parse_duration(lead) if isinstance(lead, str) else lead  # parsed once, not per probe
    span = timedelta(days=7)
    lo = due - span
    while calendar.add_duration(lo, lead) > due:
        span *= 2
        if span > timedelta(days=4000):
            raise ValueError(f"tidak dapat menghitung waktu pengingat {text} sebelum {due.isoformat()}")
        lo = due - span
    hi = due
    if calendar.add_duration(hi, lead) <= due:  # a zero lead
        return due
    # Invariant: add(lo) <= due < add(hi); bisect to the second.
    while (hi - lo) > timedelta(seconds=1):
        mid = lo + timedelta(seconds=int((hi - lo).total_seconds()) // 2)
        if calendar.add_duration(mid, lead) <= due:
            lo = mid
        else:
            hi = mid
    local = calendar.to_local(lo)
    hours = calendar.office_hours_on(local.date())
    if hours is not None and hours[0] == lo:
        # An opening is the previous working day's closing in working time.
        day = local.date() - timedelta(days=1)
        for _ in range(3660):
            previous = calendar.office_hours_on(day)
            if previous is not None:
                return previous[1]
            day -= timedelta(days=1)
    return lo


def reminder_moment(calendar, created: datetime, due: datetime, lead: str | Duration) -> datetime | None:
    """When to remind about a step created at ``created`` and due at ``due``, ``lead``
    (working time, e.g. ``P1D``) before it in ``calendar``; ``None`` when the lead is not
    shorter than the time the step has (a reminder at creation would only repeat what the
    inbox shows). ``ValueError`` when ``lead`` is not a duration or no moment is found.
    """
    lead = parse_duration(lead) if isinstance(lead, str) else lead
    if calendar.add_duration(created, lead) >= due:
        # The step has no more than the lead: the reminder would fall at or before its
        # creation (add_duration never decreases), so there is none; no search needed.
        return None
    moment = reminder_time(calendar, due, lead)
    return moment if moment > created else None
