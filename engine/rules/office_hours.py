"""Office hours: per weekday, local to a unit's time zone (``ZONES``: WIB Asia/Jakarta UTC+7,
WITA Asia/Makassar UTC+8, WIT Asia/Jayapura UTC+9); default 07:30-16:00 Monday to Thursday
and 07:30-16:30 Friday, configurable per weekday (:class:`OfficeHours`, read from settings by
:func:`parse_office_hours`). A moment is within office hours when ``opening <= local time <
closing`` on a working day (``engine.rules.calendar``)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time

from engine.rules.dates import weekday_name

DayHours = tuple[time, time]
_DEFAULT_DAYS: tuple[DayHours | None, ...] = (
    (time(7, 30), time(16, 0)),
    (time(7, 30), time(16, 0)),
    (time(7, 30), time(16, 0)),
    (time(7, 30), time(16, 0)),
    (time(7, 30), time(16, 30)),
    None,
    None,
)


# ---------------------------------------------------------------------------
# Office hours
# ---------------------------------------------------------------------------

_SHORT_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def _as_time(value: time | str, what: str) -> time:
    if isinstance(value, time):
        result = value
    elif isinstance(value, str):
        short = _SHORT_TIME.match(value.strip())
        try:
            # "8:00" and "08.00" (as Indonesian writes it) too, besides ISO "08:00[:00]"
            result = time(int(short[1]), int(short[2])) if short else time.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"jam kantor: {what} {value!r} bukan jam (HH:MM)") from None
    else:
        raise ValueError(f"jam kantor: {what} {value!r} bukan jam (HH:MM)")
    if result.tzinfo is not None:
        raise ValueError(f"jam kantor: {what} adalah jam lokal, tanpa zona waktu")
    return result


@dataclass(frozen=True)
class OfficeHours:
    """Opening and closing local times per weekday (0 = Monday .. 6 = Sunday).

    ``days[w]`` is ``(opening, closing)`` or ``None`` when the office is closed on that
    weekday. Default: 07:30-16:00 Monday-Thursday, 07:30-16:30 Friday, closed Saturday
    and Sunday.
    """

    days: tuple[DayHours | None, ...] = _DEFAULT_DAYS

    def __post_init__(self) -> None:
        days = tuple(self.days)
        if len(days) != 7:
            raise ValueError("jam kantor: harus tepat 7 hari (Senin..Minggu)")
        normalised: list[DayHours | None] = []
        for weekday, hours in enumerate(days):
            if hours is None:
                normalised.append(None)
                continue
            opening, closing = hours
            name = weekday_name(weekday)
            opening = _as_time(opening, f"jam buka {name}")
            closing = _as_time(closing, f"jam tutup {name}")
            if not opening < closing:
                raise ValueError(f"jam kantor: {name} jam buka {opening:%H:%M} harus sebelum jam tutup {closing:%H:%M}")
            normalised.append((opening, closing))
        if not any(normalised):
            raise ValueError("jam kantor: sekurang-kurangnya satu hari harus buka")
        object.__setattr__(self, "days", tuple(normalised))

    def for_weekday(self, weekday: int) -> DayHours | None:
        return self.days[weekday]

    @property
    def open_weekdays(self) -> tuple[int, ...]:
        return tuple(w for w, hours in enumerate(self.days) if hours is not None)

    @classmethod
    def from_mapping(cls, mapping: Mapping, *, base: OfficeHours | None = None) -> OfficeHours:
        """Office hours from ``{weekday: (opening, closing) | None}``.

        Weekdays are ``0``..``6`` (ints or digit strings, as stored in JSON); times are
        ``time`` objects or ``"HH:MM"`` strings. Weekdays not mentioned keep ``base``'s
        hours (the default hours when no base is given).
        """
        days = list((base or cls()).days)
        for key, value in mapping.items():
            try:
                weekday = int(key)
            except (TypeError, ValueError):
                raise ValueError(f"jam kantor: hari {key!r} harus 0 (Senin) sampai 6 (Minggu)") from None
            if not 0 <= weekday <= 6:
                raise ValueError(f"jam kantor: hari {key!r} harus 0 (Senin) sampai 6 (Minggu)")
            if value is None:
                days[weekday] = None
            else:
                try:
                    opening, closing = value
                except (TypeError, ValueError):
                    raise ValueError(f"jam kantor: {weekday_name(weekday)} harus (jam buka, jam tutup)") from None
                days[weekday] = (opening, closing)
        return cls(tuple(days))

    def to_mapping(self) -> dict[str, list[str] | None]:
        """JSON-friendly form that ``from_mapping`` reads back."""
        return {
            str(w): None if hours is None else [hours[0].isoformat("minutes"), hours[1].isoformat("minutes")]
            for w, hours in enumerate(self.days)
        }

    def describe(self) -> str:
        """In Bahasa Indonesia, consecutive days with the same hours together:
        "Senin–Kamis 07.30–16.00, Jumat 07.30–16.30; Sabtu, Minggu tutup"."""
        groups: list[tuple[int, int, DayHours]] = []
        for weekday, hours in enumerate(self.days):
            if hours is None:
                continue
            if groups and groups[-1][2] == hours and groups[-1][1] == weekday - 1:
                groups[-1] = (groups[-1][0], weekday, hours)
            else:
                groups.append((weekday, weekday, hours))
        parts = []
        for first, last, (opening, closing) in groups:
            days = weekday_name(first) if first == last else f"{weekday_name(first)}\u2013{weekday_name(last)}"
            parts.append(f"{days} {opening:%H.%M}\u2013{closing:%H.%M}")
        closed = [weekday_name(w) for w, hours in enumerate(self.days) if hours is None]
        text = ", ".join(parts)
        return f"{text}; {', '.join(closed)} tutup" if closed else text


def parse_office_hours(value, *, base: OfficeHours | None = None) -> OfficeHours | None:
    """Office hours as ``ALUR_OFFICE_HOURS`` writes them: JSON text (or a mapping)
    ``{"0": ["08:00", "16:00"], "5": null}``, weekday 0 = Monday; weekdays not given keep
    ``base``'s hours (07:30-16:00, Friday 16:30 when no base is given). ``None`` or an empty
    text is ``None`` (the default applies). Raises ``ValueError`` saying what is wrong, in
    Bahasa Indonesia."""
    if value is None or isinstance(value, OfficeHours):
        return value
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", "replace")
    if isinstance(value, str):
        if not value.strip():
            return None
        import json

        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f'jam kantor: bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}); '
                f'contoh: {{"0": ["08:00", "16:00"], "4": ["08:00", "16:30"], "5": null}}'
            ) from None
    if not isinstance(value, Mapping):
        raise ValueError('jam kantor: harus objek JSON {hari: [jam buka, jam tutup] atau null}, '
                         'misalnya {"0": ["08:00", "16:00"]}')
    return OfficeHours.from_mapping(value, base=base)
