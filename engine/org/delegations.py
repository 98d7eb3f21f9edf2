"""Plt./Plh.: an official hands some or all of their roles to another user for a range of days.

Inside the range (counted in the official's unit's time zone) the delegate sees and acts on
the cases and steps of those roles as the official would (engine.access); every action
records "Plt./Plh. <official>, SK <number>", and the official can list what was done under
the delegation. The delegation ends by itself after its last day; the official or an admin
may end it earlier (revoke).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import or_, select

from engine.access import (
    Grant,
    Standing,
    delegated_grants,
    hidden,
    is_active_on,
    standing_of,
)
from engine.errors import NotAllowed, Problem, ProblemsError
from engine.records import SYSTEM_ROLES, Actor, AuditEntry
from engine.runtime import Runtime
from engine.store.models import AuditEvent, Delegation, User
from engine.store.statuses import DelegationKind
from engine.store.writes import Writes

MAX_DECREE = 200
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_DAYS = 366  # a Plt./Plh. decree covers at most a year; a longer one is a new decree


class DelegationError(ProblemsError):
    """A delegation could not be saved; ``problems`` names each bad field."""


@dataclass(frozen=True)
class DelegationInfo:
    id: int
    official: str
    delegate: str
    roles: tuple[str, ...] | None  # None: every lane role of the official
    kind: str
    decree: str
    starts_on: date
    ends_on: date
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None
    active: bool = False  # holds today (in the official's unit's time zone) and not revoked
    ended: bool = False  # its last day is over (in the official's unit's time zone)

    @property
    def revocable(self) -> bool:
        """Whether revoking still changes something: not revoked, not over."""
        return self.revoked_at is None and not self.ended

    @property
    def label(self) -> str:
        return f"{self.kind}. {self.official}"


def _info(row: Delegation, today: date | None) -> DelegationInfo:
    active = row.revoked_at is None and today is not None and is_active_on(row.starts_on, row.ends_on, today)
    ended = today is not None and row.ends_on < today
    return DelegationInfo(row.id, row.official, row.delegate, tuple(row.roles) if row.roles else None, row.kind,
                          row.decree, row.starts_on, row.ends_on, row.created_by, row.created_at, row.revoked_at,
                          row.revoked_by, active, ended)


def _user(session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == (username or "").strip().lower())).first()


def _today(rt: Runtime, session, unit_id: int | None) -> date:
    return rt.calendar(session, unit_id).to_local(rt.now()).date()


def _lane_roles(user: User) -> list[str]:
    return sorted(r.role for r in user.roles if r.role not in SYSTEM_ROLES)


def _kind(value) -> str | None:
    """The kind written as "Plt", "plt" or "Plt." (likewise Plh); None when it is neither."""
    text = str(value or "").strip().rstrip(".").lower()
    return next((k.value for k in DelegationKind if k.value.lower() == text), None)


def _day(value, field_name: str, label: str, problems: list[Problem]) -> date | bool | None:
    """The day given; None when not given; False (and a problem) when it is not a day."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        return None
    try:
        if not DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(f"tanggal {label} '{text[:40]}' tidak sah; tulis TTTT-BB-HH, misalnya 2026-12-31",
                                field=field_name))
        return False  # given but bad: reported once


def check_delegation(session, actor: Actor, official: str, delegate: str, kind: str, decree: str,
                     starts_on, ends_on, roles, *, today: date | None = None) -> dict:
    """The delegation's fields, checked (dates as dates or YYYY-MM-DD); DelegationError naming
    each bad field. Only the official or an admin may delegate (NotAllowed, before the fields).
    ``today``: the current day in the official's unit (a range that already ended is refused)."""
    official = (official or "").strip().lower()
    delegate = (delegate or "").strip().lower()
    if not actor.is_admin and official != actor.username:
        raise NotAllowed("Hanya pejabat yang bersangkutan atau admin yang boleh menunjuk Plt./Plh.")
    problems = []
    official_row = _user(session, official) if official else None
    delegate_row = _user(session, delegate) if delegate else None
    if not official:
        problems.append(Problem("pilih pejabat yang menunjuk", field="official"))
    elif official_row is None or not official_row.is_active:
        problems.append(Problem(f"pengguna '{official}' tidak ada atau tidak aktif", field="official"))
    if not delegate:
        problems.append(Problem("pilih pengguna yang ditunjuk", field="delegate"))
    elif delegate_row is None or not delegate_row.is_active:
        problems.append(Problem(f"pengguna '{delegate}' tidak ada atau tidak aktif", field="delegate"))
    elif official_row is not None and official_row.id == delegate_row.id:
        problems.append(Problem("pejabat tidak dapat menunjuk dirinya sendiri", field="delegate"))
    kind_value = _kind(kind)
    if kind_value is None:
        problems.append(Problem("pilih Plt atau Plh", field="kind"))
    decree = " ".join(str(decree or "").split())
    if not decree or len(decree) > MAX_DECREE:
        problems.append(Problem(f"nomor surat penunjukan/SK wajib diisi (paling banyak {MAX_DECREE} karakter)",
                                field="decree"))
    starts = _day(starts_on, "starts_on", "mulai", problems)
    ends = _day(ends_on, "ends_on", "selesai", problems)
    if starts is None:
        problems.append(Problem("tanggal mulai wajib diisi (TTTT-BB-HH)", field="starts_on"))
    if ends is None:
        problems.append(Problem("tanggal selesai wajib diisi (TTTT-BB-HH)", field="ends_on"))
    if starts and ends:
        if ends < starts:
            problems.append(Problem("tanggal selesai sebelum tanggal mulai", field="ends_on"))
        elif (ends - starts).days + 1 > MAX_DAYS:
            problems.append(Problem(f"paling lama {MAX_DAYS} hari; perpanjangan memakai SK baru", field="ends_on"))
        elif today is not None and ends < today:
            problems.append(Problem(f"tanggal selesai sudah lewat (hari ini {today.isoformat()} di unit pejabat)",
                                    field="ends_on"))
    if isinstance(roles, str):
        roles = [roles]
    wanted = sorted({r.strip() for r in roles or () if r and r.strip()}) or None
    if official_row is not None:
        held = _lane_roles(official_row)
        if not held:
            problems.append(Problem("pejabat ini tidak memegang peran lajur apa pun", field="official"))
        for role in wanted or ():
            if role not in held:
                problems.append(Problem(f"pejabat tidak memegang peran '{role}'", field="roles"))
    if problems:
        raise DelegationError("Penunjukan Plt./Plh. tidak dapat disimpan", problems)
    return {"official": official_row.username, "delegate": delegate_row.username, "kind": kind_value,
            "decree": decree, "starts_on": starts, "ends_on": ends, "roles": wanted}


def create_delegation(rt: Runtime, actor: Actor, *, official: str, delegate: str, kind: str, decree: str,
                      starts_on, ends_on, roles=None) -> DelegationInfo:
    """The official (or an admin for them) delegates their lane roles (all, or ``roles``) to
    ``delegate`` from ``starts_on`` to ``ends_on`` (days in the official's unit), by ``decree``."""
    with rt.write() as session:
        official_row = _user(session, official)
        today = _today(rt, session, official_row.unit_id) if official_row is not None else None
        values = check_delegation(session, actor, official, delegate, kind, decree, starts_on, ends_on, roles,
                                  today=today)
        now = rt.now()
        row = Delegation(created_by=actor.username, created_at=now, **values)
        session.add(row)
        session.flush()
        writes = Writes()
        writes.event(None, "delegation_created", actor=actor.username, now=now, data={
            "delegation_id": row.id, "official": row.official, "delegate": row.delegate, "kind": row.kind,
            "decree": row.decree, "starts_on": row.starts_on.isoformat(), "ends_on": row.ends_on.isoformat(),
            "roles": row.roles})
        writes.save_rows(session)
        return _info(row, today)


def revoke_delegation(rt: Runtime, actor: Actor, delegation_id: int) -> DelegationInfo:
    """End a delegation now (the official, the delegate or an admin)."""
    with rt.write() as session:
        row, today = _visible(rt, session, actor, delegation_id)
        if row.revoked_at is None and row.ends_on >= today:  # one that already ended stays as it ended
            row.revoked_at, row.revoked_by = rt.now(), actor.username
            session.flush()
            writes = Writes()
            writes.event(None, "delegation_revoked", actor=actor.username, now=row.revoked_at,
                         data={"delegation_id": row.id, "official": row.official, "delegate": row.delegate})
            writes.save_rows(session)
        return _info(row, today)


def get_delegation(rt: Runtime, actor: Actor, delegation_id: int) -> DelegationInfo:
    """One delegation, for its official, its delegate and admins (others: not found)."""
    with rt.read() as session:
        row, today = _visible(rt, session, actor, delegation_id)
        return _info(row, today)


def _visible(rt: Runtime, session, actor: Actor, delegation_id: int) -> tuple[Delegation, date]:
    """A delegation the actor may see (its official, its delegate, admins), and today in the
    official's zone; not found for others."""
    row = session.get(Delegation, delegation_id)
    if row is None or not (actor.is_admin or actor.username in (row.official, row.delegate)):
        raise hidden(f"Penunjukan {delegation_id}")
    official_row = _user(session, row.official)
    return row, _today(rt, session, official_row.unit_id if official_row else None)


def list_delegations(rt: Runtime, actor: Actor, *, username: str | None = None,
                     include_ended: bool = False) -> list[DelegationInfo]:
    """Delegations the actor gave or received (admins: everyone's, or ``username``'s), newest first."""
    with rt.read() as session:
        query = select(Delegation).order_by(Delegation.starts_on.desc(), Delegation.id.desc())
        username = (username or "").strip().lower()
        who = username if (actor.is_admin and username) else (None if actor.is_admin else actor.username)
        if who:
            query = query.where(or_(Delegation.official == who, Delegation.delegate == who))
        out = []
        zones: dict[str, date] = {}
        for row in session.scalars(query):
            if row.official not in zones:
                official_row = _user(session, row.official)
                zones[row.official] = _today(rt, session, official_row.unit_id if official_row else None)
            info = _info(row, zones[row.official])
            if include_ended or info.active or (row.revoked_at is None and info.ends_on >= zones[row.official]):
                out.append(info)
        return out


def active_grants(rt: Runtime, session, actor: Actor) -> tuple[Grant, ...]:
    """The grants delegated to ``actor`` that hold now: each delegation's range is counted in
    its official's unit's time zone (engine.access.standing_of takes them)."""
    utc_today = rt.now().date()
    rows = session.execute(
        select(Delegation, User).join(User, User.username == Delegation.official)
        .where(Delegation.delegate == actor.username, Delegation.revoked_at.is_(None),
               Delegation.starts_on <= utc_today + timedelta(days=1),
               Delegation.ends_on >= utc_today - timedelta(days=1), User.is_active.is_(True))
    ).all()
    grants: list[Grant] = []
    for delegation, official in rows:
        if not is_active_on(delegation.starts_on, delegation.ends_on, _today(rt, session, official.unit_id)):
            continue
        grants.extend(delegated_grants(_lane_roles(official), official.unit_id, official=official.username,
                                       kind=delegation.kind, decree=delegation.decree, roles=delegation.roles,
                                       delegation_id=delegation.id))
    return tuple(grants)


def load_standing(rt: Runtime, session, actor: Actor) -> Standing:
    """What ``actor`` may do now: their own roles and the roles delegated to them today."""
    return standing_of(actor, active_grants(rt, session, actor))


def actions_under(rt: Runtime, actor: Actor, delegation_id: int) -> list[AuditEntry]:
    """What was done under a delegation (for the official, the delegate and admins)."""
    from engine.cases.queries import audit_entry

    with rt.read() as session:
        row = session.get(Delegation, delegation_id)
        if row is None or not (actor.is_admin or actor.username in (row.official, row.delegate)):
            raise hidden(f"Penunjukan {delegation_id}")
        since = datetime.combine(row.starts_on - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        until = datetime.combine(row.ends_on + timedelta(days=2), datetime.min.time(), tzinfo=UTC)
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.actor == row.delegate, AuditEvent.case_id.is_not(None),
            AuditEvent.at >= since, AuditEvent.at < until).order_by(AuditEvent.id)).all()
        return [audit_entry(e) for e in events if (e.data or {}).get("delegation_id") == delegation_id]
