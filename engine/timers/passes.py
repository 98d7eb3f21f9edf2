"""One pass of the timer worker: fire what is due now (:func:`run_pass`).

The ``timers`` table holds two kinds of rows, both found by the ``(status, due_at)``
index, so a pass costs in proportion to the rows that are due, not to all cases:

- ``timer``: a waiting timer event of a case (a step's deadline, a date from form data,
  a cycle). Firing loads the case, lets the engine see the time and saves it, which
  marks a late step, records ``deadline_passed`` and notifies (``engine.notify.recipients``);
- ``reminder``: a reminder before a step's deadline; firing notifies the step's holders
  and records ``reminder_sent`` if the step is still open.

A pass (:func:`run_pass`) works in this order:

1. **Deadlines, set-based** (``engine.timers.deadline_sweep``): due step deadlines whose firing does
   nothing in the process but escalate (every SOP's ``timer_step_NN`` → ``late_step_NN``) are
   escalated in batches of hundreds per transaction: step marked late, notifications, audit,
   reminder dropped, row set to ``status='escalated'``. Again every ``SWEEP_INTERVAL`` seconds
   while the pass goes on, and before the engine would fire a timer that fell due after the
   last sweep, so a deadline never waits behind the engine work below.
2. **Through the engine**, one transaction per case, oldest first: every other due timer row
   and every due reminder.
3. **Catching up**, only when no pending row is due: rows with ``status='escalated'`` are
   fired through the engine (``fire_timers_of_case``) so the workflow state moves on too;
   the save sees the row was escalated and deletes it without escalating again. A pass
   catches up for at most ``CATCH_UP_SECONDS``, so the worker looks for bursts to stage
   between passes even while thousands of cases are still to catch up.

Concurrency. A due row is claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (the sweep
claims its rows with their case and step rows the same way), so several workers never take
the same one; then its case row is locked ``NOWAIT``: if a
person is completing a step of that case at that moment (``complete_task`` locks the case
first too) the worker leaves the case for a moment instead of waiting while it holds a
lock, so the two never deadlock. SQLite has one writer at a time anyway.

Crash safety. Firing, the case state, the rows, the audit events and the notifications are
one transaction (for the set-based deadlines: one per batch); e-mails are handed to the
notifier only after the commit (``Runtime.send_after_commit``). A worker that dies before the commit leaves the rows pending
and they fire (once) after a restart.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from engine.cases.commands import drop_timer, fire_reminder, fire_timers_of_case
from engine.errors import AlurError, Conflict
from engine.runtime import Runtime
from engine.store.case_store import lock_case
from engine.store.db import is_postgres
from engine.store.models import Timer
from engine.store.statuses import CaseStatus, TimerKind, TimerStatus
from engine.store.writes import retry_timers
from engine.timers import deadline_sweep
from engine.timers.escalation import CATCH_UP_STATUS, RETRIED_STATUSES

log = logging.getLogger("alur.timers")

MAX_ATTEMPTS = 5
# While a pass fires through the engine, due deadlines are swept again after this long.
SWEEP_INTERVAL = 0.1
# A pass stops catching up (after at least one case) once it has been at it this long.
CATCH_UP_SECONDS = 0.5

# Called after each commit with (kind, due_at, case_id): for metrics and benchmarks. kind:
# "timer" or "reminder" (fired through the engine), "deadline" (a deadline escalated
# set-based; its batch committed), "staged" (escalated in a burst staged before its due time),
# "catch_up" (the engine caught up with an escalated one).
FiredHook = Callable[[str, datetime, int], None]


class CaseBusy(Exception):
    """The case of a due timer is being changed by someone else right now."""


@dataclass
class PassResult:
    fired: int = 0  # due timers and reminders handled: escalated set-based or fired by the engine
    busy: int = 0
    failed: int = 0
    escalated: int = 0  # of ``fired``: deadlines escalated set-based
    caught_up: int = 0  # escalated deadlines the engine caught up with
    sweep_seconds: float = 0.0  # time the set-based sweeps took


class Outcome(Enum):
    """What one attempt to fire the next due row came to."""

    FIRED = "fired"  # fired through the engine (or a catch-up done): counted
    DROPPED = "dropped"  # its case no longer runs: the row deleted
    SWEEP_FIRST = "sweep_first"  # fell due after the last sweep: sweep, then try again
    NOTHING_DUE = "nothing_due"  # (or the catch-up's time is up): the pass ends
    BUSY = "busy"  # someone is changing the case: left for a moment
    FAILED = "failed"  # the case failed: the failure recorded, left for later


@dataclass
class PassState:
    """What a pass keeps track of (see :func:`run_pass`)."""

    sweeping: bool
    on_fired: FiredHook | None
    result: PassResult = field(default_factory=PassResult)
    skip: set[int] = field(default_factory=set)  # cases busy or failing: left for the next pass
    caught_up: set[int] = field(default_factory=set)  # cases the engine caught up with in this pass
    left: set[str] = field(default_factory=set)  # timer rows the sweep left to the engine
    last_sweep: float = 0.0
    swept_until: datetime | None = None  # the last sweep saw every deadline due by then
    engine_work: int = 0
    catching_up_since: float | None = None


@dataclass
class Attempt:
    """One row being fired: what is known of it so far."""

    case_id: int | None = None
    catch_up: bool = False
    claimed: tuple | None = None  # (kind, due_at, case_id) for the on_fired hook


def claim_due_timer(session, now: datetime, skip_case_ids=(), *, status: str = TimerStatus.PENDING):
    """The oldest due row of ``status`` (pending, or escalated for the catch-up)."""
    query = (
        select(Timer)
        .where(Timer.status == status, Timer.due_at <= now)
        .order_by(Timer.due_at)
        .limit(1)
    )
    if skip_case_ids:
        query = query.where(Timer.case_id.not_in(sorted(skip_case_ids)))
    if is_postgres(session):
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).first()


def is_lock_unavailable(exc: OperationalError) -> bool:
    return getattr(exc.orig, "sqlstate", None) == "55P03" or "could not obtain lock" in str(exc.orig)


def fire_due_timers(rt: Runtime, *, limit: int = 1000, on_fired: FiredHook | None = None) -> int:
    """Fire timers and reminders that are due now, oldest first. Returns how many fired."""
    return run_pass(rt, limit=limit, on_fired=on_fired).fired


def run_pass(rt: Runtime, *, limit: int = 1000, on_fired: FiredHook | None = None, sweep: bool = True) -> PassResult:
    """Fire what is due now (see the module's docstring for the order). ``limit``: at most
    this many cases through the engine in this pass. ``sweep=False``: every due timer goes
    through the engine (no set-based escalation)."""
    state = PassState(sweeping=sweep, on_fired=on_fired)
    if state.sweeping:
        sweep_now(rt, state)
    while state.engine_work + len(state.skip) < limit:
        if state.sweeping and time.monotonic() - state.last_sweep >= SWEEP_INTERVAL:
            sweep_now(rt, state)
        attempt = Attempt()
        outcome = fire_next(rt, state, attempt)
        if outcome is Outcome.NOTHING_DUE:
            break
        if outcome is Outcome.SWEEP_FIRST:
            sweep_now(rt, state)
        elif outcome is Outcome.FIRED:
            count_fired(state, attempt)
    return state.result


def sweep_now(rt: Runtime, state: PassState) -> None:
    """Escalate due deadlines set-based (engine.timers.deadline_sweep)."""
    started = time.perf_counter()
    state.swept_until = rt.now()
    on_escalated = None
    if state.on_fired is not None:
        hook = state.on_fired

        def on_escalated(due_at: datetime, case_id: int) -> None:
            hook("deadline", due_at, case_id)

    try:
        swept = deadline_sweep.sweep_deadlines(rt, exclude=state.left, on_escalated=on_escalated)
    except Conflict:
        state.result.busy += 1  # the database is busy (SQLite); the next sweep tries again
    except Exception:  # noqa: BLE001 - the one catch-all of a sweep: the engine path still fires every deadline
        log.exception("set-based deadline sweep failed; the engine fires this pass's deadlines")
        state.sweeping = False
    else:
        state.result.sweep_seconds += time.perf_counter() - started
        state.result.fired += swept.escalated
        state.result.escalated += swept.escalated
    state.last_sweep = time.monotonic()


def fire_next(rt: Runtime, state: PassState, attempt: Attempt) -> Outcome:
    """Claim the next due row and fire it, in one transaction; a busy or failing case is
    added to ``state.skip``. The unit of work of the worker: one broken case must not stop
    every timer, so whatever it raises once a case is known is recorded as that case's failure."""
    try:
        with rt.write() as session:
            return fire_in(rt, session, state, attempt)
    except Conflict:
        return leave_busy(state, attempt)
    except OperationalError as exc:
        if is_lock_unavailable(exc):  # a person is changing the case at this moment: try again shortly
            return leave_busy(state, attempt)
        return record_failed(rt, state, attempt, exc)
    except Exception as exc:  # noqa: BLE001 - the one catch-all per case, see the docstring
        return record_failed(rt, state, attempt, exc)


def fire_in(rt: Runtime, session, state: PassState, attempt: Attempt) -> Outcome:
    """Inside the attempt's transaction: claim, lock the case (without waiting), fire."""
    timer = claim_next(rt, session, state, attempt)
    if timer is None:
        return Outcome.NOTHING_DUE
    if state.sweeping and timer.kind == TimerKind.TIMER and not attempt.catch_up and (
            state.swept_until is None or timer.due_at > state.swept_until):
        return Outcome.SWEEP_FIRST  # it may be a deadline the sweep escalates
    attempt.case_id = timer.case_id
    case = lock_case(session, timer.case_id, nowait=True)
    if case is None or case.status != CaseStatus.RUNNING:
        drop_timer(session, timer)
        return Outcome.DROPPED
    attempt.claimed = ("catch_up" if attempt.catch_up else timer.kind, timer.due_at, timer.case_id)
    if timer.kind == TimerKind.REMINDER:
        fire_reminder(rt, session, case, timer)
    else:
        fire_timers_of_case(rt, session, case)
    return Outcome.FIRED


def claim_next(rt: Runtime, session, state: PassState, attempt: Attempt) -> Timer | None:
    """The oldest due pending row; when none is due, an escalated one for the engine to catch
    up with (for at most CATCH_UP_SECONDS a pass: then None, and the worker looks for bursts
    to stage before it carries on)."""
    now = rt.now()
    timer = claim_due_timer(session, now, state.skip)
    if timer is not None:
        return timer
    if state.catching_up_since is None:
        state.catching_up_since = time.monotonic()
    elif time.monotonic() - state.catching_up_since >= CATCH_UP_SECONDS:
        return None
    timer = claim_due_timer(session, now, state.skip | state.caught_up, status=CATCH_UP_STATUS)
    attempt.catch_up = timer is not None
    return timer


def leave_busy(state: PassState, attempt: Attempt) -> Outcome:
    state.result.busy += 1
    state.skip.add(attempt.case_id)
    return Outcome.BUSY


def record_failed(rt: Runtime, state: PassState, attempt: Attempt, exc: Exception) -> Outcome:
    if attempt.case_id is None:
        raise exc  # not a case's failure: claiming failed, the pass fails
    log.error("timer of case %s failed: %s", attempt.case_id, exc, exc_info=not isinstance(exc, AlurError))
    record_failure(rt, attempt.case_id, f"{type(exc).__name__}: {exc}")
    state.skip.add(attempt.case_id)
    state.result.failed += 1
    return Outcome.FAILED


def count_fired(state: PassState, attempt: Attempt) -> None:
    state.engine_work += 1
    if attempt.catch_up:
        state.caught_up.add(attempt.case_id)
        state.result.caught_up += 1
    else:
        state.result.fired += 1
    if state.on_fired is not None and attempt.claimed is not None:
        try:
            state.on_fired(*attempt.claimed)
        except Exception:  # noqa: BLE001 - a metrics hook must never stop the pass
            log.exception("on_fired hook failed")


def record_failure(rt: Runtime, case_id: int | None, message: str) -> None:
    """Count a failed attempt on the case's due rows (pending, or escalated and waiting for
    the engine to catch up) and retry later (1, 2, 4, 8 s...); after MAX_ATTEMPTS the rows
    are marked ``failed`` and left for a person to look at."""
    if case_id is None:
        return
    try:
        with rt.write() as session:
            lock_case(session, case_id)
            now = rt.now()
            failing = session.execute(select(Timer.id, Timer.attempts).where(
                Timer.case_id == case_id, Timer.status.in_(RETRIED_STATUSES), Timer.due_at <= now)).all()
            retry_timers(session, [retry_values(timer_id, attempts + 1, message, now)
                                   for timer_id, attempts in failing])
    except (SQLAlchemyError, AlurError):
        log.exception("could not record the failure of case %s", case_id)


def retry_values(timer_id: str, attempts: int, message: str, now: datetime) -> dict:
    """A failed row: tried again in 1, 2, 4, 8 s...; after MAX_ATTEMPTS marked failed."""
    row = {"id": timer_id, "attempts": attempts, "last_error": message[:2000], "status": None, "due_at": None}
    if attempts >= MAX_ATTEMPTS:
        row["status"] = TimerStatus.FAILED
    else:
        row["due_at"] = now + timedelta(seconds=2 ** (attempts - 1))
    return row


def next_due_at(rt: Runtime) -> datetime | None:
    """When the worker has something to do next: the earliest pending row, or an escalated
    one the engine has to catch up with (each found by the (status, due_at) index)."""
    with rt.read() as session:
        dues = session.execute(select(
            select(func.min(Timer.due_at)).where(Timer.status == TimerStatus.PENDING).scalar_subquery(),
            select(func.min(Timer.due_at)).where(Timer.status == CATCH_UP_STATUS).scalar_subquery(),
        )).one()
        dues = [d for d in dues if d is not None]
        return min(dues) if dues else None


__all__ = [
    "fire_due_timers", "run_pass", "claim_due_timer", "next_due_at", "PassResult", "CaseBusy", "FiredHook",
]
