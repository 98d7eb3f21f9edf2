"""Organisation units (UKPBJ, LPSE, BPPBJ offices): each has its time zone and office hours.

A unit has a short code (``ukpbj-makassar``), a name ("UKPBJ Kota Makassar"), a time zone
(an IANA name; ``WIB``, ``WITA`` and ``WIT`` are accepted for Asia/Jakarta, Asia/Makassar
and Asia/Jayapura) and office hours in the syntax of ``ALUR_OFFICE_HOURS`` (JSON
``{"0": ["08:00", "16:00"], "4": ["08:00", "16:30"], "5": null}``, weekday 0 = Monday;
weekdays not given keep 07:30-16:00, Friday 16:30), or none: the installation's office
hours then apply.

Users belong to at most one unit; a case belongs to the unit of the person who started it
and its deadlines, reminders and timers count in that unit's calendar
(``Runtime.calendar(unit_id=...)``): the unit's zone and office hours, national holidays
and cuti bersama, closures for every unit and the unit's own closures. A user, case or
closure without a unit follows the installation default (``ALUR_TIMEZONE``,
``ALUR_OFFICE_HOURS``; closures without a unit apply to every unit).

As with closures, changing a unit's zone or office hours does **not** recompute deadlines
already given: it counts for steps that arrive afterwards.

A unit that users or cases refer to cannot be deleted (:class:`Conflict`): move the users
first; a unit that has cases stays (their deadlines were counted in it). Deleting a unit
deletes its own closures.
"""
from __future__ import annotations

import json
import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.access import check_admin
from engine.errors import Conflict, NotFound, Problem, ProblemsError
from engine.records import Actor, UnitInfo
from engine.rules.calendar import (
    ZONES,
    OfficeHours,
    parse_office_hours,
    zone_label,
    zone_name,
)
from engine.runtime import Runtime
from engine.store.models import CalendarClosure, Case, OrgUnit, User
from engine.store.writes import save_event

CODE = re.compile(r"^[a-z][a-z0-9-]{1,59}$")
MAX_NAME = 200
MAX_ZONE = 64
MAX_OFFICE_HOURS = 2000
# What the forms offer: label, IANA name, description.
ZONE_CHOICES = (
    ("WIB", ZONES["WIB"], "Waktu Indonesia Barat, UTC+7"),
    ("WITA", ZONES["WITA"], "Waktu Indonesia Tengah, UTC+8"),
    ("WIT", ZONES["WIT"], "Waktu Indonesia Timur, UTC+9"),
)


class UnitError(ProblemsError):
    """A unit's code, name, time zone or office hours is not valid; each problem names its field."""


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()
MANAGE_UNITS = "mengelola unit organisasi"  # what only an admin may do (engine.access)


# -- checking input ----------------------------------------------------------

def clean_code(value) -> str:
    code = str(value or "").strip().lower()
    if not CODE.match(code):
        raise ValueError("kode unit: 2-60 huruf kecil, angka atau tanda hubung, diawali huruf "
                         "(misalnya ukpbj-makassar)")
    return code


def clean_name(value) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise ValueError("nama unit kosong; misalnya UKPBJ Kota Makassar")
    if len(name) > MAX_NAME:
        raise ValueError(f"nama unit lebih dari {MAX_NAME} karakter")
    return name


def clean_timezone(value) -> str:
    """The IANA name of WIB/WITA/WIT or of an IANA zone; ValueError otherwise."""
    text = str(value or "").strip()
    if not text:
        raise ValueError("zona waktu kosong; pilih WIB, WITA atau WIT")
    if len(text) > MAX_ZONE:
        raise ValueError(f"zona waktu lebih dari {MAX_ZONE} karakter; pilih WIB, WITA atau WIT")
    try:
        return zone_name(text)
    except ValueError:
        raise ValueError(f"zona waktu '{text}' tidak dikenal; pilih WIB, WITA, WIT atau nama IANA "
                         f"seperti Asia/Makassar") from None


def clean_office_hours(value) -> str | None:
    """Office hours as stored: canonical JSON of what was given (``None``: the installation's).

    Takes JSON text, a mapping or an :class:`OfficeHours`; ValueError saying what is wrong."""
    if isinstance(value, str) and len(value) > MAX_OFFICE_HOURS:
        raise ValueError(f"jam kantor lebih dari {MAX_OFFICE_HOURS} karakter")
    if isinstance(value, OfficeHours):
        return json.dumps(value.to_mapping(), separators=(", ", ": "))
    hours = parse_office_hours(value)  # ValueError with the reason
    if hours is None:
        return None
    given = json.loads(value) if isinstance(value, str) else value
    full = hours.to_mapping()
    mapping = {str(int(key)): full[str(int(key))] for key in given}  # only the weekdays given
    return json.dumps(dict(sorted(mapping.items())), separators=(", ", ": "))


def effective_office_hours(rt: Runtime, office_hours: str | None) -> OfficeHours:
    """The office hours a unit works with: its own, else the installation's."""
    own = None
    try:
        own = parse_office_hours(office_hours)
    except ValueError:
        pass
    return own or rt.office_hours or OfficeHours()


def check_fields(values: dict, problems: list[Problem] | None = None) -> dict:
    """Each given field (code, name, timezone, office_hours) cleaned; UnitError naming
    every bad field, with ``problems`` found beforehand (a form's own checks) too."""
    cleaners = {"code": clean_code, "name": clean_name, "timezone": clean_timezone,
                "office_hours": clean_office_hours}
    cleaned, problems = {}, list(problems or [])
    for field, value in values.items():
        if value is UNSET:
            continue
        try:
            cleaned[field] = cleaners[field](value)
        except (ValueError, TypeError) as exc:
            problems.append(Problem(str(exc), field=field))
    if problems:
        raise UnitError("Unit tidak dapat disimpan", problems)
    return cleaned


# -- reading -------------------------------------------------------------------

def _info(row: OrgUnit, *, users: int = 0, cases: int = 0, closures: int = 0) -> UnitInfo:
    return UnitInfo(row.id, row.code, row.name, row.timezone, row.office_hours, row.created_at,
                    users=users, cases=cases, closures=closures)


def _counts(session: Session, unit_ids: list[int] | None = None) -> dict[int, tuple[int, int, int]]:
    counts: dict[int, list[int]] = {}
    for position, (model, column) in enumerate(((User, User.unit_id), (Case, Case.unit_id),
                                                (CalendarClosure, CalendarClosure.unit_id))):
        query = select(column, func.count()).select_from(model).where(column.is_not(None)).group_by(column)
        if unit_ids is not None:
            query = query.where(column.in_(unit_ids))
        for unit_id, count in session.execute(query):
            counts.setdefault(unit_id, [0, 0, 0])[position] = count
    return {k: tuple(v) for k, v in counts.items()}


def _row(session: Session, unit) -> OrgUnit | None:
    """A unit by id (int or digits) or by code."""
    if isinstance(unit, OrgUnit):
        return unit
    if isinstance(unit, bool):
        return None
    if isinstance(unit, int):
        return session.get(OrgUnit, unit)
    text = str(unit or "").strip().lower()
    if text.isdigit():
        return session.get(OrgUnit, int(text))
    return session.scalars(select(OrgUnit).where(OrgUnit.code == text)).first() if text else None


def _require(session: Session, unit) -> OrgUnit:
    row = _row(session, unit)
    if row is None:
        raise NotFound(f"Unit '{unit}' tidak ada")
    return row


def list_units(rt: Runtime) -> list[UnitInfo]:
    """Every unit by name, with how many users, cases and own closures it has."""
    with rt.read() as session:
        rows = session.scalars(select(OrgUnit).order_by(OrgUnit.name, OrgUnit.code)).all()
        counts = _counts(session) if rows else {}
        infos = []
        for row in rows:
            users, cases, closures = counts.get(row.id, (0, 0, 0))
            infos.append(_info(row, users=users, cases=cases, closures=closures))
        return infos


def get_unit(rt: Runtime, unit) -> UnitInfo:
    """A unit by id or code, with its counts; NotFound when there is none."""
    with rt.read() as session:
        row = _require(session, unit)
        users, cases, closures = _counts(session, [row.id]).get(row.id, (0, 0, 0))
        return _info(row, users=users, cases=cases, closures=closures)


def find_unit(rt: Runtime, unit) -> UnitInfo | None:
    """A unit by id or code, or ``None``."""
    with rt.read() as session:
        row = _row(session, unit)
        return _info(row) if row is not None else None


def unit_of_user(rt: Runtime, *, user_id: int | None = None, username: str | None = None) -> UnitInfo | None:
    """The unit a user belongs to (``None``: the installation default)."""
    with rt.read() as session:
        query = select(OrgUnit).join(User, User.unit_id == OrgUnit.id)
        if user_id is not None:
            query = query.where(User.id == user_id)
        else:
            query = query.where(User.username == (username or "").strip().lower())
        row = session.scalars(query).first()
        return _info(row) if row is not None else None


def units_of_users(rt: Runtime) -> dict[str, UnitInfo]:
    """Username -> unit of every user that has one (for lists of people)."""
    with rt.read() as session:
        return {username: _info(row) for username, row in session.execute(
            select(User.username, OrgUnit).join(OrgUnit, User.unit_id == OrgUnit.id))}


# -- changing ------------------------------------------------------------------------

def _changed(rt: Runtime) -> None:
    rt.invalidate_calendar()
    rt.notify_timers_changed()


def _audit_data(row: OrgUnit) -> dict:
    return {"unit_id": row.id, "code": row.code, "name": row.name, "timezone": row.timezone,
            "office_hours": row.office_hours}


def create_unit(rt: Runtime, actor: Actor, code: str, name: str, timezone: str = "WIB",
                office_hours=None) -> UnitInfo:
    """A new unit. UnitError names each bad field; a code already used is a Conflict."""
    check_admin(actor, MANAGE_UNITS)
    values = check_fields({"code": code, "name": name, "timezone": timezone, "office_hours": office_hours})
    try:
        with rt.write() as session:
            if session.scalars(select(OrgUnit.id).where(OrgUnit.code == values["code"])).first() is not None:
                raise Conflict(f"Kode unit '{values['code']}' sudah dipakai")
            row = OrgUnit(created_at=rt.now(), **values)
            session.add(row)
            session.flush()
            save_event(session, "unit_created", actor=actor.username, now=rt.now(), data=_audit_data(row))
            info = _info(row)
    except IntegrityError:  # the same code saved at the same moment by someone else
        raise Conflict(f"Kode unit '{values['code']}' sudah dipakai") from None
    _changed(rt)
    return info


def update_unit(rt: Runtime, actor: Actor, unit, *, code=UNSET, name=UNSET, timezone=UNSET,
                office_hours=UNSET) -> UnitInfo:
    """Change the fields given (``office_hours=None``: back to the installation's). Deadlines
    already given are not recomputed."""
    check_admin(actor, MANAGE_UNITS)
    values = check_fields({"code": code, "name": name, "timezone": timezone, "office_hours": office_hours})
    try:
        with rt.write() as session:
            row = _require(session, unit)
            if "code" in values and values["code"] != row.code and session.scalars(
                    select(OrgUnit.id).where(OrgUnit.code == values["code"])).first() is not None:
                raise Conflict(f"Kode unit '{values['code']}' sudah dipakai")
            before = _audit_data(row)
            for field, value in values.items():
                setattr(row, field, value)
            session.flush()
            after = _audit_data(row)
            changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            if changes:
                save_event(session, "unit_updated", actor=actor.username, now=rt.now(),
                           data={"unit_id": row.id, "code": row.code, "changes": changes})
            users, cases, closures = _counts(session, [row.id]).get(row.id, (0, 0, 0))
            info = _info(row, users=users, cases=cases, closures=closures)
    except IntegrityError:
        raise Conflict(f"Kode unit '{values.get('code')}' sudah dipakai") from None
    _changed(rt)
    return info


def delete_unit(rt: Runtime, actor: Actor, unit) -> UnitInfo:
    """Delete a unit nobody and no case refers to (Conflict otherwise), with its own closures."""
    check_admin(actor, MANAGE_UNITS)
    code = str(unit)
    try:
        with rt.write() as session:
            row = _require(session, unit)
            code = row.code
            users, cases, closures = _counts(session, [row.id]).get(row.id, (0, 0, 0))
            if users or cases:
                raise Conflict(_still_used(row, users, cases))
            info = _info(row, closures=closures)
            session.execute(CalendarClosure.__table__.delete().where(CalendarClosure.unit_id == row.id))
            session.delete(row)
            save_event(session, "unit_deleted", actor=actor.username, now=rt.now(),
                       data={**_audit_data(row), "closures_deleted": closures})
    except IntegrityError:  # a user or case got the unit at the same moment
        raise Conflict(f"Unit '{code}' baru saja dipakai; muat ulang dan coba lagi") from None
    _changed(rt)
    return info


def _still_used(row: OrgUnit, users: int, cases: int) -> str:
    parts = []
    if users:
        parts.append(f"{users} pengguna")
    if cases:
        parts.append(f"{cases} kasus")
    advice = "pindahkan penggunanya ke unit lain dahulu"
    if cases:
        advice += ("; unit yang sudah mempunyai kasus tidak dapat dihapus karena batas waktu kasusnya "
                   "dihitung di unit ini")
    return f"Unit '{row.code}' masih dipakai oleh {' dan '.join(parts)}: {advice}."


def assign_user_unit(rt: Runtime, actor: Actor, username: str, unit) -> UnitInfo | None:
    """Put a user in a unit (id or code), or ``None`` for the installation default. Cases the
    user starts from then on follow that unit's calendar; their earlier cases keep theirs."""
    check_admin(actor, MANAGE_UNITS)
    with rt.write() as session:
        user = session.scalars(select(User).where(User.username == (username or "").strip().lower())).first()
        if user is None:
            raise NotFound(f"Pengguna '{username}' tidak ada")
        row = None if unit is None or unit == "" else _require(session, unit)
        new_id = row.id if row is not None else None
        if user.unit_id != new_id:
            save_event(session, "user_unit_set", actor=actor.username, now=rt.now(),
                       data={"username": user.username, "from": user.unit_id, "to": new_id,
                             "code": row.code if row is not None else None})
            user.unit_id = new_id
        return _info(row) if row is not None else None


def describe_zone(timezone: str | None) -> str:
    """"WITA (Asia/Makassar)" or the IANA name alone for a zone outside Indonesia."""
    if not timezone:
        return ""
    label = zone_label(timezone)
    return f"{label} ({timezone})" if label != timezone else timezone
