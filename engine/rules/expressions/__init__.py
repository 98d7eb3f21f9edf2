"""The restricted expression language of Alur diagrams (pure: no SpiffWorkflow here).

Gateway conditions (``review_decision == "approve"``) and timer expressions
come from uploaded diagrams, so they are untrusted text. SpiffWorkflow's
default ``PythonScriptEngine`` hands them to ``eval``/``exec``; Alur never
does. An expression is parsed with ``ast.parse(text, mode="eval")`` and the
tree is walked by a small interpreter (:mod:`.interpreter`), which knows only a whitelist.

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
Modules: :mod:`.literals` (ISO 8601 literals), :mod:`.limits`, :mod:`.functions`,
:mod:`.syntax` (operators, positions), :mod:`.checker` (static check),
:mod:`.interpreter`, :mod:`.compiler` (parse and check once, cached; the entry points).
The SpiffWorkflow script engine built on them is
:class:`engine.spiff.script_engine.SafeScriptEngine`.

Public API: :func:`check_expression`, :func:`evaluate_expression`,
:func:`is_iso8601_literal`, :func:`literal_value`, :data:`ALLOWED_FUNCTIONS`,
:data:`MAX_EXPRESSION_LENGTH`. Nothing is computed at import time.
"""
from engine.rules.expressions.compiler import check_expression, evaluate_expression
from engine.rules.expressions.functions import ALLOWED_FUNCTIONS
from engine.rules.expressions.limits import MAX_EXPRESSION_LENGTH
from engine.rules.expressions.literals import is_iso8601_literal, literal_value

__all__ = [
    "ALLOWED_FUNCTIONS",
    "MAX_EXPRESSION_LENGTH",
    "check_expression",
    "evaluate_expression",
    "is_iso8601_literal",
    "literal_value",
]
