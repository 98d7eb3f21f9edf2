"""Text metrics of bpmn-js labels, so the layout can size shapes to their text.

bpmn-js draws labels in ``Arial, sans-serif`` (12px inside tasks and lanes, 11px for external
labels, line height 1.2) and wraps them with diagram-js ``util/Text`` (``layoutNext``,
``shortenLine``, ``semanticShorten``): ported here line by line. Advance widths are Arial's (the
metric-compatible Liberation Sans that Debian's Chromium uses for Arial), in 1/2048 em, measured
with ``canvas.measureText`` in Chromium; kerning moves a whole name by at most 1.8 px, which the
layout's margins absorb.
"""
from __future__ import annotations

import math
import re

UNITS = 2048
_ADVANCE = [
    ("'", 391),
    ('ijl', 455),
    (' !,./:;Ift', 569),
    ('()-r', 682),
    ('"', 727),
    ('Jcksvxyz', 1024),
    ('0123456789?L_abdeghnopqu', 1139),
    ('+<=>', 1196),
    ('FTZ', 1251),
    ('&ABEKPSVXY', 1366),
    ('CDHNRUw', 1479),
    ('GOQ', 1593),
    ('Mm', 1706),
    ('%', 1821),
    ('W', 1933),
]
ADVANCE = {c: v for chars, v in _ADVANCE for c in chars}
DEFAULT_ADVANCE = 1139          # unknown characters: as wide as 'n'
LINE_HEIGHT = 1.2
ASCENT, DESCENT = 11 / 12, 3 / 12   # font box of a line, in em (fontBoundingBox)


def text_width(text: str, size: float = 12) -> float:
    return sum(ADVANCE.get(c, DEFAULT_ADVANCE) for c in text) * size / UNITS


def _semantic_shorten(line: str, max_length: float) -> str:
    parts = [p for p in re.split(r"(\s|-|\u00AD)", line)]
    out, length = [], 0
    if len(parts) > 1:
        while parts:
            part = parts.pop(0)
            if not part:          # JS: while ((part = parts.shift())) stops at ""
                break
            if len(part) + length < max_length:
                out.append(part)
                length += len(part)
            else:
                if part in ("-", "\u00AD"):
                    out.pop()
                break
    if out and out[-1] == "\u00AD":
        out[-1] = "-"
    return "".join(out)


def _shorten_line(line: str, width: float, max_width: float) -> str:
    length = max(len(line) * (max_width / width), 1)
    short = _semantic_shorten(line, length)
    if not short:
        short = line[:max(_js_round(length - 1), 1)]
    return short


def _js_round(v: float) -> int:
    return math.floor(v + 0.5)


def wrap(text: str, max_width: float, size: float = 12, scale: float = 1.0) -> list:
    """The lines bpmn-js draws for ``text`` in a box ``max_width`` wide (padding removed).
    ``scale`` stretches the advance widths (to test how robust a wrap is)."""
    lines = re.split(r"\u00AD?\r?\n", text)
    out = []
    while lines:
        original = lines.pop(0)
        fit = original
        while True:
            width = text_width(fit.rstrip(), size) * scale if fit else 0
            if fit in (" ", "") or width <= max_width or len(fit) < 2:
                break
            fit = _shorten_line(fit, width, max_width)
        if len(fit) < len(original):
            lines.insert(0, original[len(fit):].strip())
        out.append(fit)
    return out


def line_widths(lines: list, size: float = 12) -> list:
    return [text_width(line.rstrip(), size) for line in lines]
