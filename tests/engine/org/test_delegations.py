"""Plt./Plh.: an official (or an admin for them) hands some or all of their lane roles to
another user for a range of days counted in the official's unit's time zone."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.cases import starting
from engine.diagrams import deploy
from engine.errors import NotAllowed, NotFound
from engine.org import delegations, units, users
from engine.org.delegations import DelegationError
from engine.records import Actor
from engine.store.models import AuditEvent
from tests.helpers import TINY_LANE as TEST_LANE
from tests.helpers import actor, linear_body, tiny_bpmn

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")

LAIN = actor("lain", "Pokja Pemilihan")


@pytest.fixture
def people(rt, admin):
    makassar = units.create_unit(rt, admin, "ukpbj-makassar", "UKPBJ Kota Makassar", "WITA")
    jakarta = units.create_unit(rt, admin, "ukpbj-jakarta", "UKPBJ DKI Jakarta", "WIB")
    users.create_user(rt, "kepala", password_hash="x", roles=["Kepala UKPBJ", "Pokja Pemilihan"])
    users.create_user(rt, "wakil", password_hash="x", roles=["Pokja Pemilihan"])
    users.create_user(rt, "lain", password_hash="x", roles=["Pokja Pemilihan"])
    users.create_user(rt, "pengawas", password_hash="x", roles=["admin"])
    units.assign_user_unit(rt, admin, "kepala", makassar.id)
    units.assign_user_unit(rt, admin, "wakil", jakarta.id)
    return {"makassar": makassar, "jakarta": jakarta}


def kepala(people) -> Actor:
    return Actor("kepala", frozenset({"Kepala UKPBJ", "Pokja Pemilihan"}), unit_id=people["makassar"].id)


def wakil(people) -> Actor:
    return Actor("wakil", frozenset({"Pokja Pemilihan"}), unit_id=people["jakarta"].id)


def add(rt, who, **values):
    fields = {"official": "kepala", "delegate": "wakil", "kind": "Plt", "decree": "800/12/2026",
              "starts_on": "2026-01-05", "ends_on": "2026-01-31", **values}
    return delegations.create_delegation(rt, who, **fields)


def test_the_official_delegates_and_both_see_it(rt, people):
    info = add(rt, kepala(people), roles=["Kepala UKPBJ"], kind="plt.")
    assert (info.official, info.delegate, info.kind, info.decree) == ("kepala", "wakil", "Plt", "800/12/2026")
    assert (info.starts_on, info.ends_on, info.roles, info.active) == (date(2026, 1, 5), date(2026, 1, 31),
                                                                      ("Kepala UKPBJ",), True)
    assert info.label == "Plt. kepala" and info.created_by == "kepala"
    assert [d.id for d in delegations.list_delegations(rt, kepala(people))] == [info.id]
    assert [d.id for d in delegations.list_delegations(rt, wakil(people))] == [info.id]
    assert delegations.list_delegations(rt, LAIN) == []
    assert delegations.get_delegation(rt, wakil(people), info.id).delegate == "wakil"
    with pytest.raises(NotFound):
        delegations.get_delegation(rt, LAIN, info.id)
    with pytest.raises(NotFound):
        delegations.actions_under(rt, LAIN, info.id)
    # An admin sees everyone's, or one user's.
    assert [d.id for d in delegations.list_delegations(rt, actor("pengawas", "admin"))] == [info.id]
    assert delegations.list_delegations(rt, actor("pengawas", "admin"), username="LAIN") == []
    assert [d.id for d in delegations.list_delegations(rt, actor("pengawas", "admin"), username="wakil")] == [info.id]


def test_only_the_official_or_an_admin_delegates(rt, admin, people):
    with pytest.raises(NotAllowed):
        add(rt, LAIN)
    with pytest.raises(NotAllowed):
        add(rt, wakil(people), delegate="lain")
    info = add(rt, admin, delegate="lain", kind="Plh")
    assert (info.created_by, info.delegate, info.kind) == ("system", "lain", "Plh")


@pytest.mark.parametrize("values, field", [
    ({"official": "tidak-ada"}, "official"),
    ({"official": ""}, "official"),
    ({"official": "pengawas"}, "official"),  # holds no lane role
    ({"delegate": "tidak-ada"}, "delegate"),
    ({"delegate": ""}, "delegate"),
    ({"delegate": "kepala"}, "delegate"),
    ({"kind": "Kepala"}, "kind"),
    ({"kind": ""}, "kind"),
    ({"decree": "   "}, "decree"),
    ({"decree": "x" * 201}, "decree"),
    ({"starts_on": ""}, "starts_on"),
    ({"starts_on": "5 Januari 2026"}, "starts_on"),
    ({"ends_on": "2026-02-30"}, "ends_on"),
    ({"ends_on": "2026-01-04"}, "ends_on"),  # before the start
    ({"starts_on": "2025-12-01", "ends_on": "2026-01-04"}, "ends_on"),  # already over
    ({"ends_on": "2027-01-06"}, "ends_on"),  # 5 January 2026 to 6 January 2027 is 367 days
    ({"roles": ["Pokja Pemilihan", "Bendahara"]}, "roles"),
])
def test_each_bad_field_is_named(rt, admin, people, values, field):
    with pytest.raises(DelegationError) as caught:
        add(rt, admin, **values)
    assert field in {p.field for p in caught.value.problems}, caught.value.problems
    assert delegations.list_delegations(rt, admin, include_ended=True) == []


def test_a_year_is_the_longest_range(rt, admin, people):
    assert add(rt, admin, starts_on="2028-01-01", ends_on="2028-12-31").ends_on == date(2028, 12, 31)  # 366 days


def test_revoke_ends_it_and_the_official_sees_the_actions(rt, admin, clock, people):
    deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body()), "tiny.bpmn")
    case = starting.start_case(rt, actor("pemohon", TEST_LANE), "tiny")
    info = add(rt, kepala(people))
    with pytest.raises(NotFound):
        delegations.revoke_delegation(rt, LAIN, info.id)
    with rt.write() as session:  # what engine.cases.commands records for a step done under it
        session.add(AuditEvent(case_id=None, task_id=None, task_ref=None, actor="wakil", action="note",
                               data={"delegation_id": info.id}, at=clock.now()))
        session.add(AuditEvent(case_id=case.id, task_id="t1", task_ref="Review", actor="wakil", action="task_completed",
                               data={"delegation_id": info.id, "acted_as": "Plt. kepala, SK 800/12/2026"},
                               at=clock.now()))
        session.add(AuditEvent(case_id=case.id, task_id="t2", task_ref="Other", actor="wakil", action="task_completed",
                               data={}, at=clock.now()))
    [done] = delegations.actions_under(rt, kepala(people), info.id)
    assert (done.case_id, done.task_ref, done.action) == (case.id, "Review", "task_completed")

    ended = delegations.revoke_delegation(rt, kepala(people), info.id)
    assert (ended.active, ended.revoked_by) == (False, "kepala") and ended.revoked_at == clock.now()
    assert delegations.list_delegations(rt, kepala(people)) == []
    assert [d.id for d in delegations.list_delegations(rt, kepala(people), include_ended=True)] == [info.id]
    assert standing(rt, wakil(people)).officials() == {}
    again = delegations.revoke_delegation(rt, admin, info.id)
    assert again.revoked_by == "kepala"


def standing(rt, who):
    with rt.read() as session:
        return delegations.load_standing(rt, session, who)


def test_the_delegate_holds_the_officials_lane_roles_in_the_officials_unit(rt, clock, people):
    info = add(rt, kepala(people), starts_on="2026-12-01", ends_on="2026-12-31")
    me = wakil(people)
    clock.set(datetime(2026, 11, 30, 12, 0, tzinfo=WIB))
    assert standing(rt, me).officials() == {}
    clock.set(datetime(2026, 12, 15, 12, 0, tzinfo=WIB))
    held = standing(rt, me)
    grants = held.officials()["kepala"]
    assert {(g.role, g.unit_id) for g in grants} == {("Kepala UKPBJ", people["makassar"].id),
                                                     ("Pokja Pemilihan", people["makassar"].id)}
    assert {g.describe() for g in grants} == {"Plt. kepala, SK 800/12/2026"}
    assert {g.delegation_id for g in grants} == {info.id}
    assert held.roles_by_unit()[people["jakarta"].id] == ["Pokja Pemilihan"]  # their own stay
    clock.set(datetime(2027, 1, 2, 12, 0, tzinfo=WIB))
    assert standing(rt, me).officials() == {}
    assert delegations.list_delegations(rt, me) == []


def test_only_the_roles_delegated(rt, clock, people):
    add(rt, kepala(people), roles=["Kepala UKPBJ"])
    grants = standing(rt, wakil(people)).officials()["kepala"]
    assert [g.role for g in grants] == ["Kepala UKPBJ"]


def test_the_range_counts_in_the_officials_zone(rt, clock, people):
    """A WITA official's delegation for December holds until 23:59 WITA on 31 December, which
    is 22:59 WIB; at 23:30 WIB on 31 December it is already 1 January in Makassar."""
    info = add(rt, kepala(people), starts_on="2026-12-01", ends_on="2026-12-31")
    me = wakil(people)  # the delegate works in Jakarta (WIB)

    def holds(*moment) -> bool:
        clock.set(datetime(*moment, tzinfo=WIB))
        active = delegations.get_delegation(rt, me, info.id).active
        assert active == ("kepala" in standing(rt, me).officials())
        return active

    assert not holds(2026, 11, 30, 22, 59)  # 23:59 WITA on 30 November
    assert holds(2026, 11, 30, 23, 0)  # 00:00 WITA on 1 December
    assert holds(2026, 12, 31, 22, 59)  # 23:59 WITA on 31 December
    assert not holds(2026, 12, 31, 23, 0)  # midnight in Makassar
    assert not holds(2026, 12, 31, 23, 30)
    assert delegations.list_delegations(rt, me) == []
    assert [d.id for d in delegations.list_delegations(rt, me, include_ended=True)] == [info.id]


def test_revoking_an_ended_delegation_changes_nothing(rt, admin, clock, people):
    info = add(rt, kepala(people), ends_on="2026-01-06")
    clock.set(datetime(2026, 1, 8, 9, 0, tzinfo=WITA))
    ended = delegations.revoke_delegation(rt, admin, info.id)
    assert (ended.revoked_at, ended.active) == (None, False)
