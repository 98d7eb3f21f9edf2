"""The engine's runtime: database sessions, clock, calendar, forms, spec cache.

One :class:`Runtime` per process (web worker, timer worker, CLI, test). The
modules' verbs (``cases.start_case``, ``deploy.deploy_diagram``, ...) take it as
their first argument.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from threading import Lock
from typing import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from .clock import SystemClock
from .db import begin_write
from .errors import Conflict
from .workflow_cache import DEFAULT_SIZE as DEFAULT_WORKFLOW_CACHE
from .workflow_cache import WorkflowCache

# session.info key: callables run after the write transaction committed (never on rollback).
AFTER_COMMIT = "alur.after_commit"
DEFAULT_TIMEZONE = "Asia/Jakarta"
CALENDAR_TTL = 60.0


class TimerContextImpl:
    """What Alur's timer definitions ask for: now, durations in the calendar, local time."""

    def __init__(self, clock, calendar):
        self.clock = clock
        self.calendar = calendar

    def now(self) -> datetime:
        return self.clock.now()

    def add_duration(self, start: datetime, duration: str, *, calendar_days: bool = False) -> datetime:
        return self.calendar.add_duration(start, duration, calendar_days=calendar_days).astimezone(timezone.utc)

    def localize(self, moment: datetime) -> datetime:
        return self.calendar.localize(moment)


@dataclass
class LoadedVersion:
    """A process version's parsed spec and catalog, shared by every case of it."""

    id: int
    process_id: str
    version: int
    name: str
    spec: object
    subprocess_specs: dict
    catalog: dict
    lane_of_timer: dict = field(default_factory=dict)


class SpecCache:
    """Parsed specs per process version (immutable, so caching never goes stale)."""

    def __init__(self, size: int = 128):
        self.size = size
        self._items: OrderedDict[int, LoadedVersion] = OrderedDict()
        self._lock = Lock()

    def get(self, version_id: int) -> LoadedVersion | None:
        with self._lock:
            item = self._items.get(version_id)
            if item is not None:
                self._items.move_to_end(version_id)
            return item

    def put(self, item: LoadedVersion) -> None:
        with self._lock:
            self._items[item.id] = item
            self._items.move_to_end(item.id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class Runtime:
    def __init__(
        self,
        session_factory: Callable[[], Session],
        *,
        clock=None,
        calendar=None,
        timezone_name: str = DEFAULT_TIMEZONE,
        office_hours=None,
        forms_dir: str | Path | None = None,
        notifier=None,
        workflow_cache_size: int | None = None,
    ):
        self.session_factory = session_factory
        self.clock = clock or SystemClock()
        self._fixed_calendar = calendar
        self.timezone_name = timezone_name
        self.office_hours = office_hours
        self._calendar = None
        self._calendar_loaded_at = 0.0
        self.forms_dir = Path(forms_dir) if forms_dir else None
        self.specs = SpecCache()
        self.notifier = notifier
        self.timer_wakeup: Callable[[], None] | None = None
        self.workflows = WorkflowCache(DEFAULT_WORKFLOW_CACHE if workflow_cache_size is None else workflow_cache_size)

    # -- time -------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def calendar(self, session: Session | None = None):
        """The office's business calendar, with the closures admins added.

        Rebuilt after ``invalidate_calendar`` or every CALENDAR_TTL seconds, so a
        closure added by another process is seen soon without a restart.
        """
        if self._fixed_calendar is not None:
            return self._fixed_calendar
        if self._calendar is None or time.monotonic() - self._calendar_loaded_at > CALENDAR_TTL:
            from .calendar import BusinessCalendar
            from .models import CalendarClosure

            if session is not None:
                closures = [(c.day, c.reason) for c in session.scalars(select(CalendarClosure))]
            else:
                with self.read() as own:
                    closures = [(c.day, c.reason) for c in own.scalars(select(CalendarClosure))]
            self._calendar = BusinessCalendar(self.timezone_name, office_hours=self.office_hours, closures=closures)
            self._calendar_loaded_at = time.monotonic()
        return self._calendar

    def invalidate_calendar(self) -> None:
        """Closures changed: the calendar is rebuilt on next use."""
        self._calendar = None

    def timer_context(self, session: Session | None = None) -> TimerContextImpl:
        return TimerContextImpl(self.clock, self.calendar(session))

    def script_engine(self, session: Session | None = None):
        from .expressions import SafeScriptEngine

        return SafeScriptEngine(context=self.timer_context(session))

    # -- transactions -----------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self.session_factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that commits at the end or rolls back entirely."""
        session = self.session_factory()
        try:
            begin_write(session)
            yield session
            session.commit()
            for callback in session.info.pop(AFTER_COMMIT, ()):
                callback()
        except StaleDataError:
            session.rollback()
            raise Conflict("Kasus ini baru saja diubah oleh orang lain; muat ulang dan coba lagi") from None
        except OperationalError as exc:
            session.rollback()
            if "locked" in str(exc.orig).lower() or "could not serialize" in str(exc.orig).lower():
                raise Conflict("Basis data sedang sibuk oleh perubahan lain; coba lagi") from None
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @staticmethod
    def after_commit(session: Session, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the write transaction of ``session`` has committed."""
        session.info.setdefault(AFTER_COMMIT, []).append(callback)

    def notify_timers_changed(self) -> None:
        if self.timer_wakeup is not None:
            self.timer_wakeup()
