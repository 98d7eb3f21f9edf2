"""The restricted expression language of Alur diagrams.

Gateway conditions (``review_decision == "approve"``) and timer expressions
come from uploaded diagrams, so they are untrusted text. SpiffWorkflow's
default ``PythonScriptEngine`` hands them to ``eval``/``exec``; Alur never
does. An expression is parsed with ``ast.parse(text, mode="eval")`` and the
tree is walked by the small interpreter below, which knows only a whitelist.

The language
------------
* Literals: numbers (int, float), strings, ``True``/``False``/``None``, and
  list / tuple / set / dict displays of expressions.
* Names: looked up in the task data mapping passed in (nothing else: no
  builtins, no modules). An unknown name is an error naming it, unless the
  caller passes ``missing="none"``. Names starting with ``__`` are refused.
* Comparisons ``== != < <= > >= in not in is is not`` (chains allowed);
  ``and`` / ``or`` / ``not`` with Python's short-circuit and values;
  arithmetic ``+ - * / // %``, unary ``-``/``+`` and ``**`` with small
  exponents; ``a if c else b``.
* Subscripts ``data["key"]``, ``items[0]`` and simple slices ``items[1:3]``
  on dicts, lists, tuples and strings.
* Calls of the named functions in :data:`ALLOWED_FUNCTIONS` only, with
  positional arguments only.

Refused: attribute access of any kind (``a.b``, so no methods and no
dunders), calls of anything but a whitelisted name, keyword arguments,
``lambda``, comprehensions and generator expressions (they create scopes and
loops; use ``any``/``all``/``sum``/``len`` over a list instead), ``:=``,
f-strings, ``*``/``**`` unpacking, bit operators (``& | ^ ~ << >>``), ``@``,
``%``-formatting of strings, bytes and complex literals, ``await``/``yield``.

Limits keep evaluation cheap: expression length, number of syntax nodes,
nesting depth, integer size (in bits), the size of strings and containers
built by ``*``, ``+`` and ``str()`` (checked *before* the work is done), and
the exponent of ``**``.

ISO 8601 literals
-----------------
Timer definitions hold plain ISO 8601 values that modellers write unquoted:
durations (``P3D``, ``PT30M``), dates and datetimes (``2026-12-31``,
``2026-12-31T23:59:00+07:00``) and repeating intervals (``R/P1M``,
``R5/2026-01-01T00:00:00Z/P1D``). Several of them happen to be valid Python
(``2026-12-31`` is a subtraction, ``R/P1M`` a division), so literals are
recognised *before* parsing: an expression that is exactly such a literal,
bare or in quotes, stands for that string. :func:`check_expression` accepts
it and :func:`evaluate_expression` returns the string.

Public API: :func:`check_expression`, :func:`evaluate_expression`,
:func:`is_iso8601_literal`, :func:`literal_value` and
:class:`SafeScriptEngine` (a SpiffWorkflow script engine built on them).
Nothing is computed at import time.
"""
from __future__ import annotations

import ast
import datetime as _dt
import functools
import re
import warnings
from collections import ChainMap
from collections.abc import Mapping
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine.python_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)

from engine.errors import ExpressionError, Problem

__all__ = [
    "ALLOWED_FUNCTIONS",
    "MAX_EXPRESSION_LENGTH",
    "SafeScriptEngine",
    "SafeEnvironment",
    "check_expression",
    "evaluate_expression",
    "is_iso8601_literal",
    "literal_value",
]

# --------------------------------------------------------------------------- limits

MAX_EXPRESSION_LENGTH = 2_000   # characters of expression text
MAX_NODES = 500                 # syntax nodes (names, literals, operations, calls)
MAX_DEPTH = 100                 # nesting depth of the syntax tree
MAX_INT_BITS = 4_096            # largest integer an expression may produce (~1,233 digits)
MAX_SIZE = 100_000              # characters of a string / elements of a container built
MAX_EXPONENT = 1_000            # largest |exponent| for **
MAX_ROUND_DIGITS = 100          # largest |ndigits| for round()
MAX_NUMBER_TEXT = 100           # longest text int()/float() convert
MAX_PROBLEMS = 10               # problems reported by one static check

_STATIC_TITLE = "Ekspresi tidak diizinkan"
_RUNTIME_TITLE = "Ekspresi gagal dievaluasi"

# --------------------------------------------------------------------------- ISO 8601 literals

_NUM = r"\d+(?:[.,]\d+)?"
_DURATION_RE = re.compile(
    rf"P(?:(?P<Y>{_NUM})Y)?(?:(?P<Mo>{_NUM})M)?(?:(?P<W>{_NUM})W)?(?:(?P<D>{_NUM})D)?"
    rf"(?:(?P<T>T)(?:(?P<H>{_NUM})H)?(?:(?P<Mi>{_NUM})M)?(?:(?P<S>{_NUM})S)?)?"
)
_DATETIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_REPEAT_RE = re.compile(r"R(\d*)/(.+)")


def _is_duration(text: str) -> bool:
    m = _DURATION_RE.fullmatch(text)
    if not m:
        return False
    parts = [(k, m.group(k)) for k in ("Y", "Mo", "W", "D", "H", "Mi", "S")]
    present = [(k, v) for k, v in parts if v is not None]
    if not present:
        return False                        # "P" or "PT"
    if m.group("T") and not any(m.group(k) for k in ("H", "Mi", "S")):
        return False                        # "P1DT"
    if m.group("W") and any(m.group(k) for k in ("Y", "Mo", "D")):
        return False                        # weeks stand alone (SpiffWorkflow refuses P1W2D)
    # Only the smallest given component may carry a decimal fraction.
    return all("." not in v and "," not in v for _, v in present[:-1])


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


# --------------------------------------------------------------------------- functions


class _Refusal(Exception):
    """Raised inside the interpreter with a message for the user (no column yet)."""


def _type_name(value: Any) -> str:
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


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float))


def _size(value: Any, budget: int = MAX_SIZE) -> int:
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


def _check_size(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            raise _Refusal(f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
    elif isinstance(value, complex):
        raise _Refusal("hasil berupa bilangan kompleks")
    elif isinstance(value, (str, list, tuple, bytes)) and len(value) > MAX_SIZE:
        raise _Refusal(f"hasil terlalu besar (lebih dari {MAX_SIZE:,} karakter/elemen)".replace(",", "."))
    return value


def _too_big(what: str) -> _Refusal:
    return _Refusal(f"{what} terlalu besar (batas {MAX_SIZE:,} karakter/elemen)".replace(",", "."))


def _fn_len(x):
    return len(x)


def _number_text(x: Any, fn: str) -> Any:
    if isinstance(x, str):
        if len(x) > MAX_NUMBER_TEXT:
            raise _Refusal(f"teks terlalu panjang untuk {fn}() (batas {MAX_NUMBER_TEXT} karakter)")
        return x.strip()
    return x


def _fn_int(x):
    if x is None:
        raise _Refusal("int() tidak bisa mengubah None menjadi bilangan")
    return int(_number_text(x, "int"))


def _fn_float(x):
    if x is None:
        raise _Refusal("float() tidak bisa mengubah None menjadi bilangan")
    return float(_number_text(x, "float"))


def _fn_str(x):
    if _size(x) > MAX_SIZE:
        raise _too_big("nilai untuk str()")
    if isinstance(x, (_dt.date, _dt.datetime)):
        return x.isoformat()
    return str(x)


def _fn_bool(x):
    return bool(x)


def _fn_abs(x):
    if not _is_number(x):
        raise _Refusal(f"abs() butuh bilangan, bukan {_type_name(x)}")
    return abs(x)


def _fn_min(*args):
    return min(*args) if len(args) > 1 else min(args[0])


def _fn_max(*args):
    return max(*args) if len(args) > 1 else max(args[0])


def _fn_round(x, ndigits=None):
    if not _is_number(x):
        raise _Refusal(f"round() butuh bilangan, bukan {_type_name(x)}")
    if ndigits is None:
        return round(x)
    if not isinstance(ndigits, int) or abs(ndigits) > MAX_ROUND_DIGITS:
        raise _Refusal(f"jumlah digit round() harus bilangan bulat antara -{MAX_ROUND_DIGITS} dan {MAX_ROUND_DIGITS}")
    return round(x, ndigits)


def _fn_sum(items, start=0):
    if not _is_number(start):
        raise _Refusal("sum() hanya menjumlahkan bilangan")
    total = start
    for item in items:
        if not _is_number(item):
            raise _Refusal(f"sum() hanya menjumlahkan bilangan, bukan {_type_name(item)}")
        total = total + item
        if isinstance(total, int) and total.bit_length() > MAX_INT_BITS:
            raise _Refusal(f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
    return total


def _fn_any(items):
    return any(items)


def _fn_all(items):
    return all(items)


def _fn_lower(s):
    if not isinstance(s, str):
        raise _Refusal(f"lower() butuh teks, bukan {_type_name(s)}")
    return s.lower()


def _fn_upper(s):
    if not isinstance(s, str):
        raise _Refusal(f"upper() butuh teks, bukan {_type_name(s)}")
    return s.upper()


def _fn_date(value):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and len(value) > 64:
        raise _Refusal("date() tidak bisa membaca teks sepanjang itu sebagai tanggal ISO")
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
        raise _Refusal(f"date() tidak bisa membaca {value!r} sebagai tanggal ISO (contoh: '2026-12-31')")
    raise _Refusal(f"date() butuh teks tanggal ISO, bukan {_type_name(value)}")


def _fn_datetime(value):
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime.combine(value, _dt.time())
    if isinstance(value, str) and len(value) > 64:
        raise _Refusal("datetime() tidak bisa membaca teks sepanjang itu sebagai tanggal-waktu ISO")
    if isinstance(value, str):
        try:
            return _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise _Refusal(
                f"datetime() tidak bisa membaca {value!r} sebagai tanggal-waktu ISO "
                "(contoh: '2026-12-31T23:59:00+07:00')"
            ) from None
    raise _Refusal(f"datetime() butuh teks tanggal-waktu ISO, bukan {_type_name(value)}")


def _fn_days_between(a, b):
    return (_fn_date(b) - _fn_date(a)).days


# name -> (function, least arguments, most arguments or None, description)
_FUNCTIONS: dict[str, tuple[Any, int, int | None, str]] = {
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
ALLOWED_FUNCTIONS: dict[str, str] = {name: spec[3] for name, spec in _FUNCTIONS.items()}

# --------------------------------------------------------------------------- operators

_BINOPS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
    ast.Mod: "%", ast.Pow: "**",
}
_REFUSED_BINOPS = {
    ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^",
    ast.MatMult: "@",
}
_CMPOPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}
_SKIP_COUNT = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


# --------------------------------------------------------------------------- source positions


class _Source:
    """The expression text as parsed, and how to say where a node is in it."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.split("\n")
        self.multiline = len(self.lines) > 1
        # Several lines only parse in eval mode inside brackets: wrap them.
        # (The ")" goes on a line of its own so a trailing comment cannot swallow it.)
        self.parsed_text = f"({text}\n)" if self.multiline else text

    def where(self, node: ast.AST, col_bytes: int | None = None) -> str:
        lineno = getattr(node, "lineno", 1) or 1
        col = getattr(node, "col_offset", 0) if col_bytes is None else col_bytes
        lines = self.parsed_text.split("\n")
        line_text = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
        col_chars = len(line_text.encode("utf-8")[: max(col, 0)].decode("utf-8", "ignore"))
        if self.multiline and lineno == 1:
            col_chars -= 1  # the added "("
        return self.position(lineno, col_chars + 1)

    def position(self, lineno: int, column: int) -> str:
        column = max(column, 1)
        if self.multiline:
            return f"baris {lineno}, kolom {column}"
        return f"kolom {column}"


# --------------------------------------------------------------------------- static check


class _Checker:
    """Collects what an expression's syntax tree holds outside the language."""

    def __init__(self, source: _Source):
        self.source = source
        self.problems: list[tuple[int, int, str]] = []

    def refuse(self, node: ast.AST, what: str, *, col_bytes: int | None = None, hint: str = "") -> None:
        lineno = getattr(node, "lineno", 1) or 1
        col = getattr(node, "col_offset", 0) if col_bytes is None else col_bytes
        message = f"{_STATIC_TITLE}: {what} ({self.source.where(node, col_bytes)})"
        if hint:
            message += f". {hint}"
        key = (lineno, col, message)
        if key not in self.problems:
            self.problems.append(key)

    def visit(self, node: ast.AST) -> None:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            self.refuse(node, f"konstruksi Python '{type(node).__name__}'")
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.visit(child)
            return
        method(node)

    def visit_all(self, nodes) -> None:
        for n in nodes:
            if n is not None:
                self.visit(n)

    # allowed nodes ------------------------------------------------------
    def visit_Constant(self, node: ast.Constant) -> None:
        v = node.value
        if v is None or isinstance(v, (bool, str, float)):
            return
        if isinstance(v, int):
            if v.bit_length() > MAX_INT_BITS:
                self.refuse(node, f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
            return
        if isinstance(v, bytes):
            self.refuse(node, "literal bytes (b'...')")
        elif isinstance(v, complex):
            self.refuse(node, "bilangan imajiner (j)")
        elif v is Ellipsis:
            self.refuse(node, "'...' (Ellipsis)")
        else:
            self.refuse(node, f"literal {type(v).__name__}")

    def visit_Name(self, node: ast.Name) -> None:
        if node.id.startswith("__"):
            self.refuse(node, f"nama '{node.id}' (nama berawalan '__' tidak diizinkan)")

    def visit_List(self, node) -> None:
        self.visit_all(node.elts)

    visit_Tuple = visit_List
    visit_Set = visit_List

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values):
            if key is None:
                self.refuse(value, "unpacking '**' di dalam kamus")
            else:
                self.visit(key)
            self.visit(value)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        self.visit_all(node.values)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Invert):
            self.refuse(node, "operator '~'")
        self.visit(node.operand)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if type(node.op) not in _BINOPS:
            symbol = _REFUSED_BINOPS.get(type(node.op), type(node.op).__name__)
            self.refuse(node, f"operator '{symbol}'")
        self.visit(node.left)
        self.visit(node.right)

    def visit_Compare(self, node: ast.Compare) -> None:
        self.visit(node.left)
        self.visit_all(node.comparators)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self.visit(node.test)
        self.visit(node.body)
        self.visit(node.orelse)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.visit(node.value)
        if isinstance(node.slice, ast.Slice):
            self.visit_all([node.slice.lower, node.slice.upper, node.slice.step])
        else:
            self.visit(node.slice)

    def visit_Slice(self, node: ast.Slice) -> None:
        self.refuse(node, "irisan (slice) bertingkat seperti a[1:2, 3]")
        self.visit_all([node.lower, node.upper, node.step])

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name):
            spec = _FUNCTIONS.get(func.id)
            if spec is None:
                self.refuse(
                    func, f"pemanggilan fungsi '{func.id}'",
                    hint="Fungsi yang tersedia: " + ", ".join(_FUNCTIONS),
                )
            else:
                _, least, most, _ = spec
                n = len(node.args)
                if not any(isinstance(a, ast.Starred) for a in node.args) and (
                    n < least or (most is not None and n > most)
                ):
                    expected = str(least) if least == most else (
                        f"{least}-{most}" if most is not None else f"minimal {least}"
                    )
                    self.refuse(func, f"fungsi '{func.id}' menerima {expected} argumen, diberi {n}")
        elif isinstance(func, ast.Attribute):
            self.refuse(
                func, f"pemanggilan metode '.{func.attr}()'",
                col_bytes=(func.end_col_offset or 0) - len(func.attr.encode("utf-8")) - 1
                if func.end_lineno == func.lineno else None,
            )
            self.visit(func.value)
        else:
            self.refuse(node, "pemanggilan sesuatu yang bukan nama fungsi")
            self.visit(func)
        self.visit_all(node.args)
        for kw in node.keywords:
            if kw.arg is None:
                self.refuse(kw.value, "unpacking '**' pada argumen")
            else:
                self.refuse(kw, f"argumen bernama '{kw.arg}='", hint="Tulis argumen berurutan tanpa nama")
            self.visit(kw.value)

    # refused nodes ------------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        col = None
        if node.end_lineno == node.lineno and node.end_col_offset is not None:
            col = node.end_col_offset - len(node.attr.encode("utf-8")) - 1
        self.refuse(
            node, f"akses atribut '.{node.attr}'", col_bytes=col,
            hint="Untuk isian bertingkat tulis data[\"kunci\"]",
        )
        self.visit(node.value)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.refuse(node, "fungsi lambda")

    def _comprehension(self, node, what: str) -> None:
        self.refuse(
            node, f"{what} (for ... in ... di dalam ekspresi)",
            hint="Gunakan any(), all(), sum() atau len() atas sebuah daftar",
        )

    def visit_ListComp(self, node) -> None:
        self._comprehension(node, "list comprehension")

    def visit_SetComp(self, node) -> None:
        self._comprehension(node, "set comprehension")

    def visit_DictComp(self, node) -> None:
        self._comprehension(node, "dict comprehension")

    def visit_GeneratorExp(self, node) -> None:
        self._comprehension(node, "generator expression")

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.refuse(node, "penugasan ':=' (walrus)")
        self.visit(node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self.refuse(node, "f-string (f\"...\")", hint="Gabungkan teks dengan + dan str()")
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)
                if value.format_spec is not None:
                    self.visit_format_spec(value.format_spec)

    def visit_format_spec(self, spec: ast.AST) -> None:
        for value in getattr(spec, "values", []):
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)

    def visit_FormattedValue(self, node: ast.FormattedValue) -> None:
        self.refuse(node, "f-string (f\"...\")")
        self.visit(node.value)

    def visit_Starred(self, node: ast.Starred) -> None:
        self.refuse(node, "unpacking '*'")
        self.visit(node.value)

    def visit_Await(self, node) -> None:
        self.refuse(node, "await")

    def visit_Yield(self, node) -> None:
        self.refuse(node, "yield")

    visit_YieldFrom = visit_Yield


def _static_error(expression: str, messages: list[str], element_id, line) -> ExpressionError:
    shown = expression if len(expression) <= 200 else expression[:200] + "…"
    return ExpressionError(
        f"{_STATIC_TITLE}: {shown!r}",
        [Problem(message=m, element_id=element_id, line=line) for m in messages],
    )


@functools.lru_cache(maxsize=1024)
def _compile(expression: str) -> tuple[ast.Expression, _Source] | tuple[None, list[str]]:
    """Parse and check ``expression`` (already stripped). Returns (tree, source) or (None, messages)."""
    if not expression:
        return None, ["Ekspresi kosong"]
    if len(expression) > MAX_EXPRESSION_LENGTH:
        return None, [
            f"Ekspresi terlalu panjang ({len(expression)} karakter; batas {MAX_EXPRESSION_LENGTH})"
        ]
    source = _Source(expression)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning for "1if x else 2"
            tree = ast.parse(source.parsed_text, mode="eval")
    except SyntaxError as err:
        lineno = err.lineno or 1
        lines = source.parsed_text.split("\n")
        offset = err.offset or 0
        if offset < 1 and 0 < lineno <= len(lines):
            offset = len(lines[lineno - 1]) + 1  # at the end: something is missing
        if source.multiline and lineno == 1:
            offset -= 1
        reason = err.msg or "sintaks salah"
        return None, [
            f"Ekspresi tidak valid: sintaks salah, {reason} ({source.position(lineno, offset)})"
        ]
    except (RecursionError, MemoryError, ValueError, OverflowError) as err:
        # ValueError: e.g. a NUL character; RecursionError/MemoryError: pathological nesting.
        return None, [f"Ekspresi tidak dapat diurai: {type(err).__name__}"]

    # Size and depth, iteratively (the checker and the interpreter recurse).
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return None, [f"Ekspresi terlalu dalam bersarang (lebih dari {MAX_DEPTH} tingkat)"]
        if not isinstance(node, _SKIP_COUNT):
            count += 1
            if count > MAX_NODES:
                return None, [f"Ekspresi terlalu rumit (lebih dari {MAX_NODES} bagian)"]
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))

    checker = _Checker(source)
    checker.visit(tree.body)
    if checker.problems:
        ordered = sorted(checker.problems, key=lambda p: (p[0], p[1]))
        return None, [m for _, _, m in ordered[:MAX_PROBLEMS]]
    messages = _check_constant_parts(tree.body, source)
    if messages:
        return None, messages[:MAX_PROBLEMS]
    return tree, source


def _reads_names(node: ast.AST) -> bool:
    """True if ``node`` reads a name (the names of called functions do not count)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, ast.Name):
            return True
        if isinstance(n, ast.Call):
            stack.extend(n.args)
            stack.extend(kw.value for kw in n.keywords)
        else:
            stack.extend(ast.iter_child_nodes(n))
    return False


def _check_constant_parts(root: ast.AST, source: _Source) -> list[str]:
    """Evaluate the parts that use no names, so ``'a' * 10**9`` is refused at deploy time.

    Only the largest name-free parts are evaluated, each once, under the same
    limits as at run time; ``1 / 0`` or ``date("kemarin")`` are found too.
    """
    messages: list[str] = []
    interpreter = _Interpreter(source, {}, "error")
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Constant):
            continue
        if isinstance(node, ast.Slice) or _reads_names(node):
            stack.extend(c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr))
            continue
        try:
            interpreter.eval(node)
        except ExpressionError as err:
            for p in err.problems:
                messages.append(_STATIC_TITLE + p.message[len(_RUNTIME_TITLE):]
                                if p.message.startswith(_RUNTIME_TITLE) else p.message)
    return messages


def _prepare(expression: Any, element_id=None, line=None) -> tuple[ast.Expression, _Source]:
    if not isinstance(expression, str):
        raise ExpressionError(
            _STATIC_TITLE,
            [Problem(message=f"Ekspresi harus berupa teks, bukan {_type_name(expression)}",
                     element_id=element_id, line=line)],
        )
    text = expression.strip()
    try:
        result = _compile(text)
    except Exception as err:  # pragma: no cover - defence in depth
        raise ExpressionError(
            _STATIC_TITLE,
            [Problem(message=f"Ekspresi tidak dapat diperiksa: {type(err).__name__}",
                     element_id=element_id, line=line)],
        ) from None
    if result[0] is None:
        raise _static_error(text, result[1], element_id, line)
    return result  # type: ignore[return-value]


def check_expression(expression: str, *, element_id: str | None = None, line: int | None = None) -> None:
    """Check ``expression`` without evaluating it (deploy time).

    Returns None if it is in the language (or is an ISO 8601 literal, bare or
    quoted). Otherwise raises :class:`ExpressionError` whose ``problems`` has
    one :class:`Problem` per construct that is not allowed (in order of
    position, at most ten), each saying what and where inside the expression
    (``kolom N``; ``baris L, kolom N`` for expressions of several lines), with
    ``element_id`` and ``line`` as given.
    """
    if literal_value(expression) is not None:
        return None
    _prepare(expression, element_id, line)
    return None


# --------------------------------------------------------------------------- evaluation


class _Interpreter:
    def __init__(self, source: _Source, names: Mapping[str, Any], missing: str):
        self.source = source
        self.names = names
        self.missing = missing

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(
            f"{_RUNTIME_TITLE}: {message}",
            [Problem(message=f"{_RUNTIME_TITLE}: {message} ({self.source.where(node)})")],
        )

    def eval(self, node: ast.AST) -> Any:
        method = getattr(self, f"eval_{type(node).__name__}", None)
        if method is None:  # the static check refuses these first
            raise self.fail(node, f"konstruksi Python '{type(node).__name__}' tidak diizinkan")
        try:
            return method(node)
        except ExpressionError:
            raise
        except _Refusal as err:
            raise self.fail(node, str(err)) from None
        except ZeroDivisionError:
            raise self.fail(node, "pembagian dengan nol") from None
        except OverflowError:
            raise self.fail(node, "bilangan terlalu besar") from None
        except RecursionError:
            raise self.fail(node, "data terlalu dalam bersarang") from None
        except MemoryError:
            raise self.fail(node, "kehabisan memori") from None
        except TypeError as err:
            raise self.fail(node, f"kesalahan tipe data: {err}") from None
        except ValueError as err:
            raise self.fail(node, f"nilai tidak valid: {err}") from None
        except Exception as err:
            raise self.fail(node, f"{type(err).__name__}: {err}") from None

    # literals and names --------------------------------------------------
    def eval_Constant(self, node: ast.Constant) -> Any:
        return node.value

    def eval_Name(self, node: ast.Name) -> Any:
        if node.id in self.names:
            return self.names[node.id]
        if self.missing == "none":
            return None
        raise self.fail(node, f"nama '{node.id}' tidak dikenal: tidak ada isian '{node.id}' di data")

    def eval_List(self, node: ast.List) -> list:
        return [self.eval(e) for e in node.elts]

    def eval_Tuple(self, node: ast.Tuple) -> tuple:
        return tuple(self.eval(e) for e in node.elts)

    def eval_Set(self, node: ast.Set) -> set:
        return {self.eval(e) for e in node.elts}

    def eval_Dict(self, node: ast.Dict) -> dict:
        out = {}
        for k, v in zip(node.keys, node.values):
            if k is None:
                raise self.fail(v, "unpacking '**' di dalam kamus tidak diizinkan")
            out[self.eval(k)] = self.eval(v)
        return out

    # operators -----------------------------------------------------------
    def eval_BoolOp(self, node: ast.BoolOp) -> Any:
        result = None
        if isinstance(node.op, ast.And):
            for value in node.values:
                result = self.eval(value)
                if not result:
                    return result
            return result
        for value in node.values:
            result = self.eval(value)
            if result:
                return result
        return result

    def eval_UnaryOp(self, node: ast.UnaryOp) -> Any:
        value = self.eval(node.operand)
        if isinstance(node.op, ast.Not):
            return not value
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            if not _is_number(value):
                symbol = "-" if isinstance(node.op, ast.USub) else "+"
                raise _Refusal(f"operator '{symbol}' tidak dapat dipakai pada {_type_name(value)}")
            return -value if isinstance(node.op, ast.USub) else +value
        raise _Refusal("operator tidak diizinkan")

    def eval_BinOp(self, node: ast.BinOp) -> Any:
        op = type(node.op)
        symbol = _BINOPS.get(op)
        if symbol is None:
            raise _Refusal(f"operator '{_REFUSED_BINOPS.get(op, op.__name__)}' tidak diizinkan")
        left = self.eval(node.left)
        right = self.eval(node.right)
        try:
            return _check_size(self._binop(op, symbol, left, right))
        except TypeError:
            raise _Refusal(
                f"operator '{symbol}' tidak dapat dipakai pada {_type_name(left)} dan {_type_name(right)}"
            ) from None

    @staticmethod
    def _binop(op, symbol: str, left: Any, right: Any) -> Any:
        seq = (str, list, tuple)
        if op is ast.Add:
            if isinstance(left, seq) and isinstance(right, seq):
                if _size(left) + _size(right) > MAX_SIZE:
                    raise _too_big("hasil '+'")
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            if isinstance(left, int) and isinstance(right, seq):
                left, right = right, left
            if isinstance(left, seq):
                if not isinstance(right, int):
                    raise TypeError
                if right > 0 and _size(left, MAX_SIZE) * right > MAX_SIZE:
                    raise _too_big("hasil '*'")
                return left * right
            if isinstance(left, int) and isinstance(right, int):
                if left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
                    raise _Refusal(f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
            return left * right
        if op is ast.Div:
            return left / right
        if op is ast.FloorDiv:
            return left // right
        if op is ast.Mod:
            if not (_is_number(left) and _is_number(right)):
                if isinstance(left, (str, bytes)):
                    raise _Refusal("pemformatan teks dengan '%' tidak diizinkan; gunakan + dan str()")
                raise TypeError
            return left % right
        if op is ast.Pow:
            if not (_is_number(left) and _is_number(right)):
                raise TypeError
            if abs(right) > MAX_EXPONENT:
                raise _Refusal(f"pangkat terlalu besar (batas {MAX_EXPONENT})")
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                # bits(base) * exponent bounds the result's size: refuse before computing.
                if max(left.bit_length(), 1) * right > 2 * MAX_INT_BITS:
                    raise _Refusal(f"bilangan terlalu besar (lebih dari {MAX_INT_BITS} bit)")
            return left ** right
        raise _Refusal(f"operator '{symbol}' tidak diizinkan")  # pragma: no cover

    def eval_Compare(self, node: ast.Compare) -> bool:
        left = self.eval(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.eval(comparator)
            try:
                ok = self._compare(type(op), left, right)
            except TypeError:
                symbol = _CMPOPS.get(type(op), "?")
                raise _Refusal(
                    f"perbandingan '{symbol}' tidak dapat dipakai pada {_type_name(left)} dan {_type_name(right)}"
                ) from None
            if not ok:
                return False
            left = right
        return True

    @staticmethod
    def _compare(op, left: Any, right: Any) -> bool:
        if op is ast.Eq:
            return bool(left == right)
        if op is ast.NotEq:
            return bool(left != right)
        if op is ast.Lt:
            return bool(left < right)
        if op is ast.LtE:
            return bool(left <= right)
        if op is ast.Gt:
            return bool(left > right)
        if op is ast.GtE:
            return bool(left >= right)
        if op is ast.In:
            return left in right
        if op is ast.NotIn:
            return left not in right
        if op is ast.Is:
            return left is right
        if op is ast.IsNot:
            return left is not right
        raise _Refusal("perbandingan tidak diizinkan")  # pragma: no cover

    def eval_IfExp(self, node: ast.IfExp) -> Any:
        return self.eval(node.body) if self.eval(node.test) else self.eval(node.orelse)

    # subscripts and calls --------------------------------------------------
    def eval_Subscript(self, node: ast.Subscript) -> Any:
        value = self.eval(node.value)
        if not isinstance(value, (Mapping, list, tuple, str)):
            raise _Refusal(f"{_type_name(value)} tidak dapat diindeks dengan [...]")
        if isinstance(node.slice, ast.Slice):
            if isinstance(value, Mapping):
                raise _Refusal("kamus tidak dapat diiris dengan [a:b]")
            parts = [None if p is None else self.eval(p)
                     for p in (node.slice.lower, node.slice.upper, node.slice.step)]
            for p in parts:
                if p is not None and (not isinstance(p, int) or isinstance(p, bool)):
                    raise _Refusal(f"batas irisan harus bilangan bulat, bukan {_type_name(p)}")
            return value[slice(*parts)]
        key = self.eval(node.slice)
        try:
            return value[key]
        except KeyError:
            raise _Refusal(f"kunci {key!r} tidak ada") from None
        except IndexError:
            raise _Refusal(f"indeks {key!r} di luar jangkauan (panjang {len(value)})") from None
        except TypeError:
            raise _Refusal(f"{_type_name(value)} tidak dapat diindeks dengan {_type_name(key)}") from None

    def eval_Call(self, node: ast.Call) -> Any:
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            raise _Refusal("pemanggilan fungsi ini tidak diizinkan")  # the static check refuses first
        if node.keywords:
            raise _Refusal("argumen bernama tidak diizinkan")
        name = node.func.id
        func, least, most, _ = _FUNCTIONS[name]
        args = [self.eval(a) for a in node.args]
        if len(args) < least or (most is not None and len(args) > most):
            raise _Refusal(f"jumlah argumen {name}() salah")
        try:
            return _check_size(func(*args))
        except (TypeError, ValueError) as err:
            raise _Refusal(f"{name}() gagal: {err}") from None


def evaluate_expression(
    expression: str,
    names: Mapping[str, Any],
    *,
    missing: str = "error",
    element_id: str | None = None,
) -> Any:
    """Evaluate ``expression`` over ``names`` (the task data) and return its value.

    ``missing="error"`` (the default, used for gateways) makes an unknown name
    an error naming it; ``missing="none"`` reads it as None. An expression that
    is an ISO 8601 literal (bare or quoted) evaluates to the literal string.

    Every failure -- disallowed syntax, unknown name, wrong types, division by
    zero, limits -- raises :class:`ExpressionError`, never another exception
    type (``missing`` other than "error"/"none" is a programming error and
    raises ValueError).
    """
    if missing not in ("error", "none"):
        raise ValueError(f"missing must be 'error' or 'none', not {missing!r}")
    literal = literal_value(expression)
    if literal is not None:
        return literal
    tree, source = _prepare(expression, element_id)
    if names is None:
        names = {}
    try:
        return _Interpreter(source, names, missing).eval(tree.body)
    except ExpressionError as err:
        if element_id is not None:
            err.problems = [
                Problem(message=p.message, element_id=element_id, line=p.line) for p in err.problems
            ]
        raise
    except Exception as err:  # pragma: no cover - defence in depth
        raise ExpressionError(
            f"{_RUNTIME_TITLE}: {type(err).__name__}",
            [Problem(message=f"{_RUNTIME_TITLE}: {type(err).__name__}", element_id=element_id)],
        ) from None


# --------------------------------------------------------------------------- SpiffWorkflow


_SCRIPT_REFUSED = (
    "Skrip tidak diizinkan: Alur tidak menjalankan kode skrip dari diagram "
    "(scriptTask dan skrip pra/pasca ditolak saat deploy)"
)
_SERVICE_REFUSED = "Service task tidak diizinkan: Alur tidak memanggil layanan dari diagram"


class SafeEnvironment(BasePythonScriptEngineEnvironment):
    """A script environment without eval/exec.

    SpiffWorkflow sometimes calls ``script_engine.environment.evaluate``
    directly (process completion conditions, message correlation), so the
    environment itself must be safe, not only the engine.
    """

    def __init__(self, missing: str = "error"):
        super().__init__({})
        self.missing = missing

    def evaluate(self, expression, context, external_context=None):
        names = ChainMap(context or {}, external_context or {})
        return evaluate_expression(expression, names, missing=self.missing)

    def execute(self, script, context, external_context=None):
        raise ExpressionError(_SCRIPT_REFUSED, [Problem(message=_SCRIPT_REFUSED)])

    def call_service(self, context, **kwargs):
        raise ExpressionError(_SERVICE_REFUSED, [Problem(message=_SERVICE_REFUSED)])


class SafeScriptEngine(PythonScriptEngine):
    """SpiffWorkflow's script engine, evaluating only Alur's restricted expressions.

    * ``evaluate`` runs :func:`evaluate_expression` over ``task.data`` merged
      over ``external_context`` (the data objects); ISO 8601 literals give
      the literal string; a date/datetime result is returned as ISO text
      (what SpiffWorkflow's timers parse). Failures are raised as
      ``WorkflowTaskException`` with our message; the original
      :class:`ExpressionError` is its ``__cause__`` and its
      ``expression_error`` attribute.
    * ``execute`` and ``call_service`` always refuse.
    * ``validate`` is :func:`check_expression`.

    ``context`` is whatever the engine wants expressions' callers to reach
    (a clock, a business calendar); it is only stored as ``self.context``.
    """

    def __init__(self, *, context: Any = None, missing: str = "error"):
        if missing not in ("error", "none"):
            raise ValueError(f"missing must be 'error' or 'none', not {missing!r}")
        super().__init__(environment=SafeEnvironment(missing))
        self.context = context
        self.missing = missing

    def validate(self, expression):
        check_expression(expression)

    def evaluate(self, task, expression, external_context=None):
        try:
            result = self.environment.evaluate(expression, task.data, external_context)
        except ExpressionError as err:
            raise self._wrap(task, expression, err) from err
        if isinstance(result, (_dt.date, _dt.datetime)):
            return result.isoformat()
        return result

    def execute(self, task, script, external_context=None):
        err = ExpressionError(_SCRIPT_REFUSED, [Problem(message=_SCRIPT_REFUSED, element_id=_bpmn_id(task))])
        raise self._wrap(task, script, err) from err

    def call_service(self, task, **kwargs):
        err = ExpressionError(_SERVICE_REFUSED, [Problem(message=_SERVICE_REFUSED, element_id=_bpmn_id(task))])
        raise self._wrap(task, None, err) from err

    @staticmethod
    def _wrap(task, expression, err: ExpressionError) -> WorkflowTaskException:
        details = "; ".join(p.message for p in err.problems) or err.message
        if expression is not None:
            shown = expression if len(expression) <= 200 else expression[:200] + "…"
            message = f"Ekspresi {shown!r} gagal: {details}"
        else:
            message = details
        wte = WorkflowTaskException(message, task=task, exception=err)
        wte.expression_error = err
        return wte


def _bpmn_id(task) -> str | None:
    return getattr(getattr(task, "task_spec", None), "bpmn_id", None)
