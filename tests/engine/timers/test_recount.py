"""Recounting open steps' deadlines after a day was closed (or reopened)."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from engine.cases import commands, starting
from engine.errors import NotAllowed
from engine.org import closures, units
from engine.records import Actor
from engine.store.models import AuditEvent, Timer
from engine.timers.passes import fire_due_timers
from engine.timers.recount import recount_deadlines
from tests.timer_helpers import DOER, deadline_diagram, deploy_bytes, open_task, wib


@pytest.fixture
def two_day_step(rt, admin):
    deploy_bytes(rt, admin, deadline_diagram("tenggat_uji", "P2D"), "tenggat_uji.bpmn")


def timer_due(rt, case_id):
    with rt.read() as session:
        return session.scalar(select(Timer.due_at).where(Timer.case_id == case_id, Timer.kind == "timer"))


def test_a_closed_day_moves_the_deadline_of_an_open_step_when_recounted(rt, clock, admin, two_day_step):
    clock.set(wib(2026, 1, 5, 9, 0))  # Monday
    case = starting.start_case(rt, DOER, "tenggat_uji")
    assert open_task(rt, case.id).due_at == wib(2026, 1, 7, 9, 0)
    closures.add_closure(rt, admin, "2026-01-06", "Kantor tutup: pemadaman listrik")
    clock.set(wib(2026, 1, 5, 14, 0))

    result = recount_deadlines(rt, admin, "2026-01-06")
    assert (result.cases, result.steps, result.changed) == (1, 1, 1)
    task = open_task(rt, case.id)
    assert task.due_at == wib(2026, 1, 8, 9, 0)  # Tuesday no longer counts
    assert timer_due(rt, case.id) == wib(2026, 1, 8, 9, 0)
    with rt.read() as session:
        [(data, who)] = session.execute(select(AuditEvent.data, AuditEvent.actor)
                                        .where(AuditEvent.action == "deadline_recounted")).all()
    assert datetime.fromisoformat(data["from"]) == wib(2026, 1, 7, 9, 0) and who == admin.username

    # The workflow's timer moved too: nothing fires at the old deadline, the step is late at the new one.
    clock.set(wib(2026, 1, 7, 9, 30))
    fire_due_timers(rt)
    assert not open_task(rt, case.id).late
    clock.set(wib(2026, 1, 8, 9, 0))
    fire_due_timers(rt)
    assert open_task(rt, case.id).late

    assert recount_deadlines(rt, admin, "2026-01-06").changed == 0  # already counted so


def test_reopening_the_day_and_recounting_gives_the_deadline_back(rt, clock, admin, two_day_step):
    clock.set(wib(2026, 1, 5, 9, 0))
    closures.add_closure(rt, admin, "2026-01-06", "Kantor tutup")
    case = starting.start_case(rt, DOER, "tenggat_uji")
    assert open_task(rt, case.id).due_at == wib(2026, 1, 8, 9, 0)
    closures.remove_closure(rt, admin, "2026-01-06")
    assert recount_deadlines(rt, admin, "2026-01-06").changed == 1
    assert open_task(rt, case.id).due_at == wib(2026, 1, 7, 9, 0)
    commands.complete_task(rt, DOER, open_task(rt, case.id).id, {})  # the case still moves on


def test_a_unit_closure_recounts_only_that_units_cases(rt, clock, admin, two_day_step):
    makassar = units.create_unit(rt, admin, "ukpbj-makassar", "UKPBJ Kota Makassar", "WIB")
    member = Actor("daeng", DOER.roles, unit_id=makassar.id)
    clock.set(wib(2026, 1, 5, 9, 0))
    theirs = starting.start_case(rt, member, "tenggat_uji")
    ours = starting.start_case(rt, DOER, "tenggat_uji")
    closures.add_closure(rt, admin, "2026-01-06", "Libur daerah", unit="ukpbj-makassar")
    result = recount_deadlines(rt, admin, "2026-01-06", unit="ukpbj-makassar")
    assert (result.steps, result.changed) == (1, 1)
    assert open_task(rt, theirs.id, who=member).due_at == wib(2026, 1, 8, 9, 0)
    assert open_task(rt, ours.id).due_at == wib(2026, 1, 7, 9, 0)


def test_only_admins_recount(rt, two_day_step):
    with pytest.raises(NotAllowed):
        recount_deadlines(rt, DOER, "2026-01-06")
