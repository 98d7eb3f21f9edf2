"""Checking and evaluating an expression: parsed and checked once (cached), then walked.

:func:`check_expression` (deploy time) and :func:`evaluate_expression` (run time)
are the language's entry points.
"""
from __future__ import annotations

import ast
import functools
import warnings
from collections.abc import Mapping
from typing import Any

from engine.errors import ExpressionError, Problem
from engine.rules.expressions.checker import Checker
from engine.rules.expressions.interpreter import Interpreter
from engine.rules.expressions.limits import (
    MAX_DEPTH,
    MAX_EXPRESSION_LENGTH,
    MAX_NODES,
    MAX_PROBLEMS,
    RUNTIME_TITLE,
    STATIC_TITLE,
    describe_type,
)
from engine.rules.expressions.literals import literal_value
from engine.rules.expressions.syntax import UNCOUNTED_NODES, Source


def make_static_error(expression: str, messages: list[str], element_id, line) -> ExpressionError:
    shown = expression if len(expression) <= 200 else expression[:200] + "…"
    return ExpressionError(
        f"{STATIC_TITLE}: {shown!r}",
        [Problem(message=m, element_id=element_id, line=line) for m in messages],
    )


@functools.lru_cache(maxsize=1024)
def compile_expression(expression: str) -> tuple[ast.Expression, Source] | tuple[None, list[str]]:
    """Parse and check ``expression`` (already stripped). Returns (tree, source) or (None, messages)."""
    if not expression:
        return None, ["Ekspresi kosong"]
    if len(expression) > MAX_EXPRESSION_LENGTH:
        return None, [
            f"Ekspresi terlalu panjang ({len(expression)} karakter; batas {MAX_EXPRESSION_LENGTH})"
        ]
    source = Source(expression)
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
        if not isinstance(node, UNCOUNTED_NODES):
            count += 1
            if count > MAX_NODES:
                return None, [f"Ekspresi terlalu rumit (lebih dari {MAX_NODES} bagian)"]
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))

    checker = Checker(source)
    checker.visit(tree.body)
    if checker.problems:
        ordered = sorted(checker.problems, key=lambda p: (p[0], p[1]))
        return None, [m for _, _, m in ordered[:MAX_PROBLEMS]]
    messages = check_constant_parts(tree.body, source)
    if messages:
        return None, messages[:MAX_PROBLEMS]
    return tree, source


def reads_names(node: ast.AST) -> bool:
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


def check_constant_parts(root: ast.AST, source: Source) -> list[str]:
    """Evaluate the parts that use no names, so ``'a' * 10**9`` is refused at deploy time.

    Only the largest name-free parts are evaluated, each once, under the same
    limits as at run time; ``1 / 0`` or ``date("kemarin")`` are found too.
    """
    messages: list[str] = []
    interpreter = Interpreter(source, {}, "error")
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Constant):
            continue
        if isinstance(node, ast.Slice) or reads_names(node):
            stack.extend(c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr))
            continue
        try:
            interpreter.eval(node)
        except ExpressionError as err:
            for p in err.problems:
                messages.append(STATIC_TITLE + p.message[len(RUNTIME_TITLE):]
                                if p.message.startswith(RUNTIME_TITLE) else p.message)
    return messages


def prepare_expression(expression: Any, element_id=None, line=None) -> tuple[ast.Expression, Source]:
    if not isinstance(expression, str):
        raise ExpressionError(
            STATIC_TITLE,
            [Problem(message=f"Ekspresi harus berupa teks, bukan {describe_type(expression)}",
                     element_id=element_id, line=line)],
        )
    text = expression.strip()
    try:
        result = compile_expression(text)
    except Exception as err:  # pragma: no cover - defence in depth
        raise ExpressionError(
            STATIC_TITLE,
            [Problem(message=f"Ekspresi tidak dapat diperiksa: {type(err).__name__}",
                     element_id=element_id, line=line)],
        ) from None
    if result[0] is None:
        raise make_static_error(text, result[1], element_id, line)
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
    prepare_expression(expression, element_id, line)
    return None


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
    tree, source = prepare_expression(expression, element_id)
    if names is None:
        names = {}
    try:
        return Interpreter(source, names, missing).eval(tree.body)
    except ExpressionError as err:
        if element_id is not None:
            err.problems = [
                Problem(message=p.message, element_id=element_id, line=p.line) for p in err.problems
            ]
        raise
    except Exception as err:  # pragma: no cover - defence in depth
        raise ExpressionError(
            f"{RUNTIME_TITLE}: {type(err).__name__}",
            [Problem(message=f"{RUNTIME_TITLE}: {type(err).__name__}", element_id=element_id)],
        ) from None

