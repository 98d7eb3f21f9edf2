"""The timer worker: runs passes (``engine.timers.passes.run_pass``) until stopped, sleeping
until the next due time in between, and stages bursts of deadlines before they fall due.

Bursts. When at least ``STAGE_MIN_ROWS`` timers fall due within ``STAGE_SPREAD`` of the next
due time, the worker (:class:`TimerWorker`) does not wait for them: shortly before, as long
before as escalating them takes at the rate it has measured (at most ``STAGE_MAX_LEAD``: 1 s
on SQLite, 2 s on PostgreSQL), it escalates them in one transaction and commits it when they
fall due (``engine.timers.deadline_sweep.stage_deadlines``); what it could not prepare in time is
swept right after. Nothing is visible before its due time; the cases claimed (on SQLite:
every writer) wait for that commit, at most ``STAGE_MAX_LEAD`` seconds.

Waking up. The worker sleeps until the next due time, at most ``MAX_IDLE_SECONDS``; a
save in the same process wakes it at once (``Runtime.notify_timers_changed``) and on
PostgreSQL a save in another process does too (``LISTEN alur_timers``; saves that add a
timer or reminder ``NOTIFY`` on commit). Without the notification the worker still sees new
timers within ``MAX_IDLE_SECONDS``.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from engine.runtime import Runtime
from engine.store.case_store import NOTIFY_CHANNEL
from engine.store.models import Timer
from engine.store.statuses import TimerStatus
from engine.timers import deadline_sweep
from engine.timers.passes import FiredHook, next_due_at, run_pass

log = logging.getLogger("alur.timers")

MAX_IDLE_SECONDS = 1.0
BUSY_RETRY_SECONDS = 0.05
# Bursts: this many deadlines due within STAGE_SPREAD are escalated in a transaction prepared
# before they are due (at most STAGE_MAX_LEAD seconds before) and committed when they are.
STAGE_MIN_ROWS = 1000
STAGE_MAX_ROWS = 50_000
STAGE_SPREAD = timedelta(milliseconds=50)
# On SQLite every writer waits for the staged commit, on PostgreSQL only those cases' writers.
STAGE_MAX_LEAD = {"sqlite": 1.0, "postgresql": 2.0}
STAGE_SAFETY = 1.5  # start this many times as early as the measured rate says
DEFAULT_RATE = 5000.0  # deadlines escalated per second, until the worker has measured its own
MIN_RATE = 500.0


class TimerWorker:
    """Runs until stopped: fires due timers, then waits for the next due time or a wakeup."""

    def __init__(self, rt: Runtime, *, max_idle: float = MAX_IDLE_SECONDS, on_fired: FiredHook | None = None,
                 listen: bool = True, stage: bool = True):
        self.rt = rt
        self.max_idle = max_idle
        self.on_fired = on_fired
        self.stage = stage
        self.rate = DEFAULT_RATE  # deadlines this worker escalates per second (measured)
        self._staged_until: datetime | None = None  # a burst is staged once (what is left is swept)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._listener: PgListener | None = None
        self._listen = listen
        rt.timer_wakeup = self._wake.set

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._listener is not None:
            self._listener.stop()

    def seconds_until_next(self) -> float:
        due = next_due_at(self.rt)
        if due is None:
            return self.max_idle
        wait = (due - self.rt.now()).total_seconds()
        return max(0.0, min(self.max_idle, wait))

    def run_once(self) -> int:
        return run_pass(self.rt, on_fired=self.on_fired).fired

    def learn_rate(self, escalated: int, seconds: float) -> None:
        """Update the measured rate from a sweep or a staged burst big enough to tell."""
        if escalated >= 200 and seconds > 0:
            self.rate = max(MIN_RATE, 0.5 * self.rate + 0.5 * escalated / seconds)

    def stage_plan(self) -> tuple[datetime, float] | None:
        """If a burst is coming: (stage the deadlines due by this moment, seconds until the
        preparation should start; zero or less: now). None when no burst is near."""
        with self.rt.read() as session:
            due = session.scalar(select(func.min(Timer.due_at)).where(Timer.status == TimerStatus.PENDING))
            max_lead = STAGE_MAX_LEAD.get(session.get_bind().dialect.name, 1.0)
        now = self.rt.now()
        if due is None or due <= now or (due - now).total_seconds() > max_lead + self.max_idle:
            return None
        due_by = due + STAGE_SPREAD
        if self._staged_until is not None and due_by <= self._staged_until:
            return None
        count = deadline_sweep.due_count(self.rt, due_by, cap=STAGE_MAX_ROWS)
        if count < STAGE_MIN_ROWS:
            return None
        lead = min(max_lead, STAGE_SAFETY * count / self.rate + 0.05)
        return due_by, (due - now).total_seconds() - lead

    def run_stage(self, due_by: datetime) -> None:
        def on_escalated(due_at: datetime, case_id: int) -> None:
            if self.on_fired is not None:
                self.on_fired("staged", due_at, case_id)

        started = time.perf_counter()
        self._staged_until = due_by
        try:
            result = deadline_sweep.stage_deadlines(self.rt, due_by, max_rows=STAGE_MAX_ROWS,
                                                    on_escalated=on_escalated, stop=self._stop)
        except deadline_sweep.StageCancelled:
            return
        except Exception:  # noqa: BLE001 - the one catch-all of a staging: the sweep at the due time escalates them
            log.exception("staging a burst of deadlines failed; they are escalated when due")
            return
        self.learn_rate(result.escalated, result.seconds or time.perf_counter() - started)

    def run(self) -> None:
        log.info("timer worker started")
        if self._listen:
            self._listener = PgListener.start_for(self.rt, self._wake)
        try:
            while not self._stop.is_set():
                # Cleared before the pass: a save during the pass makes the next wait short.
                self._wake.clear()
                try:
                    result = run_pass(self.rt, on_fired=self.on_fired)
                    self.learn_rate(result.escalated, result.sweep_seconds)
                    wait = self.seconds_until_next()
                    if result.busy or result.failed:
                        wait = max(wait, BUSY_RETRY_SECONDS)
                    plan = self.stage_plan() if self.stage else None
                    if plan is not None:
                        due_by, start_in = plan
                        if start_in <= 0:
                            self.run_stage(due_by)
                            continue
                        wait = min(wait, start_in)
                except Exception:  # noqa: BLE001 - the one catch-all of a pass: the worker never dies
                    log.exception("timer worker pass failed")
                    wait = self.max_idle
                if wait > 0:
                    self._wake.wait(wait)
        finally:
            if self._listener is not None:
                self._listener.stop()
        log.info("timer worker stopped")


class PgListener:
    """On PostgreSQL: ``LISTEN alur_timers`` on a connection of its own and wake the worker
    on every notification. Only an accelerator: if anything goes wrong it logs, waits and
    reconnects, and the worker still polls every MAX_IDLE_SECONDS."""

    def __init__(self, url: str, wake: threading.Event):
        self.url = url
        self.wake = wake
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="alur-timers-listen", daemon=True)

    @classmethod
    def start_for(cls, rt: Runtime, wake: threading.Event) -> PgListener | None:
        try:
            with rt.read() as session:
                bind = session.get_bind()
                if bind.dialect.name != "postgresql" or bind.dialect.driver != "psycopg":
                    return None
                url = bind.url.set(drivername="postgresql").render_as_string(hide_password=False)
        except SQLAlchemyError:
            log.exception("cannot tell the database kind; not listening for timer notifications")
            return None
        listener = cls(url, wake)
        listener.thread.start()
        return listener

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self.wake.set()  # anything sent while we were not listening
                    while not self._stop.is_set():
                        for _ in conn.notifies(timeout=MAX_IDLE_SECONDS, stop_after=1):
                            self.wake.set()
            except (psycopg.Error, OSError) as exc:
                if self._stop.is_set():
                    return
                log.warning("timer notifications unavailable (%s); polling every %.0f s", exc, MAX_IDLE_SECONDS)
                self._stop.wait(5.0)


def start_worker_thread(rt: Runtime, *, stage: bool = True) -> tuple[TimerWorker, threading.Thread]:
    worker = TimerWorker(rt, stage=stage)
    thread = threading.Thread(target=worker.run, name="alur-timers", daemon=True)
    thread.start()
    return worker, thread


__all__ = ["TimerWorker", "PgListener", "start_worker_thread"]
