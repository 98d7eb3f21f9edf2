"""What refusing costs: the expression language's limits, timed (not asserted by the tests).

The tests (tests/engine/rules/test_expressions.py) assert that abusive expressions are
refused, with the expected message, before the work is done (next to nothing allocated).
This measures how long a refusal takes, and how long 3,000 random texts take through
check + evaluate, so a slowdown shows here. Figures are wall-clock milliseconds.

    .venv/bin/python -m bench.expression_limits [--runs N]
"""
from __future__ import annotations

import argparse
import random
import time
from statistics import median

STATIC_ABUSE = [
    "'a' * 10**9", "[1] * 10**9", "9**9**9", "999 ** 999", "10**1000 * 10**1000",
    "str([[1] * 400] * 400)", "int('1' * 500)", "round(5, -10**6)",
]
RUNTIME_ABUSE = [
    ("s * n", {"s": "a", "n": 10**9}),
    ("s + s", {"s": "a" * 60_000}),
    ("n ** 3", {"n": 2**2000}),
    ("str(l)", {"l": ["a" * 1000] * 1000}),
]
ALPHABET = list("abxyz_019 .,:;'\"()[]{}+-*/%<>=!&|^~@#\\\n\tPTRDHMSWYZ") + [
    "__", "lambda", " if ", " else ", " for ", " in ", " not ", " and ", " or ", "**", "//",
    "len(", "int(", "str(", "date(", "days_between(", "__import__", ".", "f'", "b'", ":=",
    "10**9", "'a'*", "[1]*", "9**9**", "None", "True", "2026-12-31", "P3D", "R/",
]


def time_refusal(expression: str, names: dict, runs: int) -> float:
    """Median milliseconds of one refused evaluation (the compile cache is cleared each run)."""
    from engine.errors import ExpressionError
    from engine.rules.expressions import evaluate_expression
    from engine.rules.expressions.compiler import compile_expression

    times = []
    for _ in range(runs):
        compile_expression.cache_clear()
        started = time.perf_counter()
        try:
            evaluate_expression(expression, names)
        except ExpressionError:
            pass
        else:
            raise SystemExit(f"not refused: {expression!r}")
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


def time_random_texts(count: int = 3_000) -> float:
    """Milliseconds for ``count`` random texts through check + evaluate (both ``missing`` modes)."""
    from engine.errors import ExpressionError
    from engine.rules.expressions import check_expression, evaluate_expression

    rng = random.Random(20260105)
    names = {"a": 1, "b": "x", "x": [1, 2], "y": {"k": 1}, "z": None}
    started = time.perf_counter()
    for _ in range(count):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 25)))
        for call in (lambda: check_expression(text),
                     lambda: evaluate_expression(text, names, missing="error"),
                     lambda: evaluate_expression(text, names, missing="none")):
            try:
                call()
            except ExpressionError:
                pass
    return (time.perf_counter() - started) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.expression_limits", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per expression (median shown)")
    args = parser.parse_args(argv)
    print("| expression | refused in (ms, median) |")
    print("|---|---|")
    for expression in STATIC_ABUSE:
        print(f"| `{expression}` | {time_refusal(expression, {}, args.runs):.3f} |")
    for expression, names in RUNTIME_ABUSE:
        print(f"| `{expression}` (data) | {time_refusal(expression, names, args.runs):.3f} |")
    print(f"\n3,000 random texts, check + evaluate twice: {time_random_texts():.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
