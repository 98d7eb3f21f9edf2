"""Benchmark 7: long cases, a correction loop taken hundreds of times.

``bpmn/etalase_katalog_lokal.bpmn``: steps 1-3, then step 4 (prepare) and step 5 (review) whose
decision ``correct`` goes back to step 4. One case is driven through Alur's engine with
persistence (``engine.cases.complete_task``) around that loop; per-step cost (steps 4 and 5 of
one iteration, median over a window of iterations) is reported at 10, 100 and 400 iterations,
with the stored state size and the number of SpiffWorkflow task records. The same loop is run
on bare SpiffWorkflow in memory for comparison.

``--iterations 600`` (the default run) goes past the depth at which SpiffWorkflow 3.x stops
seeing tasks (``TaskIterator`` ``max_depth=1000``; each iteration adds levels to the task tree)
and reports what Alur does: whether it keeps going, refuses clearly, or ends the case silently.
"""
from __future__ import annotations

import time

from sqlalchemy import func, select

from .common import (
    BPMN_DIR,
    ETALASE,
    FORMS_DIR,
    Timer,
    bare_spec,
    base_parser,
    deploy_source,
    fmt_ms,
    fresh_database,
    log,
    make_runtime,
    resolve_databases,
    summarize,
    workdir,
    write_results,
)
from .engine_overhead import AlurDriver

LOOP_TASK, REVIEW_TASK = "step_04", "step_05"
WINDOW = 5  # iterations around each checkpoint


def decision_key(form: dict) -> str:
    return next(k for k in form["schema"]["properties"] if k.endswith("_decision"))


def task_depth(task) -> int:
    depth = 0
    while task.parent is not None:
        task = task.parent
        depth += 1
    return depth


def run_alur(kind: str, url: str, iterations: int, checkpoints: list[int]) -> dict:
    from engine.errors import AlurError
    from engine.spiff.serializer import load_state
    from engine.store.models import Case, HumanTask

    source = {"path": BPMN_DIR / f"{ETALASE}.bpmn", "forms_dir": FORMS_DIR, "process_id": ETALASE}
    rt, sa_engine = make_runtime(url, FORMS_DIR)
    version = deploy_source(rt, source)
    driver = AlurDriver(rt, version)
    key = decision_key(driver.forms[REVIEW_TASK])
    info = driver.start("koreksi berulang")
    per_iteration = []  # (iteration, ms step 4, ms step 5, stored bytes)
    outcome = {"kind": "completed all iterations"}
    iteration = 0
    try:
        task = driver.ready_task(info.id)
        while task and task[1] not in (LOOP_TASK,):
            driver.complete(*task)
            task = driver.ready_task(info.id)
        while iteration < iterations:
            iteration += 1
            times = []
            for expected in (LOOP_TASK, REVIEW_TASK):
                task = driver.ready_task(info.id)
                if task is None or task[1] != expected:
                    raise StopIteration(f"expected {expected}, ready: {task}")
                values = {key: "correct"} if expected == REVIEW_TASK else None
                with Timer() as t:
                    driver.complete(*task, values)
                times.append(t.ms)
            with rt.read() as session:
                size = session.scalar(select(func.length(Case.state)).where(Case.id == info.id))
            per_iteration.append((iteration, times[0], times[1], size))
    except StopIteration as exc:
        outcome = {"kind": "stopped", "detail": str(exc)}
    except AlurError as exc:
        outcome = {"kind": "refused", "error": type(exc).__name__, "detail": exc.message}
    except Exception as exc:  # noqa: BLE001 - an unexpected failure is the finding
        outcome = {"kind": "crashed", "error": type(exc).__name__, "detail": str(exc)[:500]}
    # What the database says now.
    from engine.diagrams.deploy import load_version

    with rt.read() as session:
        case = session.get(Case, info.id)
        rows = session.execute(
            select(HumanTask.status, func.count()).where(HumanTask.case_id == info.id).group_by(HumanTask.status)
        ).all()
        last_rows = session.execute(
            select(HumanTask.task_ref, HumanTask.status).where(HumanTask.case_id == info.id)
            .order_by(HumanTask.created_at.desc(), HumanTask.id).limit(3)
        ).all()
        loaded = load_version(rt, session, case.process_version_id)
        wf = load_state(case.state, loaded.spec, loaded.subprocess_specs, rt.script_engine(session))
        from SpiffWorkflow.util.task import TaskState

        ready_in_dict = [t for t in wf.tasks.values() if t.state == TaskState.READY and t.task_spec.manual]
        ready_seen = wf.get_tasks(state=TaskState.READY, manual=True)
        final = {
            "case_status": case.status,
            "end_event": case.end_event,
            "human_task_rows": {status: n for status, n in rows},
            "latest_rows": [f"{ref}:{status}" for ref, status in last_rows],
            "task_records": len(wf.tasks),
            "ready_user_tasks_in_state": [f"{t.task_spec.bpmn_id} (depth {task_depth(t)})" for t in ready_in_dict],
            "ready_user_tasks_spiff_sees": len(ready_seen),
            "spiff_is_completed": wf.is_completed(),
            "stored_bytes": len(case.state),
        }
    sa_engine.dispose()
    return {"database": kind, "iterations_done": len(per_iteration), "outcome": outcome, "final": final,
            "checkpoints": checkpoint_stats(per_iteration, checkpoints)}


def checkpoint_stats(per_iteration, checkpoints) -> list[dict]:
    out = []
    for point in checkpoints:
        window = [row for row in per_iteration if point - WINDOW < row[0] <= point + WINDOW - 1]
        if not window:
            continue
        steps = [row[1] for row in window] + [row[2] for row in window]
        out.append({"iteration": point, "step_ms": summarize(steps),
                    "stored_bytes": next((row[3] for row in per_iteration if row[0] == point), window[-1][3])})
    return out


def run_bare(iterations: int, checkpoints: list[int]) -> dict:
    """The same loop on bare SpiffWorkflow in memory; where it loses sight of the ready task."""
    from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
    from SpiffWorkflow.util.task import TaskState

    spec, subs = bare_spec((BPMN_DIR / f"{ETALASE}.bpmn").read_bytes(), ETALASE)
    from engine.rules.forms import load_forms

    from .common import fill_form

    forms = load_forms(FORMS_DIR, ETALASE, [f"step_{i:02d}" for i in range(1, 10)])
    data = {ref: fill_form(form) for ref, form in forms.items()}
    key = decision_key(forms[REVIEW_TASK])
    wf = BpmnWorkflow(spec, subs)
    wf.do_engine_steps()

    def step(values=None):
        ready = wf.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            return None
        task = ready[0]
        task.data.update(data.get(task.task_spec.bpmn_id, {}))
        if values:
            task.data.update(values)
        task.run()
        wf.do_engine_steps()
        return task.task_spec.bpmn_id

    while True:
        ready = wf.get_tasks(state=TaskState.READY, manual=True)
        if ready[0].task_spec.bpmn_id == LOOP_TASK:
            break
        step()
    per_iteration, lost, failed, depths = [], None, None, {}
    for iteration in range(1, iterations + 1):
        t0 = time.perf_counter()
        try:
            a = step()
            t1 = time.perf_counter()
            b = step({key: "correct"})
            t2 = time.perf_counter()
        except Exception as exc:  # noqa: BLE001 - the failure is the finding
            ready = [t for t in wf.tasks.values() if t.state == TaskState.READY and t.task_spec.manual]
            failed = {"iteration": iteration, "error": type(exc).__name__, "detail": str(exc)[:200],
                      "ready_in_tree": [f"{t.task_spec.bpmn_id} (depth {task_depth(t)})" for t in ready]}
            break
        if a != LOOP_TASK or b != REVIEW_TASK:
            hidden = [t for t in wf.tasks.values() if t.state == TaskState.READY and t.task_spec.manual]
            lost = {"iteration": iteration, "is_completed": wf.is_completed(),
                    "ready_seen": len(wf.get_tasks(state=TaskState.READY, manual=True)),
                    "ready_in_tree": [f"{t.task_spec.bpmn_id} (depth {task_depth(t)})" for t in hidden]}
            break
        per_iteration.append((iteration, (t1 - t0) * 1000, (t2 - t1) * 1000, None))
        if iteration in checkpoints or iteration % 50 == 0:
            ready = wf.get_tasks(state=TaskState.READY, manual=True)
            depths[iteration] = task_depth(ready[0]) if ready else None
    return {"iterations_done": len(per_iteration), "lost_sight": lost, "failed": failed,
            "ready_task_depth": depths,
            "checkpoints": checkpoint_stats(per_iteration, checkpoints)}


def main(argv=None) -> dict:
    parser = base_parser("long_cases", __doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=None,
                        help="loop iterations to drive (default 600; quick 50)")
    args = parser.parse_args(argv)
    iterations = args.iterations or (50 if args.quick else 600)
    checkpoints = [p for p in ((10, 25, 50) if args.quick else (10, 100, 400, 490, 600)) if p <= iterations]
    kinds, pg = resolve_databases(args)
    results = {"benchmark": "long_cases", "iterations": iterations, "diagram": f"bpmn/{ETALASE}.bpmn",
               "runs": []}
    started = time.perf_counter()
    results["bare"] = run_bare(iterations, checkpoints)
    log(f"[long_cases] bare: {results['bare']['iterations_done']} iterations, lost sight: "
        f"{results['bare']['lost_sight']}, failed: {results['bare']['failed']}")
    with workdir() as tmp:
        for kind in kinds:
            url = fresh_database(kind, tmp, pg)
            run = run_alur(kind, url, iterations, checkpoints)
            results["runs"].append(run)
            log(f"[long_cases] {kind}: {run['iterations_done']} iterations, outcome {run['outcome']}, "
                f"final {run['final']}")
    results["seconds"] = time.perf_counter() - started
    report(results)
    write_results(args, results)
    return results


def report(results: dict) -> None:
    print(f"diagram: {results['diagram']}, loop step_04 -> step_05 (correct) x {results['iterations']}")
    print("who            iteration  step p50 ms  p95 ms   stored state B")
    for run in results["runs"] + [dict(results["bare"], database="bare (memory)")]:
        for c in run["checkpoints"]:
            size = c.get("stored_bytes")
            print(f"{run['database']:14} {c['iteration']:9}  {fmt_ms(c['step_ms']['p50']):>11}"
                  f"  {fmt_ms(c['step_ms']['p95']):>6}   {size if size else '-':>14}")
    for run in results["runs"]:
        print(f"{run['database']}: {run['iterations_done']} iterations; outcome: {run['outcome']}")
        print(f"  final: {run['final']}")
    bare = results["bare"]
    print(f"bare: {bare['iterations_done']} iterations; lost sight: {bare['lost_sight']}; failed: {bare['failed']}")
    print(f"  depth of the ready task by iteration: {bare['ready_task_depth']}")


if __name__ == "__main__":
    main()
