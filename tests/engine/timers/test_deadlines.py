"""Deadlines in Indonesian working days, through the engine: small diagrams deployed and
run with the controlled clock; the due time stored with the step, the timer firing at
that minute and not before; timer dates from form data; closures; supervisors."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from engine.cases import commands, queries, starting
from engine.diagrams import deploy
from engine.org import closure_import, closures
from engine.store.models import AuditEvent, HumanTask, Timer
from engine.timers.passes import fire_due_timers
from tests.timer_helpers import (
    BOTH,
    DOER,
    LANE_A,
    LANE_B,
    OFFER_FORM,
    deadline_diagram,
    deploy_bytes,
    offer_diagram,
    open_task,
    wib,
)


def actions(rt, case_id: int) -> list[str]:
    return [h.action for h in queries.get_case(rt, BOTH, case_id).history]


def start_at(rt, clock, admin, moment: datetime, duration: str, pid: str = "tenggat_uji"):
    deploy_bytes(rt, admin, deadline_diagram(pid, duration), f"{pid}.bpmn")
    clock.set(moment)
    case = starting.start_case(rt, DOER, pid, title="Uji")
    return case, open_task(rt, case.id)


# -- due times through the engine ------------------------------------------

def test_one_day_step_on_friday_afternoon_before_cuti_bersama_and_imlek(rt, clock, admin):
    # Fri 13 Feb 2026 15:00 WIB; Mon 16 Feb cuti bersama Imlek; Tue 17 Feb Imlek.
    case, task = start_at(rt, clock, admin, wib(2026, 2, 13, 15, 0), "P1D")
    assert task.due_at == wib(2026, 2, 18, 15, 0)
    assert task.due_at.tzinfo is not None
    with rt.read() as session:
        timer = session.scalars(select(Timer).where(Timer.case_id == case.id, Timer.kind == "timer")).one()
        assert timer.due_at == wib(2026, 2, 18, 15, 0) and timer.attached_to == "step_01"

    clock.set(wib(2026, 2, 18, 14, 59, 59))
    assert fire_due_timers(rt) == 0
    assert not open_task(rt, case.id).late
    clock.set(wib(2026, 2, 18, 15, 0))
    assert fire_due_timers(rt) == 1
    assert open_task(rt, case.id).late
    assert actions(rt, case.id).count("deadline_passed") == 1


@pytest.mark.parametrize("start, due", [
    (wib(2026, 1, 5, 15, 45), wib(2026, 1, 6, 7, 45)),     # Monday 15:45: 15 min today, 15 tomorrow
    (wib(2026, 1, 9, 16, 15), wib(2026, 1, 12, 7, 45)),    # Friday closes at 16:30
    (wib(2026, 1, 5, 17, 0), wib(2026, 1, 6, 8, 0)),       # after closing: from the next opening
    (wib(2026, 1, 5, 10, 0), wib(2026, 1, 5, 10, 30)),     # inside office hours
])
def test_thirty_minutes_across_closing_time(rt, clock, admin, start, due):
    _, task = start_at(rt, clock, admin, start, "PT30M")
    assert task.due_at == due


def test_one_day_across_the_year_boundary(rt, clock, admin):
    # Thu 31 Dec 2026 10:00; Fri 1 Jan 2027 Tahun Baru; weekend → Mon 4 Jan 2027 10:00.
    case, task = start_at(rt, clock, admin, wib(2026, 12, 31, 10, 0), "P1D")
    assert task.due_at == wib(2027, 1, 4, 10, 0)
    clock.set(wib(2027, 1, 1, 10, 0))
    assert fire_due_timers(rt) == 0
    clock.set(wib(2027, 1, 4, 10, 0))
    assert fire_due_timers(rt) == 1


def test_thirty_minutes_before_new_year(rt, clock, admin):
    _, task = start_at(rt, clock, admin, wib(2026, 12, 31, 15, 50), "PT30M")
    assert task.due_at == wib(2027, 1, 4, 7, 50)


def test_timer_date_from_form_data_fires_at_that_moment_and_not_before(rt, clock, admin, tmp_path):
    forms = tmp_path / "forms" / "tawaran_uji"
    forms.mkdir(parents=True)
    (forms / "step_01.json").write_text(json.dumps(OFFER_FORM))
    rt.forms_dir = tmp_path / "forms"
    deploy_bytes(rt, admin, offer_diagram(), "tawaran_uji.bpmn")
    case = starting.start_case(rt, DOER, "tawaran_uji")
    task = open_task(rt, case.id)
    # A Saturday evening in WITA given in the form: a timeDate is an instant, not working time.
    commands.complete_task(rt, DOER, task.id, {"offer_deadline": "2026-01-10T19:30:00+08:00"})
    deadline = datetime(2026, 1, 10, 11, 30, tzinfo=timezone.utc)
    detail = queries.get_case(rt, BOTH, case.id)
    assert detail.open_tasks == []
    assert [t["due_at"] for t in detail.pending_timers] == [deadline]

    clock.set(deadline - timedelta(seconds=1))
    assert fire_due_timers(rt) == 0
    assert queries.get_case(rt, BOTH, case.id).open_tasks == []
    clock.set(deadline)
    assert fire_due_timers(rt) == 1
    detail = queries.get_case(rt, BOTH, case.id)
    assert [t.task_ref for t in detail.open_tasks] == ["step_02"]
    fired = [h for h in detail.history if h.action == "timer_fired"]
    assert len(fired) == 1 and fired[0].at == deadline and fired[0].task_ref == "wait_offer"
    assert detail.pending_timers == []


def test_a_timer_date_already_past_fires_at_once(rt, clock, admin, tmp_path):
    forms = tmp_path / "forms" / "tawaran_uji"
    forms.mkdir(parents=True)
    (forms / "step_01.json").write_text(json.dumps(OFFER_FORM))
    rt.forms_dir = tmp_path / "forms"
    deploy_bytes(rt, admin, offer_diagram(), "tawaran_uji.bpmn")
    case = starting.start_case(rt, DOER, "tawaran_uji")
    task = open_task(rt, case.id)
    commands.complete_task(rt, DOER, task.id, {"offer_deadline": "2026-01-01T08:00:00+07:00"})
    # The engine saw the time while completing: no waiting timer, step 2 is there.
    assert open_task(rt, case.id).task_ref == "step_02"


# -- closures ---------------------------------------------------------------

def test_a_closure_moves_deadlines_of_steps_that_arrive_after_it(rt, clock, admin):
    deploy_bytes(rt, admin, deadline_diagram("tenggat_uji", "P1D"), "tenggat_uji.bpmn")
    clock.set(wib(2026, 1, 5, 9, 0))  # Monday
    before = starting.start_case(rt, DOER, "tenggat_uji")
    assert open_task(rt, before.id).due_at == wib(2026, 1, 6, 9, 0)

    closures.add_closure(rt, admin, "2026-01-06", "Kantor tutup: pemadaman listrik")
    after = starting.start_case(rt, DOER, "tenggat_uji")
    assert open_task(rt, after.id).due_at == wib(2026, 1, 7, 9, 0)
    # Judgement call: the step that was already waiting keeps the deadline it was given.
    assert open_task(rt, before.id).due_at == wib(2026, 1, 6, 9, 0)
    assert closures.open_tasks_due_from(rt, wib(2026, 1, 6, 0, 0).date()) == 2

    closures.remove_closure(rt, admin, "2026-01-06")
    again = starting.start_case(rt, DOER, "tenggat_uji")
    assert open_task(rt, again.id).due_at == wib(2026, 1, 6, 9, 0)


def test_closure_verbs_check_input_and_permission(rt, admin):
    from engine.errors import Conflict, NotAllowed, NotFound, ProblemsError

    with pytest.raises(NotAllowed):
        closures.add_closure(rt, DOER, "2026-03-02", "x")
    with pytest.raises(ProblemsError) as info:
        closures.add_closure(rt, admin, "2026-02-30", "")
    assert {p.field for p in info.value.problems} == {"day", "reason"}
    info = closures.add_closure(rt, admin, "2026-03-02", "  Rapat   kerja  ")
    assert info.reason == "Rapat kerja" and info.created_by == admin.username
    with pytest.raises(Conflict):
        closures.add_closure(rt, admin, "2026-03-02", "lagi")
    with pytest.raises(NotFound):
        closures.remove_closure(rt, admin, "2026-03-03")
    assert [c.day.isoformat() for c in closures.list_closures(rt, 2026)] == ["2026-03-02"]
    assert closures.list_closures(rt, 2025) == []
    days = {d.day.isoformat(): d for d in closures.non_working_days(rt, 2026)}
    assert days["2026-03-02"].kinds == ("closure",) and days["2026-03-02"].reason == "Rapat kerja"
    assert days["2026-02-16"].kinds == ("cuti_bersama",)
    assert days["2026-02-17"].kinds == ("national",)
    assert "2026-01-03" not in days  # a plain Saturday
    with rt.read() as session:
        logged = [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.case_id.is_(None)))]
    assert logged == ["closure_added"]


CSV_OK = """tanggal,keterangan
# cuti bersama tambahan
2026-03-16,"Cuti bersama, tambahan SKB"

2026-04-06,Kantor tutup
"""


def test_import_csv_and_json(rt, admin):
    result = closure_import.import_closures(rt, admin, CSV_OK.encode(), "tutup.csv")
    assert [d.isoformat() for d in result.added] == ["2026-03-16", "2026-04-06"]
    assert closures.list_closures(rt)[0].reason == "Cuti bersama, tambahan SKB"
    data = json.dumps([{"date": "2026-04-06", "reason": "Renovasi kantor"}, ["2026-05-04", "Pindahan"]])
    result = closure_import.import_closures(rt, admin, data.encode(), "tutup.json")
    assert [d.isoformat() for d in result.added] == ["2026-05-04"]
    assert [d.isoformat() for d in result.updated] == ["2026-04-06"]
    assert {c.day.isoformat(): c.reason for c in closures.list_closures(rt)}["2026-04-06"] == "Renovasi kantor"
    assert rt.calendar().is_working_day(wib(2026, 5, 4, 9).date()) is False


def test_a_bad_line_names_the_line_and_nothing_is_imported(rt, admin):
    from engine.errors import ProblemsError

    bad = "2026-03-16,Cuti\n2026-13-01,Bulan salah\n2026-03-17\n2026-03-16,Ganda\n2026-03-18,\n"
    with pytest.raises(ProblemsError) as info:
        closure_import.import_closures(rt, admin, bad.encode(), "tutup.csv")
    lines = [p.line for p in info.value.problems]
    assert lines == [2, 3, 4, 5]
    assert "2026-13-01" in info.value.problems[0].message
    assert "baris 1" in info.value.problems[2].message  # the duplicate names the first line
    assert closures.list_closures(rt) == []
    with pytest.raises(ProblemsError) as info:
        closure_import.import_closures(rt, admin, b'[{"date": "2026-03-16", "reason": "ok"}, {"date": 5}]', "t.json")
    assert "butir ke-2" in info.value.problems[0].message
    with pytest.raises(ProblemsError) as info:
        closure_import.import_closures(rt, admin, b'[{"date": "2026-03-16",\n "reason": }]', "t.json")
    assert info.value.problems[0].line == 2
    assert closures.list_closures(rt) == []


# -- supervisors --------------------------------------------------------------

def test_supervisors_are_read_from_lanes_and_process(rt, admin):
    info = deploy_bytes(rt, admin, deadline_diagram("tenggat_uji"), "tenggat_uji.bpmn")
    with rt.read() as session:
        catalog = deploy.load_version(rt, session, info.id).catalog
    assert catalog.supervisors == {LANE_A: "Kepala Uji"}
    assert catalog.default_supervisor == "Pimpinan Uji"
    from engine.notify.recipients import supervisor_role

    assert supervisor_role(catalog, LANE_A) == "Kepala Uji"
    assert supervisor_role(catalog, LANE_B) == "Pimpinan Uji"
    bare = deploy_bytes(rt, admin, deadline_diagram("tanpa_atasan", supervisor_a=None, process_supervisor=None),
                        "tanpa_atasan.bpmn")
    with rt.read() as session:
        catalog = deploy.load_version(rt, session, bare.id).catalog
    assert catalog.supervisors == {} and catalog.default_supervisor is None
    assert supervisor_role(catalog, LANE_A) is None


def test_nested_lanes_inherit_the_parent_lanes_supervisor():
    from engine.diagrams.validate import read_diagram

    xml = deadline_diagram("bersarang", supervisor_a=None, process_supervisor=None).decode()
    xml = xml.replace('<bpmn:laneSet id="LaneSet_bersarang">',
                      '<bpmn:laneSet id="LaneSet_bersarang"><bpmn:lane id="Lane_unit" name="Unit">'
                      '<bpmn:extensionElements><alur:supervisor>Kepala Unit</alur:supervisor>'
                      '</bpmn:extensionElements><bpmn:childLaneSet id="Child_set">')
    xml = xml.replace("</bpmn:laneSet>", "</bpmn:childLaneSet></bpmn:lane></bpmn:laneSet>")
    catalog = read_diagram(xml.encode(), "bersarang.bpmn").processes[0].catalog
    assert catalog.lanes == (LANE_A, LANE_B)
    assert catalog.supervisors == {LANE_A: "Kepala Unit", LANE_B: "Kepala Unit"}


def test_late_steps_keep_their_row_and_due_time(rt, clock, admin):
    case, task = start_at(rt, clock, admin, wib(2026, 1, 5, 9, 0), "PT1H")
    clock.set(task.due_at + timedelta(minutes=5))
    assert fire_due_timers(rt) == 1
    with rt.read() as session:
        row = session.get(HumanTask, task.id)
        assert row.late and row.status == "ready" and row.due_at == task.due_at
