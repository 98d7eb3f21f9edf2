"""The inbox and a task page: the open steps an actor holds or may take, the steps they did,
and one step with its Mutu Baku, form and documents, as the access policy allows."""
from __future__ import annotations

from sqlalchemy import func, or_, select

from engine import access
from engine.access import hidden
from engine.cases.queries import reading, step_row, step_view, task_info, unit_zone
from engine.diagrams.deploy import load_version, step_info
from engine.org.delegations import load_standing
from engine.records import Actor, Page, TaskDetail
from engine.rules.forms import form_for
from engine.runtime import Runtime
from engine.store.case_store import read_task_and_case
from engine.store.models import Case, HumanTask
from engine.store.statuses import TaskStatus

INBOX_VIEWS = ("all", "mine", "group", "completed")


def list_tasks(rt: Runtime, actor: Actor, *, status: str = TaskStatus.READY, view: str = "all",
               lane: str | None = None, process_id: str | None = None, overdue: bool = False,
               sort: str = "due", page: int = 1, per_page: int = 25) -> Page:
    """The actor's inbox (engine.access): ``view="mine"`` the open steps they hold (or their
    official holds, for a Plt./Plh.), ``"group"`` the open steps held by nobody that they may
    take, ``"all"`` both; ``"completed"`` (or ``status="completed"``) the steps they did, newest
    first. Open steps come by due date (``sort="due"``, undated last) or oldest first
    (``sort="created"``). Paginated; reads indexed step rows only."""
    page, per_page = max(1, page), min(max(1, per_page), 200)
    if status == TaskStatus.COMPLETED:
        view = "completed"
    with rt.read() as session:
        standing = load_standing(rt, session, actor)
        if view == "completed":
            conditions = [HumanTask.completed_by == actor.username, HumanTask.status == TaskStatus.COMPLETED]
            order = (HumanTask.completed_at.desc(), HumanTask.id)
        else:
            conditions = [HumanTask.status == TaskStatus.READY, inbox_condition(standing, view)]
            if sort == "created":
                order = (HumanTask.created_at, HumanTask.id)
            else:
                order = (HumanTask.due_at.is_(None), HumanTask.due_at, HumanTask.created_at, HumanTask.id)
        if lane is not None:
            conditions.append(HumanTask.lane == lane)
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


def inbox_condition(standing: access.Standing, view: str):
    if view == "mine":
        return access.held_condition(standing)
    if view == "group":
        return access.group_condition(standing)
    return or_(access.held_condition(standing), access.group_condition(standing))


def count_tasks(rt: Runtime, actor: Actor) -> dict[str, int]:
    """How many open steps the actor holds (``mine``) and may take (``group``): the counts in
    the navigation."""
    with rt.read() as session:
        standing = load_standing(rt, session, actor)
        return {view: session.scalar(select(func.count()).select_from(HumanTask).where(
                    HumanTask.status == TaskStatus.READY, inbox_condition(standing, view))) or 0
                for view in ("mine", "group")}


def get_task(rt: Runtime, actor: Actor, task_id: str) -> TaskDetail:
    """A task with its step (Mutu Baku), form, the case data so far and attachments, for
    whoever may see it (engine.access; otherwise not found), saying whether the actor may
    complete or take it, who holds it, and as whom the actor would act."""
    with rt.read() as session:
        found = read_task_and_case(session, task_id)
        if found is None:
            raise hidden(f"Tugas {task_id}")
        row, case = found
        standing = load_standing(rt, session, actor)
        seen = step_view(standing, session, row, case)
        if not seen.visible:
            raise hidden(f"Tugas {task_id}")
        version = load_version(rt, session, case.process_version_id)
        step = step_row(row)
        grant, on_behalf = access.may_act_basis(standing, step, seen.lane_parties)
        ready = row.status == TaskStatus.READY
        mine = access.holds_or_may_take(standing, step)
        case_data = {}
        done = sorted((t for t in seen.shown_rows if t.status == TaskStatus.COMPLETED and t.data),
                      key=lambda t: t.completed_at)
        for t in done:
            case_data.update(t.data)
        attachments = [dict(a._mapping) for a in session.execute(reading("task_attachments"), {"task_id": task_id})]
        return TaskDetail(
            task=task_info(row, case.title, with_data=True, timezone=unit_zone(rt, session, case.unit_id),
                           unit_id=case.unit_id),
            step=step_info(version.catalog, row.task_ref),
            form=form_for(version.catalog, row.task_ref),
            case_data=case_data,
            attachments=attachments,
            may_complete=ready and grant is not None and mine,
            may_claim=ready and grant is not None and row.assignee is None,
            held_by=row.assignee if ready and not mine else None,
            acting_as=(on_behalf or grant.describe()) if grant is not None else None,
        )
