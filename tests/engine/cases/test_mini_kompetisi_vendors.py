"""Several vendors in one case (issue 13 point 7): mini_kompetisi step 9 invites vendors, step 10
is one offer task per invited vendor (a parallel multi-instance step, each instance held by its
vendor), the offer deadline closes the offers, step 11 chooses the winner; the later Penyedia
steps go to the winner alone and the case is closed for the others."""
from __future__ import annotations

from datetime import timedelta

import pytest

from engine.cases import commands, parties, queries, starting, worklist
from engine.diagrams import deploy
from engine.errors import FormValidationError, NotFound
from engine.org import users
from engine.records import Actor
from engine.timers.passes import fire_due_timers
from tests.conftest import BPMN_DIR
from tests.helpers import fill_form

PPK, PP, VENDOR = "PPK", "Pejabat Pengadaan", "Penyedia"
VENDORS = ("vendor-a", "vendor-b", "vendor-c")
LATER_VENDOR_STEPS = {"step_15", "step_16", "step_18", "step_22", "step_23", "step_25"}


def who(name: str, *roles: str) -> Actor:
    return Actor(name, frozenset(roles))


@pytest.fixture
def mini(rt, admin):
    for name in VENDORS:
        users.create_user(rt, name, password_hash="x", roles=[VENDOR])
    users.create_user(rt, "ppk", password_hash="x", roles=[PPK])
    users.create_user(rt, "pejabat", password_hash="x", roles=[PP])
    return deploy.deploy_paths(rt, admin, [BPMN_DIR / "mini_kompetisi.bpmn"])[0]


def do(rt, actor, case_id, ref, **values):
    """Complete the open step ``ref`` the actor sees, with a filled form."""
    task = next(t for t in queries.get_case(rt, actor, case_id, with_history=False).open_tasks if t.task_ref == ref)
    form = worklist.get_task(rt, actor, task.id).form
    commands.complete_task(rt, actor, task.id, fill_form(form, **values))
    return task


def to_step_10(rt, clock, ppk, pejabat, invited=VENDORS):
    case = starting.start_case(rt, ppk, "mini_kompetisi", title="Mini kompetisi laptop")
    for ref in ("step_01", "step_02", "step_03"):
        do(rt, ppk, case.id, ref)
    for ref in ("step_04", "step_05", "step_06", "step_07", "step_08"):
        do(rt, pejabat, case.id, ref)
    deadline = clock.now() + timedelta(days=2)
    do(rt, pejabat, case.id, "step_09", offer_deadline=deadline.isoformat(timespec="seconds"),
       invited_vendors=list(invited))
    return case, deadline


def test_three_invited_vendors_one_winner(rt, mini, clock):
    ppk, pejabat = who("ppk", PPK), who("pejabat", PP)
    vendors = {name: who(name, VENDOR) for name in VENDORS}
    case, deadline = to_step_10(rt, clock, ppk, pejabat)

    # step 9 bound the invited vendors as parties of the Penyedia lane; one offer task each
    staff_view = queries.get_case(rt, pejabat, case.id, with_history=False)
    offers = [t for t in staff_view.open_tasks if t.task_ref == "step_10"]
    assert sorted(t.assignee for t in offers) == sorted(VENDORS)
    for name, vendor in vendors.items():
        [mine] = queries.get_case(rt, vendor, case.id, with_history=False).open_tasks
        assert mine.task_ref == "step_10" and mine.assignee == name
        with pytest.raises(NotFound):  # another vendor's offer task: as if it did not exist
            other = next(t for t in offers if t.assignee != name)
            commands.complete_task(rt, vendor, other.id, {})

    prices = {"vendor-a": 120_000_000, "vendor-b": 99_000_000, "vendor-c": 105_000_000}
    for name, vendor in vendors.items():
        do(rt, vendor, case.id, "step_10", offer_price=prices[name])
        clock.advance(minutes=5)

    # each vendor sees their own offer and no other
    for name, vendor in vendors.items():
        seen = queries.get_case(rt, vendor, case.id)
        offers_seen = [t for t in seen.tasks if t.task_ref == "step_10"]
        assert [t.completed_by for t in offers_seen] == [name]
        assert offers_seen[0].data["offer_price"] == prices[name]
        assert "invited_vendors" not in seen.data  # who else was invited is not public
        assert all((h.data or {}).get("username") in (None, name) for h in seen.history)
        for other in set(VENDORS) - {name}:
            text = repr(seen)
            assert other not in text, text[max(0, text.index(other) - 300):text.index(other) + 100]
    # the ranking (every offer) is for the Pejabat Pengadaan
    ranking = sorted((t.data["offer_price"], t.completed_by)
                     for t in queries.get_case(rt, pejabat, case.id).tasks if t.task_ref == "step_10")
    assert [name for _, name in ranking] == ["vendor-b", "vendor-c", "vendor-a"]

    # everyone offered before the deadline: step 11 waits for it
    assert not [t for t in queries.get_case(rt, pejabat, case.id).open_tasks if t.task_ref == "step_11"]
    clock.set(deadline + timedelta(seconds=1))
    fire_due_timers(rt)
    # a winner must be one who offered
    with pytest.raises(parties.PartyError):
        do(rt, pejabat, case.id, "step_11", competition_status="success", winner="pejabat")
    do(rt, pejabat, case.id, "step_11", competition_status="success", winner="vendor-b")

    # the winner alone receives steps 15-27's Penyedia steps; the case is closed for the others
    winner = vendors["vendor-b"]
    seen_refs = set()
    for _ in range(40):
        detail = queries.get_case(rt, pejabat, case.id, with_history=False)
        if detail.case.status != "running":
            break
        [task] = detail.open_tasks
        if task.task_ref in LATER_VENDOR_STEPS:
            assert task.assignee == "vendor-b"
            for loser in ("vendor-a", "vendor-c"):
                assert task.task_ref not in {t.task_ref for t in queries.get_case(rt, vendors[loser], case.id).tasks}
                with pytest.raises(NotFound):
                    commands.complete_task(rt, vendors[loser], task.id, {})
            actor = winner
            seen_refs.add(task.task_ref)
        else:
            actor = ppk if task.lane == PPK else pejabat
        values = {"negotiation_result": "agree"} if task.task_ref == "step_17" else {}
        values |= {"package_review": "approve"} if task.task_ref == "step_20" else {}
        values |= {"order_change": "unchanged"} if task.task_ref == "step_24" else {}
        do(rt, actor, case.id, task.task_ref, **values)
        clock.advance(minutes=5)
    assert seen_refs == LATER_VENDOR_STEPS - {"step_24a"}
    final = queries.get_case(rt, winner, case.id)
    assert final.case.status == "completed" and not final.closed_for_me
    assert {t.task_ref for t in final.tasks} >= LATER_VENDOR_STEPS

    for loser in ("vendor-a", "vendor-c"):
        view = queries.get_case(rt, vendors[loser], case.id)
        assert view.closed_for_me
        refs = {t.task_ref for t in view.tasks}
        assert "step_10" in refs and not refs & LATER_VENDOR_STEPS and "step_12" not in refs
        assert "vendor-b" not in repr(view)


def test_the_case_is_closed_for_the_vendors_not_chosen_while_it_runs(rt, mini, clock):
    ppk, pejabat = who("ppk", PPK), who("pejabat", PP)
    vendors = {name: who(name, VENDOR) for name in VENDORS}
    case, deadline = to_step_10(rt, clock, ppk, pejabat)
    for name in ("vendor-a", "vendor-b"):
        do(rt, vendors[name], case.id, "step_10", offer_price=100_000_000)
    # vendor-c does not offer: the deadline closes the offers and cancels vendor-c's task
    clock.set(deadline + timedelta(seconds=1))
    fire_due_timers(rt)
    detail = queries.get_case(rt, pejabat, case.id, with_history=False)
    assert [t.task_ref for t in detail.open_tasks] == ["step_11"]
    cancelled = [t for t in detail.tasks if t.task_ref == "step_10" and t.status == "cancelled"]
    assert [t.assignee for t in cancelled] == ["vendor-c"] and not cancelled[0].late
    with pytest.raises(parties.PartyError):  # vendor-c made no offer
        do(rt, pejabat, case.id, "step_11", competition_status="success", winner="vendor-c")
    do(rt, pejabat, case.id, "step_11", competition_status="success", winner="vendor-a")

    running = {name: {c.id for c in queries.list_cases(rt, vendors[name], status="running").items} for name in VENDORS}
    assert running == {"vendor-a": {case.id}, "vendor-b": set(), "vendor-c": set()}
    assert queries.get_case(rt, vendors["vendor-b"], case.id).closed_for_me
    assert queries.get_case(rt, vendors["vendor-c"], case.id).closed_for_me
    assert not queries.get_case(rt, vendors["vendor-a"], case.id).closed_for_me


def test_only_holders_of_the_vendor_role_can_be_invited(rt, mini, clock):
    ppk, pejabat = who("ppk", PPK), who("pejabat", PP)
    with pytest.raises(parties.PartyError):
        to_step_10(rt, clock, ppk, pejabat, invited=("vendor-a", "pejabat"))


def test_no_offer_at_all_fails_the_competition(rt, mini, clock):
    ppk, pejabat = who("ppk", PPK), who("pejabat", PP)
    case, deadline = to_step_10(rt, clock, ppk, pejabat)
    clock.set(deadline + timedelta(seconds=1))
    fire_due_timers(rt)
    with pytest.raises(parties.PartyError):  # success needs a winner who offered: none did
        do(rt, pejabat, case.id, "step_11", competition_status="success")
    do(rt, pejabat, case.id, "step_11", competition_status="failed")
    assert queries.get_case(rt, pejabat, case.id).case.end_event == "Kompetisi gagal"


def test_deploy_refuses_a_party_binding_to_a_lane_that_is_not_external(rt, admin):
    from engine.errors import DeployError

    xml = (BPMN_DIR / "mini_kompetisi.bpmn").read_bytes().replace(
        b'<alur:bindParties lane="Penyedia"', b'<alur:bindParties lane="PPK"')
    with pytest.raises(DeployError) as refused:
        deploy.deploy_diagram(rt, admin, xml, "mini_kompetisi.bpmn")
    assert "alur:bindParties lane 'PPK'" in str(refused.value.to_dict())


def test_the_catalog_carries_the_bindings(rt, mini):
    from engine.diagrams.deploy import load_version

    with rt.read() as session:
        catalog = load_version(rt, session, mini.id).catalog
    assert catalog.steps["step_09"].binds.to_dict() == {"lane": VENDOR, "field": "invited_vendors"}
    assert catalog.steps["step_10"].assignee == "vendor"
    assert catalog.steps["step_11"].chooses.to_dict() == {"lane": VENDOR, "field": "winner", "from": "step_10"}
    assert {key for key, step in catalog.steps.items() if step.assignee == "winner"} == LATER_VENDOR_STEPS


def test_a_successful_competition_names_its_winner(rt, mini):
    from engine.diagrams.deploy import load_version
    from engine.rules.forms import validate_submission

    with rt.read() as session:
        form = load_version(rt, session, mini.id).catalog.forms["step_11"]
    checked = ["Papan peringkat kompetisi"]
    with pytest.raises(FormValidationError):
        validate_submission(form, {"inputs_checked": checked, "competition_status": "success"})
    validate_submission(form, {"inputs_checked": checked, "competition_status": "failed"})
