"""Moments in words for notifications, and when to remind before a deadline, in the calendar
of the case's unit. The formatting is :mod:`engine.rules.dates` (Babel), the arithmetic
:mod:`engine.rules.reminders`; this module only picks the unit's calendar and the
installation's reminder lead.

(The notification rules live in ``engine.notify.recipients``, e-mail in ``engine.notify.mailer``,
the in-app list in ``engine.notify.inbox``.)
"""
from __future__ import annotations

import logging
from datetime import datetime

from engine.notify.mailer import notifier_of
from engine.rules import dates
from engine.rules.reminders import reminder_moment

log = logging.getLogger("alur.notifications")


def format_moment(rt, moment: datetime, unit_id: int | None = None) -> str:
    """``moment`` in words, in the time zone of ``unit_id`` (None: the installation's):
    "Senin, 5 Januari 2026, 16.00 WITA" (:func:`engine.rules.dates.format_moment`)."""
    return dates.format_moment(rt.calendar(unit_id=unit_id).to_local(moment))


def reminder_due(rt, created: datetime, due: datetime | None, unit_id: int | None = None) -> datetime | None:
    """When to remind about a step created at ``created`` and due at ``due``, counted in the
    calendar of the case's unit (``unit_id``; None: the installation's) with the installation's
    lead (``Notifier.reminder_before``); ``None`` when reminders are off or there is no
    reminder (:func:`engine.rules.reminders.reminder_moment` says when)."""
    lead = notifier_of(rt).reminder_before
    if not lead or due is None:
        return None
    try:
        return reminder_moment(rt.calendar(unit_id=unit_id), created, due, lead)
    except ValueError as exc:
        log.warning("no reminder for a step due %s: %s", due.isoformat(), exc)
        return None
