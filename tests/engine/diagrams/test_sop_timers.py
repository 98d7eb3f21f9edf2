"""When the SOP-specific timers of the real diagrams (deployed from bpmn/) fire, with the
controlled clock: mini_kompetisi's offer deadline (step 9's ``offer_deadline``) is the one clock
of step 10: it closes the offers still open (not late) and opens step 11, and a "1 hari" step started on a Friday afternoon before a
holiday falls due on the next working day."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from engine.cases import commands, queries, starting, worklist
from engine.diagrams import deploy
from engine.timers.passes import fire_due_timers
from tests.conftest import BPMN_DIR
from tests.helpers import actor, as_the_user, fill_form

WIB = ZoneInfo("Asia/Jakarta")
EVERYONE = actor("semua", "PPK", "Pejabat Pengadaan", "Penyedia")


def wib(*parts) -> datetime:
    return datetime(*parts, tzinfo=WIB)


def deploy_sop(rt, admin, process_id: str):
    return deploy.deploy_paths(rt, admin, [BPMN_DIR / f"{process_id}.bpmn"])[0]


def open_tasks(rt, case_id: int) -> dict:
    return {t.task_ref: t for t in queries.get_case(rt, EVERYONE, case_id, with_history=False).open_tasks}


def complete(rt, clock, case_id: int, ref: str, **values) -> None:
    task = open_tasks(rt, case_id)[ref]
    form = worklist.get_task(rt, EVERYONE, task.id).form
    commands.complete_task(rt, EVERYONE, task.id, as_the_user(rt, EVERYONE, form, fill_form(form, **values)))
    clock.advance(minutes=3)


def pending(rt, case_id: int) -> dict:
    return {t["timer"]: t["due_at"]
            for t in queries.get_case(rt, EVERYONE, case_id, with_history=False).pending_timers}


def case_to_offer_period(rt, clock, admin, offer_deadline: str) -> int:
    """A mini_kompetisi case through steps 1-9 on Monday 5 January 2026 from 09:00 WIB, the offer
    deadline set at step 9; returns the case id."""
    deploy_sop(rt, admin, "mini_kompetisi")
    clock.set(wib(2026, 1, 5, 9, 0))
    case = starting.start_case(rt, EVERYONE, "mini_kompetisi", title="Uji batas penawaran")
    for no in range(1, 9):
        complete(rt, clock, case.id, f"step_{no:02d}")
    complete(rt, clock, case.id, "step_09", offer_deadline=offer_deadline)
    return case.id


def test_offer_deadline_is_step_10s_only_clock_and_opens_step_11(rt, clock, admin):
    # Offers until Monday 12 January 2026 10:00 WIB: five working days, longer than "1-2 hari".
    case_id = case_to_offer_period(rt, clock, admin, "2026-01-12T10:00:00+07:00")
    tasks = open_tasks(rt, case_id)
    assert set(tasks) == {"step_10"}
    # no fixed deadline of its own: step 10 is due when the offers close
    assert tasks["step_10"].due_at == wib(2026, 1, 12, 10, 0)
    timers = pending(rt, case_id)
    assert timers == {"close_step_10": wib(2026, 1, 12, 10, 0)}  # closes the offers

    # The wait for offers is legitimate: past the old fixed P2D (Wed 7 Jan) nothing is late
    # (what fires is step 10's reminder before the offers close).
    for moment in (wib(2026, 1, 7, 9, 30), wib(2026, 1, 9, 16, 0), wib(2026, 1, 12, 9, 59, 59)):
        clock.set(moment)
        fire_due_timers(rt)
        assert "close_step_10" in pending(rt, case_id)
        tasks = open_tasks(rt, case_id)
        assert set(tasks) == {"step_10"} and not tasks["step_10"].late

    # All offers recorded before the deadline: step 11 still waits for the deadline.
    clock.set(wib(2026, 1, 12, 9, 0))
    complete(rt, clock, case_id, "step_10", offer_price=3)
    assert open_tasks(rt, case_id) == {}
    assert pending(rt, case_id) == {"timer_offer_deadline": wib(2026, 1, 12, 10, 0)}
    clock.set(wib(2026, 1, 12, 9, 59, 59))
    assert fire_due_timers(rt) == 0
    assert open_tasks(rt, case_id) == {}

    clock.set(wib(2026, 1, 12, 10, 0))
    assert fire_due_timers(rt) == 1
    tasks = open_tasks(rt, case_id)
    assert set(tasks) == {"step_11"}
    # Step 11's "1 hari" counts from the offer deadline: Tuesday 13 January 10:00 WIB.
    assert tasks["step_11"].due_at == wib(2026, 1, 13, 10, 0)
    assert not tasks["step_11"].late


def test_step_10_still_open_at_the_offer_deadline_is_closed_not_late(rt, clock, admin):
    case_id = case_to_offer_period(rt, clock, admin, "2026-01-08T14:00:00+07:00")
    clock.set(wib(2026, 1, 8, 14, 0))
    assert fire_due_timers(rt) == 2                      # the offer deadline and step 10's reminder
    # The offers are closed: the offer not made is cancelled (not late), step 11 opens at once.
    detail = queries.get_case(rt, EVERYONE, case_id)
    assert {t.task_ref for t in detail.open_tasks} == {"step_11"}
    [offer] = [t for t in detail.tasks if t.task_ref == "step_10"]
    assert offer.status == "cancelled" and not offer.late
    assert set(pending(rt, case_id)) == {"timer_step_11"}
    actions = [h.action for h in detail.history]
    assert "deadline_passed" not in actions


def test_one_day_step_started_friday_afternoon_before_imlek_falls_due_on_the_next_working_day(
        rt, clock, admin):
    # mini_kompetisi step 1 (PPK, "1 hari" -> P1D). Friday 13 February 2026 15:00 WIB; Monday 16
    # February is cuti bersama Imlek, Tuesday 17 February Imlek: due Wednesday 18 February 15:00.
    deploy_sop(rt, admin, "mini_kompetisi")
    clock.set(wib(2026, 2, 13, 15, 0))
    case = starting.start_case(rt, EVERYONE, "mini_kompetisi", title="Uji hari kerja")
    task = open_tasks(rt, case.id)["step_01"]
    assert task.due_at == wib(2026, 2, 18, 15, 0)
    assert pending(rt, case.id) == {"timer_step_01": wib(2026, 2, 18, 15, 0)}

    for moment in (wib(2026, 2, 16, 15, 0), wib(2026, 2, 17, 15, 0), wib(2026, 2, 18, 14, 59, 59)):
        clock.set(moment)
        assert fire_due_timers(rt) == 0
        assert not open_tasks(rt, case.id)["step_01"].late
    clock.set(wib(2026, 2, 18, 15, 0))
    assert fire_due_timers(rt) == 1
    assert open_tasks(rt, case.id)["step_01"].late
