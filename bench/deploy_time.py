"""Benchmark 5: validating and deploying diagrams (``engine.deploy.deploy_paths``).

Every ``bpmn/*.bpmn`` into a fresh database (schema created, nothing deployed), timed from the
call to its return: hardened XML parse, BPMN XSD validation, Alur's structure checks, the
SpiffWorkflow parse, forms, spec serialization and the insert. Then the same files again
(identical content: a no-op). Growth: one generated diagram of 19, 100 and 400 user tasks with a
boundary timer on each (3 flow nodes per step). Each figure is the median of several runs.
"""
from __future__ import annotations

from .common import (
    BPMN_DIR,
    FORMS_DIR,
    Timer,
    base_parser,
    fmt_ms,
    fresh_database,
    log,
    make_runtime,
    resolve_databases,
    summarize,
    workdir,
    write_results,
)
from .diagrams import linear_diagram


def time_deploy(kind, tmp, pg, paths, forms_dir, runs: int) -> dict:
    from engine.diagrams import deploy
    from engine.records import SYSTEM_ACTOR

    fresh, again = [], []
    versions = 0
    for _ in range(runs):
        url = fresh_database(kind, tmp, pg)
        rt, sa_engine = make_runtime(url, forms_dir)
        try:
            with Timer() as t:
                info = deploy.deploy_paths(rt, SYSTEM_ACTOR, paths)
            fresh.append(t.ms)
            versions = len(info)
            with Timer() as t:
                deploy.deploy_paths(rt, SYSTEM_ACTOR, paths)
            again.append(t.ms)
        finally:
            sa_engine.dispose()
    return {"fresh_ms": summarize(fresh), "unchanged_ms": summarize(again), "processes": versions}


def main(argv=None) -> dict:
    parser = base_parser("deploy_time", __doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement (default 5; quick 1)")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 5)
    kinds, pg = resolve_databases(args)
    files = sorted(BPMN_DIR.glob("*.bpmn"))
    results = {"benchmark": "deploy_time", "runs": runs, "files": [f.name for f in files],
               "bytes": sum(f.stat().st_size for f in files), "measurements": []}
    with workdir() as tmp:
        generated = []
        for steps in (19, 100, 400):
            path = tmp / f"bench_linear_{steps}.bpmn"
            path.write_bytes(linear_diagram(f"bench_linear_{steps}", steps))
            generated.append((steps, path))
        for kind in kinds:
            m = time_deploy(kind, tmp, pg, files, FORMS_DIR, runs)
            results["measurements"].append({"database": kind, "what": f"all of bpmn/ ({len(files)} files)", **m})
            log(f"[deploy_time] {kind} bpmn/: {fmt_ms(m['fresh_ms']['p50'])} ms")
            for steps, path in generated:
                m = time_deploy(kind, tmp, pg, [path], None, runs)
                results["measurements"].append({"database": kind, "what": f"generated, {steps} steps", **m})
                log(f"[deploy_time] {kind} {steps} steps: {fmt_ms(m['fresh_ms']['p50'])} ms")
    report(results)
    write_results(args, results)
    return results


def report(results: dict) -> None:
    print(f"bpmn/: {', '.join(results['files'])} ({results['bytes']} bytes)")
    print("db        what                              fresh p50 ms   max ms   unchanged p50 ms")
    for m in results["measurements"]:
        print(f"{m['database']:9} {m['what']:33} {fmt_ms(m['fresh_ms']['p50']):>12} {fmt_ms(m['fresh_ms']['max']):>8}"
              f" {fmt_ms(m['unchanged_ms']['p50']):>18}")


if __name__ == "__main__":
    main()
