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

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from engine.diagrams.catalog import task_key
from engine.errors import Conflict
from engine.spiff.workflow import find_task, ready_human_tasks, waiting_timers  # noqa: F401 (find_task: for callers)
from engine.store.models import AuditEvent, Case, HumanTask, Timer

CASES = Case.__table__
TASKS = HumanTask.__table__
TIMERS = Timer.__table__
EVENTS = AuditEvent.__table__

# PostgreSQL channel on which saves that add a soon-due timer or reminder wake timer workers.
NOTIFY_CHANNEL = "alur_timers"
# A timer worker sleeps at most this long (engine.timers.worker.MAX_IDLE_SECONDS) and then looks
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


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


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
    """Rows a save writes with the case row: on SQLite one executemany per kind
    (:meth:`save_sqlite`), on PostgreSQL one statement for all of them (:meth:`save_postgres`)."""

    events: list[dict] = field(default_factory=list)
    completed: dict | None = None  # the step completed: id, completed_at, completed_by, data
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

    def clear(self) -> None:
        self.events, self.new_tasks, self.new_timers, self.completed = [], [], [], None
        self.cancelled, self.dropped_timers, self.moved_timers = [], [], []

    def save_sqlite(self, session: Session, case: CaseRow, values: dict) -> bool:
        """SQLite: the rows and the case row through the driver's own cursor (executemany), with
        SQLAlchemy's bind processors so every value is stored exactly as SQLAlchemy stores it.
        In-process SQLite has no round trips to save; what this saves is SQLAlchemy's per-statement
        work, which costs more than SQLite's. Returns whether the case row still had the expected
        ``lock_version``."""
        session.flush()
        dialect = session.get_bind().dialect
        cursor = session.connection().connection.driver_connection.cursor()
        try:
            if self.dropped_timers:
                cursor.execute(f"DELETE FROM timers WHERE id IN ({', '.join('?' * len(self.dropped_timers))})",
                               self.dropped_timers)
            if self.completed is not None:
                c = self.completed
                sql, procs = sqlite_update(dialect, "complete_task")
                cursor.execute(sql, bound(procs, (c["completed_at"], c["completed_by"], c["data"], c["id"])))
            if self.cancelled:
                sql, procs = sqlite_update(dialect, "cancel_task")
                cursor.executemany(sql, [bound(procs, (self.cancelled_at, task_id)) for task_id in self.cancelled])
            for table, rows in ((TASKS, self.new_tasks), (TIMERS, self.new_timers), (EVENTS, self.events)):
                if rows:
                    sql, columns = sqlite_insert(dialect, table.name)
                    cursor.executemany(sql, [tuple(proc(row.get(name)) if proc else row.get(name)
                                                   for name, proc in columns) for row in rows])
            if self.moved_timers:
                sql, procs = sqlite_update(dialect, "move_timer")
                cursor.executemany(sql, [bound(procs, (m["due_at"], m["id"])) for m in self.moved_timers])
            sql, procs = sqlite_update(dialect, "case")
            cursor.execute(sql, bound(procs, (
                values["state"], values["updated_at"], values["process_version_id"],
                values.get("status", case.status), values.get("ended_at", case.ended_at),
                values.get("end_event", case.end_event), case.id, case.lock_version)))
            saved = cursor.rowcount == 1
        finally:
            cursor.close()
        self.clear()
        return saved

    def save_postgres(self, session: Session, case: CaseRow, values: dict) -> bool:
        """PostgreSQL: the rows and the case row in ONE statement (data-modifying WITH clauses
        over JSON parameters), always the same text, so psycopg prepares it once per
        connection and a step costs one round trip for all its writes. Returns whether the
        case row still had the expected ``lock_version``."""
        session.flush()
        completed = self.completed or {}
        params = {
            "dropped": self.dropped_timers,
            "completed_id": completed.get("id"),
            "completed_at": completed.get("completed_at"),
            "completed_by": completed.get("completed_by"),
            "completed_data": json_text(completed.get("data")),
            "cancelled": self.cancelled,
            "cancelled_at": self.cancelled_at,
            "new_tasks": json_text(self.new_tasks),
            "new_timers": json_text(self.new_timers),
            "moved": json_text(self.moved_timers),
            "events": json_text(self.events),
            "case_id": case.id,
            "lock_version": case.lock_version,
            "state": values["state"],
            "updated_at": values["updated_at"],
            "process_version_id": values["process_version_id"],
            "status": values.get("status", case.status),
            "ended_at": values.get("ended_at", case.ended_at),
            "end_event": values.get("end_event", case.end_event),
        }
        self.clear()
        return session.execute(postgres_save_statement(), params).first() is not None


def bound(procs, values) -> tuple:
    return tuple(proc(value) if proc else value for proc, value in zip(procs, values))


@lru_cache(maxsize=64)
def sqlite_insert(dialect, table_name: str):
    """An INSERT of every column (audit events: but the id) and each column's bind processor."""
    table = {t.name: t for t in (TASKS, TIMERS, EVENTS)}[table_name]
    columns = [c for c in table.c if not (table is EVENTS and c.name == "id")]
    sql = (f"INSERT INTO {table.name} ({', '.join(c.name for c in columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    return sql, tuple((c.name, c.type.bind_processor(dialect)) for c in columns)


@lru_cache(maxsize=64)
def sqlite_update(dialect, name: str):
    """The step's UPDATEs on SQLite, with the bind processors of their parameters in order."""
    def procs(*columns):
        return tuple(c.type.bind_processor(dialect) for c in columns)

    if name == "complete_task":
        return ("UPDATE human_tasks SET status = 'completed', completed_at = ?, completed_by = ?, data = ? "
                "WHERE id = ?", procs(TASKS.c.completed_at, TASKS.c.completed_by, TASKS.c.data, TASKS.c.id))
    if name == "cancel_task":
        return ("UPDATE human_tasks SET status = 'cancelled', completed_at = ? WHERE id = ? AND status = 'ready'",
                procs(TASKS.c.completed_at, TASKS.c.id))
    if name == "move_timer":
        return "UPDATE timers SET due_at = ? WHERE id = ?", procs(TIMERS.c.due_at, TIMERS.c.id)
    if name == "case":
        return ("UPDATE cases SET state = ?, updated_at = ?, process_version_id = ?, status = ?, ended_at = ?, "
                "end_event = ?, lock_version = lock_version + 1 WHERE id = ? AND lock_version = ?",
                procs(CASES.c.state, CASES.c.updated_at, CASES.c.process_version_id, CASES.c.status,
                      CASES.c.ended_at, CASES.c.end_event, CASES.c.id, CASES.c.lock_version))
    raise KeyError(name)


def json_text(value) -> str:
    return json.dumps(value, default=_json_default, separators=(",", ":"))


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


@lru_cache(maxsize=1)
def postgres_save_statement():
    """The one statement of a step's save on PostgreSQL (see Writes.save_postgres)."""
    def populate(table, alias: str, param: str, *, ordered: bool = False) -> str:
        # Audit events take their id from the sequence; the other rows bring theirs.
        columns = ", ".join(c.name for c in table.c if not (table is EVENTS and c.name == "id"))
        source = f"json_populate_recordset(NULL::{table.name}, CAST(:{param} AS json))"
        if ordered:
            source += " WITH ORDINALITY"
        order = " ORDER BY ordinality" if ordered else ""
        return f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {source} AS {alias}{order}"

    sql = f"""
WITH dropped AS (DELETE FROM timers WHERE id = ANY(CAST(:dropped AS varchar[]))),
completed AS (
    UPDATE human_tasks SET status = 'completed', completed_at = :completed_at, completed_by = :completed_by,
        data = CAST(:completed_data AS json)
    WHERE id = :completed_id),
cancelled AS (
    UPDATE human_tasks SET status = 'cancelled', completed_at = :cancelled_at
    WHERE id = ANY(CAST(:cancelled AS varchar[])) AND status = 'ready'),
new_tasks AS ({populate(TASKS, "r", "new_tasks")}),
new_timers AS ({populate(TIMERS, "r", "new_timers")}),
moved AS (
    UPDATE timers SET due_at = m.due_at
    FROM json_populate_recordset(NULL::timers, CAST(:moved AS json)) AS m WHERE timers.id = m.id),
events AS ({populate(EVENTS, "r", "events", ordered=True)})
UPDATE cases SET state = :state, updated_at = :updated_at, process_version_id = :process_version_id,
    status = :status, ended_at = :ended_at, end_event = :end_event, lock_version = lock_version + 1
WHERE id = :case_id AND lock_version = :lock_version
RETURNING id"""
    return text(sql).bindparams(
        bindparam("state", type_=CASES.c.state.type),
        bindparam("updated_at", type_=CASES.c.updated_at.type),
        bindparam("ended_at", type_=CASES.c.ended_at.type),
        bindparam("completed_at", type_=TASKS.c.completed_at.type),
        bindparam("cancelled_at", type_=TASKS.c.completed_at.type),
    )


def notify_timer_workers(rt, session: Session) -> None:
    """Wake timer workers for a row due soon: in this process after the commit, and on
    PostgreSQL in other processes (delivered on commit to engine.timers.worker.PgListener)."""
    if is_postgres(session):
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})
    rt.after_commit(session, rt.notify_timers_changed)
