"""The limits that keep an expression cheap, and the checks of values against them.

Used by the functions (:mod:`.functions`), the interpreter and the static check; a
:class:`Refusal` carries a message for the user (in Bahasa Indonesia), placed in the
expression by whoever catches it.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

MAX_EXPRESSION_LENGTH = 2_000   # characters of expression text
MAX_NODES = 500                 # syntax nodes (names, literals, operations, calls)
MAX_DEPTH = 100                 # nesting depth of the syntax tree
MAX_INT_BITS = 4_096            # largest integer an expression may produce (~1,233 digits)
MAX_SIZE = 100_000              # characters of a string / elements of a container built
MAX_EXPONENT = 1_000            # largest |exponent| for **
MAX_ROUND_DIGITS = 100          # largest |ndigits| for round()
MAX_NUMBER_TEXT = 100           # longest text int()/float() convert
MAX_PROBLEMS = 10               # problems reported by one static check

STATIC_TITLE = "Ekspresi tidak diizinkan"
RUNTIME_TITLE = "Ekspresi gagal dievaluasi"


class Refusal(Exception):
    """Raised inside the interpreter with a message for the user (no column yet)."""


def describe_type(value: Any) -> str:
    names = {
        bool: "boolean (bool)",
        int: "bilangan bulat (int)",
        float: "bilangan desimal (float)",
        str: "teks (str)",
        type(None): "kosong (None)",
        list: "daftar (list)",
        tuple: "tuple",
        dict: "kamus (dict)",
        set: "himpunan (set)",
        _dt.date: "tanggal (date)",
        _dt.datetime: "tanggal-waktu (datetime)",
        _dt.timedelta: "selisih waktu (timedelta)",
    }
    return names.get(type(value), type(value).__name__)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float))


def measure_size(value: Any, budget: int = MAX_SIZE) -> int:
    """Roughly how big ``value`` is (characters + elements), counting at most past ``budget``."""
    total = 0
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, (str, bytes)):
            total += len(v) or 1
        elif isinstance(v, Mapping):
            total += 1
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, (list, tuple, set, frozenset)):
            total += 1
            stack.extend(v)
        else:
            total += 1
        if total > budget:
            break
    return total


def check_size(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            raise Refusal(f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
    elif isinstance(value, complex):
        raise Refusal("hasil berupa bilangan kompleks")
    elif isinstance(value, (str, list, tuple, bytes)) and len(value) > MAX_SIZE:
        raise Refusal(f"hasil terlalu besar (lebih dari {MAX_SIZE:,} karakter/elemen)".replace(",", "."))
    return value


def refuse_size(what: str) -> Refusal:
    return Refusal(f"{what} terlalu besar (batas {MAX_SIZE:,} karakter/elemen)".replace(",", "."))

