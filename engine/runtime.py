"""The engine's runtime: database sessions, clock, calendar, forms, spec cache, notifier.

One :class:`Runtime` per process (web worker, timer worker, CLI, test). The
modules' verbs (``cases.start_case``, ``deploy.deploy_diagram``, ...) take it as
their first argument.

After commit. What must happen only once a write transaction committed (the live workflow
kept for the next step, the timer worker woken, e-mails handed to the notifier) is registered
with :meth:`Runtime.after_commit` (e-mails: :meth:`Runtime.send_after_commit`) inside
:meth:`Runtime.write`; a rollback drops it. There is no other mechanism.
"""
from __future__ import annotations

import logging
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Callable, Iterator

from sqlalchemy import or_, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.errors import Conflict
from engine.notify.mailer import Notifier
from engine.rules.clock import SystemClock
from engine.store.db import begin_write
from engine.store.workflow_cache import DEFAULT_SIZE as DEFAULT_WORKFLOW_CACHE
from engine.store.workflow_cache import WorkflowCache

if TYPE_CHECKING:
    from engine.diagrams.catalog import Catalog

# session.info keys: callables run after the write transaction committed (never on rollback),
# and the e-mails the transaction's notifications queued.
AFTER_COMMIT = "alur.after_commit"
OUTBOX = "alur.outbox"
log = logging.getLogger("alur.runtime")

DEFAULT_TIMEZONE = "Asia/Jakarta"
CALENDAR_TTL = 60.0


class TimerContextImpl:
    """What Alur's timer definitions ask for: now, durations in the calendar, local time.

    ``refresh``, when given, returns the calendar to use now (the runtime's cached calendar of
    the case's unit): a workflow kept alive across transactions then sees closures added
    after it was loaded. Without it the calendar given is used for good.
    """

    def __init__(self, clock, calendar, refresh: Callable[[], object] | None = None):
        self.clock = clock
        self._calendar = calendar
        self._refresh = refresh

    @property
    def calendar(self):
        if self._refresh is not None:
            self._calendar = self._refresh()
        return self._calendar

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
    catalog: "Catalog"
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
        # unit id (None = installation default) -> (calendar, time.monotonic() when built)
        self._calendars: dict[int | None, tuple[object, float]] = {}
        self._calendars_generation = 0
        self.forms_dir = Path(forms_dir) if forms_dir else None
        self.specs = SpecCache()
        self._notifier = notifier if notifier is not None else Notifier()
        self.timer_wakeup: Callable[[], None] | None = None
        self._autocommit_reads: bool | None = None
        self.workflows = WorkflowCache(DEFAULT_WORKFLOW_CACHE if workflow_cache_size is None else workflow_cache_size)

    @property
    def notifier(self) -> Notifier:
        """The installation's notification settings and e-mail sender (without SMTP: in-app
        only), as given at construction: a runtime never changes its notifier."""
        return self._notifier

    # -- time -------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock.now()

    def calendar(self, session: Session | None = None, unit_id: int | None = None):
        """The business calendar of an organisation unit: its time zone and office hours
        (the installation's when the unit has none), national holidays and cuti bersama,
        closures for every unit and the unit's own. ``unit_id=None`` is the installation
        default (``ALUR_TIMEZONE``, ``ALUR_OFFICE_HOURS``, closures for every unit).

        Cached per unit; rebuilt after ``invalidate_calendar`` or every CALENDAR_TTL seconds,
        so a closure or unit change made by another process is seen soon without a restart.
        A unit that no longer exists gets the installation default. A calendar fixed at
        construction (tests, benchmarks) serves every unit.
        """
        if self._fixed_calendar is not None:
            return self._fixed_calendar
        cached = self._calendars.get(unit_id)
        if cached is not None and time.monotonic() - cached[1] <= CALENDAR_TTL:
            return cached[0]
        generation = self._calendars_generation
        if session is not None:
            calendar = self._build_calendar(session, unit_id)
        else:
            with self.read() as own:
                calendar = self._build_calendar(own, unit_id)
        if generation == self._calendars_generation:  # not invalidated while building
            self._calendars[unit_id] = (calendar, time.monotonic())
        return calendar

    def _build_calendar(self, session: Session, unit_id: int | None):
        from engine.rules.calendar import (
            BusinessCalendar,
            parse_office_hours,
            zone_name,
        )
        from engine.store.models import CalendarClosure, OrgUnit

        zone, hours = self.timezone_name, self.office_hours
        unit = session.get(OrgUnit, unit_id) if unit_id is not None else None
        if unit_id is not None and unit is None:
            log.warning("unit %s does not exist: the installation calendar is used", unit_id)
            unit_id = None
        if unit is not None:
            # Both are checked when saved; a deadline must never fail on them all the same.
            try:
                zone = zone_name(unit.timezone)
            except ValueError as exc:
                log.error("unit %s: time zone unusable (%s); the installation's applies", unit.code, exc)
            try:
                hours = parse_office_hours(unit.office_hours) or hours
            except ValueError as exc:
                log.error("unit %s: office hours unusable (%s); the installation's apply", unit.code, exc)
        query = select(CalendarClosure.day, CalendarClosure.reason)
        if unit_id is None:
            query = query.where(CalendarClosure.unit_id.is_(None))
        else:
            query = query.where(or_(CalendarClosure.unit_id.is_(None), CalendarClosure.unit_id == unit_id))
        closures = [(day, reason) for day, reason in session.execute(query.order_by(CalendarClosure.day))]
        return BusinessCalendar(zone, office_hours=hours, closures=closures)

    def invalidate_calendar(self) -> None:
        """Closures or units changed: calendars are rebuilt on next use (every unit's,
        since a closure for every unit changes them all)."""
        self._calendars_generation += 1
        self._calendars = {}

    def timer_context(self, session: Session | None = None, unit_id: int | None = None) -> TimerContextImpl:
        """The clock and the calendar of ``unit_id`` for timer definitions."""
        calendar = self.calendar(session, unit_id)
        if self._fixed_calendar is not None:
            return TimerContextImpl(self.clock, calendar)
        return TimerContextImpl(self.clock, calendar, refresh=lambda: self.calendar(unit_id=unit_id))

    def script_engine(self, session: Session | None = None, unit_id: int | None = None):
        """The restricted script engine of a case of ``unit_id`` (its timers count in the unit's calendar)."""
        from engine.spiff.script_engine import SafeScriptEngine

        return SafeScriptEngine(context=self.timer_context(session, unit_id))

    # -- transactions -----------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading. On PostgreSQL its statements run in autocommit mode: under READ
        COMMITTED each statement sees its own snapshot anyway, and a read then costs no BEGIN
        and no ROLLBACK round trip. SQLite reads keep one snapshot for the whole session."""
        session = self.session_factory()
        if self._autocommit_reads is None:
            self._autocommit_reads = session.get_bind().dialect.name == "postgresql"
        if self._autocommit_reads:
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
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
        run_after_commit(session.info.pop(AFTER_COMMIT, ()))

    @staticmethod
    def after_commit(session: Session, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the write transaction of ``session`` has committed."""
        session.info.setdefault(AFTER_COMMIT, []).append(callback)

    def send_after_commit(self, session: Session, mails: list) -> None:
        """Hand ``mails`` to the notifier once the write transaction of ``session`` has
        committed (all of the transaction's mails in one batch); dropped on rollback."""
        if not mails:
            return
        outbox = session.info.get(OUTBOX)
        if outbox is None:
            outbox = session.info[OUTBOX] = []
            self.after_commit(session, lambda: self.notifier.send(outbox))
        outbox.extend(mails)

    def notify_timers_changed(self) -> None:
        if self.timer_wakeup is not None:
            self.timer_wakeup()


def run_after_commit(callbacks) -> None:
    """Run what waited for a commit. The transaction is committed whatever happens here, so
    a failing callback is logged, never raised: the caller must not take the change for failed."""
    for callback in callbacks:
        try:
            callback()
        except Exception:  # noqa: BLE001 - one catch-all per callback, see the docstring
            log.exception("after-commit callback failed")
