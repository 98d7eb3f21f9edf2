"""Closures: days an admin closes the office on top of national holidays and cuti bersama
(a cuti bersama decreed after the installed ``holidays`` package, an office closure).

Closures are stored in ``calendar_closures`` (a date, a reason and a unit) and change the
business calendar every deadline is counted in. A closure without a unit closes every
organisation unit; a closure with a unit (a regional holiday, a local office closure) only
that unit (see :mod:`engine.units`). A day is closed at most once for every unit and at most
once per unit; a unit's closure on a day already closed for every unit is refused as
redundant. After a change the runtime's calendar is rebuilt
(``Runtime.invalidate_calendar``); other processes see it within ``CALENDAR_TTL``.

Deadlines already computed are not recomputed by the closure itself: the due time of a step
that is already waiting (and of its pending timer and reminder) is the one its holders were
shown when the step arrived. :func:`open_tasks_due_from` tells the admin how many open steps
fall due on or after the day, and ``engine.recount.recount_deadlines`` counts their deadlines
again in the changed calendar when the admin asks for it (the admin page offers it after
every change; ``alur calendar recount DATE``). Files of closures: ``engine.org.closure_import``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select

from engine.access import check_admin
from engine.cases.queries import steps_due_from
from engine.errors import Conflict, NotFound, Problem, ProblemsError
from engine.records import Actor
from engine.rules.dates import weekday_name
from engine.rules.holidays import cuti_bersama, national_holidays
from engine.runtime import Runtime
from engine.store.models import CalendarClosure, OrgUnit
from engine.store.writes import save_event

MAX_REASON = 300
FIRST_YEAR, LAST_YEAR = 2000, 2100
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CHANGE_CALENDAR = "mengubah kalender kerja"  # what only an admin may do (engine.access)

KIND_LABELS = {"national": "Libur nasional", "cuti_bersama": "Cuti bersama", "closure": "Penutupan kantor",
               "unit_closure": "Penutupan unit"}


class _AnyUnit:
    def __repr__(self) -> str:
        return "ANY_UNIT"


ANY_UNIT = _AnyUnit()  # list_closures / non_working_days: the closures of every unit


@dataclass(frozen=True)
class ClosureInfo:
    day: date
    reason: str
    created_by: str
    unit_id: int | None = None  # None: every unit is closed
    unit_code: str | None = None
    unit_name: str | None = None

    @property
    def applies_to(self) -> str:
        """"semua unit" or the unit's name, for pages and listings."""
        if self.unit_id is None:
            return "semua unit"
        return self.unit_name or self.unit_code or f"unit {self.unit_id}"


@dataclass(frozen=True)
class NonWorkingDay:
    """A non-working day other than a plain weekend, with every reason it is one."""

    day: date
    reason: str  # what the calendar says (highest precedence)
    kinds: tuple[str, ...]  # national / cuti_bersama / closure / unit_closure
    closures: tuple[ClosureInfo, ...] = ()  # the closures on the day (for every unit first)

    @property
    def closure(self) -> ClosureInfo | None:
        """The closure for every unit on the day, else the first unit's closure."""
        return self.closures[0] if self.closures else None

    @property
    def weekday(self) -> str:
        return weekday_name(self.day.weekday())

    @property
    def labels(self) -> list[str]:
        return [KIND_LABELS[k] for k in self.kinds]


def parse_day(value, *, field_name: str = "day") -> date:
    """``YYYY-MM-DD`` (or a date) within FIRST_YEAR..LAST_YEAR; ValueError otherwise."""
    if isinstance(value, date):
        day = value
    else:
        text = str(value or "").strip()
        if not DATE_RE.match(text):
            raise ValueError(f"tanggal '{text}' tidak sah; tulis YYYY-MM-DD, misalnya 2026-03-16")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"tanggal '{text}' tidak ada di kalender") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"tahun {day.year} di luar rentang {FIRST_YEAR}-{LAST_YEAR}")
    return day


def clean_reason(value) -> str:
    reason = " ".join(str(value or "").split())
    if not reason:
        raise ValueError("keterangan kosong; tulis alasan penutupan")
    if len(reason) > MAX_REASON:
        raise ValueError(f"keterangan lebih dari {MAX_REASON} karakter")
    return reason


def _info(row: CalendarClosure, unit: OrgUnit | None = None) -> ClosureInfo:
    return ClosureInfo(row.day, row.reason, row.created_by, row.unit_id,
                       unit.code if unit is not None else None, unit.name if unit is not None else None)


def calendar_changed(rt: Runtime) -> None:
    rt.invalidate_calendar()
    rt.notify_timers_changed()


def unit_row(session, unit) -> OrgUnit | None:
    """The unit a closure is for: None (every unit), an id or a code; NotFound otherwise."""
    if unit is None or unit == "":
        return None
    from engine.org.units import _require

    return _require(session, unit)


def find_closure(session, day: date, unit_id: int | None) -> CalendarClosure | None:
    query = select(CalendarClosure).where(CalendarClosure.day == day)
    query = query.where(CalendarClosure.unit_id.is_(None) if unit_id is None else CalendarClosure.unit_id == unit_id)
    return session.scalars(query).first()


def _where(unit) -> str:
    return "" if unit is None else f" untuk unit {unit.code}"


def _event_data(day: date, reason: str, unit: OrgUnit | None) -> dict:
    data = {"day": day.isoformat(), "reason": reason}
    if unit is not None:
        data.update(unit_id=unit.id, unit=unit.code)
    return data


# -- verbs -----------------------------------------------------------------

def add_closure(rt: Runtime, actor: Actor, day, reason: str, unit=None) -> ClosureInfo:
    """Close ``day`` for every unit (``unit=None``) or for one unit (its id or code).
    A day already closed for the same units is a Conflict."""
    check_admin(actor, CHANGE_CALENDAR)
    problems = []
    try:
        day = parse_day(day)
    except ValueError as exc:
        problems.append(Problem(str(exc), field="day"))
    try:
        reason = clean_reason(reason)
    except ValueError as exc:
        problems.append(Problem(str(exc), field="reason"))
    if problems:
        raise ProblemsError("Penutupan tidak dapat disimpan", problems)
    with rt.write() as session:
        row_unit = unit_row(session, unit)
        unit_id = row_unit.id if row_unit is not None else None
        if find_closure(session, day, unit_id) is not None:
            raise Conflict(f"Tanggal {day.isoformat()} sudah ditutup{_where(row_unit)}")
        if unit_id is not None and find_closure(session, day, None) is not None:
            raise Conflict(f"Tanggal {day.isoformat()} sudah ditutup untuk semua unit")
        row = CalendarClosure(day=day, reason=reason, created_by=actor.username, unit_id=unit_id)
        session.add(row)
        save_event(session, "closure_added", actor=actor.username, now=rt.now(),
                   data=_event_data(day, reason, row_unit))
        session.flush()
        info = _info(row, row_unit)
    calendar_changed(rt)
    return info


def remove_closure(rt: Runtime, actor: Actor, day, unit=None) -> ClosureInfo:
    """Remove the closure of ``day`` for every unit (``unit=None``) or for one unit."""
    check_admin(actor, CHANGE_CALENDAR)
    try:
        day = parse_day(day)
    except ValueError as exc:
        raise ProblemsError("Tanggal tidak sah", [Problem(str(exc), field="day")]) from None
    with rt.write() as session:
        row_unit = unit_row(session, unit)
        row = find_closure(session, day, row_unit.id if row_unit is not None else None)
        if row is None:
            raise NotFound(f"Tidak ada penutupan pada {day.isoformat()}{_where(row_unit)}")
        info = _info(row, row_unit)
        session.delete(row)
        save_event(session, "closure_removed", actor=actor.username, now=rt.now(),
                   data=_event_data(day, info.reason, row_unit))
    calendar_changed(rt)
    return info


def get_closure(rt: Runtime, day, unit=None) -> ClosureInfo | None:
    """The closure of ``day`` for every unit (``unit=None``) or for one unit, if there is one."""
    day = parse_day(day)
    with rt.read() as session:
        row_unit = unit_row(session, unit)
        row = find_closure(session, day, row_unit.id if row_unit is not None else None)
        return _info(row, row_unit) if row is not None else None


def list_closures(rt: Runtime, year: int | None = None, *, unit=ANY_UNIT) -> list[ClosureInfo]:
    """Closures by date (those for every unit first on a day).

    ``unit=ANY_UNIT`` (default): every closure, of every unit; ``unit=None``: the closures
    for every unit only; a unit's id or code: the closures that apply to it (for every unit
    and its own)."""
    with rt.read() as session:
        query = (select(CalendarClosure, OrgUnit).outerjoin(OrgUnit, OrgUnit.id == CalendarClosure.unit_id)
                 .order_by(CalendarClosure.day, CalendarClosure.unit_id.is_not(None), OrgUnit.code))
        if unit is None:
            query = query.where(CalendarClosure.unit_id.is_(None))
        elif unit is not ANY_UNIT:
            row_unit = unit_row(session, unit)
            query = query.where((CalendarClosure.unit_id.is_(None)) | (CalendarClosure.unit_id == row_unit.id))
        if year is not None:
            query = query.where(CalendarClosure.day >= date(year, 1, 1), CalendarClosure.day <= date(year, 12, 31))
        return [_info(row, row_unit) for row, row_unit in session.execute(query)]


def non_working_days(rt: Runtime, year: int, unit=None) -> list[NonWorkingDay]:
    """The year's national holidays, cuti bersama and closures (weekends left out), as the
    business calendar of ``unit`` counts them (``None``: the installation default, with
    the closures for every unit). ``unit=ANY_UNIT``: the installation default's days plus
    the days closed for single units, each with its closures, for an overview."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if unit is None or unit is ANY_UNIT:
        unit_id = None
    else:
        from engine.org.units import get_unit

        unit_id = get_unit(rt, unit).id
    by_day: dict[date, list[ClosureInfo]] = {}
    listing = list_closures(rt, year, unit=ANY_UNIT if unit is ANY_UNIT else (unit_id if unit_id else None))
    for info in listing:
        by_day.setdefault(info.day, []).append(info)
    calendar = rt.calendar(unit_id=unit_id)
    reasons = dict(calendar.non_working_days(first, last))
    national, collective = national_holidays(year), cuti_bersama(year)
    days = []
    for day in sorted(set(reasons) | set(by_day)):
        here = tuple(by_day.get(day, ()))
        kinds = tuple(k for k, present in (
            ("national", day in national), ("cuti_bersama", day in collective),
            ("closure", any(c.unit_id is None for c in here)),
            ("unit_closure", any(c.unit_id is not None for c in here))) if present)
        reason = reasons.get(day) or (here[0].reason if here else "")
        days.append(NonWorkingDay(day, reason, kinds, here))
    return days


def open_tasks_due_from(rt: Runtime, day: date, unit=None) -> int:
    """Open steps due on or after ``day`` (a closure does not recount them by itself):
    of every case (``unit=None``) or of the unit's cases."""
    unit_id = None
    if unit is not None:
        from engine.org.units import get_unit

        unit_id = get_unit(rt, unit).id
    start = rt.calendar(unit_id=unit_id).localize(datetime.combine(day, time()))
    with rt.read() as session:
        return session.scalar(steps_due_from(start, unit_id, func.count())) or 0
