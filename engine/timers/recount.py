"""Recounting deadlines after the calendar changed.

A step's deadline is counted once, when the step opens, in the business calendar of its
case's unit. When an admin later closes (or reopens) a day, steps already open keep the
deadline they were given unless the admin recounts them: :func:`recount_deadlines` counts
the working-time deadline of every open step due on or after that day again, from the
moment the step opened, in the calendar as it is now. It changes the waiting timer in the
workflow, the timer row, the step's due time and its reminder, and records
``deadline_recounted`` in the audit trail; each case is one transaction of its own.

Only deadlines given as a duration in working time (``P2D``, ``PT4H``) are recounted: a
date (``2026-12-31T23:59``, a date from form data) or a deadline in calendar days does not
depend on closures.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import select

from engine.access import check_admin
from engine.cases.queries import steps_due_from as steps_due_from_query
from engine.errors import Problem, ProblemsError
from engine.notify.notifications import reminder_due
from engine.records import Actor
from engine.runtime import Runtime
from engine.spiff.timer_events import AlurDurationTimer, resolve_timer_value
from engine.spiff.workflow import find_task, set_timer_due
from engine.store.case_store import lock_case
from engine.store.models import HumanTask
from engine.store.statuses import CaseStatus, TaskStatus, TimerKind
from engine.store.writes import TASKS, TIMERS, Writes


@dataclass
class RecountResult:
    cases: int = 0  # cases looked at
    steps: int = 0  # open steps due on or after the day
    changed: int = 0  # steps whose due time moved


def steps_due_from(rt: Runtime, day: date, unit_id: int | None) -> dict[int, list[str]]:
    """Open steps with a deadline on or after ``day``: case id → step ids (``unit_id``: only
    that unit's cases; None: every case)."""
    start = rt.calendar(unit_id=unit_id).localize(datetime.combine(day, time()))
    query = steps_due_from_query(start, unit_id, HumanTask.case_id, HumanTask.id)
    found: dict[int, list[str]] = {}
    with rt.read() as session:
        for case_id, task_id in session.execute(query.order_by(HumanTask.case_id)):
            found.setdefault(case_id, []).append(task_id)
    return found


def recount_deadlines(rt: Runtime, actor: Actor, day, unit=None) -> RecountResult:
    """Count again the deadlines of open steps due on or after ``day`` (of every case, or of
    the cases of ``unit``, an id or code), in the calendar as it is now."""
    from engine.org.closures import parse_day
    from engine.org.units import get_unit

    check_admin(actor, "menghitung ulang batas waktu")
    try:
        day = parse_day(day)
    except ValueError as exc:
        raise ProblemsError("Tanggal tidak sah", [Problem(str(exc), field="day")]) from None
    unit_id = get_unit(rt, unit).id if unit is not None else None
    rt.invalidate_calendar()  # a closure saved by another process counts too
    result = RecountResult()
    for case_id, task_ids in steps_due_from(rt, day, unit_id).items():
        result.cases += 1
        result.steps += len(task_ids)
        result.changed += recount_case(rt, actor, case_id, set(task_ids), day)
    return result


def recount_case(rt: Runtime, actor: Actor, case_id: int, task_ids: set[str], day: date) -> int:
    from engine.cases.commands import open_workflow, save_case

    with rt.write() as session:
        case = lock_case(session, case_id)
        if case is None or case.status != CaseStatus.RUNNING:
            return 0
        rows = {row.id: row for row in session.execute(
            select(TASKS).where(TASKS.c.id.in_(sorted(task_ids)), TASKS.c.status == TaskStatus.READY))}
        workflow, version, before = open_workflow(rt, session, case)
        refs = {row.task_ref: row for row in rows.values()}
        calendar = rt.calendar(session, case.unit_id)
        moved: dict[str, tuple[datetime, datetime]] = {}  # step id → (old due, new due)
        for timer_id, (bpmn_id, due) in before.timers.items():
            row = refs.get(version.lane_of_timer.get(bpmn_id))
            timer_task = find_task(workflow, timer_id)
            definition = getattr(getattr(timer_task, "task_spec", None), "event_definition", None)
            if row is None or not isinstance(definition, AlurDurationTimer) or definition.calendar_days:
                continue
            duration = str(resolve_timer_value(timer_task, definition.expression))
            new_due = calendar.add_duration(row.created_at, duration).astimezone(timezone.utc)
            if new_due == due:
                continue
            set_timer_due(timer_task, new_due)
            old = moved.get(row.id, (row.due_at, None))[0]
            moved[row.id] = (old, new_due)
        if not moved:
            return 0
        now = rt.now()
        writes = Writes()
        for task_id, (old, new) in moved.items():
            writes.event(case.id, "deadline_recounted", actor=actor.username, now=now, task_id=task_id,
                         task_ref=rows[task_id].task_ref,
                         data={"from": old.isoformat() if old else None, "to": new.isoformat(),
                               "closed_day": day.isoformat()})
        move_deadlines(rt, session, writes, case, rows, {task_id: new for task_id, (_, new) in moved.items()}, now)
        save_case(rt, session, case, workflow, version, actor, now, before=before, writes=writes)
        return len(moved)


def move_deadlines(rt: Runtime, session, writes: Writes, case, rows: dict, due: dict[str, datetime],
                   now: datetime) -> None:
    """Into ``writes``: the steps' new due times, and their reminders following them (moved,
    added, or dropped when the step has no more than the lead now)."""
    reminders = set(session.scalars(select(TIMERS.c.id).where(TIMERS.c.id.in_(sorted(due)),
                                                              TIMERS.c.kind == TimerKind.REMINDER)))
    for task_id, new in due.items():
        writes.rescheduled.append({"id": task_id, "due_at": new})
        remind_at = reminder_due(rt, now, new, unit_id=case.unit_id)
        if remind_at is None:
            if task_id in reminders:
                writes.dropped_timers.append(task_id)
        elif task_id in reminders:
            writes.moved_timers.append({"id": task_id, "due_at": remind_at})
        else:
            task_ref = rows[task_id].task_ref
            writes.add_timer({"id": task_id, "case_id": case.id, "kind": TimerKind.REMINDER, "task_ref": task_ref,
                              "attached_to": task_ref, "due_at": remind_at}, now)
