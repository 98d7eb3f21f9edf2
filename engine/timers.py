"""The timer worker: finds due timers by index, fires each in its own transaction.

A due timer is claimed with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several
workers never fire the same one; SQLite has one writer at a time anyway. Firing
and saving happen in one transaction: a crash before commit leaves the timer
pending and it fires (once) after a restart.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import func, select

from .cases import fire_timers_of_case
from .errors import AlurError, Conflict
from .models import Case, Timer
from .runtime import Runtime

log = logging.getLogger("alur.timers")

MAX_IDLE_SECONDS = 1.0


def claim_due_timer(session, now: datetime, skip_case_ids=()):
    query = (
        select(Timer)
        .where(Timer.status == "pending", Timer.due_at <= now)
        .order_by(Timer.due_at)
        .limit(1)
    )
    if skip_case_ids:
        query = query.where(Timer.case_id.not_in(list(skip_case_ids)))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).first()


def fire_due_timers(rt: Runtime, *, limit: int = 1000) -> int:
    """Fire timers that are due now, oldest first. Returns how many cases moved on."""
    fired = 0
    failed: set[int] = set()
    while fired + len(failed) < limit:
        case_id = None
        try:
            with rt.write() as session:
                now = rt.now()
                timer = claim_due_timer(session, now, failed)
                if timer is None:
                    break
                case = session.get(Case, timer.case_id, with_for_update=session.get_bind().dialect.name == "postgresql")
                if case is None or case.status != "running":
                    session.delete(timer)
                    continue
                case_id = case.id
                fire_timers_of_case(rt, session, case)
                fired += 1
        except Conflict:
            # A person changed the case at the same moment: try again on the next pass.
            continue
        except AlurError as exc:
            log.error("timer of case %s failed: %s", case_id, exc)
            if case_id is None:
                break
            record_failure(rt, case_id, str(exc))
            failed.add(case_id)
    return fired


def record_failure(rt: Runtime, case_id: int | None, message: str) -> None:
    if case_id is None:
        return
    with rt.write() as session:
        for timer in session.scalars(select(Timer).where(Timer.case_id == case_id, Timer.status == "pending")):
            timer.attempts += 1
            timer.last_error = message[:2000]
            if timer.attempts >= 5:
                timer.status = "failed"


def next_due_at(rt: Runtime) -> datetime | None:
    with rt.read() as session:
        return session.scalar(select(func.min(Timer.due_at)).where(Timer.status == "pending"))


class TimerWorker:
    """Runs until stopped: fires due timers, then waits for the next due time or a wakeup."""

    def __init__(self, rt: Runtime, *, max_idle: float = MAX_IDLE_SECONDS):
        self.rt = rt
        self.max_idle = max_idle
        self._wake = threading.Event()
        self._stop = threading.Event()
        rt.timer_wakeup = self._wake.set

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def seconds_until_next(self) -> float:
        due = next_due_at(self.rt)
        if due is None:
            return self.max_idle
        wait = (due - self.rt.now()).total_seconds()
        return max(0.0, min(self.max_idle, wait))

    def run_once(self) -> int:
        return fire_due_timers(self.rt)

    def run(self) -> None:
        log.info("timer worker started")
        while not self._stop.is_set():
            try:
                self.run_once()
                wait = self.seconds_until_next()
            except Exception:  # keep the worker alive; the error is logged
                log.exception("timer worker pass failed")
                wait = self.max_idle
            if wait > 0:
                self._wake.wait(wait)
            self._wake.clear()
        log.info("timer worker stopped")


def start_worker_thread(rt: Runtime) -> tuple[TimerWorker, threading.Thread]:
    worker = TimerWorker(rt)
    thread = threading.Thread(target=worker.run, name="alur-timers", daemon=True)
    thread.start()
    return worker, thread

