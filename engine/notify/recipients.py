"""Who is told what: a late step's holders and supervisor, a reminder before a deadline.

When a step's timer fires (its deadline passed) the people the step is for get a
``deadline_passed`` notification and the lane's supervisor role (``alur:supervisor`` in the
diagram) in the case's unit gets an ``escalation``. Before the deadline the same people get a
``reminder``. Who the step is for follows the access policy (engine.access): its holder if
someone holds it; otherwise its group (the lane's role in the case's unit, in any unit for a
cross-unit lane, the people bound to an external lane) and the lane's proxy role in the case's
unit. Nobody else hears of the case. Notification rows go into the change's write set
(``engine.store.writes.Writes``), written in the same transaction as the firing, so a crash
before commit leaves neither the firing nor the notifications; their e-mails are queued on the
runtime and sent after the commit (``engine.notify.mailer``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.notify.mailer import mail_for
from engine.notify.notifications import format_moment
from engine.store.models import CaseParty, User, UserRole
from engine.store.statuses import TaskScope, TimerKind
from engine.store.writes import Writes


def users_by_role(session: Session, roles) -> dict[str, list[User]]:
    """Active users per role (one query), each list in username order."""
    roles = sorted({r for r in roles if r})
    by_role: dict[str, list[User]] = {role: [] for role in roles}
    if not roles:
        return by_role
    for user, role in session.execute(
        select(User, UserRole.role).join(UserRole, UserRole.user_id == User.id)
        .where(User.is_active.is_(True), UserRole.role.in_(roles)).order_by(User.username)
    ):
        by_role[role].append(user)
    return by_role


def users_named(session: Session, names) -> dict[str, User]:
    """Active users by username (one query)."""
    names = sorted({n for n in names if n})
    if not names:
        return {}
    return {u.username: u for u in session.scalars(
        select(User).where(User.username.in_(names), User.is_active.is_(True)))}


@dataclass(frozen=True)
class Audience:
    """Who may be told about a case's steps: users per role (:func:`users_by_role` of the
    steps' lanes, proxy roles and supervisor roles), users by name (holders and parties), and
    the people bound to each (case, lane)."""

    by_role: dict[str, list]
    by_name: dict[str, object]
    parties: dict[tuple[int, str], frozenset[str]]


def step_people(audience: Audience, case, step) -> list:
    """Who a step is for (see the module's docstring), in username order."""
    assignee = getattr(step, "assignee", None)
    if assignee:
        user = audience.by_name.get(assignee)
        return [user] if user is not None else []
    scope = getattr(step, "scope", TaskScope.UNIT)
    unit_id = getattr(case, "unit_id", None)
    if scope == TaskScope.PARTY:
        names = audience.parties.get((case.id, step.lane), frozenset())
        found = [audience.by_name[n] for n in sorted(names) if n in audience.by_name]
    else:
        found = [u for u in audience.by_role.get(step.lane, []) if scope == TaskScope.ANY or u.unit_id == unit_id]
    proxy = getattr(step, "proxy_role", None)
    if proxy:
        seen = {u.username for u in found}
        found += [u for u in audience.by_role.get(proxy, []) if u.unit_id == unit_id and u.username not in seen]
    return sorted(found, key=lambda u: u.username)


def load_audience(session: Session, steps_by_case, roles) -> Audience:
    """The audience of some steps ({case: [steps]}) and extra ``roles`` (supervisors): three
    queries at most, for any number of steps."""
    roles = set(roles)
    names, party_keys = set(), set()
    for case, steps in steps_by_case:
        for step in steps:
            roles |= {step.lane, getattr(step, "proxy_role", None)}
            names.add(getattr(step, "assignee", None))
            if getattr(step, "scope", None) == TaskScope.PARTY:
                party_keys.add((case.id, step.lane))
    parties: dict[tuple[int, str], set[str]] = {}
    if party_keys:
        case_ids = sorted({case_id for case_id, _ in party_keys})
        for case_id, lane, username in session.execute(
                select(CaseParty.case_id, CaseParty.lane, CaseParty.username)
                .where(CaseParty.case_id.in_(case_ids), CaseParty.ended_at.is_(None))):
            if (case_id, lane) in party_keys:
                parties.setdefault((case_id, lane), set()).add(username)
                names.add(username)
    return Audience(users_by_role(session, roles), users_named(session, names),
                    {key: frozenset(value) for key, value in parties.items()})


def supervisor_role(catalog: dict, lane: str | None, rt=None) -> str | None:
    """The role escalated to for a late step of ``lane``: the lane's ``alur:supervisor``,
    else the process's, else the installation default (``ALUR_DEFAULT_SUPERVISOR``)."""
    role = catalog.supervisor_of(lane)
    if not role and rt is not None:
        role = rt.notifier.default_supervisor
    return role or None


def notify(rt, session: Session, writes: Writes, users: list[User], *, kind: str, message: str, subject: str,
           case_id: int | None, task_id: str | None, now: datetime, link: str = "") -> list[str]:
    """A notification row per user into ``writes``; an e-mail per user with an address, sent
    after the commit. Returns the usernames told."""
    mails = []
    for user in users:
        writes.notify(user.id, case_id=case_id, task_id=task_id, kind=kind, message=message, now=now)
        if user.email and rt.notifier.smtp is not None:
            mails.append(mail_for(user, subject, message, link))
    rt.send_after_commit(session, mails)
    return [user.username for user in users]


def escalate_deadline(rt, session: Session, writes: Writes, case, row, catalog: dict, now: datetime) -> dict:
    """A step is late: tell its holders and its lane's supervisor role. Returns who was told."""
    audience = load_audience(session, [(case, [row])], [supervisor_role(catalog, row.lane, rt)])
    notices, told = deadline_notices(rt, case, row, catalog, audience)
    for notice in notices:
        notify(rt, session, writes, notice.users, kind=notice.kind, message=notice.message, subject=notice.subject,
               case_id=case.id, task_id=row.id, now=now, link=notice.link)
    return told


@dataclass(frozen=True)
class Notice:
    """One message for some people: a notification row each, an e-mail each with an address."""

    kind: str
    users: list
    subject: str
    message: str
    link: str


def deadline_notices(rt, case, row, catalog: dict, audience: Audience) -> tuple[list[Notice], dict]:
    """What a late step's people (``deadline_passed``) and its lane's supervisor role in the
    case's unit (``escalation``) are told, and who (``notified``, ``supervisor``,
    ``escalated_to``, as the ``deadline_passed`` audit event records it). ``case`` and ``row``
    need id, title, unit_id and id, name, lane, due_at, assignee, scope, proxy_role;
    ``audience``: :func:`load_audience` of the step and the supervisor role.
    Shared by :func:`escalate_deadline` and the timer worker's set-based sweep
    (``engine.timers.deadline_sweep``), so both say the same."""
    due = format_moment(rt, row.due_at, getattr(case, "unit_id", None)) if row.due_at else "-"
    supervisor = supervisor_role(catalog, row.lane, rt)
    holders = step_people(audience, case, row) if row.lane else []
    told = [u.username for u in holders]
    notifier = rt.notifier
    notices = [Notice(
        "deadline_passed", holders, f"[Alur] Batas waktu terlampaui: {row.name}",
        (f"Batas waktu langkah \u201c{row.name}\u201d pada kasus #{case.id} \u201c{case.title}\u201d "
         f"telah terlampaui (batas: {due}). Langkah ini tetap terbuka; mohon segera diselesaikan."),
        notifier.link(f"/tugas/{row.id}"),
    )]
    escalated = []
    if supervisor:
        bosses = [u for u in audience.by_role.get(supervisor, [])
                  if u.username not in told and u.unit_id == getattr(case, "unit_id", None)]
        escalated = [u.username for u in bosses]
        notices.append(Notice(
            "escalation", bosses, f"[Alur] Eskalasi: {row.name} terlambat",
            (f"Eskalasi: langkah \u201c{row.name}\u201d ({row.lane or 'tanpa lajur'}) pada kasus "
             f"#{case.id} \u201c{case.title}\u201d melewati batas waktu ({due}) dan belum diselesaikan. "
             f"Pemegang peran: {', '.join(told) or 'tidak ada pengguna aktif'}."),
            notifier.link(f"/kasus/{case.id}"),
        ))
    return notices, {"notified": told, "supervisor": supervisor, "escalated_to": escalated}


def send_reminder(rt, session: Session, writes: Writes, case, row, now: datetime) -> list[str]:
    """Remind the holders of a step whose deadline is near."""
    due = format_moment(rt, row.due_at, case.unit_id)
    left = rt.calendar(unit_id=case.unit_id).describe_time_left(now, row.due_at)
    holders = step_people(load_audience(session, [(case, [row])], ()), case, row) if row.lane else []
    return notify(
        rt, session, writes, holders, kind=TimerKind.REMINDER, case_id=case.id, task_id=row.id, now=now,
        link=rt.notifier.link(f"/tugas/{row.id}"),
        subject=f"[Alur] Pengingat: {row.name} (batas {due})",
        message=(f"Pengingat: langkah \u201c{row.name}\u201d pada kasus #{case.id} \u201c{case.title}\u201d "
                 f"harus diselesaikan sebelum {due} (sisa {left})."),
    )
