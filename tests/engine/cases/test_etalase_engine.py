"""The etalase SOP end to end through the engine, both correction loops."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from engine.cases import commands, queries, starting, worklist
from engine.diagrams import deploy
from engine.errors import Conflict, FormValidationError, NotAllowed, NotFound
from tests.conftest import BPMN_DIR
from tests.helpers import actor, fill_form

OPD = actor("opd", "Kepala OPD")
UKPBJ = actor("ukpbj", "Kepala UKPBJ")
LPSE = actor("lpse", "Sub Koordinator Pengelolaan LPSE")
BY_LANE = {a.roles and next(iter(a.roles)): a for a in (OPD, UKPBJ, LPSE)}


@pytest.fixture
def deployed(rt, admin):
    return deploy.deploy_paths(rt, admin, [BPMN_DIR / "etalase_katalog_lokal.bpmn"])[0]


def do_open_task(rt, case_id, **values):
    detail = queries.get_case(rt, OPD, case_id)
    assert len(detail.open_tasks) == 1, detail.open_tasks
    task = detail.open_tasks[0]
    who = BY_LANE[task.lane]
    form = worklist.get_task(rt, who, task.id).form
    commands.complete_task(rt, who, task.id, fill_form(form, **values))
    return task


def test_deploy_is_versioned_and_idempotent(rt, admin, deployed):
    assert deployed.version == 1 and deployed.created
    again = deploy.deploy_paths(rt, admin, [BPMN_DIR / "etalase_katalog_lokal.bpmn"])[0]
    assert again.id == deployed.id and not again.created
    assert deployed.start_lane == "Kepala OPD"
    assert deployed.lanes == ["Kepala OPD", "Kepala UKPBJ", "Sub Koordinator Pengelolaan LPSE"]


def test_runs_to_the_end_through_both_correction_loops(rt, deployed, clock):
    case = starting.start_case(rt, OPD, "etalase_katalog_lokal", title="Etalase alat tulis kantor")
    order = []
    decisions = {"step_05": ["correct", "approve"], "step_08": ["correct", "approve"]}
    while True:
        detail = queries.get_case(rt, OPD, case.id)
        if detail.case.status != "running":
            break
        task = detail.open_tasks[0]
        values = {}
        if task.task_ref in decisions:
            key = "review_decision" if task.task_ref == "step_05" else "letter_decision"
            form = worklist.get_task(rt, BY_LANE[task.lane], task.id).form
            key = next(k for k in form["schema"]["properties"] if k.endswith("_decision"))
            values[key] = decisions[task.task_ref].pop(0)
        do_open_task(rt, case.id, **values)
        order.append(task.task_ref)
        clock.advance(minutes=5)
        assert len(order) < 30
    assert order == ["step_01", "step_02", "step_03", "step_04", "step_05", "step_04", "step_05",
                     "step_06", "step_07", "step_08", "step_07", "step_08", "step_09"]
    detail = queries.get_case(rt, OPD, case.id)
    assert detail.case.status == "completed"
    assert detail.open_tasks == [] and detail.pending_timers == []
    actions = [h.action for h in detail.history]
    assert actions[0] == "case_started" and actions[-1] == "case_completed"
    assert actions.count("task_completed") == 13
    completed = [h for h in detail.history if h.action == "task_completed"]
    assert {h.actor for h in completed} == {"opd", "ukpbj", "lpse"}


def test_only_the_first_lane_may_start(rt, deployed):
    with pytest.raises(NotAllowed):
        starting.start_case(rt, UKPBJ, "etalase_katalog_lokal")


def test_wrong_role_gets_not_allowed_and_nothing_changes(rt, deployed):
    """Someone who sees the case but not as the step's lane is refused; someone with no part in
    the case is answered as if the step did not exist (engine.access); nothing changes."""
    case = starting.start_case(rt, OPD, "etalase_katalog_lokal")
    task = queries.get_case(rt, OPD, case.id).open_tasks[0]
    before = queries.get_case(rt, OPD, case.id)
    with pytest.raises(NotFound):
        commands.complete_task(rt, LPSE, task.id, {})
    after = queries.get_case(rt, OPD, case.id)
    assert after.case.lock_version == before.case.lock_version
    assert after.history == before.history and after.open_tasks == before.open_tasks
    do_open_task(rt, case.id)  # 1, by OPD: step 2 is Kepala UKPBJ's
    task = queries.get_case(rt, OPD, case.id).open_tasks[0]
    before = queries.get_case(rt, OPD, case.id)
    with pytest.raises(NotAllowed):
        commands.complete_task(rt, OPD, task.id, {})
    after = queries.get_case(rt, OPD, case.id)
    assert after.case.lock_version == before.case.lock_version and after.history == before.history


def test_form_is_validated_on_the_server(rt, deployed):
    case = starting.start_case(rt, OPD, "etalase_katalog_lokal")
    do_open_task(rt, case.id)  # 1
    do_open_task(rt, case.id)  # 2
    do_open_task(rt, case.id)  # 3
    do_open_task(rt, case.id)  # 4
    task = queries.get_case(rt, OPD, case.id).open_tasks[0]
    assert task.task_ref == "step_05"
    with pytest.raises(FormValidationError) as info:
        commands.complete_task(rt, UKPBJ, task.id, {"review_decision": "maybe", "bogus": 1})
    fields = {p.field for p in info.value.problems}
    assert {"review_decision", "bogus", "inputs_checked"} <= fields


def test_double_completion_gives_one_success_and_one_conflict(rt, deployed):
    case = starting.start_case(rt, OPD, "etalase_katalog_lokal")
    task = queries.get_case(rt, OPD, case.id).open_tasks[0]
    data = fill_form(worklist.get_task(rt, OPD, task.id).form)
    barrier = threading.Barrier(2)
    results = []

    def complete():
        barrier.wait()
        try:
            commands.complete_task(rt, OPD, task.id, data)
            results.append("ok")
        except Conflict:
            results.append("conflict")

    threads = [threading.Thread(target=complete) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    detail = queries.get_case(rt, OPD, case.id)
    assert [h.action for h in detail.history].count("task_completed") == 1
    assert detail.open_tasks[0].task_ref == "step_02"


def test_step_deadline_is_stored_with_the_task(rt, deployed, clock):
    case = starting.start_case(rt, OPD, "etalase_katalog_lokal")
    do_open_task(rt, case.id)
    task = queries.get_case(rt, OPD, case.id).open_tasks[0]
    assert task.task_ref == "step_02"
    assert task.due_at is not None and task.due_at > clock.now()


def test_timer_marks_the_step_late_and_keeps_it_open(rt, deployed, clock):
    from engine.timers.passes import fire_due_timers

    case = starting.start_case(rt, OPD, "etalase_katalog_lokal")
    do_open_task(rt, case.id)
    task = queries.get_case(rt, OPD, case.id).open_tasks[0]
    assert fire_due_timers(rt) == 0
    clock.set(task.due_at - timedelta(seconds=1))
    assert fire_due_timers(rt) == 0
    clock.set(task.due_at)
    assert fire_due_timers(rt) == 1
    detail = queries.get_case(rt, OPD, case.id)
    assert detail.case.status == "running"
    assert detail.open_tasks[0].id == task.id and detail.open_tasks[0].late
    assert "deadline_passed" in [h.action for h in detail.history]
    assert fire_due_timers(rt) == 0
    # The late step can still be done, and the case goes on.
    do_open_task(rt, case.id)
    assert queries.get_case(rt, OPD, case.id).open_tasks[0].task_ref == "step_03"


def test_case_list_is_paginated_and_counting_stops_at_the_cap(rt, deployed, monkeypatch):
    for i in range(3):
        starting.start_case(rt, OPD, "etalase_katalog_lokal", title=f"Kasus {i}")
    page = queries.list_cases(rt, OPD, per_page=2)
    assert [c.title for c in page.items] == ["Kasus 2", "Kasus 1"] and page.total == 3 and page.total_exact
    assert [c.title for c in queries.list_cases(rt, OPD, per_page=2, page=2).items] == ["Kasus 0"]
    assert queries.list_cases(rt, LPSE).total == 0  # no step of these cases in LPSE's lane yet
    monkeypatch.setattr(queries, "COUNT_CAP", 2)
    capped = queries.list_cases(rt, OPD, per_page=2)
    assert capped.total == 2 and not capped.total_exact


def test_done_list_shows_what_i_completed(rt, deployed):
    case = starting.start_case(rt, OPD, "etalase_katalog_lokal")
    do_open_task(rt, case.id)
    assert [t.task_ref for t in worklist.list_tasks(rt, OPD, status="completed").items] == ["step_01"]
    assert worklist.list_tasks(rt, UKPBJ, status="completed").items == []
