"""The functions an expression may call (:data:`ALLOWED_FUNCTIONS`), each under the limits."""
from __future__ import annotations

import datetime as _dt
from typing import Any

from engine.rules.expressions.limits import (
    MAX_INT_BITS,
    MAX_NUMBER_TEXT,
    MAX_ROUND_DIGITS,
    MAX_SIZE,
    Refusal,
    describe_type,
    is_number,
    measure_size,
    refuse_size,
)


def _fn_len(x):
    return len(x)


def _number_text(x: Any, fn: str) -> Any:
    if isinstance(x, str):
        if len(x) > MAX_NUMBER_TEXT:
            raise Refusal(f"teks terlalu panjang untuk {fn}() (batas {MAX_NUMBER_TEXT} karakter)")
        return x.strip()
    return x


def _fn_int(x):
    if x is None:
        raise Refusal("int() tidak bisa mengubah None menjadi bilangan")
    return int(_number_text(x, "int"))


def _fn_float(x):
    if x is None:
        raise Refusal("float() tidak bisa mengubah None menjadi bilangan")
    return float(_number_text(x, "float"))


def _fn_str(x):
    if measure_size(x) > MAX_SIZE:
        raise refuse_size("nilai untuk str()")
    if isinstance(x, (_dt.date, _dt.datetime)):
        return x.isoformat()
    return str(x)


def _fn_bool(x):
    return bool(x)


def _fn_abs(x):
    if not is_number(x):
        raise Refusal(f"abs() butuh bilangan, bukan {describe_type(x)}")
    return abs(x)


def _fn_min(*args):
    return min(*args) if len(args) > 1 else min(args[0])


def _fn_max(*args):
    return max(*args) if len(args) > 1 else max(args[0])


def _fn_round(x, ndigits=None):
    if not is_number(x):
        raise Refusal(f"round() butuh bilangan, bukan {describe_type(x)}")
    if ndigits is None:
        return round(x)
    if not isinstance(ndigits, int) or abs(ndigits) > MAX_ROUND_DIGITS:
        raise Refusal(f"jumlah digit round() harus bilangan bulat antara -{MAX_ROUND_DIGITS} dan {MAX_ROUND_DIGITS}")
    return round(x, ndigits)


def _fn_sum(items, start=0):
    if not is_number(start):
        raise Refusal("sum() hanya menjumlahkan bilangan")
    total = start
    for item in items:
        if not is_number(item):
            raise Refusal(f"sum() hanya menjumlahkan bilangan, bukan {describe_type(item)}")
        total = total + item
        if isinstance(total, int) and total.bit_length() > MAX_INT_BITS:
            raise Refusal(f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
    return total


def _fn_any(items):
    return any(items)


def _fn_all(items):
    return all(items)


def _fn_lower(s):
    if not isinstance(s, str):
        raise Refusal(f"lower() butuh teks, bukan {describe_type(s)}")
    return s.lower()


def _fn_upper(s):
    if not isinstance(s, str):
        raise Refusal(f"upper() butuh teks, bukan {describe_type(s)}")
    return s.upper()


def _fn_date(value):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and len(value) > 64:
        raise Refusal("date() tidak bisa membaca teks sepanjang itu sebagai tanggal ISO")
    if isinstance(value, str):
        text = value.strip()
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return _dt.datetime.fromisoformat(text).date()
        except ValueError:
            pass
        raise Refusal(f"date() tidak bisa membaca {value!r} sebagai tanggal ISO (contoh: '2026-12-31')")
    raise Refusal(f"date() butuh teks tanggal ISO, bukan {describe_type(value)}")


def _fn_datetime(value):
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime.combine(value, _dt.time())
    if isinstance(value, str) and len(value) > 64:
        raise Refusal("datetime() tidak bisa membaca teks sepanjang itu sebagai tanggal-waktu ISO")
    if isinstance(value, str):
        try:
            return _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise Refusal(
                f"datetime() tidak bisa membaca {value!r} sebagai tanggal-waktu ISO "
                "(contoh: '2026-12-31T23:59:00+07:00')"
            ) from None
    raise Refusal(f"datetime() butuh teks tanggal-waktu ISO, bukan {describe_type(value)}")


def _fn_days_between(a, b):
    return (_fn_date(b) - _fn_date(a)).days


# name -> (function, least arguments, most arguments or None, description)
FUNCTIONS: dict[str, tuple[Any, int, int | None, str]] = {
    "len": (_fn_len, 1, 1, "len(x): panjang teks, daftar atau kamus"),
    "int": (_fn_int, 1, 1, "int(x): bilangan bulat dari bilangan atau teks"),
    "float": (_fn_float, 1, 1, "float(x): bilangan desimal dari bilangan atau teks"),
    "str": (_fn_str, 1, 1, "str(x): teks dari nilai (tanggal menjadi teks ISO)"),
    "bool": (_fn_bool, 1, 1, "bool(x): benar/salah dari nilai"),
    "abs": (_fn_abs, 1, 1, "abs(x): nilai mutlak"),
    "min": (_fn_min, 1, None, "min(daftar) atau min(a, b, ...): nilai terkecil"),
    "max": (_fn_max, 1, None, "max(daftar) atau max(a, b, ...): nilai terbesar"),
    "round": (_fn_round, 1, 2, "round(x[, digit]): pembulatan"),
    "sum": (_fn_sum, 1, 2, "sum(daftar[, awal]): jumlah bilangan"),
    "any": (_fn_any, 1, 1, "any(daftar): benar jika ada yang benar"),
    "all": (_fn_all, 1, 1, "all(daftar): benar jika semuanya benar"),
    "lower": (_fn_lower, 1, 1, "lower(s): teks huruf kecil"),
    "upper": (_fn_upper, 1, 1, "upper(s): teks huruf besar"),
    "date": (_fn_date, 1, 1, "date(s): tanggal dari teks ISO '2026-12-31'"),
    "datetime": (_fn_datetime, 1, 1, "datetime(s): tanggal-waktu dari teks ISO '2026-12-31T23:59:00+07:00'"),
    "days_between": (_fn_days_between, 2, 2, "days_between(a, b): jumlah hari kalender dari a ke b"),
}

#: The functions an expression may call, name -> description (Bahasa Indonesia).
ALLOWED_FUNCTIONS: dict[str, str] = {name: spec[3] for name, spec in FUNCTIONS.items()}
