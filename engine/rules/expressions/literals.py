"""ISO 8601 literals: the plain timer values modellers write unquoted.

Durations (``P3D``, ``PT30M``), dates and datetimes (``2026-12-31``,
``2026-12-31T23:59:00+07:00``) and repeating intervals (``R/P1M``,
``R5/2026-01-01T00:00:00Z/P1D``). Several of them happen to be valid Python
(``2026-12-31`` is a subtraction, ``R/P1M`` a division), so they are recognised
*before* parsing. The duration grammar is :mod:`engine.rules.durations`'s.
"""
from __future__ import annotations

import datetime as _dt
import re

from engine.rules.durations import DURATION_FIELDS, match_duration

_DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_REPEAT_RE = re.compile(r"R(\d*)/(.+)")


def _is_duration(text: str) -> bool:
    m = match_duration(text)               # refuses "P", "PT", "P1DT"
    if m is None:
        return False
    if m.group("weeks") and any(m.group(k) for k in ("years", "months", "days")):
        return False                        # weeks stand alone (SpiffWorkflow refuses P1W2D)
    # Only the smallest given component may carry a decimal fraction.
    present = [v for v in (m.group(k) for k in DURATION_FIELDS) if v is not None]
    return all("." not in v and "," not in v for v in present[:-1])


def _is_datetime(text: str) -> bool:
    if not _DATETIME_RE.fullmatch(text):
        return False
    try:
        _dt.datetime.fromisoformat(text.replace(",", "."))
    except ValueError:
        return False
    return True


def is_iso8601_literal(text: str) -> bool:
    """True if ``text`` (surrounding whitespace ignored) is a plain, unquoted ISO 8601 value.

    Accepted: durations (``P3D``, ``PT30M``, ``P1Y2M10DT2H30M``, ``P2W``,
    ``PT1.5H``), calendar dates and datetimes in extended format
    (``2026-12-31``, ``2026-12-31T23:59``, ``2026-12-31T23:59:00+07:00``,
    ``...Z``), and repeating intervals ``R[n]/<duration>``,
    ``R[n]/<start>/<duration>``, ``R[n]/<duration>/<end>``
    (``R/P1M``, ``R5/2026-01-01T00:00:00Z/P1D``) -- the forms SpiffWorkflow's
    timers can use. Quoted values are not plain; see :func:`literal_value`.
    """
    if not isinstance(text, str):
        return False
    text = text.strip()
    if not text or len(text) > 100:
        return False
    if _is_duration(text) or _is_datetime(text):
        return True
    m = _REPEAT_RE.fullmatch(text)
    if not m:
        return False
    parts = m.group(2).split("/")
    if len(parts) == 1:
        return _is_duration(parts[0])
    if len(parts) == 2:
        a, b = parts
        return (_is_datetime(a) and _is_duration(b)) or (_is_duration(a) and _is_datetime(b))
    return False


def literal_value(text: str) -> str | None:
    """The ISO 8601 literal ``text`` stands for, or None if it is not one.

    ``P3D``, ``"P3D"`` and ``'P3D'`` (surrounding whitespace ignored) all give
    ``"P3D"``; anything else (``x + 1``, ``"hello"``) gives None.
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
        if text != text.strip():
            return None
    return text if is_iso8601_literal(text) else None

