"""The live-workflow cache (engine.workflow_cache) changes speed, never behaviour."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.cases import commands, queries, starting, worklist
from engine.diagrams import deploy
from engine.diagrams.deploy import load_version
from engine.diagrams.simulate import Simulator
from engine.errors import Conflict, FormValidationError
from engine.rules.calendar import BusinessCalendar
from engine.runtime import Runtime
from engine.store.db import make_session_factory
from engine.store.models import AuditEvent
from tests.conftest import BPMN_DIR, FORMS_DIR
from tests.helpers import actor, fill_form, replay_steps

# Loops, call activities, a date timer from form data, a cycle-dependent reporting timer.
SOPS = ["etalase_katalog_lokal", "proses_utama_pengadaan", "mini_kompetisi", "pengelolaan_kinerja"]


def longest_path(rt, info):
    with rt.read() as session:
        version = load_version(rt, session, info.id)
    _, xml = deploy.get_version_xml(rt, info.process_id, info.version)
    called = [deploy.get_version_xml(rt, pid)[1] for pid in version.catalog.called]
    report = Simulator(version, xml, calendar=BusinessCalendar("Asia/Jakarta"), called_xml=called).run()
    return max(report.paths, key=lambda p: len(p.steps)), version.catalog


def replay(rt, clock, info, late: bool) -> list[tuple]:
    """Drive the longest path; with ``late`` every step is done after its deadline fired.
    Returns the audit trail as (action, step, actor)."""
    chosen, catalog = longest_path(rt, info)
    everyone = actor("semua", *catalog.all_lanes())
    case = starting.start_case(rt, everyone, info.process_id, title="Uji cache")
    replay_steps(rt, clock, everyone, case.id, chosen.steps, late=late)
    assert queries.get_case(rt, everyone, case.id, with_history=False).case.status == "completed"
    with rt.read() as session:
        trail = session.execute(select(AuditEvent.action, AuditEvent.task_ref, AuditEvent.actor)
                                .where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)).all()
    return [tuple(row) for row in trail]


@pytest.mark.parametrize("late", [False, True], ids=["on_time", "late"])
@pytest.mark.parametrize("process_id", SOPS)
def test_cases_run_the_same_with_and_without_the_cache(db_engine, clock, admin, process_id, late):
    start = clock.now()
    cached = Runtime(make_session_factory(db_engine), clock=clock, forms_dir=FORMS_DIR)
    uncached = Runtime(make_session_factory(db_engine), clock=clock, forms_dir=FORMS_DIR, workflow_cache_size=0)
    infos = {v.process_id: v for v in deploy.deploy_paths(cached, admin, sorted(BPMN_DIR.glob("*.bpmn")))}
    with_cache = replay(cached, clock, infos[process_id], late)
    assert cached.workflows.hits > 0
    clock.set(start)
    without = replay(uncached, clock, infos[process_id], late)
    assert uncached.workflows.hits == 0
    assert with_cache == without
    assert with_cache[-1][0] == "case_completed"
    if late and process_id in ("etalase_katalog_lokal", "mini_kompetisi"):  # steps with a Waktu
        assert any(action == "deadline_passed" for action, *_ in with_cache)


@pytest.fixture
def etalase(rt, admin):
    return deploy.deploy_paths(rt, admin, [BPMN_DIR / "etalase_katalog_lokal.bpmn"])[0]


def first_open(rt, who, case_id):
    return queries.get_case(rt, who, case_id, with_history=False).open_tasks[0]


def complete(rt, who, task):
    form = worklist.get_task(rt, who, task.id).form
    return commands.complete_task(rt, who, task.id, fill_form(form))


def test_a_case_changed_by_another_process_is_read_from_the_database(db_engine, rt, clock, etalase):
    other = Runtime(make_session_factory(db_engine), clock=clock, forms_dir=FORMS_DIR)
    everyone = actor("semua", *etalase.lanes)
    case = starting.start_case(rt, everyone, etalase.process_id)
    complete(rt, everyone, first_open(rt, everyone, case.id))  # rt keeps the live workflow
    second = first_open(rt, everyone, case.id)
    complete(other, everyone, second)  # another process moves the case on
    third = first_open(rt, everyone, case.id)
    assert third.id != second.id
    misses = rt.workflows.misses
    complete(rt, everyone, third)  # rt's cached workflow is outdated: not used
    assert rt.workflows.misses == misses + 1
    fourth = first_open(rt, everyone, case.id)
    assert fourth.task_ref != third.task_ref


def test_a_failed_step_leaves_no_live_workflow_behind(rt, clock, etalase):
    everyone = actor("semua", *etalase.lanes)
    case = starting.start_case(rt, everyone, etalase.process_id)
    task = first_open(rt, everyone, case.id)
    assert len(rt.workflows) == 1
    with pytest.raises(FormValidationError):
        commands.complete_task(rt, everyone, task.id, {"tidak_dikenal": 1})
    assert len(rt.workflows) == 0  # taken by the failed attempt, not put back
    complete(rt, everyone, task)
    assert first_open(rt, everyone, case.id).id != task.id


def test_a_save_from_an_outdated_read_is_refused(rt, clock, etalase):
    from engine.store.case_store import Writes, lock_case, update_case_row

    everyone = actor("semua", *etalase.lanes)
    case = starting.start_case(rt, everyone, etalase.process_id)
    with rt.read() as session:
        outdated = lock_case(session, case.id)
    complete(rt, everyone, first_open(rt, everyone, case.id))
    with pytest.raises(Conflict):
        with rt.write() as session:
            update_case_row(session, outdated, Writes(), state=outdated.state, updated_at=clock.now(),
                            process_version_id=outdated.process_version_id)
