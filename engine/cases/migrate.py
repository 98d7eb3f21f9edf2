"""Moving running cases to a newer version of their process.

By default a running case keeps the version it started with. An admin may move
cases to another version: the steps are aligned by their BPMN ids (SpiffWorkflow's
``diff_workflow``); a case whose open step no longer exists in the target version
is refused rather than guessed, and nothing is written for it. Open steps are
re-created from the new version (their forms and deadlines are the new ones).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

from engine.access import check_admin
from engine.cases.commands import load_workflow, save_case
from engine.diagrams.deploy import load_version
from engine.errors import Conflict, NotFound
from engine.records import Actor
from engine.runtime import Runtime
from engine.spiff.serializer import spec_serializer
from engine.store.case_store import lock_case
from engine.store.models import Case, HumanTask, ProcessVersion
from engine.store.statuses import CaseStatus, TaskStatus
from engine.store.writes import Writes, rename_steps


@dataclass
class MigrationPlan:
    case_id: int
    from_version: int
    to_version: int
    possible: bool
    reason: str = ""
    open_steps: list[str] = field(default_factory=list)
    removed_steps: list[str] = field(default_factory=list)
    changed_steps: list[str] = field(default_factory=list)


def target_version(session, process_id: str, version: int | None) -> ProcessVersion:
    query = select(ProcessVersion).where(ProcessVersion.process_id == process_id)
    if version is None:
        query = query.order_by(ProcessVersion.version.desc()).limit(1)
    else:
        query = query.where(ProcessVersion.version == version)
    row = session.scalars(query).first()
    if row is None:
        raise NotFound(f"Versi {version} proses '{process_id}' tidak ada")
    return row


def plan_for(rt: Runtime, session, case: Case, target: ProcessVersion):
    current = session.get(ProcessVersion, case.process_version_id)
    workflow, _ = load_workflow(rt, session, case)
    new = load_version(rt, session, target.id)
    top_diff, sub_diffs = diff_workflow(spec_serializer().registry, workflow, new.spec, new.subprocess_specs)
    active = TaskState.READY | TaskState.WAITING | TaskState.STARTED
    open_steps = sorted({t.task_spec.bpmn_id for t in workflow.get_tasks(state=active)
                         if t.task_spec.bpmn_id and t.task_spec.manual})
    removed_active = sorted({t.task_spec.bpmn_id or t.task_spec.name for t in top_diff.removed
                             if t.state & active})
    plan = MigrationPlan(
        case_id=case.id, from_version=current.version, to_version=target.version, possible=True,
        open_steps=open_steps,
        removed_steps=sorted({t.task_spec.bpmn_id for t in top_diff.removed if t.task_spec.bpmn_id}),
        changed_steps=sorted({t.task_spec.bpmn_id for t in top_diff.changed if t.task_spec.bpmn_id}),
    )
    if case.status != CaseStatus.RUNNING:
        plan.possible, plan.reason = False, "kasus sudah tidak berjalan"
    elif current.id == target.id:
        plan.possible, plan.reason = False, "kasus sudah memakai versi ini"
    elif removed_active:
        plan.possible = False
        plan.reason = "langkah yang sedang terbuka tidak ada di versi tujuan: " + ", ".join(removed_active)
    elif any(d is None for d in sub_diffs.values()):
        plan.possible, plan.reason = False, "sub-proses yang sedang berjalan tidak ada di versi tujuan"
    return plan, workflow, new, top_diff, sub_diffs


def check_may_migrate(actor: Actor) -> None:
    check_admin(actor, "memindahkan kasus ke versi lain")


def preview_migration(rt: Runtime, actor: Actor, case_id: int, to_version: int | None = None) -> MigrationPlan:
    check_may_migrate(actor)
    with rt.read() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound(f"Kasus {case_id} tidak ada")
        plan, *_ = plan_for(rt, session, case, target_version(session, case.process_id, to_version))
        return plan


def migrate_case(rt: Runtime, actor: Actor, case_id: int, to_version: int | None = None) -> MigrationPlan:
    """Move one case to another version (default: the latest), in one transaction."""
    check_may_migrate(actor)
    with rt.write() as session:
        case = lock_case(session, case_id)  # queue behind a timer firing or a completion of this case
        if case is None:
            raise NotFound(f"Kasus {case_id} tidak ada")
        target = target_version(session, case.process_id, to_version)
        plan, workflow, new, top_diff, sub_diffs = plan_for(rt, session, case, target)
        if not plan.possible:
            raise Conflict(f"Kasus #{case_id} tidak dapat dipindahkan: {plan.reason}")
        migrate_workflow(top_diff, workflow, new.spec)
        for sp_id, sp_diff in sub_diffs.items():
            subprocess = workflow.subprocesses[sp_id]
            migrate_workflow(sp_diff, subprocess, new.subprocess_specs[subprocess.spec.name])
        workflow.subprocess_specs = new.subprocess_specs
        workflow.do_engine_steps()
        now = rt.now()
        case.process_version_id = target.id
        writes = Writes()
        writes.event(case.id, "case_migrated", actor=actor.username, now=now,
                     data={"from_version": plan.from_version, "to_version": plan.to_version,
                           "changed_steps": plan.changed_steps})
        save_case(rt, session, case, workflow, new, actor, now, writes=writes, keep_live=False)
        refresh_open_rows(session, case, new.catalog)
        return plan


def refresh_open_rows(session, case: Case, catalog: dict) -> None:
    """Open steps that kept their task show the new version's name and lane."""
    steps = catalog.steps
    renamed = []
    for row in session.execute(select(HumanTask.id, HumanTask.task_ref, HumanTask.name, HumanTask.lane).where(
            HumanTask.case_id == case.id, HumanTask.status == TaskStatus.READY)):
        step = steps.get(row.task_ref)
        if step:
            renamed.append({"id": row.id, "name": step.name or row.name, "lane": step.lane or row.lane})
    rename_steps(session, renamed)


def migrate_cases(rt: Runtime, actor: Actor, process_id: str, *, from_version: int | None = None,
                  to_version: int | None = None, dry_run: bool = False) -> list[MigrationPlan]:
    """Move every running case of a process (optionally only those on ``from_version``).

    Each case moves in its own transaction; a case that cannot move is reported and left as it is.
    """
    check_may_migrate(actor)
    with rt.read() as session:
        query = select(Case.id).join(ProcessVersion, Case.process_version_id == ProcessVersion.id).where(
            Case.process_id == process_id, Case.status == CaseStatus.RUNNING)
        if from_version is not None:
            query = query.where(ProcessVersion.version == from_version)
        case_ids = list(session.scalars(query.order_by(Case.id)))
    results = []
    for case_id in case_ids:
        plan = preview_migration(rt, actor, case_id, to_version)
        if plan.possible and not dry_run:
            try:
                plan = migrate_case(rt, actor, case_id, to_version)
            except Conflict as exc:
                plan.possible, plan.reason = False, exc.message
        results.append(plan)
    return results
