"""Persisting a case: the case row, its state, and the rows that mirror its workflow.

The inbox, the case pages and the timer worker never read workflow state: they read rows
that mirror it, one ``human_tasks`` row per step and one ``timers`` row per waiting timer
event and per reminder. A save brings those rows in line with the workflow by comparing what
was open before the change (a :class:`Snapshot`, taken from the workflow before the step, or
read from the rows when the caller has none) with what is open after it, and writes only the
difference (a :class:`~engine.store.writes.Writes`), with set-based statements: a handful per
step (on PostgreSQL one), however many rows change. Every writer of a case's rows goes
through here: :func:`update_case_row` with the case row, ``Writes.save_rows`` without it.

The case row is read and written with plain SQL statements (no ORM unit of work): a step
touches one case row, and ``lock_version`` is checked and bumped by the UPDATE itself, so a
write based on an outdated state fails with :class:`~engine.errors.Conflict`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from engine.diagrams.catalog import task_key
from engine.errors import Conflict
from engine.spiff.workflow import ready_human_tasks, waiting_timers
from engine.store.db import is_postgres
from engine.store.statuses import TaskStatus, TimerKind
from engine.store.writes import CASES, TASKS, TIMERS, Writes

# PostgreSQL channel on which saves that add a soon-due timer or reminder wake timer workers.
NOTIFY_CHANNEL = "alur_timers"


class CaseRow(SimpleNamespace):
    """A case row as plain attributes (id, process_id, title, status, state, lock_version, ...).

    Never an ORM object: saves update the row with one statement that checks and bumps
    ``lock_version`` (see :func:`update_case_row`)."""


def case_row(mapping) -> CaseRow:
    return CaseRow(**dict(mapping))


def lock_case(session: Session, case_id: int, *, nowait: bool = False) -> CaseRow | None:
    """Read a case for writing; on PostgreSQL lock its row (FOR NO KEY UPDATE, so rows that
    merely reference the case can still be inserted). SQLite has one writer anyway."""
    query = case_query(is_postgres(session), nowait)
    row = session.execute(query, {"case_id": case_id}).mappings().first()
    return case_row(row) if row is not None else None


def lock_task(session: Session, task_id: str) -> tuple[SimpleNamespace, CaseRow] | None:
    """A human-task row and its case row, both locked on PostgreSQL, in one statement."""
    return read_task_and_case(session, task_id, lock=True)


def read_task_and_case(session: Session, task_id: str, *, lock: bool = False):
    """A human-task row and its case row in one statement; None when there is no such task.
    ``lock``: for writing (the case as a CaseRow with its state, both rows locked on
    PostgreSQL); otherwise the case without its state, for reading."""
    query = task_and_case_query(lock_rows=lock and is_postgres(session), with_state=lock)
    found = session.execute(query, {"task_id": task_id}).mappings().first()
    if found is None:
        return None
    task = SimpleNamespace(**{key[2:]: value for key, value in found.items() if key.startswith("t_")})
    case = {key[2:]: value for key, value in found.items() if key.startswith("c_")}
    return task, (CaseRow(**case) if lock else SimpleNamespace(**case))


def update_case_row(session: Session, case: CaseRow, writes: Writes, **values) -> None:
    """Write ``writes`` and the case row (``state``, ``updated_at``, ``process_version_id``; on
    completion ``status``, ``ended_at``, ``end_event``) if nobody else wrote the case since it
    was read; bump ``lock_version``."""
    if not isinstance(case, CaseRow):
        raise TypeError("save a CaseRow (engine.store.case_store.lock_case), not an ORM Case")
    if is_postgres(session):
        saved = writes.save_postgres(session, case, values)
    else:
        saved = writes.save_sqlite(session, case, values)
    if not saved:
        raise Conflict("Kasus ini baru saja diubah oleh orang lain; muat ulang dan coba lagi")
    case.lock_version += 1
    for name, value in values.items():
        setattr(case, name, value)


# The reads that open a change, built once (building a SQLAlchemy statement costs more than
# running it on SQLite); their parameters are bound by name at execution.

@lru_cache(maxsize=None)
def case_query(postgres: bool, nowait: bool):
    query = select(CASES).where(CASES.c.id == bindparam("case_id"))
    return query.with_for_update(key_share=True, nowait=nowait) if postgres else query


@lru_cache(maxsize=None)
def task_and_case_query(*, lock_rows: bool, with_state: bool):
    columns = [c.label(f"t_{c.name}") for c in TASKS.c]
    columns += [c.label(f"c_{c.name}") for c in CASES.c if with_state or c.name != "state"]
    query = (select(*columns).join_from(TASKS, CASES, TASKS.c.case_id == CASES.c.id)
             .where(TASKS.c.id == bindparam("task_id")))
    return query.with_for_update(key_share=True, of=[CASES, TASKS]) if lock_rows else query


# -- what is open ---------------------------------------------------------

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
        select(TASKS.c.id, TASKS.c.task_ref).where(TASKS.c.case_id == case_id, TASKS.c.status == TaskStatus.READY)).all())
    timers = {
        row.id: (row.task_ref, row.due_at)
        for row in session.execute(select(TIMERS.c.id, TIMERS.c.task_ref, TIMERS.c.due_at)
                                   .where(TIMERS.c.case_id == case_id, TIMERS.c.kind == TimerKind.TIMER))
    }
    return Snapshot(ready=ready, timers=timers)


def notify_timer_workers(rt, session: Session) -> None:
    """Wake timer workers for a row due soon: in this process after the commit, and on
    PostgreSQL in other processes (delivered on commit to engine.timers.worker.PgListener)."""
    if is_postgres(session):
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})
    rt.after_commit(session, rt.notify_timers_changed)
