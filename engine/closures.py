"""Closures: days an admin closes the office on top of national holidays and cuti bersama
(a cuti bersama decreed after the installed ``holidays`` package, an office closure).

Closures are stored in ``calendar_closures`` (a date and a reason) and change the business
calendar every deadline is counted in. After a change the runtime's calendar is rebuilt
(``Runtime.invalidate_calendar``); other processes see it within ``CALENDAR_TTL``.

Judgement call: deadlines already computed are **not** recomputed. The due time of a step
that is already waiting (and of its pending timer and reminder) is the one its holders were
shown when the step arrived; a closure counts for steps that arrive after it was added.
:func:`open_tasks_due_from` tells the admin how many open steps fall due on or after a
closed day, so they can be handled by hand if needed.

Imports (:func:`import_closures`) take CSV (``YYYY-MM-DD,reason`` per line; blank lines,
``#`` comments and a ``tanggal,keterangan`` header are allowed; quote a reason that contains
a comma) or a JSON list (``[{"date": "2026-03-16", "reason": "..."}]`` or
``[["2026-03-16", "..."]]``). Every problem is reported with its line (CSV) or item
(JSON) and nothing is imported unless the whole file is valid. A day already closed
gets the reason from the file.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import func, select

from .audit import record_event
from .calendar import WEEKDAY_NAMES, cuti_bersama, national_holidays
from .errors import Conflict, NotAllowed, NotFound, Problem, ProblemsError
from .models import CalendarClosure, HumanTask
from .records import Actor
from .runtime import Runtime

MAX_REASON = 300
MAX_FILE_BYTES = 1024 * 1024
MAX_ROWS = 5000
FIRST_YEAR, LAST_YEAR = 2000, 2100
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HEADER_WORDS = {"tanggal", "date", "day", "hari"}

KIND_LABELS = {"national": "Libur nasional", "cuti_bersama": "Cuti bersama", "closure": "Penutupan kantor"}


@dataclass(frozen=True)
class ClosureInfo:
    day: date
    reason: str
    created_by: str


@dataclass(frozen=True)
class NonWorkingDay:
    """A non-working day other than a plain weekend, with every reason it is one."""

    day: date
    reason: str  # what the calendar says (highest precedence)
    kinds: tuple[str, ...]  # national / cuti_bersama / closure
    closure: ClosureInfo | None = None

    @property
    def weekday(self) -> str:
        return WEEKDAY_NAMES[self.day.weekday()]

    @property
    def labels(self) -> list[str]:
        return [KIND_LABELS[k] for k in self.kinds]


@dataclass
class ImportResult:
    added: list[date] = field(default_factory=list)
    updated: list[date] = field(default_factory=list)
    unchanged: list[date] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)


def check_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise NotAllowed("Hanya admin yang boleh mengubah kalender kerja")


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


def _info(row: CalendarClosure) -> ClosureInfo:
    return ClosureInfo(row.day, row.reason, row.created_by)


def _changed(rt: Runtime) -> None:
    rt.invalidate_calendar()
    rt.notify_timers_changed()


# -- verbs -----------------------------------------------------------------

def add_closure(rt: Runtime, actor: Actor, day, reason: str) -> ClosureInfo:
    """Close the office on ``day``. A day already closed is a Conflict."""
    check_admin(actor)
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
        if session.get(CalendarClosure, day) is not None:
            raise Conflict(f"Tanggal {day.isoformat()} sudah ditutup")
        row = CalendarClosure(day=day, reason=reason, created_by=actor.username)
        session.add(row)
        record_event(session, None, "closure_added", actor=actor.username, now=rt.now(),
                     data={"day": day.isoformat(), "reason": reason})
        session.flush()
        info = _info(row)
    _changed(rt)
    return info


def remove_closure(rt: Runtime, actor: Actor, day) -> ClosureInfo:
    check_admin(actor)
    try:
        day = parse_day(day)
    except ValueError as exc:
        raise ProblemsError("Tanggal tidak sah", [Problem(str(exc), field="day")]) from None
    with rt.write() as session:
        row = session.get(CalendarClosure, day)
        if row is None:
            raise NotFound(f"Tidak ada penutupan pada {day.isoformat()}")
        info = _info(row)
        session.delete(row)
        record_event(session, None, "closure_removed", actor=actor.username, now=rt.now(),
                     data={"day": day.isoformat(), "reason": info.reason})
    _changed(rt)
    return info


def list_closures(rt: Runtime, year: int | None = None) -> list[ClosureInfo]:
    with rt.read() as session:
        query = select(CalendarClosure).order_by(CalendarClosure.day)
        if year is not None:
            query = query.where(CalendarClosure.day >= date(year, 1, 1), CalendarClosure.day <= date(year, 12, 31))
        return [_info(r) for r in session.scalars(query)]


def non_working_days(rt: Runtime, year: int) -> list[NonWorkingDay]:
    """The year's national holidays, cuti bersama and closures (weekends left out), as the
    business calendar counts them."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    closures = {c.day: c for c in list_closures(rt, year)}
    calendar = rt.calendar()
    reasons = dict(calendar.non_working_days(first, last))
    national, collective = national_holidays(year), cuti_bersama(year)
    days = []
    for day in sorted(set(reasons) | set(closures)):
        kinds = tuple(k for k, present in (("national", day in national), ("cuti_bersama", day in collective),
                                           ("closure", day in closures)) if present)
        reason = reasons.get(day) or (closures[day].reason if day in closures else "")
        days.append(NonWorkingDay(day, reason, kinds, closures.get(day)))
    return days


def open_tasks_due_from(rt: Runtime, day: date) -> int:
    """Open steps due on or after ``day`` (their due time is not recomputed by a closure)."""
    start = rt.calendar().localize(datetime.combine(day, time()))
    with rt.read() as session:
        return session.scalar(
            select(func.count()).select_from(HumanTask)
            .where(HumanTask.status == "ready", HumanTask.due_at.is_not(None), HumanTask.due_at >= start)
        ) or 0


# -- import ----------------------------------------------------------------

def parse_closure_file(data: bytes | str, filename: str = "closures.csv") -> list[tuple[date, str, int]]:
    """(day, reason, line or item number) for every closure in a CSV or JSON file.
    Raises ProblemsError naming every bad line."""
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_FILE_BYTES:
            raise ProblemsError("Berkas terlalu besar", [Problem("berkas melebihi 1 MB", file=filename)])
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ProblemsError("Berkas bukan teks UTF-8",
                                [Problem(f"bukan UTF-8 pada byte {exc.start}", file=filename)]) from None
    else:
        text = data.lstrip("\ufeff")
    if filename.lower().endswith(".json") or text.lstrip().startswith("["):
        entries = _parse_json(text, filename)
    else:
        entries = _parse_csv(text, filename)
    if len(entries) > MAX_ROWS:
        raise ProblemsError("Berkas terlalu panjang", [Problem(f"lebih dari {MAX_ROWS} baris", file=filename)])
    return entries


def _check_entries(raw: list[tuple[object, object, int]], filename: str, what: str) -> list[tuple[date, str, int]]:
    problems, entries, seen = [], [], {}
    for day_text, reason_text, number in raw:
        where = {"line": number} if what == "baris" else {}
        prefix = "" if what == "baris" else f"butir ke-{number}: "
        try:
            day = parse_day(day_text)
        except ValueError as exc:
            problems.append(Problem(prefix + str(exc), file=filename, **where))
            continue
        try:
            reason = clean_reason(reason_text)
        except ValueError as exc:
            problems.append(Problem(prefix + str(exc), file=filename, **where))
            continue
        if day in seen:
            problems.append(Problem(f"{prefix}tanggal {day.isoformat()} sudah ada di {what} {seen[day]}",
                                    file=filename, **where))
            continue
        seen[day] = number
        entries.append((day, reason, number))
    if problems:
        raise ProblemsError(f"Berkas {filename} tidak diimpor: {len(problems)} {what} bermasalah", problems)
    if not entries:
        raise ProblemsError("Berkas kosong", [Problem("tidak ada tanggal penutupan di berkas", file=filename)])
    return entries


def _parse_csv(text: str, filename: str) -> list[tuple[date, str, int]]:
    raw = []
    reader = csv.reader(io.StringIO(text))
    problems = []
    try:
        for row in reader:
            number = reader.line_num
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            first = row[0].strip()
            if not raw and not problems and first.lower() in HEADER_WORDS:
                continue  # a header line
            if len(row) < 2:
                problems.append(Problem(f"baris harus 'YYYY-MM-DD,keterangan', bukan '{','.join(row)[:80]}'",
                                        line=number, file=filename))
                continue
            raw.append((first, ",".join(row[1:]), number))
    except csv.Error as exc:
        problems.append(Problem(f"CSV tidak sah: {exc}", line=reader.line_num, file=filename))
    if not problems:
        return _check_entries(raw, filename, "baris")
    if raw:  # report the bad values too, not only the bad shapes
        try:
            _check_entries(raw, filename, "baris")
        except ProblemsError as exc:
            problems.extend(p for p in exc.problems if p.line is not None)
    problems.sort(key=lambda p: p.line or 0)
    raise ProblemsError(f"Berkas {filename} tidak diimpor: {len(problems)} baris bermasalah", problems)


def _parse_json(text: str, filename: str) -> list[tuple[date, str, int]]:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemsError("Berkas bukan JSON yang sah",
                            [Problem(f"JSON tidak sah: {exc.msg}", line=exc.lineno, file=filename)]) from None
    if not isinstance(items, list):
        raise ProblemsError("JSON harus berupa daftar",
                            [Problem('contoh: [{"date": "2026-03-16", "reason": "..."}]', file=filename)])
    raw, problems = [], []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            day = next((item[k] for k in ("date", "day", "tanggal") if k in item), None)
            reason = next((item[k] for k in ("reason", "keterangan", "alasan") if k in item), None)
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            day, reason = item
        else:
            problems.append(Problem(f"butir ke-{number}: harus objek {{\"date\", \"reason\"}} atau pasangan "
                                    f"[tanggal, keterangan]", file=filename))
            continue
        if not isinstance(day, str):
            problems.append(Problem(f"butir ke-{number}: tanggal harus teks YYYY-MM-DD", file=filename))
            continue
        raw.append((day, reason if isinstance(reason, str) else "", number))
    if problems:
        raise ProblemsError(f"Berkas {filename} tidak diimpor: {len(problems)} butir bermasalah", problems)
    return _check_entries(raw, filename, "butir")


def import_closures(rt: Runtime, actor: Actor, data: bytes | str, filename: str = "closures.csv") -> ImportResult:
    """Add (or update the reason of) every closure in a file, all or nothing."""
    check_admin(actor)
    entries = parse_closure_file(data, filename)
    result = ImportResult()
    with rt.write() as session:
        now = rt.now()
        for day, reason, _ in entries:
            row = session.get(CalendarClosure, day)
            if row is None:
                session.add(CalendarClosure(day=day, reason=reason, created_by=actor.username))
                result.added.append(day)
            elif row.reason != reason:
                row.reason = reason
                result.updated.append(day)
            else:
                result.unchanged.append(day)
        record_event(session, None, "closures_imported", actor=actor.username, now=now,
                     data={"file": filename, "added": [d.isoformat() for d in result.added],
                           "updated": [d.isoformat() for d in result.updated]})
    _changed(rt)
    return result
