"""Cases of an organisation unit: their deadlines, reminders and shown times follow the unit."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from engine.cases import queries, starting, worklist
from engine.diagrams import deploy
from engine.errors import NotFound
from engine.org import units
from engine.records import Actor
from tests.helpers import linear_body, tiny_bpmn

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
LANE = "Pelaksana Uji"


@pytest.fixture
def makassar(rt, admin):
    return units.create_unit(rt, admin, "ukpbj-makassar", "UKPBJ Kota Makassar", "WITA")


@pytest.fixture
def tiny(rt, admin):
    return deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body(timer="P1D"), "tiny_unit_case"),
                                 "tiny_unit_case.bpmn")[0]


def open_task(rt, who, case_id):
    return queries.get_case(rt, who, case_id, with_history=False).open_tasks[0]


def test_a_case_started_by_a_unit_member_is_due_in_the_units_office_hours(rt, clock, makassar, tiny):
    member = Actor("daeng", frozenset({LANE}), unit_id=makassar.id)
    outsider = Actor("budi", frozenset({LANE}))
    # Monday 15:00 WITA = 14:00 WIB: "1 hari" ends at the next day's closing, local time.
    clock.set(datetime(2026, 1, 5, 15, 0, tzinfo=WITA))
    info = starting.start_case(rt, member, tiny.process_id)
    assert (info.unit_id, info.timezone) == (makassar.id, "Asia/Makassar")
    task = open_task(rt, member, info.id)
    assert task.due_at == datetime(2026, 1, 6, 15, 0, tzinfo=WITA)
    assert task.timezone == "Asia/Makassar"
    [inbox_item] = worklist.list_tasks(rt, member).items
    assert inbox_item.timezone == "Asia/Makassar"
    assert worklist.get_task(rt, member, task.id).task.timezone == "Asia/Makassar"

    other = starting.start_case(rt, outsider, tiny.process_id)
    assert (other.unit_id, other.timezone) == (None, None)
    assert open_task(rt, outsider, other.id).due_at == datetime(2026, 1, 6, 14, 0, tzinfo=WIB)


def test_a_case_may_be_started_for_another_unit_but_not_an_unknown_one(rt, clock, makassar, tiny):
    starter = Actor("budi", frozenset({LANE}))
    clock.set(datetime(2026, 1, 5, 9, 0, tzinfo=WIB))
    info = starting.start_case(rt, starter, tiny.process_id, unit_id=makassar.id)
    assert info.unit_id == makassar.id
    assert [c.timezone for c in queries.list_cases(rt, starter).items] == ["Asia/Makassar"]
    with pytest.raises(NotFound):
        starting.start_case(rt, starter, tiny.process_id, unit_id=makassar.id + 99)
