"""Deploying diagrams as immutable, numbered process versions."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.diagrams.catalog import Catalog, Step
from engine.diagrams.catalog_build import first_user_task_lane
from engine.diagrams.validate import read_diagram
from engine.errors import DeployError, NotAllowed, NotFound, Problem
from engine.records import Actor, StepInfo, VersionInfo
from engine.rules.forms import load_forms
from engine.runtime import LoadedVersion, Runtime
from engine.spiff.serializer import dump_specs, load_specs
from engine.store.models import ProcessVersion


def content_hash(data: bytes, forms: dict) -> str:
    digest = hashlib.sha256(data)
    digest.update(json.dumps(forms, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    return digest.hexdigest()


def version_info(row: ProcessVersion, *, is_latest: bool = True, created: bool = True,
                 running_cases: int = 0) -> VersionInfo:
    catalog = Catalog.from_dict(row.catalog)
    return VersionInfo(
        id=row.id,
        process_id=row.process_id,
        version=row.version,
        name=row.name,
        content_hash=row.content_hash,
        filename=row.filename,
        start_lane=row.start_lane,
        lanes=list(catalog.lanes),
        deployed_by=row.deployed_by,
        deployed_at=row.deployed_at,
        step_count=len(catalog.steps),
        is_latest=is_latest,
        created=created,
        running_cases=running_cases,
        start_lanes={lane: [role for role in (lane, catalog.proxy_of(lane)) if role]
                     for lane in catalog.start_lanes if lane},
    )


def check_may_deploy(actor: Actor) -> None:
    if not actor.is_admin:
        raise NotAllowed("Hanya admin yang boleh mendeploy diagram")


def deployed_spec_resolver(session: Session, rt: Runtime):
    """Finds the latest deployed spec of a called process (call activities across files)."""

    def resolve(process_id: str):
        try:
            row = latest_version(session, process_id)
        except NotFound:
            return None
        loaded = load_version(rt, session, row.id)
        return loaded.spec, loaded.subprocess_specs

    return resolve


def with_called_catalogs(rt: Runtime, session: Session, catalog: Catalog, process,
                         own: dict[str, Catalog]) -> Catalog:
    """Merge in the catalogs of the processes this one calls (from this file or deployed)."""
    called = {}
    for process_id in process.subprocess_specs:
        if process_id in own:
            called[process_id] = own[process_id]
        else:
            called[process_id] = load_version(rt, session, latest_version(session, process_id).id).catalog
    if not called:
        return catalog
    merged = catalog.merged_with(called)
    if merged.start_lane is None:
        merged = merged.with_start_lane(first_user_task_lane(process.spec, {}, called))
    return merged


def latest_version_ids(session: Session):
    return (
        select(func.max(ProcessVersion.id)).group_by(ProcessVersion.process_id).scalar_subquery()
    )


def deploy_diagram(rt: Runtime, actor: Actor, data: bytes, filename: str = "diagram.bpmn") -> list[VersionInfo]:
    """Validate a BPMN document and store a new version of each executable process in it.

    Deploying content identical to the latest version is a no-op that returns it.
    Nothing is written unless every process in the document is valid.
    """
    check_may_deploy(actor)
    filename = Path(filename or "diagram.bpmn").name
    with rt.write() as session:
        diagram = read_diagram(data, filename, resolve_process=deployed_spec_resolver(session, rt))
        results = []
        now = rt.now()
        own = {p.process_id: p.catalog.with_forms(load_forms(rt.forms_dir, p.process_id, p.catalog.steps.keys()))
               for p in diagram.processes}
        for process in diagram.processes:
            forms = own[process.process_id].forms
            catalog = with_called_catalogs(rt, session, own[process.process_id], process, own)
            digest = content_hash(bytes(data), forms)
            latest = session.scalars(
                select(ProcessVersion)
                .where(ProcessVersion.process_id == process.process_id)
                .order_by(ProcessVersion.version.desc())
                .limit(1)
            ).first()
            if latest is not None and latest.content_hash == digest:
                results.append(version_info(latest, created=False))
                continue
            row = ProcessVersion(
                process_id=process.process_id,
                version=(latest.version + 1) if latest else 1,
                name=process.name,
                content_hash=digest,
                filename=filename,
                bpmn_xml=bytes(data),
                spec_json=dump_specs(process.spec, process.subprocess_specs),
                catalog=catalog.to_dict(),
                start_lane=catalog.start_lane,
                deployed_by=actor.username,
                deployed_at=now,
            )
            session.add(row)
            session.flush()
            results.append(version_info(row))
        if not results:
            raise DeployError("Tidak ada proses yang dapat dideploy", [Problem("tidak ada proses", file=filename)])
        return results


def deploy_paths(rt: Runtime, actor: Actor, paths) -> list[VersionInfo]:
    """Deploy files in an order that puts called processes before their callers."""
    pending = [Path(p) for p in paths]
    results: list[VersionInfo] = []
    last_error: DeployError | None = None
    while pending:
        progressed = False
        still = []
        for path in pending:
            try:
                results.extend(deploy_diagram(rt, actor, path.read_bytes(), path.name))
                progressed = True
            except DeployError as exc:
                if any("belum pernah dideploy" in p.message for p in exc.problems):
                    still.append(path)
                    last_error = exc
                else:
                    raise
        if not progressed:
            raise last_error  # type: ignore[misc]
        pending = still
    return results


def load_version(rt: Runtime, session: Session, version_id: int) -> LoadedVersion:
    cached = rt.specs.get(version_id)
    if cached is not None:
        return cached
    row = session.get(ProcessVersion, version_id)
    if row is None:
        raise NotFound(f"Versi proses {version_id} tidak ada")
    spec, subprocess_specs = load_specs(row.spec_json)
    catalog = Catalog.from_dict(row.catalog)
    loaded = LoadedVersion(
        id=row.id,
        process_id=row.process_id,
        version=row.version,
        name=row.name,
        spec=spec,
        subprocess_specs=subprocess_specs,
        catalog=catalog,
        lane_of_timer=catalog.timer_owners(),
    )
    rt.specs.put(loaded)
    return loaded


def latest_version(session: Session, process_id: str) -> ProcessVersion:
    row = session.scalars(
        select(ProcessVersion)
        .where(ProcessVersion.process_id == process_id)
        .order_by(ProcessVersion.version.desc())
        .limit(1)
    ).first()
    if row is None:
        raise NotFound(f"Proses '{process_id}' belum dideploy")
    return row


def list_processes(rt: Runtime) -> list[VersionInfo]:
    """The latest version of every deployed process."""
    with rt.read() as session:
        rows = session.scalars(
            select(ProcessVersion)
            .where(ProcessVersion.id.in_(latest_version_ids(session)))
            .order_by(ProcessVersion.name)
        ).all()
        return [version_info(r) for r in rows]


def list_versions(rt: Runtime, process_id: str) -> list[VersionInfo]:
    with rt.read() as session:
        rows = session.scalars(
            select(ProcessVersion).where(ProcessVersion.process_id == process_id).order_by(ProcessVersion.version.desc())
        ).all()
        if not rows:
            raise NotFound(f"Proses '{process_id}' belum dideploy")
        from engine.store.models import Case

        running = dict(session.execute(
            select(Case.process_version_id, func.count()).where(
                Case.process_id == process_id, Case.status == "running").group_by(Case.process_version_id)
        ).all())
        return [version_info(r, is_latest=(i == 0), running_cases=running.get(r.id, 0)) for i, r in enumerate(rows)]


def get_version_xml(rt: Runtime, process_id: str, version: int | None = None) -> tuple[VersionInfo, bytes]:
    with rt.read() as session:
        if version is None:
            row = latest_version(session, process_id)
        else:
            row = session.scalars(
                select(ProcessVersion).where(
                    ProcessVersion.process_id == process_id, ProcessVersion.version == version
                )
            ).first()
            if row is None:
                raise NotFound(f"Proses '{process_id}' versi {version} tidak ada")
        return version_info(row), row.bpmn_xml


def step_info(catalog: Catalog, task_ref: str) -> StepInfo:
    step = catalog.steps.get(task_ref) or Step(name=task_ref)
    return StepInfo(
        task_ref=task_ref,
        name=step.name,
        lane=step.lane,
        documentation=step.documentation,
        kelengkapan=list(step.kelengkapan),
        waktu=step.waktu,
        output=list(step.output),
        timer=step.timers[0].value if step.timers else None,
    )


def get_steps(rt: Runtime, process_id: str) -> tuple[VersionInfo, list[StepInfo]]:
    with rt.read() as session:
        row = latest_version(session, process_id)
        catalog = Catalog.from_dict(row.catalog)
        return version_info(row), [step_info(catalog, ref) for ref in catalog.steps]


def validate_diagram(rt: Runtime, data: bytes, filename: str = "diagram.bpmn") -> list[str]:
    """Check a diagram as deploy would, writing nothing. Returns its executable process ids."""
    with rt.read() as session:
        diagram = read_diagram(data, Path(filename or "diagram.bpmn").name,
                               resolve_process=deployed_spec_resolver(session, rt))
        return [p.process_id for p in diagram.processes]
