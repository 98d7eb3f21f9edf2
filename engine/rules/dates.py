"""Dates and moments in words: the one formatter the engine and the web pages use.

Built on Babel (CLDR data), so the words come from the locale, not from tables of our
own: ``format_moment`` gives "Senin, 5 Januari 2026, 16.00 WITA", ``format_day``
"Senin, 5 Januari 2026", ``weekday_name(0)`` "Senin". Every function takes a
``locale`` (default ``"id"``, Bahasa Indonesia). Alur writes Indonesian dates its own
way (the day not zero-padded, the time as ``16.00``), so ``"id"`` has patterns of its
own; another locale uses CLDR's standard long date and short time.

The zone is named by :func:`engine.rules.zones.zone_label`: WIB, WITA or WIT for the
three Indonesian zones, the IANA name for another zone, the zone's own abbreviation
(``UTC``) for a zone that has no IANA name. Locale data is loaded on first use.
"""
from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time, get_day_names

from engine.rules.zones import zone_label

__all__ = [
    "DEFAULT_LOCALE",
    "format_day",
    "format_moment",
    "moment_zone_label",
    "weekday_name",
    "weekday_names",
]

DEFAULT_LOCALE = "id"

# Alur's own patterns (CLDR's "full" Indonesian date zero-pads the day: "05 Januari").
_PATTERNS = {
    "id": {"weekday_date": "EEEE, d MMMM y", "date": "d MMMM y", "time": "HH.mm"},
}
_STANDARD = {"weekday_date": "full", "date": "long", "time": "short"}


def _pattern(locale: str, kind: str) -> str:
    return _PATTERNS.get(locale, _STANDARD)[kind]


@lru_cache(maxsize=8)
def _load_locale(locale: str) -> Locale:
    """Babel's locale, parsed once (a Locale object keeps its CLDR data loaded)."""
    return Locale.parse(locale)


@lru_cache(maxsize=8)
def weekday_names(locale: str = DEFAULT_LOCALE) -> tuple[str, ...]:
    """The weekdays' names, Monday first: ("Senin", "Selasa", ..., "Minggu")."""
    names = get_day_names("wide", locale=_load_locale(locale))
    return tuple(names[weekday] for weekday in range(7))


def weekday_name(weekday: int, locale: str = DEFAULT_LOCALE) -> str:
    """The name of ``weekday`` (0 = Monday, as ``date.weekday()``): 0 -> "Senin"."""
    return weekday_names(locale)[weekday]


def format_day(day: date, *, with_weekday: bool = True, locale: str = DEFAULT_LOCALE) -> str:
    """``day`` in words: "Senin, 5 Januari 2026" (without the weekday "5 Januari 2026")."""
    return format_date(day, _pattern(locale, "weekday_date" if with_weekday else "date"), locale=_load_locale(locale))


def moment_zone_label(local: datetime) -> str:
    """How the zone of ``local`` (an aware datetime) is named: "WITA", "Europe/Amsterdam", "UTC"."""
    key = getattr(local.tzinfo, "key", None)
    return zone_label(key) if key else local.strftime("%Z")


def format_moment(
    moment: datetime,
    zone: tzinfo | None = None,
    *,
    with_weekday: bool = True,
    locale: str = DEFAULT_LOCALE,
) -> str:
    """``moment`` in words in ``zone`` (``None``: the zone it carries):
    "Senin, 5 Januari 2026, 16.00 WITA" (without the weekday "5 Januari 2026, 16.00 WITA")."""
    local = moment.astimezone(zone) if zone is not None else moment
    day = format_day(local.date(), with_weekday=with_weekday, locale=locale)
    clock = format_time(local.time(), _pattern(locale, "time"), locale=_load_locale(locale))
    return f"{day}, {clock} {moment_zone_label(local)}".strip()
