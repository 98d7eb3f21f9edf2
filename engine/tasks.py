"""The inbox: human tasks a person may do, read from indexed rows only."""
from __future__ import annotations

from sqlalchemy import func, select

from .case_store import read_task_and_case
from .cases import may_view_case, reading, task_info, unit_zone
from .deploy import load_version, step_info
from .errors import NotAllowed, NotFound
from .forms import form_for
from .models import Case, HumanTask
from .records import Actor, Page, TaskDetail
from .runtime import Runtime


def visible_lanes(session, roles: list[str], status: str):
    """The lane condition for an inbox: the actor's lanes, plus steps without a lane if any exist.

    Written without ``OR lane IS NULL`` unless needed, so the (lane, status, created_at) index
    serves the query directly."""
    condition = HumanTask.lane.in_(roles)
    unlaned = session.scalar(select(HumanTask.id).where(HumanTask.lane.is_(None), HumanTask.status == status).limit(1))
    return (condition | HumanTask.lane.is_(None)) if unlaned else condition


def list_tasks(rt: Runtime, actor: Actor, *, status: str = "ready", lane: str | None = None,
               process_id: str | None = None, overdue: bool = False, page: int = 1, per_page: int = 25) -> Page:
    """Ready tasks in the actor's lanes, oldest first; or (``status="completed"``) the steps
    the actor completed, newest first. Paginated; reads indexed rows only."""
    page, per_page = max(1, page), min(max(1, per_page), 200)
    roles = sorted(actor.roles)
    if lane is not None:
        roles = [lane] if lane in actor.roles else []
    with rt.read() as session:
        if status == "completed":
            conditions = [HumanTask.completed_by == actor.username, HumanTask.status == "completed"]
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
        may_complete = row.status == "ready" and actor.has_role(row.lane)
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
