"""A/B: the same benchmarks on two revisions, side by side in one run.

    .venv/bin/python -m bench.ab --base 24a0644                 # quick sizes, both databases
    .venv/bin/python -m bench.ab --base 24a0644 --rounds 3 --full

Revision A (``--base``) is checked out into a temporary git worktree; B is this working tree.
The benchmarks run alternately (A, B, A, B, ...) so both see the same machine load, each in its
own process started in its own tree (``python -m bench.<name>`` imports that tree's code). The
medians over the rounds are compared and, with ``--output``, written as a Markdown section.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

from .common import ROOT, fmt_ms, postgres_url

FIGURES = {
    # benchmark -> list of (label, function of one measurement -> value in ms or a number, key of the measurement)
    "engine_overhead": [
        ("engine step p50 (ms)", lambda m: m["alur_step"]["p50"]),
        ("engine step p95 (ms)", lambda m: m["alur_step"]["p95"]),
        ("case start p50 (ms)", lambda m: m["alur_start"]["p50"]),
    ],
    "http_api": [
        ("complete -> next visible p50 (ms)", lambda m: m["completion"]["complete_then_next"]["p50"]),
        ("complete -> next visible p95 (ms)", lambda m: m["completion"]["complete_then_next"]["p95"]),
        ("inbox p95 (ms)", lambda m: m["list_views"]["inbox (role with the copies' ready step)"]["p95"]),
        ("case list p95 (ms)", lambda m: m["list_views"]["case list (same role)"]["p95"]),
    ],
}


def measurement_key(name: str, m: dict) -> str:
    if name == "engine_overhead":
        return f"{m['database']}, {m['cases']} cases"
    return f"{m['database']}, {m['seeded_cases']} seeded"


def reset_postgres(url: str | None) -> None:
    """An empty schema before each run: the two revisions' tables differ, and each
    benchmark drops only the tables its own revision knows."""
    if not url:
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def run(tree: Path, name: str, db: str, full: bool, pg: str | None, out: Path) -> dict:
    reset_postgres(pg if db in ("postgres", "both") else None)
    flags = ["--db", db, "--json", str(out)]
    if not full:
        flags.append("--quick")
    if pg:
        flags += ["--postgres-url", pg]
    proc = subprocess.run([sys.executable, "-m", f"bench.{name}", *flags], cwd=tree, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench.{name} failed in {tree}:\n{proc.stderr[-3000:]}")
    return json.loads(out.read_text())


def collect(name: str, result: dict, into: dict) -> None:
    for m in result["measurements"]:
        for label, figure in FIGURES[name]:
            value = figure(m)
            if value is not None:
                into.setdefault((name, measurement_key(name, m), label), []).append(value)


def render(base: str, head: str, rows: dict, rounds: int, command: str) -> str:
    lines = [f"## A/B: {base} (before the restructure) against {head}", "",
             f"`{command}`: each benchmark run alternately in both trees, {rounds} round(s); medians.", "",
             "| benchmark | measurement | figure | A " + base + " | B " + head + " | B/A |",
             "|---|---|---|---:|---:|---:|"]
    for (name, key, label), (a, b) in sorted(rows.items()):
        ratio = f"{b / a:.2f}" if a else "-"
        lines.append(f"| {name} | {key} | {label} | {fmt_ms(a)} | {fmt_ms(b)} | {ratio} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="revision A (git commit)")
    parser.add_argument("--only", default="engine_overhead,http_api")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="the benchmarks' full sizes instead of --quick")
    parser.add_argument("--output", type=Path, default=None, help="Markdown file to write the comparison to")
    parser.add_argument("--postgres-url", default=None,
                        help="a database of its own for the A/B (its schema is emptied before each run)")
    args = parser.parse_args(argv)
    pg = postgres_url(args.postgres_url) if args.db in ("postgres", "both") else None
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="alur-ab-") as tmp:
        base_tree = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base_tree), args.base], cwd=ROOT, check=True)
        try:
            values = {"A": {}, "B": {}}
            for round_no in range(args.rounds):
                for name in args.only.split(","):
                    for side, tree in (("A", base_tree), ("B", ROOT)):
                        print(f"round {round_no + 1}: {name} on {side}", file=sys.stderr, flush=True)
                        out = Path(tmp) / f"{side}-{name}-{round_no}.json"
                        collect(name, run(tree, name, args.db, args.full, pg, out), values[side])
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT)
    rows = {key: (median(values["A"][key]), median(values["B"].get(key, [float("nan")])))
            for key in values["A"]}
    command = "python -m bench.ab " + " ".join(argv if argv is not None else sys.argv[1:])
    text = render(args.base, head, rows, args.rounds, command)
    print(text)
    if args.output:
        args.output.write_text(text)


if __name__ == "__main__":
    main()
