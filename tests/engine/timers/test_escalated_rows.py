"""Deadlines the sweep escalated, as the case page and the engine's catch-up see them."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from engine.cases import commands, queries
from engine.store import case_store
from engine.store.models import Timer
from engine.timers.deadline_sweep import sweep_deadlines
from tests.timer_helpers import (
    BOTH,
    audit,
    notes,
    passed_per_case,
    start_many,
    timer_rows,
)


def test_an_escalated_deadline_is_not_listed_as_pending_on_the_case(rt, clock, admin, staff):
    [case], [step] = start_many(rt, clock, admin, 1, "PT2H")
    assert [t["timer"] for t in queries.get_case(rt, BOTH, case.id).pending_timers] == ["timer_step_01"]
    clock.set(step.due_at + timedelta(minutes=1))
    assert sweep_deadlines(rt).escalated == 1
    detail = queries.get_case(rt, BOTH, case.id)
    assert detail.open_tasks[0].late and detail.pending_timers == []


def test_a_swept_deadline_whose_catch_up_failed_is_not_escalated_again(rt, clock, admin, staff):
    [case], [step] = start_many(rt, clock, admin, 1, "PT2H")
    clock.set(step.due_at + timedelta(minutes=1))
    assert sweep_deadlines(rt).escalated == 1
    told = len(notes(rt))
    with rt.write() as session:  # as after MAX_ATTEMPTS failed catch-ups, then the case repaired
        session.execute(update(Timer).where(Timer.case_id == case.id).values(status="failed"))
    with rt.write() as session:  # the engine's catch-up: the workflow fires its boundary event
        commands.fire_timers_of_case(rt, session, case_store.lock_case(session, case.id))
    assert passed_per_case(rt) == {case.id: 1}
    assert len(notes(rt)) == told and len(audit(rt, "deadline_passed")) == 1
    assert timer_rows(rt) == []
    assert queries.get_case(rt, BOTH, case.id).open_tasks[0].late
