"""Organisation units: each has its time zone and office hours, and its own closures on top
of the closures for every unit. Deadlines of a unit count in its calendar."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import select

from engine.diagrams import deploy
from engine.errors import Conflict, NotAllowed, NotFound, ProblemsError
from engine.notify import notifications
from engine.org import closure_import, closures, units, users
from engine.records import Actor
from engine.runtime import Runtime
from engine.store.models import AuditEvent, Case, OrgUnit
from tests.helpers import actor, linear_body, tiny_bpmn

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
STAFF = actor("pelaksana", "Pelaksana Uji")
# An admin who also holds the lane of the tiny diagrams (tests.helpers.tiny_bpmn), so may start them.
ADMIN_STARTER = actor("system", "admin", "Pelaksana Uji")


def wib(*parts) -> datetime:
    return datetime(*parts, tzinfo=WIB)


def wita(*parts) -> datetime:
    return datetime(*parts, tzinfo=WITA)


@pytest.fixture
def makassar(rt, admin):
    return units.create_unit(rt, admin, "ukpbj-makassar", "UKPBJ Kota Makassar", "WITA")


@pytest.fixture
def jakarta(rt, admin):
    return units.create_unit(rt, admin, "ukpbj-jakarta", "UKPBJ Provinsi DKI Jakarta", "WIB")


# -- the calendar of a unit -------------------------------------------------------

def test_a_wita_unit_counts_minutes_across_its_own_closing_time(rt, makassar):
    calendar = rt.calendar(unit_id=makassar.id)
    start = wita(2026, 1, 5, 15, 45)  # Monday 15:45 WITA = 14:45 WIB
    # 15 minutes before the 16:00 WITA closing, the other 15 after Tuesday's 07:30 WITA opening.
    assert calendar.add_duration(start, "PT30M") == wita(2026, 1, 6, 7, 45)
    # The same instant in the installation's (WIB) calendar is well inside office hours.
    assert rt.calendar().add_duration(start, "PT30M") == wib(2026, 1, 5, 15, 15)
    # Friday closes at 16:30 there too, local time.
    assert calendar.add_duration(wita(2026, 1, 9, 16, 15), "PT30M") == wita(2026, 1, 12, 7, 45)
    assert calendar.to_local(start).tzinfo.key == "Asia/Makassar"


def test_timers_of_a_unit_count_in_its_calendar(rt, admin, makassar):
    """The script engine of a unit's case carries the unit's calendar to its timers."""
    info = deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body(timer="PT30M"), "tiny_unit"),
                                 "tiny_unit.bpmn")[0]
    rt.clock.set(wita(2026, 1, 5, 15, 45))

    def due_of_timer(unit_id):
        with rt.read() as session:
            version = deploy.load_version(rt, session, info.id)
            workflow = BpmnWorkflow(version.spec, version.subprocess_specs,
                                    script_engine=rt.script_engine(session, unit_id=unit_id))
        workflow.do_engine_steps()
        [value] = [t._get_internal_data("event_value") for t in workflow.event_manager.tasks.values()
                   if isinstance(getattr(t.task_spec, "event_definition", None), TimerEventDefinition)]
        return datetime.fromisoformat(value)

    assert due_of_timer(makassar.id) == wita(2026, 1, 6, 7, 45)
    assert due_of_timer(None) == wib(2026, 1, 5, 15, 15)
    assert rt.timer_context(unit_id=makassar.id).add_duration(wita(2026, 1, 5, 15, 45), "PT30M") \
        == wita(2026, 1, 6, 7, 45)


def test_two_units_with_different_office_hours_give_different_due_times(rt, admin, jakarta):
    short = units.create_unit(rt, admin, "lpse-pagi", "LPSE Layanan Pagi", "WIB",
                              office_hours='{"0": ["08:00", "12:00"], "1": ["08:00", "12:00"]}')
    start = wib(2026, 1, 5, 11, 0)  # Monday 11:00 WIB
    assert rt.calendar(unit_id=jakarta.id).add_duration(start, "PT2H") == wib(2026, 1, 5, 13, 0)
    assert rt.calendar(unit_id=short.id).add_duration(start, "PT2H") == wib(2026, 1, 6, 9, 0)
    # Days end at the unit's closing time.
    assert rt.calendar(unit_id=jakarta.id).add_duration(wib(2026, 1, 5, 7, 30), "P1D") == wib(2026, 1, 5, 16, 0)
    assert rt.calendar(unit_id=short.id).add_duration(wib(2026, 1, 5, 7, 0), "P1D") == wib(2026, 1, 5, 12, 0)
    # Weekdays not given keep the default hours (Wednesday 07:30-16:00).
    assert rt.calendar(unit_id=short.id).add_duration(wib(2026, 1, 7, 15, 0), "PT1H") == wib(2026, 1, 7, 16, 0)


def test_a_unit_without_office_hours_follows_the_installation(db_engine, clock, admin):
    from engine.rules.calendar import OfficeHours
    from engine.store.db import make_session_factory
    from tests.conftest import FORMS_DIR

    rt = Runtime(make_session_factory(db_engine), clock=clock, forms_dir=FORMS_DIR, timezone_name="Asia/Jakarta",
                 office_hours=OfficeHours.from_mapping({"0": ["09:00", "15:00"]}))
    unit = units.create_unit(rt, admin, "ukpbj-makassar", "UKPBJ Kota Makassar", "WITA")
    assert unit.office_hours is None
    # Monday 09:00-15:00 local time, in WITA; Tuesday keeps the default 07:30 opening.
    assert rt.calendar(unit_id=unit.id).add_duration(wita(2026, 1, 5, 14, 30), "PT1H") == wita(2026, 1, 6, 8, 0)
    assert units.effective_office_hours(rt, None).for_weekday(0)[0].hour == 9


def test_a_unit_closure_only_closes_that_unit(rt, admin, makassar, jakarta):
    # 9 November: the anniversary of Makassar, a regional holiday there only.
    closures.add_closure(rt, admin, "2026-11-09", "Hari Jadi Kota Makassar", unit="ukpbj-makassar")
    monday = wita(2026, 11, 9, 9).date()
    assert not rt.calendar(unit_id=makassar.id).is_working_day(monday)
    assert rt.calendar(unit_id=makassar.id).non_working_reason(monday) == "Hari Jadi Kota Makassar"
    assert rt.calendar(unit_id=jakarta.id).is_working_day(monday)
    assert rt.calendar().is_working_day(monday)
    # A step started the Friday before is due a working day later: Tuesday in Makassar.
    friday = wita(2026, 11, 6, 10, 0)
    assert rt.calendar(unit_id=makassar.id).add_duration(friday, "P1D") == wita(2026, 11, 10, 10, 0)
    assert rt.calendar(unit_id=jakarta.id).add_duration(friday, "P1D") == wita(2026, 11, 9, 10, 0)

    # A closure for every unit closes them all.
    closures.add_closure(rt, admin, "2026-11-10", "Pemadaman listrik")
    tuesday = monday + timedelta(days=1)
    assert not any(rt.calendar(unit_id=u).is_working_day(tuesday) for u in (None, makassar.id, jakarta.id))

    listed = closures.list_closures(rt, 2026)
    assert [(c.day.isoformat(), c.unit_code, c.applies_to) for c in listed] == [
        ("2026-11-09", "ukpbj-makassar", "UKPBJ Kota Makassar"), ("2026-11-10", None, "semua unit")]
    assert [c.day.isoformat() for c in closures.list_closures(rt, 2026, unit=None)] == ["2026-11-10"]
    assert [c.day.isoformat() for c in closures.list_closures(rt, 2026, unit=jakarta.id)] == ["2026-11-10"]
    assert len(closures.list_closures(rt, 2026, unit="ukpbj-makassar")) == 2

    days = {d.day.isoformat(): d for d in closures.non_working_days(rt, 2026, unit="ukpbj-makassar")}
    assert days["2026-11-09"].kinds == ("unit_closure",) and days["2026-11-10"].kinds == ("closure",)
    assert "2026-11-09" not in {d.day.isoformat() for d in closures.non_working_days(rt, 2026)}
    overview = {d.day.isoformat(): d for d in closures.non_working_days(rt, 2026, unit=closures.ANY_UNIT)}
    assert overview["2026-11-09"].labels == ["Penutupan unit"]
    assert overview["2026-11-09"].closure.unit_code == "ukpbj-makassar"

    # Removing one unit's closure leaves the others.
    with pytest.raises(NotFound):
        closures.remove_closure(rt, admin, "2026-11-09")  # not closed for every unit
    closures.remove_closure(rt, admin, "2026-11-09", unit=makassar.id)
    assert rt.calendar(unit_id=makassar.id).is_working_day(monday)


def test_closures_per_unit_conflicts(rt, admin, makassar, jakarta):
    closures.add_closure(rt, admin, "2026-06-22", "HUT Jakarta", unit=jakarta.id)
    closures.add_closure(rt, admin, "2026-06-22", "Rapat kerja", unit=makassar.id)  # same day, other unit
    with pytest.raises(Conflict, match="untuk unit ukpbj-jakarta"):
        closures.add_closure(rt, admin, "2026-06-22", "lagi", unit="ukpbj-jakarta")
    closures.add_closure(rt, admin, "2026-06-23", "Semua tutup")
    with pytest.raises(Conflict, match="semua unit"):
        closures.add_closure(rt, admin, "2026-06-23", "berlebih", unit=makassar.id)
    with pytest.raises(NotFound):
        closures.add_closure(rt, admin, "2026-06-24", "x", unit="tidak-ada")
    with pytest.raises(ProblemsError) as info:
        closure_import.import_closures(rt, admin, b"2026-06-23,Sudah\n2026-06-25,Baru\n", "tutup.csv", unit=makassar.id)
    assert "2026-06-23" in info.value.problems[0].message
    result = closure_import.import_closures(rt, admin, b"2026-06-25,Baru\n2026-06-22,Rapat kerja\n", "tutup.csv",
                                      unit=makassar.id)
    assert [d.isoformat() for d in result.added] == ["2026-06-25"] and len(result.unchanged) == 1
    assert closures.get_closure(rt, "2026-06-25", unit=makassar.id).reason == "Baru"
    assert closures.get_closure(rt, "2026-06-25") is None
    with rt.read() as session:
        data = [e.data for e in session.scalars(select(AuditEvent).where(AuditEvent.action == "closure_added"))]
    assert data[0] == {"day": "2026-06-22", "reason": "HUT Jakarta", "unit_id": jakarta.id, "unit": "ukpbj-jakarta"}


# -- the verbs -------------------------------------------------------------------------

def test_create_update_and_list_units(rt, admin):
    info = units.create_unit(rt, admin, " UKPBJ-Makassar ", "  UKPBJ  Kota Makassar ", "wita",
                             office_hours='{"4": ["8:00", "16.30"], "0": ["08:00", "16:00"]}')
    assert (info.code, info.name, info.timezone, info.zone) == (
        "ukpbj-makassar", "UKPBJ Kota Makassar", "Asia/Makassar", "WITA")
    assert json.loads(info.office_hours) == {"0": ["08:00", "16:00"], "4": ["08:00", "16:30"]}
    assert units.get_unit(rt, "ukpbj-makassar") == units.get_unit(rt, info.id)
    assert units.get_unit(rt, str(info.id)).code == "ukpbj-makassar"

    moved = units.update_unit(rt, admin, info.id, name="UKPBJ Makassar", timezone="Asia/Jayapura",
                              office_hours=None)
    assert (moved.name, moved.zone, moved.office_hours) == ("UKPBJ Makassar", "WIT", None)
    # The cached calendar follows the change at once.
    assert rt.calendar(unit_id=info.id).to_local(wib(2026, 1, 5, 9)).utcoffset() == timedelta(hours=9)
    units.update_unit(rt, admin, "ukpbj-makassar", code="ukpbj-mks")
    assert [u.code for u in units.list_units(rt)] == ["ukpbj-mks"]
    with rt.read() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["unit_created", "unit_updated", "unit_updated"]


@pytest.mark.parametrize("field, values", [
    ("timezone", {"timezone": "Mars/Olympus"}),
    ("timezone", {"timezone": ""}),
    ("timezone", {"timezone": "x" * 100}),
    ("office_hours", {"office_hours": "{bukan json"}),
    ("office_hours", {"office_hours": '{"0": ["16:00", "08:00"]}'}),
    ("office_hours", {"office_hours": '{"9": ["08:00", "16:00"]}'}),
    ("office_hours", {"office_hours": "[1, 2]"}),
    ("office_hours", {"office_hours": '{"0": null, "1": null, "2": null, "3": null, "4": null}'}),
    ("code", {"code": "Kode Dengan Spasi"}),
    ("code", {"code": "1-angka-dulu"}),
    ("name", {"name": "   "}),
])
def test_bad_input_names_the_field(rt, admin, field, values):
    arguments = {"code": "ukpbj-makassar", "name": "UKPBJ Kota Makassar", "timezone": "WITA", **values}
    with pytest.raises(units.UnitError) as info:
        units.create_unit(rt, admin, **arguments)
    assert [p.field for p in info.value.problems] == [field]
    assert info.value.status == 422 and isinstance(info.value, ProblemsError)
    assert units.list_units(rt) == []


def test_every_bad_field_is_named_at_once_and_in_bahasa(rt, admin, makassar):
    with pytest.raises(units.UnitError) as info:
        units.update_unit(rt, admin, makassar.id, timezone="WITT", office_hours='{"0": ["07:30"]}')
    problems = {p.field: p.message for p in info.value.problems}
    assert set(problems) == {"timezone", "office_hours"}
    assert "zona waktu 'WITT' tidak dikenal" in problems["timezone"]
    assert "jam kantor" in problems["office_hours"]


def test_only_admins_manage_units_and_codes_are_unique(rt, admin, makassar):
    with pytest.raises(NotAllowed):
        units.create_unit(rt, STAFF, "lpse", "LPSE", "WIB")
    with pytest.raises(NotAllowed):
        units.delete_unit(rt, STAFF, makassar.id)
    with pytest.raises(Conflict, match="sudah dipakai"):
        units.create_unit(rt, admin, "ukpbj-makassar", "Lain", "WIB")
    other = units.create_unit(rt, admin, "lpse", "LPSE", "WIB")
    with pytest.raises(Conflict):
        units.update_unit(rt, admin, other.id, code="ukpbj-makassar")
    with pytest.raises(NotFound):
        units.get_unit(rt, "tidak-ada")
    with pytest.raises(NotFound):
        units.update_unit(rt, admin, 999, name="x")


def test_delete_is_refused_while_users_or_cases_refer_to_the_unit(rt, admin, makassar):
    users.create_user(rt, "andi", password_hash="x", roles=["Pelaksana Uji"])
    assert units.assign_user_unit(rt, admin, "andi", "ukpbj-makassar").id == makassar.id
    assert units.unit_of_user(rt, username="andi").code == "ukpbj-makassar"
    assert units.units_of_users(rt) == {"andi": units.find_unit(rt, makassar.id)}
    closures.add_closure(rt, admin, "2026-11-09", "Hari Jadi Kota Makassar", unit=makassar.id)
    assert units.get_unit(rt, makassar.id).users == 1

    with pytest.raises(Conflict) as info:
        units.delete_unit(rt, admin, makassar.id)
    assert "1 pengguna" in info.value.message and "pindahkan" in info.value.message
    assert units.get_unit(rt, makassar.id)

    assert units.assign_user_unit(rt, admin, "andi", None) is None
    assert units.unit_of_user(rt, username="andi") is None
    gone = units.delete_unit(rt, admin, "ukpbj-makassar")
    assert gone.closures == 1 and units.list_units(rt) == []
    assert closures.list_closures(rt) == []  # its own closures went with it
    with pytest.raises(NotFound):
        units.assign_user_unit(rt, admin, "andi", makassar.id)
    with pytest.raises(NotFound):
        units.assign_user_unit(rt, admin, "tidak-ada", None)


def test_a_unit_with_cases_stays(rt, admin, makassar):
    from engine.cases import starting

    deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body(), "tiny_unit"), "tiny_unit.bpmn")
    case = starting.start_case(rt, ADMIN_STARTER, "tiny_unit")
    with rt.write() as session:
        session.get(Case, case.id).unit_id = makassar.id
    with pytest.raises(Conflict, match="1 kasus"):
        units.delete_unit(rt, admin, makassar.id)
    assert units.get_unit(rt, makassar.id).cases == 1


def test_a_case_started_by_a_unit_member_follows_the_unit(rt, admin, makassar):
    """Needs engine.cases.start_case to store the starter's unit (``actor.unit_id``)."""
    from engine.cases import queries, starting

    deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body(timer="PT30M"), "tiny_unit"), "tiny_unit.bpmn")
    rt.clock.set(wita(2026, 1, 5, 15, 45))
    member = Actor("andi", frozenset({"admin", "Pelaksana Uji"}), unit_id=makassar.id)
    plain = starting.start_case(rt, ADMIN_STARTER, "tiny_unit")  # no unit: the installation's WIB calendar
    assert queries.get_case(rt, admin, plain.id).open_tasks[0].due_at == wib(2026, 1, 5, 15, 15)
    info = starting.start_case(rt, member, "tiny_unit")
    with rt.read() as session:
        unit_id = session.get(Case, info.id).unit_id
    if unit_id is None:
        pytest.skip("engine.cases.start_case does not store the starter's unit yet")
    assert unit_id == makassar.id
    detail = queries.get_case(rt, admin, info.id)
    assert detail.case.timezone == "Asia/Makassar"
    [task] = detail.open_tasks
    assert task.timezone == "Asia/Makassar"
    assert task.due_at == wita(2026, 1, 6, 7, 45)


def test_a_unit_that_vanished_falls_back_to_the_installation_calendar(rt, admin, makassar):
    with rt.write() as session:
        session.delete(session.get(OrgUnit, makassar.id))
    rt.invalidate_calendar()
    assert str(rt.calendar(unit_id=makassar.id).zone) == "Asia/Jakarta"


def test_a_fixed_calendar_serves_every_unit(db_engine, clock):
    from engine.rules.calendar import BusinessCalendar
    from engine.store.db import make_session_factory

    fixed = BusinessCalendar("Asia/Jayapura")
    rt = Runtime(make_session_factory(db_engine), clock=clock, calendar=fixed)
    assert rt.calendar() is fixed and rt.calendar(unit_id=42) is fixed


def test_calendars_are_cached_per_unit_until_invalidated(rt, admin, makassar):
    first = rt.calendar(unit_id=makassar.id)
    assert rt.calendar(unit_id=makassar.id) is first
    assert rt.calendar() is not first
    closures.add_closure(rt, admin, "2026-03-02", "Rapat kerja", unit=makassar.id)
    again = rt.calendar(unit_id=makassar.id)
    assert again is not first and not again.is_working_day(wita(2026, 3, 2, 9).date())
    # A workflow's timer context sees the change without being rebuilt.
    context = rt.timer_context(unit_id=makassar.id)
    closures.add_closure(rt, admin, "2026-03-03", "Rapat kerja hari kedua", unit=makassar.id)
    assert not context.calendar.is_working_day(wita(2026, 3, 3, 9).date())


# -- notifications in the case's zone --------------------------------------------------

def test_reminders_and_messages_use_the_units_calendar(rt, makassar):
    due = wita(2026, 1, 6, 16, 0)  # Tuesday closing in Makassar
    assert notifications.format_moment(rt, due, makassar.id) == "Selasa, 6 Januari 2026, 16.00 WITA"
    assert notifications.format_moment(rt, due) == "Selasa, 6 Januari 2026, 15.00 WIB"
    # One working day before: Monday's closing, local time.
    assert notifications.reminder_due(rt, wita(2026, 1, 5, 8), due, makassar.id) == wita(2026, 1, 5, 16, 0)
    assert notifications.reminder_due(rt, wita(2026, 1, 5, 8), due) == wib(2026, 1, 5, 15, 0)


def test_actors_default_to_the_installation_unit():
    assert Actor("x").unit_id is None
    assert Actor("x", frozenset(), unit_id=3).unit_id == 3


def test_office_hours_are_described_in_bahasa():
    from engine.rules.calendar import OfficeHours, parse_office_hours

    assert OfficeHours().describe() == "Senin\u2013Kamis 07.30\u201316.00, Jumat 07.30\u201316.30; Sabtu, Minggu tutup"
    hours = parse_office_hours('{"5": ["08:00", "12:00"]}')
    assert hours.describe().endswith("Sabtu 08.00\u201312.00; Minggu tutup")
