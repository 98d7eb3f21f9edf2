"""Closures from a file: CSV (``YYYY-MM-DD,reason`` per line; blank lines, ``#`` comments and a
``tanggal,keterangan`` header are allowed; quote a reason that contains a comma) or a JSON list
(``[{"date": "2026-03-16", "reason": "..."}]`` or ``[["2026-03-16", "..."]]``). Every problem
is reported with its line (CSV) or item (JSON) and nothing is imported unless the whole file
is valid (:func:`import_closures`). A day already closed gets the reason from the file. The
closures themselves: ``engine.org.closures``.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date

from engine.access import check_admin
from engine.errors import Problem, ProblemsError
from engine.org.closures import (
    CHANGE_CALENDAR,
    calendar_changed,
    clean_reason,
    find_closure,
    parse_day,
    unit_row,
)
from engine.records import Actor
from engine.runtime import Runtime
from engine.store.models import CalendarClosure
from engine.store.writes import save_event

MAX_FILE_BYTES = 1024 * 1024
MAX_ROWS = 5000
HEADER_WORDS = {"tanggal", "date", "day", "hari"}


@dataclass
class ImportResult:
    added: list[date] = field(default_factory=list)
    updated: list[date] = field(default_factory=list)
    unchanged: list[date] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)


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


def import_closures(rt: Runtime, actor: Actor, data: bytes | str, filename: str = "closures.csv",
                    unit=None) -> ImportResult:
    """Add (or update the reason of) every closure in a file, all or nothing; for every unit
    (``unit=None``) or for one unit (its id or code)."""
    check_admin(actor, CHANGE_CALENDAR)
    entries = parse_closure_file(data, filename)
    result = ImportResult()
    with rt.write() as session:
        now = rt.now()
        row_unit = unit_row(session, unit)
        unit_id = row_unit.id if row_unit is not None else None
        if unit_id is not None:
            covered = [day for day, _, _ in entries if find_closure(session, day, None) is not None]
            if covered:
                raise ProblemsError(
                    f"Berkas {filename} tidak diimpor: {len(covered)} tanggal sudah ditutup untuk semua unit",
                    [Problem(f"tanggal {day.isoformat()} sudah ditutup untuk semua unit", file=filename)
                     for day in covered])
        for day, reason, _ in entries:
            row = find_closure(session, day, unit_id)
            if row is None:
                session.add(CalendarClosure(day=day, reason=reason, created_by=actor.username, unit_id=unit_id))
                result.added.append(day)
            elif row.reason != reason:
                row.reason = reason
                result.updated.append(day)
            else:
                result.unchanged.append(day)
        data = {"file": filename, "added": [d.isoformat() for d in result.added],
                "updated": [d.isoformat() for d in result.updated]}
        if row_unit is not None:
            data.update(unit_id=row_unit.id, unit=row_unit.code)
        save_event(session, "closures_imported", actor=actor.username, now=now, data=data)
    calendar_changed(rt)
    return result
