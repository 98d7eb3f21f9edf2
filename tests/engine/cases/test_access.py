"""Who may see and act on a case (issue 13), through the engine's verbs: vendor and unit
isolation, cross-unit lanes, holding a step (claim, race, reassign, the lane's earlier doer),
atas nama, Plt./Plh."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.cases import (
    assignment,
    attachments,
    commands,
    parties,
    queries,
    starting,
    worklist,
)
from engine.cases.assignment import HeldByOther
from engine.cases.attachments import Upload
from engine.diagrams import deploy
from engine.errors import NotAllowed, NotFound
from engine.org import delegations, units, users
from engine.records import Actor
from tests.access_helpers import (
    LKPP,
    PROXY,
    STAFF,
    VENDOR,
    offer_diagram,
)
from tests.helpers import tiny_bpmn

WIB = ZoneInfo("Asia/Jakarta")

@pytest.fixture
def makassar(rt, admin):
    return units.create_unit(rt, admin, "ukpbj-makassar", "UKPBJ Kota Makassar", "WITA")


@pytest.fixture
def offer(rt, admin):
    return deploy.deploy_diagram(rt, admin, offer_diagram(), "penawaran.bpmn")[0]


def who(name: str, *roles: str, unit_id: int | None = None) -> Actor:
    return Actor(name, frozenset(roles), unit_id=unit_id)


def open_step(rt, actor, case_id):
    [task] = queries.get_case(rt, actor, case_id, with_history=False).open_tasks
    return task


def test_a_vendor_never_sees_another_vendors_case(rt, offer):
    a, b = who("vendor-a", VENDOR), who("vendor-b", VENDOR)
    case = starting.start_case(rt, a, "penawaran", title="Penawaran A")
    step = open_step(rt, a, case.id)
    assert step.assignee == "vendor-a"  # the starter holds the first step of their lane
    with pytest.raises(NotFound):
        attachments.add_attachment(rt, b, step.id, Upload("penawaran", "b.pdf", "application/pdf", b"%PDF-1.4"))
    for call in (lambda: queries.get_case(rt, b, case.id), lambda: worklist.get_task(rt, b, step.id),
                 lambda: commands.complete_task(rt, b, step.id, {}), lambda: assignment.claim_task(rt, b, step.id),
                 lambda: assignment.release_task(rt, b, step.id)):
        with pytest.raises(NotFound):
            call()
    assert queries.list_cases(rt, b).total == 0 and worklist.list_tasks(rt, b).total == 0
    assert worklist.count_tasks(rt, b) == {"mine": 0, "group": 0}
    assert [c.id for c in queries.list_cases(rt, a).items] == [case.id]
    assert worklist.count_tasks(rt, a) == {"mine": 1, "group": 0}


def test_staff_of_another_unit_see_nothing_and_a_cross_unit_lane_sees_every_unit(rt, offer, makassar):
    vendor = who("vendor-a", VENDOR)
    jakarta_staff, makassar_staff = who("andi", STAFF), who("daeng", STAFF, unit_id=makassar.id)
    case = starting.start_case(rt, vendor, "penawaran")  # the installation's unit
    commands.complete_task(rt, vendor, open_step(rt, vendor, case.id).id, {})
    step = open_step(rt, vendor, case.id)
    assert step.lane == STAFF and step.assignee is None  # open to the unit's Pejabat Pengadaan
    with pytest.raises(NotFound):
        queries.get_case(rt, makassar_staff, case.id)
    with pytest.raises(NotFound):
        commands.complete_task(rt, makassar_staff, step.id, {})
    assert worklist.list_tasks(rt, makassar_staff).total == 0 and queries.list_cases(rt, makassar_staff).total == 0
    assert [t.id for t in worklist.list_tasks(rt, jakarta_staff, view="group").items] == [step.id]
    commands.complete_task(rt, jakarta_staff, step.id, {})
    lkpp_step = open_step(rt, vendor, case.id)
    lkpp_makassar = who("lkpp", LKPP, unit_id=makassar.id)
    assert [t.id for t in worklist.list_tasks(rt, lkpp_makassar).items] == [lkpp_step.id]
    commands.complete_task(rt, lkpp_makassar, lkpp_step.id, {})
    # the vendor's later step goes back to the vendor, the lane's earlier doer
    assert open_step(rt, vendor, case.id).assignee == "vendor-a"


def test_two_staff_race_for_one_step(rt, offer):
    for name, role in (("andi", STAFF), ("budi", STAFF), ("vendor-a", VENDOR)):
        users.create_user(rt, name, password_hash="x", roles=[role])
    vendor, andi, budi = who("vendor-a", VENDOR), who("andi", STAFF), who("budi", STAFF)
    case = starting.start_case(rt, vendor, "penawaran")
    commands.complete_task(rt, vendor, open_step(rt, vendor, case.id).id, {})
    step = open_step(rt, vendor, case.id)
    assert worklist.get_task(rt, budi, step.id).may_claim
    assignment.claim_task(rt, andi, step.id)
    detail = worklist.get_task(rt, budi, step.id)
    assert (detail.may_complete, detail.may_claim, detail.held_by) == (False, False, "andi")
    with pytest.raises(HeldByOther) as info:
        commands.complete_task(rt, budi, step.id, {})
    assert info.value.holder == "andi" and info.value.status == 409
    assert worklist.count_tasks(rt, andi) == {"mine": 1, "group": 0}
    assert worklist.count_tasks(rt, budi) == {"mine": 0, "group": 0}
    with pytest.raises(NotAllowed):
        assignment.reassign_task(rt, budi, step.id, "budi")  # not the holder, not a supervisor
    assignment.reassign_task(rt, andi, step.id, "budi")
    assert worklist.get_task(rt, budi, step.id).may_complete
    with pytest.raises(NotAllowed):
        assignment.reassign_task(rt, budi, step.id, "vendor-a")  # who may not act on it
    assignment.release_task(rt, budi, step.id)
    assert worklist.count_tasks(rt, andi)["group"] == 1
    commands.complete_task(rt, andi, step.id, {})  # completing an open step takes it
    actions = [h.action for h in queries.get_case(rt, andi, case.id).history]
    assert actions.count("task_claimed") == 1 and "task_reassigned" in actions and "task_released" in actions


def test_a_proxy_starts_and_acts_atas_nama_the_vendor(rt, offer):
    """A vendor who does not log in: the lane's proxy role starts the case and does its steps,
    recorded "atas nama Penyedia"; no vendor is bound, and other proxies of another unit see nothing."""
    staff = who("lpse", PROXY)
    case = starting.start_case(rt, staff, "penawaran", title="Untuk CV Maju")
    step = open_step(rt, staff, case.id)
    assert step.assignee == "lpse"  # the starter holds the first step of the lane they started from
    done = commands.complete_task(rt, staff, step.id, {})
    assert done.acted_as == "atas nama Penyedia"
    history = queries.get_case(rt, staff, case.id).history
    assert any(h.action == "task_completed_as" and h.data["acted_as"] == "atas nama Penyedia" for h in history)
    assert queries.list_cases(rt, who("vendor-a", VENDOR)).total == 0


def test_a_plt_acts_inside_the_range_and_not_after(rt, admin, clock, offer):
    users.create_user(rt, "kepala", password_hash="x", roles=[STAFF])
    users.create_user(rt, "wakil", password_hash="x", roles=["Staf"])
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=WIB))
    info = delegations.create_delegation(rt, admin, official="kepala", delegate="wakil", kind="Plt",
                                         decree="800/12/2026", starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 3))
    vendor, wakil = who("vendor-a", VENDOR), who("wakil", "Staf")
    case = starting.start_case(rt, vendor, "penawaran")
    commands.complete_task(rt, vendor, open_step(rt, vendor, case.id).id, {})
    step = open_step(rt, vendor, case.id)
    assert [t.id for t in worklist.list_tasks(rt, wakil).items] == [step.id]
    done = commands.complete_task(rt, wakil, step.id, {})
    assert done.acted_as == "Plt. kepala, SK 800/12/2026"
    [action] = delegations.actions_under(rt, who("kepala", STAFF), info.id)
    assert action.task_id == step.id and action.data["decree"] == "800/12/2026"
    # after the range the delegate sees nothing of the next such step
    case2 = starting.start_case(rt, vendor, "penawaran")
    commands.complete_task(rt, vendor, open_step(rt, vendor, case2.id).id, {})
    step2 = open_step(rt, vendor, case2.id)
    clock.set(datetime(2026, 3, 4, 9, 0, tzinfo=WIB))
    assert worklist.list_tasks(rt, wakil).total == 0
    with pytest.raises(NotFound):
        commands.complete_task(rt, wakil, step2.id, {})


def test_invited_vendors_see_the_case_but_not_another_vendors_steps(rt, admin, offer):
    users.create_user(rt, "vendor-c", password_hash="x", roles=[VENDOR])
    vendor_a, vendor_c, andi = who("vendor-a", VENDOR), who("vendor-c", VENDOR), who("andi", STAFF)
    case = starting.start_case(rt, vendor_a, "penawaran")
    first = open_step(rt, vendor_a, case.id)
    commands.complete_task(rt, vendor_a, first.id, {})
    with pytest.raises(NotFound):
        parties.invite_parties(rt, vendor_c, case.id, VENDOR, ["vendor-c"])
    with pytest.raises(parties.PartyError):
        parties.invite_parties(rt, andi, case.id, VENDOR, ["andi"])  # does not hold the lane's role
    assert parties.invite_parties(rt, andi, case.id, VENDOR, ["vendor-c"]) == ["vendor-c"]
    seen = queries.get_case(rt, vendor_c, case.id)
    assert first.id not in [t.id for t in seen.tasks]  # vendor A's own step stays hidden
    assert [t.lane for t in seen.open_tasks] == [STAFF]
    with pytest.raises(NotFound):
        worklist.get_task(rt, vendor_c, first.id)


def test_a_late_step_is_told_only_to_the_people_it_is_for(rt, admin, clock, makassar):
    """Deadline notices follow the access policy: the lane's holders in the case's unit (or
    the step's holder), never the same role in another unit; by the engine and by the sweep."""
    from sqlalchemy import select

    from engine.store.models import Notification, User
    from engine.timers.deadline_sweep import sweep_deadlines
    from tests.helpers import TINY_LANE, linear_body

    deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body(timer="PT1H"), "tenggat"), "tenggat.bpmn")
    users.create_user(rt, "jakarta", password_hash="x", roles=[TINY_LANE])
    users.create_user(rt, "daeng", password_hash="x", roles=[TINY_LANE])
    units.assign_user_unit(rt, admin, "daeng", makassar.id)
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=WIB))
    case = starting.start_case(rt, who("daeng", TINY_LANE, unit_id=makassar.id), "tenggat")
    step = open_step(rt, who("daeng", TINY_LANE, unit_id=makassar.id), case.id)
    clock.set(step.due_at)
    assert sweep_deadlines(rt).escalated == 1
    with rt.read() as session:
        told = set(session.scalars(select(User.username).join(Notification, Notification.user_id == User.id)))
    assert told == {"daeng"}
