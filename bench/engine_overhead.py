"""Benchmark 1: the cost of one step through Alur's engine against bare SpiffWorkflow.

N cases of the 19-step SOP are driven from start to end, round robin (all N active at once):

* **Alur**: ``engine.cases.start_case`` / ``engine.cases.complete_task`` with a Runtime on SQLite
  and on PostgreSQL: load the case, validate the form, run the step, engine steps, inbox/timer
  rows, audit, compressed state, one transaction per step. The timed region is the
  ``complete_task`` call; finding the next task id (one indexed query) is outside it.
* **bare, in memory**: the same diagram parsed by SpiffWorkflow's own ``BpmnParser`` (timer
  literals quoted, as SpiffWorkflow needs), one ``BpmnWorkflow`` per case; a step is: find the
  task by id, ``task.data.update(data)``, ``task.run()``, ``do_engine_steps()``, list the ready
  human tasks.
* **bare + JSON**: the same step with a full ``BpmnWorkflowSerializer`` JSON round trip per step
  (``deserialize_json`` before, ``serialize_json`` after; the default format, spec included).
* **Alur state round trip, no database**: the same step with Alur's own serializer
  (``engine.serializer.load_state`` / ``dump_state``: spec left out, zlib) and script engine.

The ratio reported is Alur per-step median / bare per-step median. A wall-clock breakdown of
Alur's step (instrumented, exclusive times) and a cProfile top list show where the time goes.
"""
from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections import defaultdict

from .common import (
    Timer,
    bare_spec,
    base_parser,
    deploy_source,
    fill_form,
    fmt_ms,
    fresh_database,
    katalog_source,
    log,
    longest_path,
    machine_info,
    make_runtime,
    median,
    resolve_databases,
    summarize,
    workdir,
    write_results,
)

MAX_STEPS_PER_CASE = 200
# What Alur gives the start of a case of a process with several start lanes (katalog: the
# gateway after the start reads it); bare SpiffWorkflow is given the same: started by a Penyedia.
START_DATA = {"start_lane": "Penyedia"}


# -- Alur -------------------------------------------------------------------

class AlurDriver:
    def __init__(self, rt, version, source: dict | None = None):
        from engine.diagrams.deploy import load_version
        from engine.records import Actor
        from engine.rules.forms import form_for

        self.rt = rt
        self.version = version
        with rt.read() as session:
            loaded = load_version(rt, session, version.id)
        self.catalog = loaded.catalog
        self.actor = Actor("bench", frozenset(loaded.catalog.lanes))
        self.forms = {ref: form_for(self.catalog, ref) for ref in self.catalog.steps}
        self.path, decisions = longest_path(rt, version.id, source) if source else ([], {})
        self.data = {ref: fill_form(form, **decisions.get(ref, {})) for ref, form in self.forms.items()}

    def ready_task(self, case_id: int):
        from sqlalchemy import select

        from engine.store.models import HumanTask

        with self.rt.read() as session:
            row = session.execute(
                select(HumanTask.id, HumanTask.task_ref).where(HumanTask.case_id == case_id,
                                                               HumanTask.status == "ready")
                .order_by(HumanTask.created_at)
            ).first()
        return (row[0], row[1]) if row else None

    def start(self, title: str):
        from engine.cases import starting

        return starting.start_case(self.rt, self.actor, self.version.process_id, title=title)

    def complete(self, task_id: str, task_ref: str, values: dict | None = None):
        from engine.cases import commands

        data = dict(self.data.get(task_ref, {}))
        if values:
            data.update(values)
        return commands.complete_task(self.rt, self.actor, task_id, data)


def run_alur(rt, version, n_cases: int, source: dict) -> dict:
    driver = AlurDriver(rt, version, source)
    starts, steps, per_case_steps = [], [], defaultdict(int)
    active = {}
    for i in range(n_cases):
        with Timer() as t:
            info = driver.start(f"Benchmark {i}")
        starts.append(t.ms)
        active[info.id] = driver.ready_task(info.id)
    wall = time.perf_counter()
    while active:
        for case_id in list(active):
            task = active[case_id]
            if task is None or per_case_steps[case_id] >= MAX_STEPS_PER_CASE:
                del active[case_id]
                continue
            with Timer() as t:
                driver.complete(*task)
            steps.append(t.ms)
            per_case_steps[case_id] += 1
            active[case_id] = driver.ready_task(case_id)
    wall = time.perf_counter() - wall
    return {"start_ms": starts, "step_ms": steps, "steps_per_case": median(list(per_case_steps.values())),
            "wall_s": wall}


# -- bare SpiffWorkflow -------------------------------------------------------

def bare_data(driver: AlurDriver) -> dict:
    return driver.data


def run_bare(spec, subprocess_specs, data_by_ref: dict, n_cases: int, *, json_round_trip: bool) -> dict:
    from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
    from SpiffWorkflow.util.task import TaskState

    serializer = BpmnWorkflowSerializer()
    workflows, blobs, ready = {}, {}, {}
    for i in range(n_cases):
        wf = BpmnWorkflow(spec, subprocess_specs)
        wf.task_tree.data.update(START_DATA)
        wf.do_engine_steps()
        tasks = wf.get_tasks(state=TaskState.READY, manual=True)
        ready[i] = tasks[0].id if tasks else None
        if json_round_trip:
            blobs[i] = serializer.serialize_json(wf)
        else:
            workflows[i] = wf
    steps, sizes = [], []
    counts = defaultdict(int)
    active = set(ready)
    while active:
        for i in sorted(active):
            task_id = ready[i]
            if task_id is None or counts[i] >= MAX_STEPS_PER_CASE:
                active.discard(i)
                continue
            start = time.perf_counter()
            wf = serializer.deserialize_json(blobs[i]) if json_round_trip else workflows[i]
            task = wf.get_task_from_id(task_id)
            task.data.update(data_by_ref.get(task.task_spec.bpmn_id, {}))
            task.run()
            wf.do_engine_steps()
            tasks = wf.get_tasks(state=TaskState.READY, manual=True)
            if json_round_trip:
                blobs[i] = serializer.serialize_json(wf)
            steps.append((time.perf_counter() - start) * 1000.0)
            if json_round_trip:
                sizes.append(len(blobs[i]))
            counts[i] += 1
            ready[i] = tasks[0].id if tasks else None
    return {"step_ms": steps, "json_bytes_p50": median(sizes) if sizes else None}


def run_alur_no_db(rt, version, data_by_ref: dict, n_cases: int) -> dict:
    """Alur's serializer (spec-free, zlib) and script engine, no database."""
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
    from SpiffWorkflow.util.task import TaskState

    from engine.diagrams.deploy import load_version
    from engine.spiff.serializer import dump_state, load_state

    with rt.read() as session:
        loaded = load_version(rt, session, version.id)
        script_engine = rt.script_engine(session)
    blobs, ready = {}, {}
    for i in range(n_cases):
        wf = BpmnWorkflow(loaded.spec, loaded.subprocess_specs, script_engine=script_engine)
        wf.task_tree.data.update(START_DATA)
        wf.do_engine_steps()
        tasks = wf.get_tasks(state=TaskState.READY, manual=True)
        ready[i] = tasks[0].id if tasks else None
        blobs[i] = dump_state(wf)
    steps, counts, active = [], defaultdict(int), set(ready)
    while active:
        for i in sorted(active):
            task_id = ready[i]
            if task_id is None or counts[i] >= MAX_STEPS_PER_CASE:
                active.discard(i)
                continue
            start = time.perf_counter()
            wf = load_state(blobs[i], loaded.spec, loaded.subprocess_specs, script_engine)
            task = wf.get_task_from_id(task_id)
            task.data.update(data_by_ref.get(task.task_spec.bpmn_id, {}))
            task.run()
            wf.do_engine_steps()
            tasks = wf.get_tasks(state=TaskState.READY, manual=True)
            blobs[i] = dump_state(wf)
            steps.append((time.perf_counter() - start) * 1000.0)
            counts[i] += 1
            ready[i] = tasks[0].id if tasks else None
    return {"step_ms": steps}


# -- where Alur's step spends its time ----------------------------------------

class Breakdown:
    """Exclusive wall-clock time per category: wrappers push/pop a category stack; time inside a
    nested category is charged to the inner one only. The DB driver is timed with SQLAlchemy's
    before/after_cursor_execute events."""

    def __init__(self):
        self.totals = defaultdict(float)
        self.calls = defaultdict(int)
        self.stack = []  # [category, start, child_time]
        self.patches = []

    def push(self, category: str) -> None:
        self.stack.append([category, time.perf_counter(), 0.0])

    def pop(self) -> None:
        category, start, child = self.stack.pop()
        elapsed = time.perf_counter() - start
        self.totals[category] += elapsed - child
        self.calls[category] += 1
        if self.stack:
            self.stack[-1][2] += elapsed

    def wrap(self, owner, name: str, category: str, *, unless_inside: tuple = ()):
        original = getattr(owner, name)
        me = self

        def wrapper(*args, **kwargs):
            if not me.stack or (unless_inside and me.stack[-1][0] in unless_inside):
                return original(*args, **kwargs)
            me.push(category)
            try:
                return original(*args, **kwargs)
            finally:
                me.pop()

        wrapper.__wrapped__ = original
        setattr(owner, name, wrapper)
        self.patches.append((owner, name, original))

    def install(self, sa_engine):
        from SpiffWorkflow.task import Task
        from sqlalchemy import event
        from sqlalchemy.orm import Session

        import engine.cases.commands as cases
        import engine.runtime as runtime

        self.wrap(cases, "load_version", "spec cache lookup")
        self.wrap(runtime.Runtime, "script_engine", "script engine + calendar")
        self.wrap(cases, "load_state", "deserialize state (zlib + JSON + from_dict)")
        self.wrap(cases, "validate_submission", "form validation (JSON Schema)")
        self.wrap(cases, "find_task", "find task by id")
        self.wrap(Task, "run", "task.run (the step itself)",
                  unless_inside=("do_engine_steps (gateways, events, timers)",))
        self.wrap(cases, "advance", "do_engine_steps (gateways, events, timers)")
        self.wrap(cases, "sync_rows", "sync_rows (inbox/timer rows, Python part)")
        self.wrap(cases, "take_snapshot", "snapshot of open steps and timers")
        self.wrap(cases, "reminder_due", "reminder time (business calendar)")
        self.wrap(cases, "dump_state", "serialize state (to_dict + JSON + zlib)")
        self.wrap(runtime, "begin_write", "SQL: BEGIN (write lock)")
        self.wrap(Session, "flush", "SQL: ORM flush (Python part)")
        for name in ("get", "scalars", "execute", "scalar"):
            self.wrap(Session, name, "SQL: statements (SQLAlchemy, Python part)")
        self.wrap(Session, "commit", "SQL: COMMIT")
        self.wrap(Session, "close", "SQL: session close/rollback")
        self.wrap(Session, "rollback", "SQL: session close/rollback")

        def before(*_a, **_k):
            if self.stack:
                self.push("SQL: database driver (execute + fetch)")

        def after(*_a, **_k):
            if self.stack and self.stack[-1][0].startswith("SQL: database driver"):
                self.pop()

        event.listen(sa_engine, "before_cursor_execute", before)
        event.listen(sa_engine, "after_cursor_execute", after)
        self._events = (sa_engine, before, after)

    def uninstall(self):
        from sqlalchemy import event

        for owner, name, original in reversed(self.patches):
            setattr(owner, name, original)
        self.patches.clear()
        sa_engine, before, after = self._events
        event.remove(sa_engine, "before_cursor_execute", before)
        event.remove(sa_engine, "after_cursor_execute", after)


def profile_alur(kind: str, url: str, source: dict, n_cases: int) -> dict:
    rt, sa_engine = make_runtime(url, source["forms_dir"])
    version = deploy_source(rt, source)
    driver = AlurDriver(rt, version, source)
    # Warm up: caches (spec, calendar), connections.
    warm = driver.start("warm-up")
    task = driver.ready_task(warm.id)
    while task:
        driver.complete(*task)
        task = driver.ready_task(warm.id)

    tasks = {}
    for i in range(n_cases):
        tasks[driver.start(f"profil {i}").id] = None
    for case_id in tasks:
        tasks[case_id] = driver.ready_task(case_id)

    import engine.cases.commands as cases

    complete = cases.complete_task
    names = list(tasks)
    # Pass 1: the instrumented wall-clock breakdown (no profiler running).
    breakdown = Breakdown()
    breakdown.install(sa_engine)
    total = 0.0
    steps = 0
    profiler = cProfile.Profile()
    try:
        while any(tasks.values()):
            for case_id in names:
                task = tasks[case_id]
                if task is None:
                    continue
                breakdown.push("complete_task: own code, row updates, other")
                start = time.perf_counter()
                try:
                    complete(driver.rt, driver.actor, task[0], dict(driver.data.get(task[1], {})))
                finally:
                    total += time.perf_counter() - start
                    breakdown.pop()
                steps += 1
                tasks[case_id] = driver.ready_task(case_id)
    finally:
        breakdown.uninstall()
    # Pass 2: cProfile over as many new cases, for the function-level top list.
    tasks = {driver.start(f"cprofile {i}").id: None for i in range(n_cases)}
    for case_id in tasks:
        tasks[case_id] = driver.ready_task(case_id)
    try:
        while any(tasks.values()):
            for case_id in list(tasks):
                task = tasks[case_id]
                if task is None:
                    continue
                profiler.enable()
                try:
                    complete(driver.rt, driver.actor, task[0], dict(driver.data.get(task[1], {})))
                finally:
                    profiler.disable()
                tasks[case_id] = driver.ready_task(case_id)
    finally:
        sa_engine.dispose()
    rows = sorted(((cat, t / steps * 1000.0, breakdown.calls[cat] / steps) for cat, t in breakdown.totals.items()),
                  key=lambda r: -r[1])
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(20)
    text = out.getvalue()
    text = text[text.find("ncalls"):] if "ncalls" in text else text
    return {"database": kind, "steps": steps, "total_ms_per_step": total / steps * 1000.0,
            "categories": [{"category": c, "ms_per_step": ms, "calls_per_step": calls} for c, ms, calls in rows],
            "cprofile_top": "\n".join(line.rstrip() for line in text.splitlines()[:26])}


# -- one measurement ----------------------------------------------------------

def measure(kind: str, url: str, source: dict, n_cases: int) -> dict:
    rt, sa_engine = make_runtime(url, source["forms_dir"])
    try:
        version = deploy_source(rt, source)
        driver = AlurDriver(rt, version, source)
        # warm-up case: spec cache, calendar, connection pool
        warm = driver.start("warm-up")
        task = driver.ready_task(warm.id)
        while task:
            driver.complete(*task)
            task = driver.ready_task(warm.id)
        alur = run_alur(rt, version, n_cases, source)
        spec, subs = bare_spec(source["path"].read_bytes(), source["process_id"])
        bare = run_bare(spec, subs, driver.data, n_cases, json_round_trip=False)
        bare_json = run_bare(spec, subs, driver.data, n_cases, json_round_trip=True)
        no_db = run_alur_no_db(rt, version, driver.data, n_cases)
    finally:
        sa_engine.dispose()
    result = {
        "database": kind,
        "cases": n_cases,
        "steps_per_case": alur["steps_per_case"],
        "alur_step": summarize(alur["step_ms"]),
        "alur_start": summarize(alur["start_ms"]),
        "alur_cases_per_s": n_cases / alur["wall_s"] if alur["wall_s"] else None,
        "bare_step": summarize(bare["step_ms"]),
        "bare_json_step": summarize(bare_json["step_ms"]),
        "bare_json_bytes_p50": bare_json["json_bytes_p50"],
        "alur_no_db_step": summarize(no_db["step_ms"]),
    }
    a = result["alur_step"]["p50"]
    result["ratio_vs_bare"] = a / result["bare_step"]["p50"]
    result["ratio_vs_bare_json"] = a / result["bare_json_step"]["p50"]
    return result


def aggregate(runs: list[dict]) -> dict:
    """Medians over repeated runs of the same size."""
    def med(path):
        values = []
        for r in runs:
            v = r
            for key in path:
                v = v[key]
            values.append(v)
        return median(values)

    out = {"database": runs[0]["database"], "cases": runs[0]["cases"], "runs": len(runs),
           "steps_per_case": runs[0]["steps_per_case"]}
    for name in ("alur_step", "alur_start", "bare_step", "bare_json_step", "alur_no_db_step"):
        out[name] = {k: med([name, k]) for k in ("p50", "p95", "p99", "mean")}
    for name in ("ratio_vs_bare", "ratio_vs_bare_json", "alur_cases_per_s", "bare_json_bytes_p50"):
        out[name] = med([name])
    return out


def main(argv=None) -> dict:
    parser = base_parser("engine_overhead", __doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None, help="comma-separated case counts (default 5,15,40; quick 2,6)")
    parser.add_argument("--runs", type=int, default=None, help="repetitions per size (default 3; quick 2)")
    parser.add_argument("--profile-cases", type=int, default=None, help="cases in the profiled run (default 6)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("2,6" if args.quick else "5,15,40")).split(",")]
    runs = args.runs or (2 if args.quick else 3)
    profile_cases = args.profile_cases or (2 if args.quick else 6)
    kinds, pg = resolve_databases(args)
    results = {"benchmark": "engine_overhead", "machine": machine_info(pg), "sizes": sizes, "runs": runs,
               "measurements": [], "profiles": []}
    with workdir() as tmp:
        source = katalog_source(tmp)
        results["diagram"] = source["label"]
        for kind in kinds:
            for size in sizes:
                batch = []
                for r in range(runs):
                    url = fresh_database(kind, tmp, pg)
                    batch.append(measure(kind, url, source, size))
                    log(f"[engine_overhead] {kind} {size} cases run {r + 1}: Alur p50 "
                        f"{fmt_ms(batch[-1]['alur_step']['p50'])} ms, bare {fmt_ms(batch[-1]['bare_step']['p50'])}"
                        f" ms, bare+JSON {fmt_ms(batch[-1]['bare_json_step']['p50'])} ms")
                results["measurements"].append(aggregate(batch))
            url = fresh_database(kind, tmp, pg)
            results["profiles"].append(profile_alur(kind, url, source, profile_cases))
    report(results)
    write_results(args, results)
    return results


def report(results: dict) -> None:
    print(f"diagram: {results['diagram']}")
    print("db        cases  Alur p50/p95/p99 ms      no-db p50  bare p50  bare+JSON p50  Alur/bare  Alur/bare+JSON")
    for m in results["measurements"]:
        a = m["alur_step"]
        print(f"{m['database']:9} {m['cases']:5}  {fmt_ms(a['p50']):>6} {fmt_ms(a['p95']):>6} {fmt_ms(a['p99']):>6}"
              f"      {fmt_ms(m['alur_no_db_step']['p50']):>8}  {fmt_ms(m['bare_step']['p50']):>8}"
              f"  {fmt_ms(m['bare_json_step']['p50']):>12}  {m['ratio_vs_bare']:9.1f}  {m['ratio_vs_bare_json']:14.2f}")
    for p in results["profiles"]:
        print(f"\nwhere Alur's step goes ({p['database']}, {p['steps']} steps, {fmt_ms(p['total_ms_per_step'])} ms/step)")
        for c in p["categories"]:
            print(f"  {c['ms_per_step']:7.3f} ms  {100 * c['ms_per_step'] / p['total_ms_per_step']:5.1f}%  "
                  f"{c['category']}")


if __name__ == "__main__":
    main()
