"""ISO 8601 durations for Alur timers, and how Alur says durations in Bahasa Indonesia.

Pure logic: no database, no Flask, nothing done at import time.

``parse_duration(text)`` is the strict parser the engine uses at deploy time to refuse
timer values that are not durations (it raises ``ValueError`` with a message in Bahasa
Indonesia that quotes the value; the caller names the element). The accepted form is

    P[nY][nM][nW][nD][T[nH][nM][nS]]

- designators in that order, each at most once, at least one component;
- ``T`` only when at least one of H, M, S follows it;
- ``n`` is digits; a fraction (``.`` or ``,``) only in the last component written and
  only in hours, minutes or seconds (``PT1.5H``; ``P0.5D`` is refused: a half *working*
  day has no single meaning, write ``PT4H``);
- weeks are not combined with years, months or days (ISO 8601-1 has ``PnW`` as a form of
  its own; SpiffWorkflow refuses the combination too); ``P1WT2H`` is accepted;
- no sign (``-P1D``), no alternative format (``P0001-02-03``);
- surrounding whitespace (as in XML text content) is ignored and lowercase letters are
  read as uppercase.

Beware ``P30M``: it is valid and means thirty *months*; thirty minutes is ``PT30M``.

How the parts are counted (working days, office hours) is the business calendar's
business: see :mod:`engine.rules.calendar`.

Formatting (``format_working_time``, ``format_time_left``, ``describe_duration``) gives
"2 hari 3 jam", "45 menit", "terlambat 1 jam": at most the two largest units starting
from the largest non-zero one, rounded down to the minute (a time left is never
overstated, a delay is shown as the full minutes/hours it has reached).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

__all__ = [
    "Duration",
    "WorkingTimeLeft",
    "DURATION_FIELDS",
    "DURATION_RE",
    "match_duration",
    "parse_duration",
    "format_working_time",
    "format_time_left",
    "describe_duration",
]

_NUMBER = r"\d+(?:[.,]\d+)?"
#: The one grammar of an ISO 8601 duration in Alur (uppercase; a group per component,
#: named as in DURATION_FIELDS, and ``t`` for the time designator). Used by
#: :func:`parse_duration`, :func:`match_duration` and through them by the expression
#: language's literals and the diagram validator.
DURATION_RE = re.compile(
    rf"""
    P
    (?:(?P<years>{_NUMBER})Y)?
    (?:(?P<months>{_NUMBER})M)?
    (?:(?P<weeks>{_NUMBER})W)?
    (?:(?P<days>{_NUMBER})D)?
    (?P<t>T
        (?:(?P<hours>{_NUMBER})H)?
        (?:(?P<minutes>{_NUMBER})M)?
        (?:(?P<seconds>{_NUMBER})S)?
    )?
    """,
    re.VERBOSE,
)
DURATION_FIELDS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
_FIELDS = DURATION_FIELDS
_DATE_FIELDS = ("years", "months", "weeks", "days")
_TIME_FIELDS = ("hours", "minutes", "seconds")
_DESIGNATORS = {"years": "Y", "months": "M", "weeks": "W", "days": "D",
                "hours": "H", "minutes": "M", "seconds": "S"}
_NAMES_ID = {"years": "tahun", "months": "bulan", "weeks": "minggu", "days": "hari",
             "hours": "jam", "minutes": "menit", "seconds": "detik"}
_EXAMPLES = "contoh: P1D (1 hari), PT1H (1 jam), PT30M (30 menit), P1DT2H (1 hari 2 jam)"


@dataclass(frozen=True)
class Duration:
    """An ISO 8601 duration, component by component (nothing is normalised:
    ``PT90M`` stays 90 minutes, ``P7D`` is not one week).

    Years, months, weeks and days are whole numbers; hours, minutes and seconds may
    carry a fraction, in the last non-zero component only.
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int | float = 0
    minutes: int | float = 0
    seconds: int | float = 0

    def __post_init__(self) -> None:
        for name in _FIELDS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"durasi: {_NAMES_ID[name]} harus angka, bukan {value!r}")
            if value < 0:
                raise ValueError("durasi negatif tidak didukung")
            if value != value or value == float("inf"):
                raise ValueError(f"durasi: {_NAMES_ID[name]} tidak sah ({value!r})")
        for name in _DATE_FIELDS:
            value = getattr(self, name)
            if isinstance(value, float):
                if not value.is_integer():
                    raise ValueError(
                        f"durasi: pecahan hanya boleh pada jam, menit atau detik, "
                        f"bukan pada {_NAMES_ID[name]}"
                    )
                object.__setattr__(self, name, int(value))
        fractional = [n for n in _TIME_FIELDS if not float(getattr(self, n)).is_integer()]
        if fractional:
            last = [n for n in _FIELDS if getattr(self, n)][-1]
            if fractional != [last]:
                raise ValueError("durasi: pecahan hanya boleh pada satuan terkecil yang ditulis")

    # -- views -----------------------------------------------------------------
    @property
    def is_zero(self) -> bool:
        return not any(getattr(self, n) for n in _FIELDS)

    @property
    def time_part(self) -> timedelta:
        """Hours, minutes and seconds as a timedelta (microsecond precision)."""
        return timedelta(hours=self.hours, minutes=self.minutes, seconds=self.seconds)

    @property
    def has_calendar_part(self) -> bool:
        """Years or months: counted on the calendar, not in working days."""
        return bool(self.years or self.months)

    def __str__(self) -> str:
        """The ISO 8601 text (``P1DT2H``; ``PT0S`` for zero)."""
        date_text = "".join(
            f"{_number_text(getattr(self, n))}{_DESIGNATORS[n]}" for n in _DATE_FIELDS if getattr(self, n)
        )
        time_text = "".join(
            f"{_number_text(getattr(self, n))}{_DESIGNATORS[n]}" for n in _TIME_FIELDS if getattr(self, n)
        )
        if not date_text and not time_text:
            return "PT0S"
        return "P" + date_text + ("T" + time_text if time_text else "")

    @classmethod
    def parse(cls, text: str) -> Duration:
        return parse_duration(text)


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def match_duration(text: str) -> re.Match | None:
    """``text`` (exactly as given: no stripping, uppercase letters) against the duration
    grammar, or None: designators in order, each at most once, at least one component,
    ``T`` only before an hour, minute or second. The match's groups are named as in
    :data:`DURATION_FIELDS` (None where not written); the caller adds its own rules
    (where a fraction may stand, weeks alone). :func:`parse_duration` is the strict parse.
    """
    match = DURATION_RE.fullmatch(text)
    if match is None or all(match.group(n) is None for n in _FIELDS):
        return None
    if match.group("t") is not None and all(match.group(n) is None for n in _TIME_FIELDS):
        return None
    return match


def parse_duration(text: str) -> Duration:
    """Parse an ISO 8601 duration strictly (see the module docstring for the grammar).

    Raises ``ValueError`` whose message, in Bahasa Indonesia, quotes the value and says
    what is wrong with it.
    """
    if not isinstance(text, str):
        raise ValueError(f"durasi harus teks ISO 8601, bukan {type(text).__name__} ({text!r})")
    raw = text
    text = text.strip().upper()

    def bad(reason: str) -> ValueError:
        return ValueError(f"durasi {raw!r} tidak sah: {reason}")

    if not text:
        raise bad(f"kosong; {_EXAMPLES}")
    if text[0] in "+-":
        raise bad("durasi bertanda (negatif) tidak didukung")
    if not text.startswith("P"):
        raise bad(f"durasi ISO 8601 diawali huruf P; {_EXAMPLES}")
    if text in ("P", "PT"):
        raise bad(f"tidak ada satu pun nilai; {_EXAMPLES}")
    if "-" in text or ":" in text:
        raise bad(f"bentuk tanggal/jam (P0001-02-03, PT01:00) tidak didukung; {_EXAMPLES}")
    match = DURATION_RE.fullmatch(text)
    if match is None and "T" not in text and re.search(r"\d[HS]", text):
        raise bad("jam, menit dan detik ditulis sesudah huruf T (PT1H, bukan P1H)")
    if match is None:
        raise bad(
            "bukan durasi ISO 8601 (urutan satuan Y, M, W, D lalu T, H, M, S; tiap satuan sekali; "
            f"angka di depan tiap huruf); {_EXAMPLES}"
        )
    groups = {n: match.group(n) for n in _FIELDS}
    written = [n for n in _FIELDS if groups[n] is not None]
    if not written:
        raise bad(f"tidak ada satu pun nilai; {_EXAMPLES}")
    if match.group("t") is not None and not any(groups[n] is not None for n in _TIME_FIELDS):
        raise bad("huruf T harus diikuti jam (H), menit (M) atau detik (S)")
    if groups["weeks"] is not None and any(groups[n] is not None for n in ("years", "months", "days")):
        raise bad("minggu (W) tidak boleh digabung dengan tahun, bulan atau hari; tulis dalam hari")
    values: dict[str, int | float] = {}
    for name in written:
        number = groups[name].replace(",", ".")
        if "." in number:
            if name in _DATE_FIELDS:
                raise bad(
                    f"pecahan hanya boleh pada jam, menit atau detik, bukan pada {_NAMES_ID[name]} "
                    "(tulis PT4H, bukan P0.5D)"
                )
            if name != written[-1]:
                raise bad("pecahan hanya boleh pada satuan terkecil yang ditulis (PT1H30M, bukan PT1.5H30M)")
            values[name] = float(Decimal(number))
        else:
            values[name] = int(number)
    return Duration(**values)


# ---------------------------------------------------------------------------
# Bahasa Indonesia
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkingTimeLeft:
    """Working time until (or, when ``late``, since) a due moment.

    ``days`` whole working days as the business calendar counts them, plus ``rest``
    working time (shorter than that day). Made by ``BusinessCalendar.time_left``.
    """

    days: int
    rest: timedelta
    late: bool = False

    def __str__(self) -> str:
        return format_time_left(self)


def _parts_text(days: int, rest: timedelta) -> str:
    minutes_total = int(rest.total_seconds() // 60)
    hours, minutes = divmod(minutes_total, 60)
    parts = [(days, "hari"), (hours, "jam"), (minutes, "menit")]
    first = next((i for i, (value, _) in enumerate(parts) if value), None)
    if first is None:
        return "kurang dari 1 menit" if rest > timedelta(0) else "0 menit"
    shown = [f"{value} {unit}" for value, unit in parts[first:first + 2] if value]
    return " ".join(shown)


def format_time_left(left: WorkingTimeLeft) -> str:
    """``"2 hari 3 jam"``, ``"45 menit"``, ``"terlambat 1 jam"``."""
    text = _parts_text(left.days, left.rest)
    return f"terlambat {text}" if left.late else text


def format_working_time(delta: timedelta, *, day_length: timedelta | None = None) -> str:
    """A working-time amount (as ``working_time_between`` returns it) in Bahasa Indonesia.

    Negative means late: ``"terlambat 1 jam"``. Without ``day_length`` the largest unit
    is the hour (``"20 jam"``); with it (e.g. ``timedelta(hours=8, minutes=30)``) whole
    multiples of it are called days (``"2 hari 3 jam"``). For the exact count of
    working days as the calendar sees them use ``BusinessCalendar.time_left``.
    """
    late = delta < timedelta(0)
    amount = -delta if late else delta
    days = 0
    if day_length is not None:
        if day_length <= timedelta(0):
            raise ValueError("day_length harus positif")
        days, amount = divmod(amount, day_length)
    return format_time_left(WorkingTimeLeft(days=days, rest=amount, late=late))


def describe_duration(duration: Duration | str) -> str:
    """A duration in words: ``P1DT2H`` → ``"1 hari 2 jam"``, ``PT30M`` → ``"30 menit"``."""
    if isinstance(duration, str):
        duration = parse_duration(duration)
    parts = []
    for name in _FIELDS:
        value = getattr(duration, name)
        if value:
            number = _number_text(value).replace(".", ",")
            parts.append(f"{number} {_NAMES_ID[name]}")
    return " ".join(parts) if parts else "0 detik"
