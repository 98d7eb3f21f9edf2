"""Case queries: the case page, the case list, the inbox, a task page, a document.

Read models only: plain rows and records, never the workflow state. Who may see what is
asked of the access policy (engine.access) for every answer, list and count: what the actor
may not see is answered as not found.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import and_, bindparam, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from engine import access
from engine.access import StepRow, hidden
from engine.diagrams.deploy import load_version
from engine.org.delegations import load_standing
from engine.records import (
    Actor,
    AuditEntry,
    CaseDetail,
    CaseInfo,
    Page,
    TaskInfo,
)
from engine.runtime import LoadedVersion, Runtime
from engine.store.case_store import CASES, TASKS, read_task_and_case
from engine.store.models import (
    Attachment,
    AuditEvent,
    Case,
    CaseParty,
    HumanTask,
    ProcessVersion,
    Timer,
)
from engine.store.statuses import CaseStatus, TaskScope, TaskStatus
from engine.timers.escalation import shown_as_pending


def unit_zone(rt: Runtime, session: Session, unit_id: int | None) -> str | None:
    """The IANA time zone of an organisation unit; None for the installation default."""
    if unit_id is None:
        return None
    zone = rt.calendar(session, unit_id).zone
    return getattr(zone, "key", None) or str(zone)


def case_info(case, version, timezone: str | None = None) -> CaseInfo:
    """``version``: a ProcessVersion row or a cached LoadedVersion (both have version and name)."""
    return CaseInfo(
        id=case.id,
        process_id=case.process_id,
        process_version_id=case.process_version_id,
        version=version.version,
        process_name=version.name,
        title=case.title,
        status=case.status,
        started_by=case.started_by,
        started_at=case.started_at,
        updated_at=case.updated_at,
        ended_at=case.ended_at,
        end_event=case.end_event,
        lock_version=case.lock_version,
        timezone=timezone,
        unit_id=case.unit_id,
    )


def task_info(row: HumanTask, case_title: str = "", *, with_data: bool = False, timezone: str | None = None,
              unit_id: int | None = None) -> TaskInfo:
    return TaskInfo(
        id=row.id,
        case_id=row.case_id,
        process_id=row.process_id,
        task_ref=row.task_ref,
        name=row.name,
        lane=row.lane,
        status=row.status,
        created_at=row.created_at,
        due_at=row.due_at,
        late=row.late,
        completed_at=row.completed_at,
        completed_by=row.completed_by,
        case_title=case_title,
        data=row.data if with_data else None,
        timezone=timezone,
        unit_id=unit_id,
        assignee=row.assignee,
        acted_as=row.acted_as,
    )


def audit_entry(row: AuditEvent) -> AuditEntry:
    return AuditEntry(id=row.id, case_id=row.case_id, task_id=row.task_id, task_ref=row.task_ref,
                      actor=row.actor, action=row.action, data=row.data, at=row.at)


def step_row(row) -> StepRow:
    """What the access policy needs of a ``human_tasks`` row."""
    return StepRow(row.lane, row.scope, row.unit_id, row.proxy_role, row.assignee, row.completed_by)


def parties_of(session: Session, case_id: int) -> dict[str, frozenset[str]]:
    """The people bound to each lane of a case (``case_parties``)."""
    found: dict[str, set[str]] = {}
    for lane, username in session.execute(reading("case_parties"), {"case_id": case_id}):
        found.setdefault(lane, set()).add(username)
    return {lane: frozenset(names) for lane, names in found.items()}


ALL, PARTY = "all", "party"


def case_view(standing: access.Standing, case, tasks, parties: dict[str, frozenset[str]]) -> str | None:
    """How much of a case the actor sees: ``"all"`` (staff of the case, its starter, admins),
    ``"party"`` (a bound outsider: the public parts and their own steps), or None (nothing)."""
    seen_as_party = any(standing.username in names for names in parties.values())
    if standing.sees_every_case or (case.started_by == standing.username and not seen_as_party):
        return ALL  # a vendor who started a case from their lane sees it as its party
    for t in tasks:
        lane_parties = parties.get(t.lane, frozenset())
        if not access.may_see_step(standing, step_row(t), lane_parties):
            continue
        if t.scope != TaskScope.PARTY or access.may_act_basis(standing, step_row(t))[0] is not None:
            return ALL  # staff of the case: a lane's role, or the proxy acting atas nama
        seen_as_party = True
    return PARTY if seen_as_party else None


def shown_to_party(row, username: str, parties: dict[str, frozenset[str]]) -> bool:
    """Whether a bound outsider sees a step: every step of the other lanes, and of their own
    lane only their own (an offer of another vendor stays hidden)."""
    if row.scope != TaskScope.PARTY:
        return True
    if username in (row.assignee, row.completed_by):
        return True
    return row.assignee is None and row.completed_by is None and username in parties.get(row.lane, frozenset())


@lru_cache(maxsize=None)
def reading(name: str):
    """Statements of the case and task pages, built once."""
    case_id = bindparam("case_id")
    if name == "case":  # every column but the state
        return select(*[c for c in CASES.c if c.name != "state"]).where(CASES.c.id == case_id)
    if name == "case_tasks":
        return select(TASKS).where(TASKS.c.case_id == case_id).order_by(TASKS.c.created_at, TASKS.c.id)
    if name == "case_history":
        events = AuditEvent.__table__
        return select(events).where(events.c.case_id == case_id).order_by(events.c.id)
    if name == "case_timers":
        timers = Timer.__table__
        return (select(timers.c.task_ref, timers.c.attached_to, timers.c.due_at)
                .where(timers.c.case_id == case_id, shown_as_pending(timers))
                .order_by(timers.c.due_at))
    if name == "case_parties":  # the parties still in the case
        return select(CaseParty.lane, CaseParty.username).where(CaseParty.case_id == case_id,
                                                                CaseParty.ended_at.is_(None))
    if name == "ended_parties":
        return select(CaseParty.username, func.max(CaseParty.ended_at).label("ended_at")).where(
            CaseParty.case_id == case_id, CaseParty.ended_at.is_not(None)).group_by(CaseParty.username)
    if name == "task_attachments":
        files = Attachment.__table__
        return (select(files.c.id, files.c.field, files.c.filename, files.c.size, files.c.content_type,
                       files.c.uploaded_by, files.c.uploaded_at)  # never the content
                .where(files.c.task_id == bindparam("task_id")).order_by(files.c.id))
    raise KeyError(name)


def read_case(session: Session, case_id: int):
    """A case row without its state (attribute access), or None."""
    return session.execute(reading("case"), {"case_id": case_id}).first()


def get_case(rt: Runtime, actor: Actor, case_id: int, *, with_history: bool = True) -> CaseDetail:
    """A case with its steps, pending timers and (unless ``with_history`` is False) its audit
    trail, as much of it as the actor may see (a bound outsider: the public parts and their
    own steps); a case the actor may not see is not found.

    Never loads the workflow state; the version's catalog comes from the spec cache."""
    with rt.read() as session:
        case = read_case(session, case_id)
        if case is None:
            raise hidden(f"Kasus {case_id}")
        standing = load_standing(rt, session, actor)
        tasks = session.execute(reading("case_tasks"), {"case_id": case.id}).all()
        parties = parties_of(session, case.id)
        view = case_view(standing, case, tasks, parties)
        if view is None:
            raise hidden(f"Kasus {case_id}")
        version = load_version(rt, session, case.process_version_id)
        closed_at = None
        if view == PARTY:
            closed_at = closed_for(session, case.id, standing.username, parties)
            tasks = [public_parts(t, version.catalog) for t in tasks
                     if shown_to_party(t, standing.username, parties)
                     and (closed_at is None or t.created_at < closed_at
                          or standing.username in (t.assignee, t.completed_by))]
        detail = case_detail(rt, session, case, version, with_history=with_history, tasks=tasks,
                             only_steps=view == PARTY)
        if view == PARTY:
            me = standing.username
            history = [public_entry(h, version.catalog) for h in detail.history
                       if not (h.action in PARTY_EVENTS and (h.data or {}).get("username") != me)
                       and (closed_at is None or h.at <= closed_at or h.actor == me)]
            detail = replace(detail, history=history, closed_for_me=closed_at is not None)
        return detail


# Events about who is a party of a case: a bound outsider sees only those about themselves.
PARTY_EVENTS = ("party_bound", "party_ended")


def closed_for(session: Session, case_id: int, username: str, parties: dict[str, frozenset[str]]):
    """When the case closed for a bound outsider whose every party ended (another vendor was
    chosen; engine.cases.parties.end_parties), or None."""
    if any(username in names for names in parties.values()):
        return None
    for name, ended_at in session.execute(reading("ended_parties"), {"case_id": case_id}):
        if name == username:
            return ended_at
    return None


def private_fields(catalog, task_ref: str | None) -> set[str]:
    """The form fields of a step that name other people (``x-alur-users``: the vendors invited
    to a competition, its winner): not shown to a bound outsider."""
    props = (catalog.forms.get(task_ref) or {}).get("schema", {}).get("properties") or {} if task_ref else {}
    return {name for name, prop in props.items() if prop.get("x-alur-users")}


def public_parts(row, catalog):
    """A step row as a bound outsider sees it (without :func:`private_fields`)."""
    private = private_fields(catalog, row.task_ref) & set(row.data or ())
    if not private:
        return row
    return SimpleNamespace(**{**row._asdict(), "data": {k: v for k, v in row.data.items() if k not in private}})


def public_entry(entry: AuditEntry, catalog) -> AuditEntry:
    """An audit entry as a bound outsider sees it (without :func:`private_fields`)."""
    private = private_fields(catalog, entry.task_ref) & set(entry.data or ())
    if not private:
        return entry
    return replace(entry, data={k: v for k, v in entry.data.items() if k not in private})


def case_detail(rt: Runtime, session: Session, case, version: LoadedVersion, *, with_history: bool,
                tasks=None, only_steps: bool = False) -> CaseDetail:
    """The case page's record; ``tasks``: the step rows to show (default: all of them);
    ``only_steps``: the history keeps only events of those steps and of the case itself."""
    # Plain rows, not ORM objects: a case page reads many and changes none.
    if tasks is None:
        tasks = session.execute(reading("case_tasks"), {"case_id": case.id}).all()
    history = session.execute(reading("case_history"), {"case_id": case.id}).all() if with_history else []
    if only_steps:
        shown = {t.id for t in tasks}
        history = [h for h in history if h.task_id is None or h.task_id in shown]
    timers = session.execute(reading("case_timers"), {"case_id": case.id}).all()
    data = {}
    for t in tasks:
        if t.status == TaskStatus.COMPLETED and t.data:
            data.update(t.data)
    zone = unit_zone(rt, session, case.unit_id)
    return CaseDetail(
        case=case_info(case, version, zone),
        open_tasks=[task_info(t, case.title, timezone=zone, unit_id=case.unit_id)
                    for t in tasks if t.status == TaskStatus.READY],
        tasks=[task_info(t, case.title, with_data=True, timezone=zone, unit_id=case.unit_id) for t in tasks],
        history=[audit_entry(h) for h in history],
        data=data,
        pending_timers=[{"timer": t.task_ref, "attached_to": t.attached_to, "due_at": t.due_at} for t in timers],
    )


COUNT_CAP = 10_000

CASE_LIST_COLUMNS = (Case.id, Case.process_id, Case.process_version_id, Case.title, Case.status, Case.started_by,
                     Case.started_at, Case.updated_at, Case.ended_at, Case.end_event, Case.lock_version,
                     Case.unit_id, ProcessVersion.version, ProcessVersion.name)


def list_cases(rt: Runtime, actor: Actor, *, status: str | None = None, process_id: str | None = None,
               mine: bool = False, page: int = 1, per_page: int = 25) -> Page:
    """Cases the actor may see (engine.access), last changed first, paginated; ``mine``: only
    the cases the actor is involved in, even for admins and process owners.

    Reads list columns only (never the state blob nor the spec). Counting stops at COUNT_CAP."""
    page, per_page = max(1, page), min(max(1, per_page), 200)
    filters = []
    if status:
        filters.append(Case.status == status)
    if process_id:
        filters.append(Case.process_id == process_id)
    with rt.read() as session:
        standing = load_standing(rt, session, actor)
        restricted = mine or not standing.sees_every_case
        if status == CaseStatus.RUNNING:  # a case closed for a party is not among their running ones
            ended = aliased(CaseParty)
            filters.append(~select(ended.case_id).where(
                ended.case_id == Case.id, ended.username == standing.username,
                ended.ended_at.is_not(None)).exists())
        conditions = list(filters)
        if restricted:
            # The actor's cases as a list of ids read from their side (each branch on an index),
            # not a correlated EXISTS per case: the page then costs what the actor's cases
            # cost, not a walk down every case in the office (bench/access_lists.py).
            conditions.append(Case.id.in_(union(*involved_case_ids(standing, []))))
            # Count from the actor's side (their steps' rows, the cases they started or are a
            # party of) so the cost follows their work, not every case in the office.
            capped = union(*involved_case_ids(standing, filters)).limit(COUNT_CAP + 1).subquery()
        else:
            capped = select(Case.id).where(*conditions).limit(COUNT_CAP + 1).subquery()
        total = session.scalar(select(func.count()).select_from(capped)) or 0
        query = (select(*CASE_LIST_COLUMNS).join(ProcessVersion, Case.process_version_id == ProcessVersion.id)
                 .where(*conditions).order_by(Case.updated_at.desc(), Case.id.desc())
                 .limit(per_page).offset((page - 1) * per_page))
        items = [CaseInfo(id=r.id, process_id=r.process_id, process_version_id=r.process_version_id, version=r.version,
                          process_name=r.name, title=r.title, status=r.status, started_by=r.started_by,
                          started_at=r.started_at, updated_at=r.updated_at, ended_at=r.ended_at,
                          end_event=r.end_event, lock_version=r.lock_version, unit_id=r.unit_id,
                          timezone=unit_zone(rt, session, r.unit_id))
                 for r in session.execute(query)]
        return Page(items, min(total, COUNT_CAP), page, per_page, total_exact=total <= COUNT_CAP)


def involved_condition(standing: access.Standing):
    """Cases the actor is involved in: started, bound as a party, or a step theirs to act on,
    held or done by them (engine.access), as a condition on ``cases`` (correlated; the case
    list reads the same cases through :func:`involved_case_ids`)."""
    me = standing.username
    steps = select(HumanTask.id).where(HumanTask.case_id == Case.id, or_(
        access.step_condition(standing), access.held_condition(standing), HumanTask.completed_by == me))
    party = select(CaseParty.case_id).where(CaseParty.case_id == Case.id, CaseParty.username == me)
    return or_(Case.started_by == me, steps.exists(), party.exists())


def involved_case_ids(standing: access.Standing, filters: list):
    """The same cases as :func:`involved_condition`, as selects of ids from the actor's side."""
    me = standing.username

    def from_steps(condition):
        query = select(HumanTask.case_id.label("id")).where(condition)
        return query.join(Case, Case.id == HumanTask.case_id).where(*filters) if filters else query

    parties = select(CaseParty.case_id.label("id")).where(CaseParty.username == me)
    if filters:
        parties = parties.join(Case, Case.id == CaseParty.case_id).where(*filters)
    # Every status, so each branch of the step condition seeks all columns of its index
    # (ix_human_tasks_lane_scope_unit: lane, scope, status, unit_id); the same rows as none.
    every_status = HumanTask.status.in_([status.value for status in TaskStatus])
    return (from_steps(and_(every_status, access.step_condition(standing))),
            from_steps(access.held_condition(standing)),
            from_steps(HumanTask.completed_by == me), parties,
            select(Case.id.label("id")).where(Case.started_by == me, *filters))


def get_attachment(rt: Runtime, actor: Actor, attachment_id: int) -> tuple[dict, bytes]:
    """A document and its bytes, for whoever may see the step it belongs to."""
    with rt.read() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None or not step_visible(rt, session, actor, attachment.task_id):
            raise hidden(f"Lampiran {attachment_id}")
        meta = {"filename": attachment.filename, "content_type": attachment.content_type, "size": attachment.size}
        return meta, attachment.content


def step_visible(rt: Runtime, session: Session, actor: Actor, task_id: str) -> bool:
    """Whether the actor may see a step (and so its documents)."""
    found = read_task_and_case(session, task_id)
    if found is None:
        return False
    row, case = found
    return step_view(load_standing(rt, session, actor), session, row, case).visible


@dataclass(frozen=True)
class StepView:
    visible: bool
    lane_parties: frozenset[str]
    shown_rows: list  # the case's step rows the actor sees (their data is the case data shown)


def step_view(standing: access.Standing, session: Session, row, case) -> StepView:
    """Whether the actor sees the step ``row`` of ``case``, the people bound to its lane, and
    which of the case's steps the actor sees."""
    tasks = session.execute(reading("case_tasks"), {"case_id": case.id}).all()
    parties = parties_of(session, case.id)
    lane_parties = parties.get(row.lane, frozenset())
    view = case_view(standing, case, tasks, parties)
    shown = [t for t in tasks if view == ALL or shown_to_party(t, standing.username, parties)]
    if access.may_see_step(standing, step_row(row), lane_parties):
        return StepView(True, lane_parties, shown)
    visible = view == ALL or (view == PARTY and shown_to_party(row, standing.username, parties))
    return StepView(visible, lane_parties, shown)


# -- open steps by deadline ------------------------------------------------------

def steps_due_from(start, unit_id: int | None, *columns):
    """``columns`` of the open steps of running cases due at or after ``start`` (a moment),
    of every case (``unit_id=None``) or of the unit's cases: the steps a recount of the
    deadlines from that day would count again (``engine.timers.recount``), and what the
    calendar pages say it would."""
    query = (select(*columns).select_from(HumanTask).join(Case, Case.id == HumanTask.case_id)
             .where(HumanTask.status == TaskStatus.READY, HumanTask.due_at.is_not(None), HumanTask.due_at >= start,
                    Case.status == CaseStatus.RUNNING))
    return query.where(Case.unit_id == unit_id) if unit_id is not None else query
