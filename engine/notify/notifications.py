"""Dates in words for notifications, and when to remind before a deadline.

(The notification rules live in ``engine.notify.recipients``, e-mail in ``engine.notify.mailer``,
the in-app list in ``engine.notify.inbox``.)
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from engine.notify.mailer import notifier_of
from engine.rules.durations import parse_duration

log = logging.getLogger("alur.notifications")

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

def format_moment(rt, moment: datetime, unit_id: int | None = None) -> str:
    """``moment`` in words, in the time zone of ``unit_id`` (None: the installation's):
    "Senin, 5 Januari 2026, 16.00 WITA"."""
    local = rt.calendar(unit_id=unit_id).to_local(moment)
    zone = ZONE_NAMES.get(getattr(local.tzinfo, "key", ""), local.strftime("%Z"))
    return f"{DAYS[local.weekday()]}, {local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H.%M} {zone}".strip()


# -- when to remind --------------------------------------------------------

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


def reminder_due(rt, created: datetime, due: datetime | None, unit_id: int | None = None) -> datetime | None:
    """When to remind about a step created at ``created`` and due at ``due``, counted in the
    calendar of the case's unit (``unit_id``; None: the installation's); ``None`` when
    reminders are off, the step has no deadline, or the lead is not shorter than the time
    the step has (a reminder at creation would only repeat what the inbox shows)."""
    lead = notifier_of(rt).reminder_before
    if not lead or due is None:
        return None
    try:
        calendar = rt.calendar(unit_id=unit_id)
        lead = parse_duration(lead)
        if calendar.add_duration(created, lead) >= due:
            # The step has no more than the lead: the reminder would fall at or before its
            # creation (add_duration never decreases), so there is none; no search needed.
            return None
        moment = reminder_time(calendar, due, lead)
    except ValueError as exc:
        log.warning("no reminder for a step due %s: %s", due.isoformat(), exc)
        return None
    return moment if moment > created else None
