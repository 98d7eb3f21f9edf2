"""The escalation rule, in one place: which deadline rows count as escalated.

A step's deadline is escalated once: either the engine fires its timer (and the save marks
the step late and tells people, ``engine.cases.commands.record_timers_fired``) or the timer
worker's set-based sweep does it first (``engine.timers.deadline_sweep``), which sets the row's
``status`` to ``escalated`` and its ``fired_at``. A row the sweep escalated waits for the
engine to catch up (``engine.timers.worker``); when the engine then fires the timer the row is
deleted without escalating again.

Only the sweep sets ``fired_at``: a row it escalated counts as escalated even when a later
catch-up failed and the worker marked it ``failed`` (:func:`is_escalated`). An escalated
row is no longer a pending timer to the people looking at the case (:func:`shown_as_pending`).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from engine.store.models import Timer
from engine.store.statuses import TimerKind, TimerStatus

TIMERS = Timer.__table__

# Rows a catch-up works on: escalated by the sweep, the workflow not yet moved on.
CATCH_UP_STATUS = TimerStatus.ESCALATED
# Due rows the worker retries after a failure: pending ones and escalated ones waiting for the catch-up.
RETRIED_STATUSES = (TimerStatus.PENDING, TimerStatus.ESCALATED)


def is_escalated(status: str, fired_at: datetime | None) -> bool:
    """Whether a timer row's deadline was escalated already (by the sweep)."""
    return status == TimerStatus.ESCALATED or fired_at is not None


def escalated_timer_ids(session: Session, timer_ids) -> set[str]:
    """Of ``timer_ids``, the rows whose deadline was escalated already: not to escalate again."""
    if not timer_ids:
        return set()
    rows = session.execute(select(TIMERS.c.id, TIMERS.c.status, TIMERS.c.fired_at)
                           .where(TIMERS.c.id.in_(bindparam("ids", expanding=True))), {"ids": list(timer_ids)})
    return {timer_id for timer_id, status, fired_at in rows if is_escalated(status, fired_at)}


def escalated_values(now: datetime) -> dict:
    """What the sweep writes on a row it escalated."""
    return {"status": TimerStatus.ESCALATED, "fired_at": now}


def shown_as_pending(timers=TIMERS):
    """The condition for a case's timer rows shown as pending: timer events not yet escalated
    (an escalated one waits only for the engine's bookkeeping)."""
    return (timers.c.kind == TimerKind.TIMER) & (timers.c.status != TimerStatus.ESCALATED)
