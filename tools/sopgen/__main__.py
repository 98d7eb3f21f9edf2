"""python -m tools.sopgen [--check] [process_id ...]"""
from __future__ import annotations

import argparse
import sys

from .generate import spec_names, generate, REPO


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m tools.sopgen",
                                 description="Generate BPMN diagrams and forms from SOP specs.")
    ap.add_argument("names", nargs="*", help="process ids (default: every spec)")
    ap.add_argument("--check", action="store_true",
                    help="do not generate; parse and check the generated files")
    ap.add_argument("--no-run", action="store_true",
                    help="with --check: skip the simulated runs")
    args = ap.parse_args(argv)
    names = args.names or spec_names()
    if args.check:
        from .check import check_all
        return 0 if check_all(names, REPO, run=not args.no_run) else 1
    for n in names:
        for p in generate(n):
            print(p.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
