"""Case commands: start a case, complete a step, fire a case's timers (documents: engine.cases.attachments).

Every change to a case is one transaction that writes the case state, the
human-task rows the inbox reads, the pending timers, the audit events and the notifications,
all through the case store's write set (engine.store.case_store, engine.store.writes). What a
case looks like to a reader is in engine.cases.queries; a command that a client follows with a
read returns that read too, from the same transaction (``start_and_get_case``,
``complete_and_get_case``).
"""
from __future__ import annotations

from datetime import datetime

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.cases import parties
from engine.cases.assignment import Holders, authorize
from engine.cases.attachments import (
    Upload,
    asked_for,
    check_required_attachments,
    store_attachment,
)
from engine.cases.queries import case_detail, task_info, unit_zone
from engine.diagrams.deploy import load_version
from engine.errors import Conflict, EngineFailure, NotFound
from engine.notify import recipients
from engine.notify.notifications import reminder_due
from engine.records import Actor, CaseDetail, TaskInfo
from engine.rules.forms import coerce_submission, form_for, validate_submission
from engine.runtime import LoadedVersion, Runtime
from engine.spiff.serializer import dump_state, load_state
from engine.spiff.workflow import find_task
from engine.store.case_store import (
    CaseRow,
    Snapshot,
    lock_task,
    notify_timer_workers,
    snapshot_from_rows,
    take_snapshot,
    update_case_row,
)
from engine.store.models import Case, HumanTask, Timer
from engine.store.statuses import CaseStatus, TaskStatus, TimerKind
from engine.store.writes import TASKS, Writes
from engine.timers.escalation import escalated_timer_ids

MAX_TITLE = 300


# -- loading and saving ---------------------------------------------------

def load_workflow(rt: Runtime, session: Session, case) -> tuple[BpmnWorkflow, LoadedVersion]:
    """The case's workflow (deserialized from its state) and version, for reading."""
    version = load_version(rt, session, case.process_version_id)
    engine = rt.script_engine(session, unit_id=case.unit_id)
    return load_state(case.state, version.spec, version.subprocess_specs, engine), version


def open_workflow(rt: Runtime, session: Session, case: CaseRow) -> tuple[BpmnWorkflow, LoadedVersion, Snapshot]:
    """The case's workflow and version for changing it, with what is open in it now.

    The live workflow this process saved last is used if the row still has that
    ``lock_version`` (engine.workflow_cache); otherwise the stored state is deserialized."""
    version = load_version(rt, session, case.process_version_id)
    engine = rt.script_engine(session, unit_id=case.unit_id)
    cached = rt.workflows.take(case.id, case.lock_version)
    if cached is not None:
        workflow, before = cached
        workflow.script_engine = engine
        return workflow, version, before
    workflow = load_state(case.state, version.spec, version.subprocess_specs, engine)
    return workflow, version, take_snapshot(workflow, version.process_id)


def advance(workflow: BpmnWorkflow) -> None:
    """Run engine steps (gateways, events, timers due) until people must act."""
    try:
        workflow.do_engine_steps()
    except RecursionError:
        raise EngineFailure("Proses terlalu dalam untuk dijalankan (rekursi); hubungi admin") from None
    except SpiffWorkflowException as exc:
        task = getattr(exc, "task", None)
        element_id = getattr(getattr(task, "task_spec", None), "bpmn_id", None)
        raise EngineFailure(
            f"Proses tidak dapat dilanjutkan di elemen {element_id or '?'}: {exc}"
        ) from None


def sync_rows(rt: Runtime, session: Session, case: CaseRow, workflow: BpmnWorkflow, version: LoadedVersion,
              actor: Actor, now: datetime, before: Snapshot, writes: Writes, *, completed: str | None = None,
              holders: dict[str, str] | None = None) -> Snapshot:
    """Bring human-task, timer and reminder rows in line with the workflow; audit what happened.

    ``before`` is what was open before the change; only the difference is written (what is
    open after it is returned). A new step
    with a deadline gets a reminder row (``TimerKind.REMINDER``, id = the step's id)
    unless reminders are off or the deadline is closer than the reminder lead; the reminder
    row goes when the step is no longer ready. ``completed``: the step the caller completed
    (its row is the caller's to update).
    """
    after = take_snapshot(workflow, version.process_id)
    due_by_task_ref: dict[str, datetime] = {}
    for bpmn_id, due in after.timers.values():
        attached = version.lane_of_timer.get(bpmn_id)
        if attached and (attached not in due_by_task_ref or due < due_by_task_ref[attached]):
            due_by_task_ref[attached] = due
    steps = version.catalog.steps
    known = dict(holders or {})
    if completed is not None and completed in before.ready:
        done = steps.get(before.ready[completed])
        if done is not None and done.lane:
            known[done.lane] = actor.username
    assigner = Holders(session, case.id, version.catalog, known)

    for task_id, task_ref in after.ready.items():
        if task_id in before.ready:
            continue
        task = after.tasks[task_id]
        step = steps.get(task_ref)
        name = task.task_spec.bpmn_name or (step and step.name) or task_ref
        lane = task.task_spec.lane or (step and step.lane)
        due_at = due_by_task_ref.get(task_ref)
        scope, proxy_role = assigner.scope_of(lane)
        assignee = named_holder(task, step) or assigner.holder_of(lane)
        writes.new_tasks.append({
            "id": task_id, "case_id": case.id, "process_id": case.process_id, "task_ref": task_ref, "name": name,
            "lane": lane, "status": TaskStatus.READY, "created_at": now, "due_at": due_at, "late": False,
            "completed_at": None, "completed_by": None, "data": None,
            "assignee": assignee, "unit_id": case.unit_id, "scope": scope, "proxy_role": proxy_role,
            "acted_as": None,
        })
        data = {"name": name, "lane": lane, "due_at": due_at.isoformat() if due_at else None}
        if assignee:
            data["assignee"] = assignee
        remind_at = reminder_due(rt, now, due_at, unit_id=case.unit_id)
        if remind_at is not None:
            writes.add_timer({"id": task_id, "case_id": case.id, "kind": TimerKind.REMINDER, "task_ref": task_ref,
                              "attached_to": task_ref, "due_at": remind_at}, now)
            data["remind_at"] = remind_at.isoformat()
        writes.event(case.id, "task_ready", actor="system", now=now, task_id=task_id, task_ref=task_ref, data=data)

    for task_id, task_ref in before.ready.items():
        if task_id in after.ready:
            continue
        writes.dropped_timers.append(task_id)  # its reminder, if any
        if task_id != completed:
            writes.cancelled.append(task_id)
            writes.cancelled_at = now
            writes.event(case.id, "task_cancelled", actor=actor.username, now=now, task_id=task_id,
                         task_ref=task_ref)

    for task_id, (bpmn_id, due) in after.timers.items():
        previous = before.timers.get(task_id)
        if previous is None:
            writes.add_timer({"id": task_id, "case_id": case.id, "kind": TimerKind.TIMER, "task_ref": bpmn_id,
                              "attached_to": version.lane_of_timer.get(bpmn_id), "due_at": due}, now)
        elif previous[1] != due:
            writes.moved_timers.append({"id": task_id, "due_at": due})  # a cycle moved on
    fired = []
    for task_id, (bpmn_id, due) in before.timers.items():
        if task_id in after.timers:
            continue
        task = find_task(workflow, task_id)
        if task is not None and task.state in (TaskState.COMPLETED, TaskState.READY):
            fired.append((task_id, bpmn_id, due))
        writes.dropped_timers.append(task_id)
    if fired:
        record_timers_fired(rt, session, case, fired, version, now, writes)
    return after


def named_holder(task, step) -> str | None:
    """The holder a step names in the case data (``<alur:assignee>``: the vendor of one
    instance of a multi-instance step, the chosen winner), or None."""
    if step is None or not step.assignee:
        return None
    value = task.data.get(step.assignee)
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def record_timers_fired(rt: Runtime, session: Session, case: CaseRow, fired: list[tuple[str, str, datetime]],
                        version: LoadedVersion, now: datetime, writes: Writes) -> None:
    """Timers fired: a step's deadline (mark the open step late, tell its holders and
    supervisor, drop its reminder) or another timer event (audit only). A deadline the timer
    worker already escalated is not escalated again (engine.timers.escalation)."""
    escalated = escalated_timer_ids(session, [task_id for task_id, _, _ in fired])
    # A timer that fired was waiting before the step, and so was its step: the late row exists.
    for task_id, bpmn_id, due in fired:
        if task_id in escalated:
            continue
        data = {"timer": bpmn_id, "due_at": due.isoformat()}
        attached_to = version.lane_of_timer.get(bpmn_id)
        if not attached_to:
            writes.event(case.id, "timer_fired", actor="system", now=now, task_ref=bpmn_id, data=data)
            continue
        late = session.execute(select(TASKS.c.id, TASKS.c.name, TASKS.c.lane, TASKS.c.due_at).where(
            TASKS.c.case_id == case.id, TASKS.c.status == TaskStatus.READY, TASKS.c.task_ref == attached_to)).all()
        closed = [row.id for row in late if row.id in writes.cancelled]
        if closed:  # an interrupting timer closed the step (the offer deadline): not late
            writes.event(case.id, "timer_fired", actor="system", now=now, task_ref=bpmn_id,
                         data={**data, "closed": closed})
            continue
        for row in late:
            writes.late.append(row.id)
            data["task_id"] = row.id
            data.update(recipients.escalate_deadline(rt, session, writes, case, row, version.catalog, now))
            writes.dropped_timers.append(row.id)  # a reminder not sent yet is pointless now
        writes.event(case.id, "deadline_passed", actor="system", now=now, task_id=data.get("task_id"),
                     task_ref=attached_to, data=data)


def end_event_name(workflow: BpmnWorkflow) -> str | None:
    from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent

    names = [
        t.task_spec.bpmn_name or t.task_spec.bpmn_id
        for t in workflow.get_tasks(state=TaskState.COMPLETED)
        if isinstance(t.task_spec, EndEvent) and t.workflow is workflow
        and not (t.task_spec.bpmn_id or "").startswith("late_")
    ]
    return names[-1] if names else None


def save_case(rt: Runtime, session: Session, case: CaseRow, workflow: BpmnWorkflow, version: LoadedVersion,
              actor: Actor, now: datetime, *, before: Snapshot | None = None, writes: Writes | None = None,
              completed: str | None = None, keep_live: bool = True, holders: dict[str, str] | None = None) -> None:
    """Write the case's state, its rows (only what changed since ``before``; read from the rows
    when not given) and its audit events; keep the live workflow for the next step after commit.
    ``holders``: lanes whose steps opening now go to a known person ({lane: username})."""
    writes = writes if writes is not None else Writes()
    if before is None:
        before = snapshot_from_rows(session, case.id)
    after = sync_rows(rt, session, case, workflow, version, actor, now, before, writes, completed=completed,
                      holders=holders)
    values = {"state": dump_state(workflow), "updated_at": now, "process_version_id": case.process_version_id}
    if workflow.is_completed() and case.status == CaseStatus.RUNNING:
        values.update(status=CaseStatus.COMPLETED, ended_at=now, end_event=end_event_name(workflow))
        writes.event(case.id, "case_completed", actor="system", now=now, data={"end_event": values["end_event"]})
    wake = writes.wake_timers
    update_case_row(session, case, writes, **values)
    if wake:
        notify_timer_workers(rt, session)
    if keep_live and case.status == CaseStatus.RUNNING:
        case_id, lock_version = case.id, case.lock_version
        rt.after_commit(session, lambda: rt.workflows.put(case_id, lock_version, workflow, after))


# -- verbs ----------------------------------------------------------------

def complete_task(rt: Runtime, actor: Actor, task_id: str, data: dict | None = None,
                  attachments: list[Upload] | None = None, *, posted: dict[str, list[str]] | None = None) -> TaskInfo:
    """Complete a ready human task with form data (and uploaded documents) and move the case on.
    ``posted``: instead of ``data``, the texts of an HTML form post (each name with all its
    values); they are coerced to the types of the step's form here, against the form the
    completion reads anyway, and like a browser's form only what the form asks for counts
    (values and documents of other names are ignored)."""
    with rt.write() as session:
        return complete_in(rt, session, actor, task_id, data or {}, attachments, posted=posted)[0]


def complete_and_get_case(rt: Runtime, actor: Actor, task_id: str, data: dict | None = None,
                          attachments: list[Upload] | None = None) -> tuple[TaskInfo, CaseDetail]:
    """``complete_task``, and the case as it is afterwards (as ``get_case`` without history),
    read in the same transaction: what a client shows next, without a second request."""
    with rt.write() as session:
        info, case, version = complete_in(rt, session, actor, task_id, data or {}, attachments)
        detail = case_detail(rt, session, case, version, with_history=False)
    return info, detail


def complete_in(rt: Runtime, session: Session, actor: Actor, task_id: str, data: dict,
                attachments: list[Upload] | None, *, posted: dict[str, list[str]] | None = None,
                ) -> tuple[TaskInfo, CaseRow, LoadedVersion]:
    """Complete the step inside the caller's write transaction (``posted``: see ``complete_task``)."""
    # Every writer of a case takes the case row first (the timer worker too, without
    # waiting): so a completion and a firing of the same case queue instead of deadlocking.
    found = lock_task(session, task_id)
    if found is None:
        raise NotFound(f"Tugas {task_id} tidak ada")
    row, case = found
    acting = authorize(rt, session, actor, row, case)
    workflow, version, before = open_workflow(rt, session, case)
    form = form_for(version.catalog, row.task_ref)
    if posted is not None:
        data = coerce_submission(form, posted)
        attachments = asked_for(form, attachments)
    cleaned = validate_submission(form, data)
    now = rt.now()
    writes = Writes(completed={"id": task_id, "completed_at": now, "completed_by": actor.username,
                               "data": cleaned, "acted_as": acting.acted_as})
    step = version.catalog.steps.get(row.task_ref)
    if step is not None:
        cleaned.update(parties.apply_step_bindings(session, case.id, step, cleaned, by=actor.username, now=now,
                                                   writes=writes))
    for upload in attachments or ():
        store_attachment(session, writes, form, row, actor, upload, now)
    check_required_attachments(session, form, row)
    task = find_task(workflow, task_id)
    if task is None or task.state != TaskState.READY:
        raise Conflict(f"Tugas '{row.name}' tidak lagi siap dikerjakan")
    task.data.update(cleaned)
    try:
        task.run()
    except SpiffWorkflowException as exc:
        raise EngineFailure(f"Langkah '{row.name}' gagal dijalankan: {exc}") from None
    advance(workflow)
    row.status, row.completed_at, row.completed_by, row.data = TaskStatus.COMPLETED, now, actor.username, cleaned
    row.assignee, row.acted_as = actor.username, acting.acted_as
    writes.event(case.id, "task_completed", actor=actor.username, now=now, task_id=task_id,
                 task_ref=row.task_ref, data=cleaned)
    if acting.acted_as:
        writes.event(case.id, "task_completed_as", actor=actor.username, now=now, task_id=task_id,
                     task_ref=row.task_ref, data=acting.audit_data())
    save_case(rt, session, case, workflow, version, actor, now, before=before, writes=writes, completed=task_id)
    info = task_info(row, case.title, timezone=unit_zone(rt, session, case.unit_id), unit_id=case.unit_id)
    return info, case, version


def fire_timers_of_case(rt: Runtime, session: Session, case: CaseRow) -> None:
    """Let the engine see the time: fire whatever timers of this case are due."""
    workflow, version, before = open_workflow(rt, session, case)
    now = rt.now()
    workflow.refresh_timers()
    advance(workflow)
    save_case(rt, session, case, workflow, version, Actor("system"), now, before=before)


def fire_reminder(rt: Runtime, session: Session, case: Case, timer: Timer) -> bool:
    """A reminder row fell due: remind the step's holders if the step is still open and not
    yet late. The row goes either way. Returns whether a reminder was sent."""
    now = rt.now()
    row = session.get(HumanTask, timer.id)
    writes = Writes(dropped_timers=[timer.id])
    sent = False
    if row is not None and row.status == TaskStatus.READY and not row.late and row.due_at is not None \
            and row.due_at > now:
        told = recipients.send_reminder(rt, session, writes, case, row, now)
        writes.event(case.id, "reminder_sent", actor="system", now=now, task_id=row.id, task_ref=row.task_ref,
                     data={"due_at": row.due_at.isoformat(), "remind_at": timer.due_at.isoformat(),
                           "notified": told})
        sent = True
    session.expunge(timer)  # the write set deletes its row
    writes.save_rows(session)
    return sent


def drop_timer(session: Session, timer: Timer) -> None:
    """A due row of a case that no longer runs: nothing to do but delete it."""
    session.expunge(timer)
    Writes(dropped_timers=[timer.id]).save_rows(session)

