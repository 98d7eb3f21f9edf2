"""Who holds a step: the check before acting on one, and claiming, releasing, reassigning.

A step is held by one person (``human_tasks.assignee``) or open to its group (engine.access).
Opening or completing an open step claims it; the holder, an admin or a holder of the lane's
supervisor role in the case's unit may give it to someone else who may act on it, or release
it to the group. Every change is audited (``task_claimed``, ``task_released``,
``task_reassigned``).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import access
from engine.access import Grant, hidden
from engine.cases.queries import step_row, step_view, task_info
from engine.diagrams.catalog import PARTY_CROSS_UNIT, PARTY_EXTERNAL, PARTY_INTERNAL
from engine.diagrams.deploy import load_version
from engine.errors import Conflict, NotAllowed, NotFound
from engine.org.delegations import active_grants, load_standing
from engine.records import Actor, TaskInfo
from engine.runtime import Runtime
from engine.store.case_store import lock_task, read_task_and_case
from engine.store.models import CaseParty, HumanTask, User, UserRole
from engine.store.statuses import TaskScope, TaskStatus
from engine.store.writes import Writes, assign_step


class HeldByOther(Conflict):
    """The step is held by someone else; ``holder`` says who."""

    def __init__(self, name: str, holder: str):
        super().__init__(f"Tugas '{name}' sedang dipegang oleh {holder}")
        self.holder = holder

    def to_dict(self) -> dict:
        return {**super().to_dict(), "holder": self.holder}


@dataclass(frozen=True)
class Acting:
    """As whom an actor acts on a step: their grant, and how the record says it when not as
    the lane itself ("atas nama Pelaku Usaha", "Plt. kepala-ukpbj, SK 800/12/2026")."""

    grant: Grant
    acted_as: str | None = None

    def audit_data(self) -> dict:
        data = {}
        if self.acted_as:
            data["acted_as"] = self.acted_as
        if self.grant.delegated:
            data["delegation_id"] = self.grant.delegation_id
            data["official"] = self.grant.official
            data["decree"] = self.grant.decree
        return data


def describe(grant: Grant, on_behalf: str | None) -> str | None:
    parts = [part for part in (on_behalf, grant.describe()) if part]
    return ", ".join(parts) or None


def authorize(rt: Runtime, session: Session, actor: Actor, row, case) -> Acting:
    """May ``actor`` act on the step ``row`` of ``case`` now? The step must be visible
    (otherwise not found), theirs to act on (otherwise NotAllowed), open (otherwise
    Conflict) and held by them or nobody (otherwise :class:`HeldByOther`).

    The common case costs no query: the actor's own roles are tried first; delegations and
    the case's parties are read only when those do not answer."""
    standing = access.standing_of(actor)
    step = step_row(row)
    grant, on_behalf = (None, None) if row.scope == "party" else access.may_act_basis(standing, step)
    if grant is None or not access.holds_or_may_take(standing, step):
        standing = access.standing_of(actor, active_grants(rt, session, actor))
        seen = step_view(standing, session, row, case)
        if not seen.visible:
            raise hidden(f"Tugas {row.id}")
        grant, on_behalf = access.may_act_basis(standing, step, seen.lane_parties)
    if grant is None:
        raise NotAllowed(f"Tugas '{row.name}' hanya untuk peran '{row.lane}'")
    if row.status != TaskStatus.READY:
        who = f" oleh {row.completed_by}" if row.completed_by else ""
        raise Conflict(f"Tugas '{row.name}' sudah tidak terbuka (status: {row.status}{who})")
    if not access.holds_or_may_take(standing, step):
        raise HeldByOther(row.name, row.assignee)
    return Acting(grant, describe(grant, on_behalf))


def claim_task(rt: Runtime, actor: Actor, task_id: str) -> TaskInfo:
    """Take an open step (no-op when the actor holds it already)."""
    with rt.write() as session:
        row, case = locked(session, task_id)
        acting = authorize(rt, session, actor, row, case)
        if row.assignee != actor.username:
            assign(session, rt, row, actor.username, "task_claimed", actor, acting.audit_data())
        return task_record(row, case)


def release_task(rt: Runtime, actor: Actor, task_id: str) -> TaskInfo:
    """Give a held step back to its group (the holder, a supervisor of the lane, or an admin)."""
    with rt.write() as session:
        row, case = locked(session, task_id)
        check_may_reassign(rt, session, actor, row, case)
        if row.assignee is not None:
            assign(session, rt, row, None, "task_released", actor, {"from": row.assignee})
        return task_record(row, case)


def reassign_task(rt: Runtime, actor: Actor, task_id: str, to: str) -> TaskInfo:
    """Give a step to ``to``, who must be able to act on it (the holder, a supervisor of the
    lane in the case's unit, or an admin may)."""
    with rt.write() as session:
        row, case = locked(session, task_id)
        check_may_reassign(rt, session, actor, row, case)
        user = session.scalars(select(User).where(User.username == (to or "").strip().lower())).first()
        if user is None or not user.is_active:
            raise NotAllowed(f"Pengguna '{to}' tidak ada atau tidak aktif")
        target = Actor(user.username, frozenset(r.role for r in user.roles), unit_id=user.unit_id)
        try:
            authorize(rt, session, target, open_copy(row), case)
        except (NotFound, NotAllowed, Conflict):
            raise NotAllowed(f"{user.username} tidak dapat mengerjakan tugas '{row.name}'") from None
        if row.assignee != user.username:
            assign(session, rt, row, user.username, "task_reassigned", actor, {"from": row.assignee,
                                                                               "to": user.username})
        return task_record(row, case)


def open_copy(row):
    """``row`` as if it were held by nobody (to ask whether someone else may take it)."""
    return SimpleNamespace(**{**vars(row), "assignee": None})


def check_may_reassign(rt: Runtime, session: Session, actor: Actor, row, case) -> None:
    """The holder (or their Plt./Plh.), an admin, or a holder of the lane's supervisor role in
    the case's unit may release or reassign a step; an outsider gets not found."""
    standing = load_standing(rt, session, actor)
    seen = step_view(standing, session, row, case)
    if not seen.visible:
        raise hidden(f"Tugas {row.id}")
    if row.status != TaskStatus.READY:
        raise Conflict(f"Tugas '{row.name}' sudah tidak terbuka (status: {row.status})")
    if actor.is_admin:
        return
    if row.assignee is not None and access.holds_or_may_take(standing, step_row(row)):
        return
    supervisor = load_version(rt, session, case.process_version_id).catalog.supervisor_of(row.lane)
    if supervisor and any(g.role == supervisor and g.unit_id == case.unit_id for g in standing.grants):
        return
    raise NotAllowed(f"Hanya pemegang tugas, atasan lajur '{row.lane}' atau admin yang boleh mengalihkan tugas ini")


def locked(session: Session, task_id: str):
    found = lock_task(session, task_id)
    if found is None:
        raise hidden(f"Tugas {task_id}")
    return found


def assign(session: Session, rt: Runtime, row, assignee: str | None, action: str, actor: Actor, data: dict) -> None:
    """Write the new holder of a step and audit it."""
    now = rt.now()
    assign_step(session, row.id, assignee)
    writes = Writes()
    writes.event(row.case_id, action, actor=actor.username, now=now, task_id=row.id, task_ref=row.task_ref,
                 data={**data, "assignee": assignee})
    writes.save_rows(session)
    row.assignee = assignee


def task_record(row, case) -> TaskInfo:
    return task_info(row, case.title, unit_id=case.unit_id)


# -- who a step that opens goes to ------------------------------------------------------------

SCOPE_OF_PARTY = {PARTY_INTERNAL: TaskScope.UNIT, PARTY_CROSS_UNIT: TaskScope.ANY, PARTY_EXTERNAL: TaskScope.PARTY}


class Holders:
    """Who a step that opens goes to, and its scope and proxy role (from the lane's settings in
    the diagram). A step goes to the person who did the lane's previous step in this case
    (``known`` holders first: the completer of the step just done, the starter of a case), or
    to the one person bound to an external lane; otherwise it is open to its group. The
    case's earlier doers and its parties are read once, and only when needed."""

    def __init__(self, session: Session, case_id: int, catalog, known: dict[str, str] | None = None):
        self.session, self.case_id, self.catalog = session, case_id, catalog
        self.known = dict(known or {})
        self._doers: dict[str, str] | None = None
        self._parties: dict[str, list[str]] | None = None

    def scope_of(self, lane: str | None) -> tuple[str, str | None]:
        return SCOPE_OF_PARTY.get(self.catalog.party_of(lane), TaskScope.UNIT), self.catalog.proxy_of(lane)

    def holder_of(self, lane: str | None) -> str | None:
        if lane is None:
            return None
        if lane in self.known:
            return self.known[lane]
        if self.catalog.party_of(lane) == PARTY_EXTERNAL:
            bound = self.parties().get(lane, [])
            if len(bound) == 1:
                return bound[0]
        return self.doers().get(lane)

    def doers(self) -> dict[str, str]:
        if self._doers is None:
            self._doers = {lane: who for lane, who in self.session.execute(
                select(HumanTask.lane, HumanTask.completed_by).where(
                    HumanTask.case_id == self.case_id, HumanTask.status == TaskStatus.COMPLETED,
                    HumanTask.completed_by.is_not(None)).order_by(HumanTask.completed_at, HumanTask.id))}
        return self._doers

    def parties(self) -> dict[str, list[str]]:
        if self._parties is None:
            self._parties = {}
            for lane, who in self.session.execute(
                    select(CaseParty.lane, CaseParty.username).where(CaseParty.case_id == self.case_id,
                                                                     CaseParty.ended_at.is_(None))
                    .order_by(CaseParty.added_at, CaseParty.username)):
                self._parties.setdefault(lane, []).append(who)
        return self._parties


def eligible_assignees(rt: Runtime, actor: Actor, task_id: str) -> list[str]:
    """Who a step could be given to (active users who may act on it), for whoever may
    reassign it; not found for an outsider, NotAllowed for others."""
    with rt.read() as session:
        found = read_task_and_case(session, task_id)
        if found is None:
            raise hidden(f"Tugas {task_id}")
        row, case = found
        check_may_reassign(rt, session, actor, row, case)
        roles = [role for role in (row.lane, row.proxy_role) if role]
        candidates = session.execute(
            select(User).join(UserRole, UserRole.user_id == User.id)
            .where(User.is_active.is_(True), UserRole.role.in_(roles)).order_by(User.username)).scalars().unique()
        names = []
        for user in candidates:
            target = Actor(user.username, frozenset(r.role for r in user.roles), unit_id=user.unit_id)
            try:
                authorize(rt, session, target, open_copy(row), case)
            except (NotFound, NotAllowed, Conflict):
                continue
            names.append(user.username)
        return names
