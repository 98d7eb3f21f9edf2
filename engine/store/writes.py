"""The write set: every row a change to a case writes, written in one go.

A command collects what it changes in a :class:`Writes` (audit events, the step completed,
steps opened, cancelled, marked late or given a new deadline, timers and reminders added,
moved or dropped, notifications) and the case store writes it with the case row
(``engine.store.case_store.update_case_row``, which checks and bumps ``lock_version``), or
without it (:meth:`Writes.save_rows`, for writers that leave the workflow as it is: a
reminder sent, a document attached). Two ways, one per database, both the result of speed work:

- SQLite: one ``executemany`` per kind through the driver's own cursor (:meth:`Writes.save_sqlite`);
- PostgreSQL: ONE statement for all of it, data-modifying WITH clauses over JSON parameters,
  always the same text, so psycopg prepares it once per connection (:meth:`Writes.save_postgres`).

A notification's e-mail is queued on the runtime with the row (``Runtime.send_after_commit``):
sent after the commit, dropped on rollback. Two kinds of rows are not in the set: an uploaded
document (:func:`insert_attachment`: its id is needed at once and its bytes do not travel in
JSON) and the deadline sweep's batches of hundreds of cases (``engine.store.sweep_writes``).
Rare writes of the same tables are here too, outside the step's statement: an administrator's
audit event (:func:`save_event`), notifications read (:func:`mark_notifications_read`), open
steps renamed by a migration (:func:`rename_steps`), timers to retry (:func:`retry_timers`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, insert, text, update
from sqlalchemy.orm import Session

from engine.store.models import (
    Attachment,
    AuditEvent,
    Case,
    HumanTask,
    Notification,
    Timer,
)
from engine.store.statuses import TimerStatus

CASES = Case.__table__
TASKS = HumanTask.__table__
TIMERS = Timer.__table__
EVENTS = AuditEvent.__table__
NOTIFICATIONS = Notification.__table__
ATTACHMENTS = Attachment.__table__
# Tables whose rows take their id from the database.
SERIAL = (EVENTS, NOTIFICATIONS)

# A timer worker sleeps at most this long (engine.timers.worker.MAX_IDLE_SECONDS) and then looks
# for due rows anyway: only rows due sooner than this need to wake it.
WAKE_HORIZON = timedelta(seconds=1)


@dataclass
class Writes:
    """Rows a change writes (see the module's docstring)."""

    events: list[dict] = field(default_factory=list)
    # the step completed: id, completed_at, completed_by, data, acted_as (its holder becomes the doer)
    completed: dict | None = None
    new_tasks: list[dict] = field(default_factory=list)
    new_timers: list[dict] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    dropped_timers: list[str] = field(default_factory=list)
    moved_timers: list[dict] = field(default_factory=list)
    late: list[str] = field(default_factory=list)  # steps whose deadline passed
    rescheduled: list[dict] = field(default_factory=list)  # steps with a new deadline: id, due_at
    notifications: list[dict] = field(default_factory=list)
    cancelled_at: datetime | None = None
    wake_timers: bool = False

    def event(self, case_id: int | None, action: str, *, actor: str, now: datetime, task_id: str | None = None,
              task_ref: str | None = None, data: dict | None = None) -> None:
        self.events.append({"case_id": case_id, "task_id": task_id, "task_ref": task_ref, "actor": actor,
                            "action": action, "data": data, "at": now})

    def add_timer(self, row: dict, now: datetime) -> None:
        row.setdefault("status", TimerStatus.PENDING)
        row.setdefault("attempts", 0)
        row.setdefault("fired_at", None)
        row.setdefault("last_error", None)
        self.new_timers.append(row)
        if row["due_at"] <= now + WAKE_HORIZON:
            self.wake_timers = True

    def notify(self, user_id: int, *, case_id: int | None, task_id: str | None, kind: str, message: str,
               now: datetime) -> None:
        self.notifications.append({"user_id": user_id, "case_id": case_id, "task_id": task_id, "kind": kind,
                                   "message": message, "created_at": now, "read_at": None})

    def clear(self) -> None:
        self.events, self.new_tasks, self.new_timers, self.completed = [], [], [], None
        self.cancelled, self.dropped_timers, self.moved_timers = [], [], []
        self.late, self.rescheduled, self.notifications = [], [], []

    def save_rows(self, session: Session) -> None:
        """Write the rows without touching the case row (the workflow did not change)."""
        if session.get_bind().dialect.name == "postgresql":
            self.save_postgres(session, None, None)
        else:
            self.save_sqlite(session, None, None)

    def save_sqlite(self, session: Session, case, values: dict | None) -> bool:
        """SQLite: the rows and the case row (unless ``case`` is None) through the driver's own
        cursor (executemany), with SQLAlchemy's bind processors so every value is stored exactly
        as SQLAlchemy stores it. In-process SQLite has no round trips to save; what this saves is
        SQLAlchemy's per-statement work, which costs more than SQLite's. Returns whether the case
        row still had the expected ``lock_version``."""
        session.flush()
        dialect = session.get_bind().dialect
        cursor = session.connection().connection.driver_connection.cursor()
        saved = True
        try:
            if self.dropped_timers:
                cursor.execute(f"DELETE FROM timers WHERE id IN ({', '.join('?' * len(self.dropped_timers))})",
                               self.dropped_timers)
            if self.late:  # before the completion and cancellations: a step can be both
                cursor.execute(f"UPDATE human_tasks SET late = 1 WHERE id IN ({', '.join('?' * len(self.late))})",
                               self.late)
            if self.completed is not None:
                c = self.completed
                sql, procs = sqlite_update(dialect, "complete_task")
                cursor.execute(sql, bound(procs, (c["completed_at"], c["completed_by"], c["data"],
                                                  c["completed_by"], c.get("acted_as"), c["id"])))
            if self.cancelled:
                sql, procs = sqlite_update(dialect, "cancel_task")
                cursor.executemany(sql, [bound(procs, (self.cancelled_at, task_id)) for task_id in self.cancelled])
            if self.rescheduled:
                sql, procs = sqlite_update(dialect, "reschedule_task")
                cursor.executemany(sql, [bound(procs, (r["due_at"], r["id"])) for r in self.rescheduled])
            for table, rows in ((TASKS, self.new_tasks), (TIMERS, self.new_timers), (EVENTS, self.events),
                                (NOTIFICATIONS, self.notifications)):
                if rows:
                    sql, columns = sqlite_insert(dialect, table.name)
                    cursor.executemany(sql, [tuple(proc(row.get(name)) if proc else row.get(name)
                                                   for name, proc in columns) for row in rows])
            if self.moved_timers:
                sql, procs = sqlite_update(dialect, "move_timer")
                cursor.executemany(sql, [bound(procs, (m["due_at"], m["id"])) for m in self.moved_timers])
            if case is not None:
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

    def save_postgres(self, session: Session, case, values: dict | None) -> bool:
        """PostgreSQL: the rows and the case row (unless ``case`` is None) in ONE statement, so a
        step costs one round trip for all its writes. Returns whether the case row still had
        the expected ``lock_version``."""
        session.flush()
        completed = self.completed or {}
        params = {
            "dropped": self.dropped_timers,
            "late": self.late,
            "completed_id": completed.get("id"),
            "completed_at": completed.get("completed_at"),
            "completed_by": completed.get("completed_by"),
            "completed_data": json_text(completed.get("data")),
            "completed_as": completed.get("acted_as"),
            "cancelled": self.cancelled,
            "cancelled_at": self.cancelled_at,
            "rescheduled": json_text(self.rescheduled),
            "new_tasks": json_text(self.new_tasks),
            "new_timers": json_text(self.new_timers),
            "moved": json_text(self.moved_timers),
            "events": json_text(self.events),
            "notifications": json_text(self.notifications),
        }
        if case is not None:
            params.update({
                "case_id": case.id,
                "lock_version": case.lock_version,
                "state": values["state"],
                "updated_at": values["updated_at"],
                "process_version_id": values["process_version_id"],
                "status": values.get("status", case.status),
                "ended_at": values.get("ended_at", case.ended_at),
                "end_event": values.get("end_event", case.end_event),
            })
        self.clear()
        return session.execute(postgres_save_statement(case is not None), params).first() is not None


def save_event(session: Session, action: str, *, actor: str, now: datetime, data: dict | None = None) -> None:
    """One audit event of an administrator's change (units, users' units, closures), written now
    through the write set; what the change itself did is flushed first."""
    writes = Writes()
    writes.event(None, action, actor=actor, now=now, data=data)
    writes.save_rows(session)


def mark_notifications_read(session: Session, user_id: int, now: datetime, notification_id: int | None = None) -> int:
    """A user's unread notifications (or the one ``notification_id``) marked read at ``now``;
    returns how many. Not part of the set's statement: no change to a case reads them."""
    query = update(NOTIFICATIONS).where(NOTIFICATIONS.c.user_id == user_id, NOTIFICATIONS.c.read_at.is_(None))
    if notification_id is not None:
        query = query.where(NOTIFICATIONS.c.id == notification_id)
    return session.execute(query.values(read_at=now)).rowcount or 0


def rename_steps(session: Session, rows: list[dict]) -> None:
    """Open steps given the name and lane of the version their case moved to (``rows``: id,
    name, lane). Rare, so not part of the set's statement."""
    if rows:
        session.execute(update(TASKS).where(TASKS.c.id == bindparam("step_id"))
                        .values(name=bindparam("step_name"), lane=bindparam("step_lane")),
                        [{"step_id": r["id"], "step_name": r["name"], "step_lane": r["lane"]} for r in rows])


def assign_step(session: Session, task_id: str, assignee: str | None) -> None:
    """An open step given to ``assignee`` (None: back to its group). Not part of the set's
    statement: claiming changes no case."""
    session.execute(update(TASKS).where(TASKS.c.id == task_id, TASKS.c.status == "ready").values(assignee=assignee))


def insert_attachment(session: Session, row: dict) -> int:
    """Write an uploaded document at once (its id is needed before the change ends); returns its id."""
    return session.execute(insert(ATTACHMENTS).values(**row).returning(ATTACHMENTS.c.id)).scalar_one()


def bound(procs, values) -> tuple:
    return tuple(proc(value) if proc else value for proc, value in zip(procs, values))


@lru_cache(maxsize=64)
def sqlite_insert(dialect, table_name: str):
    """An INSERT of every column (serial tables: but the id) and each column's bind processor."""
    table = {t.name: t for t in (TASKS, TIMERS, EVENTS, NOTIFICATIONS)}[table_name]
    columns = [c for c in table.c if not (table in SERIAL and c.name == "id")]
    sql = (f"INSERT INTO {table.name} ({', '.join(c.name for c in columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    return sql, tuple((c.name, c.type.bind_processor(dialect)) for c in columns)


@lru_cache(maxsize=64)
def sqlite_update(dialect, name: str):
    """The UPDATEs of a save on SQLite, with the bind processors of their parameters in order."""
    def procs(*columns):
        return tuple(c.type.bind_processor(dialect) for c in columns)

    if name == "complete_task":
        return ("UPDATE human_tasks SET status = 'completed', completed_at = ?, completed_by = ?, data = ?, "
                "assignee = ?, acted_as = ? WHERE id = ?",
                procs(TASKS.c.completed_at, TASKS.c.completed_by, TASKS.c.data, TASKS.c.assignee, TASKS.c.acted_as,
                      TASKS.c.id))
    if name == "cancel_task":
        return ("UPDATE human_tasks SET status = 'cancelled', completed_at = ? WHERE id = ? AND status = 'ready'",
                procs(TASKS.c.completed_at, TASKS.c.id))
    if name == "reschedule_task":
        return "UPDATE human_tasks SET due_at = ? WHERE id = ?", procs(TASKS.c.due_at, TASKS.c.id)
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


@lru_cache(maxsize=2)
def postgres_save_statement(with_case: bool = True):
    """The one statement of a save on PostgreSQL (see Writes.save_postgres). The clauses of one
    statement must not change the same row twice: a step marked late or rescheduled that the
    same save completes or cancels is changed by the completion or cancellation only."""
    def populate(table, alias: str, param: str, *, ordered: bool = False) -> str:
        # Serial tables take their id from the sequence; the other rows bring theirs.
        columns = ", ".join(c.name for c in table.c if not (table in SERIAL and c.name == "id"))
        source = f"json_populate_recordset(NULL::{table.name}, CAST(:{param} AS json))"
        if ordered:
            source += " WITH ORDINALITY"
        order = " ORDER BY ordinality" if ordered else ""
        return f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {source} AS {alias}{order}"

    late = "CAST(:late AS varchar[])"
    untouched = ("human_tasks.id <> ALL(CAST(:cancelled AS varchar[])) "
                 "AND human_tasks.id IS DISTINCT FROM CAST(:completed_id AS varchar)")
    final = """UPDATE cases SET state = :state, updated_at = :updated_at, process_version_id = :process_version_id,
    status = :status, ended_at = :ended_at, end_event = :end_event, lock_version = lock_version + 1
WHERE id = :case_id AND lock_version = :lock_version
RETURNING id""" if with_case else "SELECT 1"
    sql = f"""
WITH dropped AS (DELETE FROM timers WHERE id = ANY(CAST(:dropped AS varchar[]))),
late AS (UPDATE human_tasks SET late = true WHERE id = ANY({late}) AND {untouched}),
completed AS (
    UPDATE human_tasks SET status = 'completed', completed_at = :completed_at, completed_by = :completed_by,
        assignee = :completed_by, acted_as = CAST(:completed_as AS varchar),
        data = CAST(:completed_data AS json), late = late OR COALESCE(id = ANY({late}), false)
    WHERE id = :completed_id),
cancelled AS (
    UPDATE human_tasks SET status = 'cancelled', completed_at = :cancelled_at, late = late OR id = ANY({late})
    WHERE id = ANY(CAST(:cancelled AS varchar[])) AND status = 'ready'),
rescheduled AS (
    UPDATE human_tasks SET due_at = r.due_at
    FROM json_populate_recordset(NULL::human_tasks, CAST(:rescheduled AS json)) AS r
    WHERE human_tasks.id = r.id AND {untouched}),
new_tasks AS ({populate(TASKS, "r", "new_tasks")}),
new_timers AS ({populate(TIMERS, "r", "new_timers")}),
moved AS (
    UPDATE timers SET due_at = m.due_at
    FROM json_populate_recordset(NULL::timers, CAST(:moved AS json)) AS m WHERE timers.id = m.id),
events AS ({populate(EVENTS, "r", "events", ordered=True)}),
notes AS ({populate(NOTIFICATIONS, "r", "notifications", ordered=True)})
{final}"""
    params = [bindparam("completed_at", type_=TASKS.c.completed_at.type),
              bindparam("cancelled_at", type_=TASKS.c.completed_at.type)]
    if with_case:
        params += [bindparam("state", type_=CASES.c.state.type),
                   bindparam("updated_at", type_=CASES.c.updated_at.type),
                   bindparam("ended_at", type_=CASES.c.ended_at.type)]
    return text(sql).bindparams(*params)


def retry_timers(session: Session, rows: list[dict]) -> None:
    """Timer rows that failed to fire: their attempts and error, and either a later due time
    or ``status`` failed (``rows``: id, attempts, last_error, due_at or status). Rare, so
    not part of the write set's statement."""
    for row in rows:
        values = {name: row[name] for name in ("attempts", "last_error", "due_at", "status") if row.get(name)}
        session.execute(update(TIMERS).where(TIMERS.c.id == row["id"]).values(**values))
