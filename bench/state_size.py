"""Benchmark 4: bytes stored per case.

A case of the 19-step SOP is driven through Alur's engine (SQLite) and its stored state
(``cases.state``: zlib-compressed JSON without the spec) is measured after a quarter, half and
all of its steps, with the raw JSON size, the number of SpiffWorkflow task records, and how the
raw JSON divides between task data (form values copied into every task), internal data (timer
due times) and the task structure. For comparison: SpiffWorkflow's default serialization of the
same workflow (spec included), raw and zlib-compressed. Task data is counted with its deltas (SpiffWorkflow 3.2 stores
a task's data as the change against its parent's). The spec is stored once per version
(``process_versions.spec_json``) and is reported separately.
"""
from __future__ import annotations

import json
import zlib

from sqlalchemy import select

from .common import (
    base_parser,
    deploy_source,
    fresh_database,
    katalog_source,
    log,
    make_runtime,
    workdir,
    write_results,
)
from .engine_overhead import AlurDriver


def analyse_state(blob: bytes) -> dict:
    raw = zlib.decompress(blob)
    dct = json.loads(raw)
    tasks = dct.get("tasks", {})
    for sub in (dct.get("subprocesses") or {}).values():
        tasks = {**tasks, **sub.get("tasks", {})}
    # SpiffWorkflow 3.2 stores a task's data as a delta against its parent's ("delta"), the root's in full
    data_bytes = sum(len(json.dumps(t.get("data", {}), separators=(",", ":")))
                     + len(json.dumps(t.get("delta", {}), separators=(",", ":"))) for t in tasks.values())
    internal_bytes = sum(len(json.dumps(t.get("internal_data", {}), separators=(",", ":"))) for t in tasks.values())
    workflow_data = len(json.dumps(dct.get("data", {}), separators=(",", ":")))
    return {
        "stored_bytes": len(blob),
        "raw_json_bytes": len(raw),
        "task_records": len(tasks),
        "task_data_bytes": data_bytes,
        "internal_data_bytes": internal_bytes,
        "workflow_data_bytes": workflow_data,
        "structure_bytes": len(raw) - data_bytes - internal_bytes - workflow_data,
    }


def default_serialization(rt, version_id: int, blob: bytes) -> dict:
    from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer

    from engine.diagrams.deploy import load_version
    from engine.spiff.serializer import load_state, make_registry

    with rt.read() as session:
        loaded = load_version(rt, session, version_id)
        wf = load_state(blob, loaded.spec, loaded.subprocess_specs, rt.script_engine(session))
    serializer = BpmnWorkflowSerializer(make_registry())
    text = serializer.serialize_json(wf).encode()
    return {"default_json_bytes": len(text), "default_zlib_bytes": len(zlib.compress(text, 6))}


def measure(source: dict, tmp) -> dict:
    from engine.store.models import Case, ProcessVersion

    url = fresh_database("sqlite", tmp, None)
    rt, sa_engine = make_runtime(url, source["forms_dir"])
    version = deploy_source(rt, source)
    driver = AlurDriver(rt, version, source)
    total_steps = len(driver.path) or len(driver.catalog.steps)
    info = driver.start("ukuran state")
    points = sorted({max(1, round(total_steps / 4)), max(1, round(total_steps / 2)), total_steps})
    rows = []
    done = 0
    task = driver.ready_task(info.id)
    while True:
        if done in points or task is None:
            with rt.read() as session:
                case = session.get(Case, info.id)
                row = {"steps_done": done, "status": case.status, **analyse_state(case.state)}
                row.update(default_serialization(rt, version.id, case.state))
                rows.append(row)
        if task is None:
            break
        driver.complete(*task)
        done += 1
        task = driver.ready_task(info.id)
    with rt.read() as session:
        spec_json = session.scalar(select(ProcessVersion.spec_json).where(ProcessVersion.id == version.id))
    sa_engine.dispose()
    return {"steps": total_steps, "diagram_steps": len(driver.catalog.steps), "points": rows, "spec_json_bytes": len(spec_json),
            "spec_zlib_bytes": len(zlib.compress(spec_json.encode(), 6))}


def main(argv=None) -> dict:
    parser = base_parser("state_size", __doc__.split("\n\n")[0])
    args = parser.parse_args(argv)
    with workdir() as tmp:
        source = katalog_source(tmp)
        result = {"benchmark": "state_size", "diagram": source["label"], **measure(source, tmp)}
    report(result)
    write_results(args, result)
    return result


def report(result: dict) -> None:
    print(f"diagram: {result['diagram']}  (spec stored once per version: {result['spec_json_bytes']} B JSON)")
    print("steps done  stored B  raw JSON B  tasks  task data B  SpiffWorkflow default JSON B (zlib B)")
    for p in result["points"]:
        print(f"{p['steps_done']:10}  {p['stored_bytes']:8}  {p['raw_json_bytes']:10}  {p['task_records']:5}"
              f"  {p['task_data_bytes']:11}  {p['default_json_bytes']:10} ({p['default_zlib_bytes']})")
    log("")


if __name__ == "__main__":
    main()
