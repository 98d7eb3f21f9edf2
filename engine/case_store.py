"""Persisting a case: the case row, its state, and the rows that mirror its workflow.

The inbox, the case pages and the timer worker never read workflow state: they read rows
that mirror it, one ``human_tasks`` row per step and one ``timers`` row per waiting timer
event and per reminder. A save brings those rows in line with the workflow by comparing what
was open before the change (a :class:`Snapshot`, taken from the workflow before the step, or
read from the rows when the caller has none) with what is open after it, and writes only the
difference, with set-based statements: a handful per step, however many rows change.

The case row is read and written with plain SQL statements (no ORM unit of work): a step
touches one case row, and ``lock_version`` is checked and bumped by the UPDATE itself, so a
write based on an outdated state fails with :class:`~engine.errors.Conflict`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from .catalog import task_key
from .errors import Conflict
from .models import AuditEvent, Case, HumanTask, Timer

CASES = Case.__table__
TASKS = HumanTask.__table__
TIMERS = Timer.__table__
EVENTS = AuditEvent.__table__

# PostgreSQL channel on which saves that add a soon-due timer or reminder wake timer workers.
NOTIFY_CHANNEL = "alur_timers"
# A timer worker sleeps at most this long (engine.timers.MAX_IDLE_SECONDS) and then looks
# for due rows anyway: only rows due sooner than this need to wake it.
WAKE_HORIZON = timedelta(seconds=1)


class CaseRow(SimpleNamespace):
    """A case row as plain attributes (id, process_id, title, status, state, lock_version, ...).

    Never an ORM object: saves update the row with one statement that checks and bumps
    ``lock_version`` (see :func:`update_case_row`)."""


def case_row(mapping) -> CaseRow:
    return CaseRow(**dict(mapping))


def lock_case(session: Session, case_id: int, *, nowait: bool = False) -> CaseRow | None:
    """Read a case for writing; on PostgreSQL lock its row (FOR NO KEY UPDATE, so rows that
    merely reference the case can still be inserted). SQLite has one writer anyway."""
    query = select(CASES).where(CASES.c.id == case_id)
    if is_postgres(session):
        query = query.with_for_update(key_share=True, nowait=nowait)
    row = session.execute(query).mappings().first()
    return case_row(row) if row is not None else None


def lock_task(session: Session, task_id: str) -> tuple[SimpleNamespace, CaseRow] | None:
    """A human-task row and its case row, both locked on PostgreSQL, in one statement."""
    columns = [c.label(f"t_{c.name}") for c in TASKS.c] + [c.label(f"c_{c.name}") for c in CASES.c]
    query = select(*columns).join_from(TASKS, CASES, TASKS.c.case_id == CASES.c.id).where(TASKS.c.id == task_id)
    if is_postgres(session):
        query = query.with_for_update(key_share=True, of=[CASES, TASKS])
    found = session.execute(query).mappings().first()
    if found is None:
        return None
    task = SimpleNamespace(**{c.name: found[f"t_{c.name}"] for c in TASKS.c})
    return task, CaseRow(**{c.name: found[f"c_{c.name}"] for c in CASES.c})


def update_case_row(session: Session, case: CaseRow, **values) -> None:
    """Write the case row if nobody else wrote it since it was read; bump ``lock_version``."""
    if not isinstance(case, CaseRow):
        raise TypeError("save a CaseRow (engine.case_store.lock_case), not an ORM Case")
    result = session.execute(
        update(CASES)
        .where(CASES.c.id == case.id, CASES.c.lock_version == case.lock_version)
        .values(lock_version=case.lock_version + 1, **values)
    )
    if result.rowcount != 1:
        raise Conflict("Kasus ini baru saja diubah oleh orang lain; muat ulang dan coba lagi")
    case.lock_version += 1
    for name, value in values.items():
        setattr(case, name, value)


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


# -- what is open ---------------------------------------------------------

def ready_human_tasks(workflow):
    return workflow.get_tasks(state=TaskState.READY, manual=True)


def find_task(workflow, task_id: str):
    try:
        return workflow.get_task_from_id(UUID(task_id))
    except (SpiffWorkflowException, ValueError, KeyError):
        return None


def waiting_timers(workflow, process_id: str) -> dict[str, tuple[str, datetime]]:
    """Waiting timer tasks: task id → (catalog key of the timer, due time)."""
    timers = {}
    for task in workflow.event_manager.tasks.values():
        definition = getattr(task.task_spec, "event_definition", None)
        if not isinstance(definition, TimerEventDefinition):
            continue
        value = task._get_internal_data("event_value")
        if isinstance(value, dict):  # cycles
            if value.get("cycles", 0) == 0:
                continue
            value = value.get("next")
        if value is None:
            continue
        timers[str(task.id)] = (task_key(task, process_id), datetime.fromisoformat(value))
    return timers


@dataclass
class Snapshot:
    """What of a case is open: ready steps (id → step key) and waiting timers (id → (key, due))."""

    ready: dict[str, str] = field(default_factory=dict)
    timers: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    tasks: dict[str, object] = field(default_factory=dict)  # ready id → SpiffWorkflow task, when known


def take_snapshot(workflow, process_id: str) -> Snapshot:
    tasks = {str(t.id): t for t in ready_human_tasks(workflow)}
    return Snapshot(
        ready={task_id: task_key(t, process_id) for task_id, t in tasks.items()},
        timers=waiting_timers(workflow, process_id),
        tasks=tasks,
    )


def snapshot_from_rows(session: Session, case_id: int) -> Snapshot:
    """What the rows say is open (for writers that did not snapshot the workflow before)."""
    ready = dict(session.execute(
        select(TASKS.c.id, TASKS.c.task_ref).where(TASKS.c.case_id == case_id, TASKS.c.status == "ready")).all())
    timers = {
        row.id: (row.task_ref, row.due_at)
        for row in session.execute(select(TIMERS.c.id, TIMERS.c.task_ref, TIMERS.c.due_at)
                                   .where(TIMERS.c.case_id == case_id, TIMERS.c.kind == "timer"))
    }
    return Snapshot(ready=ready, timers=timers)


# -- writing the difference -----------------------------------------------

@dataclass
class Writes:
    """Rows a save writes, sent as one statement per kind (executemany) by :meth:`execute`."""

    events: list[dict] = field(default_factory=list)
    new_tasks: list[dict] = field(default_factory=list)
    new_timers: list[dict] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    dropped_timers: list[str] = field(default_factory=list)
    moved_timers: list[dict] = field(default_factory=list)
    cancelled_at: datetime | None = None
    wake_timers: bool = False

    def event(self, case_id: int | None, action: str, *, actor: str, now: datetime, task_id: str | None = None,
              task_ref: str | None = None, data: dict | None = None) -> None:
        self.events.append({"case_id": case_id, "task_id": task_id, "task_ref": task_ref, "actor": actor,
                            "action": action, "data": data, "at": now})

    def add_timer(self, row: dict, now: datetime) -> None:
        row.setdefault("status", "pending")
        row.setdefault("attempts", 0)
        row.setdefault("fired_at", None)
        row.setdefault("last_error", None)
        self.new_timers.append(row)
        if row["due_at"] <= now + WAKE_HORIZON:
            self.wake_timers = True

    def execute(self, session: Session) -> None:
        # ORM objects added before (notifications, events of other verbs) go first, in order.
        session.flush()
        if self.dropped_timers:
            session.execute(delete(TIMERS).where(TIMERS.c.id.in_(self.dropped_timers)))
        if self.cancelled:
            session.execute(update(TASKS).where(TASKS.c.id.in_(self.cancelled), TASKS.c.status == "ready")
                            .values(status="cancelled", completed_at=self.cancelled_at))
        if self.new_tasks:
            session.execute(TASKS.insert(), self.new_tasks)
        if self.new_timers:
            session.execute(TIMERS.insert(), self.new_timers)
        for moved in self.moved_timers:
            session.execute(update(TIMERS).where(TIMERS.c.id == moved["id"]).values(due_at=moved["due_at"]))
        if self.events:
            session.execute(EVENTS.insert(), self.events)
        self.events, self.new_tasks, self.new_timers = [], [], []
        self.cancelled, self.dropped_timers, self.moved_timers = [], [], []


def notify_timer_workers(rt, session: Session) -> None:
    """Wake timer workers for a row due soon: in this process after the commit, and on
    PostgreSQL in other processes (delivered on commit to engine.timers.PgListener)."""
    if is_postgres(session):
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})
    rt.after_commit(session, rt.notify_timers_changed)
