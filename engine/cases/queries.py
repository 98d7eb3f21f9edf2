"""Case queries: the case page, the case list, the inbox, a task page, a document.

Read models only: plain rows and records, never the workflow state. Who may see what is
decided here for now (``may_view_case``).
"""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import bindparam, func, select, union
from sqlalchemy.orm import Session

from engine.diagrams.deploy import load_version, step_info
from engine.errors import NotAllowed, NotFound
from engine.records import (
    Actor,
    AuditEntry,
    CaseDetail,
    CaseInfo,
    Page,
    TaskDetail,
    TaskInfo,
)
from engine.rules.forms import form_for
from engine.runtime import LoadedVersion, Runtime
from engine.store.case_store import CASES, TASKS, read_task_and_case
from engine.store.models import (
    Attachment,
    AuditEvent,
    Case,
    HumanTask,
    ProcessVersion,
    Timer,
)
from engine.store.statuses import CaseStatus, TaskStatus
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
    )


def audit_entry(row: AuditEvent) -> AuditEntry:
    return AuditEntry(id=row.id, case_id=row.case_id, task_id=row.task_id, task_ref=row.task_ref,
                      actor=row.actor, action=row.action, data=row.data, at=row.at)


def may_view_case(actor: Actor, case: Case, catalog) -> bool:
    if actor.is_admin or "process_owner" in actor.roles or case.started_by == actor.username:
        return True
    return bool(actor.roles & set(catalog.all_lanes()))


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
    if name == "case_data":
        return (select(TASKS.c.data).where(TASKS.c.case_id == case_id, TASKS.c.status == TaskStatus.COMPLETED)
                .order_by(TASKS.c.completed_at))
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
    """A case with its steps, pending timers and (unless ``with_history`` is False) its audit trail.

    Never loads the workflow state; the version's catalog comes from the spec cache."""
    with rt.read() as session:
        case = read_case(session, case_id)
        if case is None:
            raise NotFound(f"Kasus {case_id} tidak ada")
        version = load_version(rt, session, case.process_version_id)
        if not may_view_case(actor, case, version.catalog):
            raise NotAllowed("Anda tidak terlibat dalam proses kasus ini")
        return case_detail(rt, session, case, version, with_history=with_history)


def case_detail(rt: Runtime, session: Session, case, version: LoadedVersion, *, with_history: bool) -> CaseDetail:
    # Plain rows, not ORM objects: a case page reads many and changes none.
    tasks = session.execute(reading("case_tasks"), {"case_id": case.id}).all()
    history = session.execute(reading("case_history"), {"case_id": case.id}).all() if with_history else []
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
    """Cases the actor may see, last changed first, paginated.

    Reads list columns only (never the state blob nor the spec); a case is visible to whoever
    started it and to the lanes that have a step in it. Counting stops at COUNT_CAP."""
    page, per_page = max(1, page), min(max(1, per_page), 200)
    filters = []
    if status:
        filters.append(Case.status == status)
    if process_id:
        filters.append(Case.process_id == process_id)
    restricted = mine or not (actor.is_admin or "process_owner" in actor.roles)
    conditions = list(filters)
    if restricted:
        involved = select(HumanTask.id).where(HumanTask.case_id == Case.id, HumanTask.lane.in_(sorted(actor.roles)))
        conditions.append((Case.started_by == actor.username) | involved.exists())
    with rt.read() as session:
        if restricted:
            # Count from the actor's side (their lanes' step rows, the cases they started) so the
            # cost follows their work, not every case in the office.
            via_lanes = select(HumanTask.case_id.label("id")).where(HumanTask.lane.in_(sorted(actor.roles)))
            if filters:  # without filters the (lane, case_id) index alone answers
                via_lanes = via_lanes.join(Case, Case.id == HumanTask.case_id).where(*filters)
            started = select(Case.id.label("id")).where(Case.started_by == actor.username, *filters)
            capped = union(via_lanes, started).limit(COUNT_CAP + 1).subquery()
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


def get_attachment(rt: Runtime, actor: Actor, attachment_id: int) -> tuple[dict, bytes]:
    with rt.read() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None:
            raise NotFound(f"Lampiran {attachment_id} tidak ada")
        case = session.get(Case, attachment.case_id)
        version = session.get(ProcessVersion, case.process_version_id)
        if not may_view_case(actor, case, version.catalog):
            raise NotAllowed("Anda tidak terlibat dalam proses kasus ini")
        meta = {"filename": attachment.filename, "content_type": attachment.content_type, "size": attachment.size}
        return meta, attachment.content


# -- the inbox and a task page -------------------------------------------------

def visible_lanes(session, roles: list[str], status: str):
    """The lane condition for an inbox: the actor's lanes, plus steps without a lane if any exist.

    Written without ``OR lane IS NULL`` unless needed, so the (lane, status, created_at) index
    serves the query directly."""
    condition = HumanTask.lane.in_(roles)
    unlaned = session.scalar(select(HumanTask.id).where(HumanTask.lane.is_(None), HumanTask.status == status).limit(1))
    return (condition | HumanTask.lane.is_(None)) if unlaned else condition


def list_tasks(rt: Runtime, actor: Actor, *, status: str = TaskStatus.READY, lane: str | None = None,
               process_id: str | None = None, overdue: bool = False, page: int = 1, per_page: int = 25) -> Page:
    """Ready tasks in the actor's lanes, oldest first; or (``status="completed"``) the steps
    the actor completed, newest first. Paginated; reads indexed rows only."""
    page, per_page = max(1, page), min(max(1, per_page), 200)
    roles = sorted(actor.roles)
    if lane is not None:
        roles = [lane] if lane in actor.roles else []
    with rt.read() as session:
        if status == TaskStatus.COMPLETED:
            conditions = [HumanTask.completed_by == actor.username, HumanTask.status == TaskStatus.COMPLETED]
            order = (HumanTask.completed_at.desc(), HumanTask.id)
        else:
            conditions = [visible_lanes(session, roles, status), HumanTask.status == status]
            order = (HumanTask.created_at, HumanTask.id)
        if process_id:
            conditions.append(HumanTask.process_id == process_id)
        if overdue:
            conditions += [HumanTask.due_at.is_not(None), HumanTask.due_at < rt.now()]
        total = session.scalar(select(func.count()).select_from(HumanTask).where(*conditions)) or 0
        # Two phases: order and cut the page on the index (ids only), then load just those rows.
        page_ids = list(session.scalars(
            select(HumanTask.id).where(*conditions).order_by(*order).limit(per_page).offset((page - 1) * per_page)))
        loaded = {row.id: (row, title, unit_id) for row, title, unit_id in session.execute(
            select(HumanTask, Case.title, Case.unit_id).join(Case, Case.id == HumanTask.case_id)
            .where(HumanTask.id.in_(page_ids)))}
        items = []
        for task_id in page_ids:
            if task_id in loaded:
                row, title, unit_id = loaded[task_id]
                items.append(task_info(row, title, timezone=unit_zone(rt, session, unit_id), unit_id=unit_id))
        return Page(items, total, page, per_page)


def get_task(rt: Runtime, actor: Actor, task_id: str) -> TaskDetail:
    """A task with its step (Mutu Baku), form, the case data so far and attachments."""
    with rt.read() as session:
        found = read_task_and_case(session, task_id)
        if found is None:
            raise NotFound(f"Tugas {task_id} tidak ada")
        row, case = found
        version = load_version(rt, session, case.process_version_id)
        may_complete = row.status == TaskStatus.READY and actor.has_role(row.lane)
        if not (may_complete or actor.has_role(row.lane) or may_view_case(actor, case, version.catalog)):
            raise NotAllowed(f"Tugas '{row.name}' hanya untuk peran '{row.lane}'")
        case_data = {}
        for (data,) in session.execute(reading("case_data"), {"case_id": case.id}):
            case_data.update(data or {})
        attachments = [dict(a._mapping) for a in session.execute(reading("task_attachments"), {"task_id": task_id})]
        return TaskDetail(
            task=task_info(row, case.title, with_data=True, timezone=unit_zone(rt, session, case.unit_id),
                           unit_id=case.unit_id),
            step=step_info(version.catalog, row.task_ref),
            form=form_for(version.catalog, row.task_ref),
            case_data=case_data,
            attachments=attachments,
            may_complete=may_complete,
        )


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
