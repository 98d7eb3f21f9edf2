"""The deadline sweep's writes: the rows of hundreds of late steps in a handful of statements.

The same tables a case's write set (``engine.store.writes``) writes, for a batch of cases at
once (``engine.timers.deadline_sweep``): steps marked late, notifications, ``deadline_passed``
audit events, reminders dropped, timer rows marked escalated. Per case the write set's
statements would cost a round trip each; here every kind is one set-based statement for the
whole batch, the inserts as ``INSERT ... SELECT`` from one JSON parameter (:func:`insert_rows`).
The case rows are not written: the workflow state moves on later, when the engine catches up.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import JSON, Text, bindparam, cast, delete, func, insert, select, update
from sqlalchemy.orm import Session

from engine.store.statuses import TaskStatus, TimerKind
from engine.store.writes import EVENTS, NOTIFICATIONS, TASKS, TIMERS


def mark_late(session: Session, step_ids) -> set[str]:
    """Mark the steps late, only those still ready; returns the ids marked."""
    return set(session.scalars(
        update(TASKS).where(TASKS.c.id.in_(bindparam("ids", expanding=True)), TASKS.c.status == TaskStatus.READY)
        .values(late=True).returning(TASKS.c.id), {"ids": sorted(step_ids)}))


@dataclass
class SweepWrites:
    """The rest of a batch's rows: notifications and audit events as tuples (see the column
    names below), reminders to drop, timer rows escalated."""

    NOTIFICATION_COLUMNS = ("user_id", "case_id", "task_id", "kind", "message")
    EVENT_COLUMNS = ("case_id", "task_id", "task_ref", "actor", "action", "data")

    notifications: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    dropped_reminders: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)

    def save(self, session: Session, now: datetime, escalated_values: dict, *, postgres: bool) -> None:
        """Write them; ``escalated_values``: what an escalated timer row gets
        (``engine.timers.escalation.escalated_values``)."""
        insert_rows(session, NOTIFICATIONS, self.NOTIFICATION_COLUMNS, self.notifications, postgres=postgres,
                    created_at=now)
        insert_rows(session, EVENTS, self.EVENT_COLUMNS, self.events, postgres=postgres, at=now)
        if self.dropped_reminders:
            session.execute(delete(TIMERS).where(TIMERS.c.id.in_(bindparam("ids", expanding=True)),
                                                 TIMERS.c.kind == TimerKind.REMINDER),
                            {"ids": sorted(set(self.dropped_reminders))})
        if self.escalated:
            session.execute(update(TIMERS).where(TIMERS.c.id.in_(bindparam("ids", expanding=True)))
                            .values(**escalated_values), {"ids": self.escalated})


def insert_rows(session, table, names: tuple[str, ...], rows: list[tuple], *, postgres: bool, **same) -> None:
    """Insert ``rows`` (tuples of the columns ``names``) into ``table``, with the values of
    ``same`` in every row, as one ``INSERT ... SELECT`` from a single JSON parameter
    (PostgreSQL ``json_array_elements``, SQLite ``json_each``): one statement for the batch,
    without the per-row parameter handling of an executemany, which costs more than the
    insert itself."""
    if not rows:
        return
    payload = bindparam("rows", json.dumps(rows, separators=(",", ":"), ensure_ascii=False), type_=Text)
    if postgres:
        source = func.json_array_elements(cast(payload, JSON)).table_valued("value")
        values = [source.c.value.op("->")(i) if isinstance(table.c[name].type, JSON)
                  else cast(source.c.value.op("->>")(i), table.c[name].type) for i, name in enumerate(names)]
    else:
        source = func.json_each(payload).table_valued("value")
        values = [func.json_extract(source.c.value, f"$[{i}]") for i in range(len(names))]
    values += [bindparam(f"same_{name}", value, type_=table.c[name].type) for name, value in same.items()]
    session.execute(insert(table).from_select([*names, *same], select(*values).select_from(source)))
