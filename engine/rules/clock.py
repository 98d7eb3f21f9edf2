"""Clocks. No engine code reads the wall clock directly: it asks a clock."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone


class SystemClock:
    """The real time, always timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock:
    """A clock tests control: it only moves when told to."""

    def __init__(self, start: datetime | None = None):
        start = start or datetime(2026, 1, 5, 1, 0, tzinfo=timezone.utc)
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware datetime")
        self._now = start.astimezone(timezone.utc)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware datetime")
        with self._lock:
            self._now = moment.astimezone(timezone.utc)

    def advance(self, delta: timedelta | None = None, **kwargs) -> datetime:
        delta = delta or timedelta(**kwargs)
        with self._lock:
            self._now = self._now + delta
            return self._now
