"""The engine's runtime: database sessions, clock, calendar, forms, spec cache.

One :class:`Runtime` per process (web worker, timer worker, CLI, test). The
modules' verbs (``cases.start_case``, ``deploy.deploy_diagram``, ...) take it as
their first argument.
"""
from __future__ import annotations

from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from threading import Lock
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from .clock import SystemClock
from .db import begin_write
from .errors import Conflict
from .timer_events import add_calendar_duration

DEFAULT_TIMEZONE = "Asia/Jakarta"


class CalendarDaysOnly:
    """A calendar that counts every day and hour (no office hours, no holidays)."""

    def __init__(self, timezone_name: str = DEFAULT_TIMEZONE):
        self.timezone = timezone_name

    def add_duration(self, start: datetime, duration: str, *, calendar_days: bool = False) -> datetime:
        return add_calendar_duration(start, duration).astimezone(timezone.utc)


class TimerContextImpl:
    """What Alur's timer definitions ask for: now, durations in the calendar, local time."""

    def __init__(self, clock, calendar):
        self.clock = clock
        self.calendar = calendar
        self.zone = ZoneInfo(getattr(calendar, "timezone", DEFAULT_TIMEZONE) or DEFAULT_TIMEZONE)

    def now(self) -> datetime:
        return self.clock.now()

    def add_duration(self, start: datetime, duration: str, *, calendar_days: bool = False) -> datetime:
        return self.calendar.add_duration(start, duration, calendar_days=calendar_days).astimezone(timezone.utc)

    def localize(self, moment: datetime) -> datetime:
        return moment.replace(tzinfo=self.zone)


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
        calendar_factory: Callable[[Session], object] | None = None,
        forms_dir: str | Path | None = None,
        notifier=None,
    ):
        self.session_factory = session_factory
        self.clock = clock or SystemClock()
        self._calendar = calendar
        self.calendar_factory = calendar_factory
        self.forms_dir = Path(forms_dir) if forms_dir else None
        self.specs = SpecCache()
        self.notifier = notifier
        self.timer_wakeup: Callable[[], None] | None = None

    # -- time -------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def calendar(self, session: Session | None = None):
        if self._calendar is None:
            if self.calendar_factory is not None and session is not None:
                return self.calendar_factory(session)
            return CalendarDaysOnly()
        return self._calendar

    def invalidate_calendar(self) -> None:
        """Closures changed: a factory-built calendar is rebuilt on next use."""
        if self.calendar_factory is not None:
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

    def notify_timers_changed(self) -> None:
        if self.timer_wakeup is not None:
            self.timer_wakeup()
