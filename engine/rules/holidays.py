"""National holidays and cuti bersama of Indonesia (PyPI ``holidays``, country ``ID``; see
``engine.rules.calendar``): lazy, per year, shared by every calendar."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType


@lru_cache(maxsize=256)
def _holidays_of(year: int, category: str) -> Mapping[date, str]:
    import holidays  # deferred: nothing is computed at import time

    found = holidays.country_holidays("ID", years=year, categories=(category,), language="id")
    return MappingProxyType(dict(found.items()))


def national_holidays(year: int) -> Mapping[date, str]:
    """Indonesian national holidays of ``year`` (``holidays`` package, category public)."""
    return _holidays_of(year, "public")


def cuti_bersama(year: int) -> Mapping[date, str]:
    """Cuti bersama days of ``year`` (``holidays`` package, category government)."""
    return _holidays_of(year, "government")
