"""Deadlines escalated set-based by the timer worker (engine.timers.deadline_sweep), and the engine
catching up with them: batches, what qualifies, the same texts and audit data as a firing
through the engine, a step completed first, crash safety, two workers on PostgreSQL.

The clock is a ManualClock; nothing sleeps. Counts are those of the final design: one
``deadline_passed`` event and one notification per person and step, after the sweep *and*
the engine's catch-up (the catch-up's save sees the row's status ``escalated`` and deletes
it without escalating again)."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from engine.cases import commands, queries, starting
from engine.diagrams import deploy
from engine.diagrams.catalog import Catalog
from engine.diagrams.validate import read_diagram
from engine.notify.mailer import Notifier, SmtpSettings
from engine.runtime import Runtime
from engine.store.db import create_db_engine, make_session_factory
from engine.store.models import (
    Case,
    HumanTask,
    Notification,
    ProcessVersion,
    Timer,
)
from engine.timers import deadline_sweep, passes, worker
from engine.timers.deadline_sweep import escalation_timers, sweep_deadlines
from engine.timers.passes import next_due_at, run_pass
from tests.conftest import POSTGRES_URL
from tests.timer_helpers import (
    BOTH,
    DOER,
    Killed,
    audit,
    deadline_diagram,
    notes,
    offer_diagram,
    open_task,
    passed_per_case,
    start_many,
    timer_rows,
    wib,
)

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL: set ALUR_TEST_DATABASE_URL")


def lock_version(rt, case_id: int) -> int:
    with rt.read() as session:
        return session.scalar(select(Case.lock_version).where(Case.id == case_id))


def count(rt, model, *where) -> int:
    with rt.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def boundary_variant(pid: str, *, interrupting: bool = False, to_task: bool = False, cycle: bool = False) -> bytes:
    """The deadline diagram with step 1's boundary timer changed: interrupting, leading to a
    task instead of an end event, or a cycle. None of these is escalation-only."""
    xml = deadline_diagram(pid, "PT1H").decode()
    if interrupting:
        xml = xml.replace('cancelActivity="false"', 'cancelActivity="true"')
    if cycle:
        xml = xml.replace("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">PT1H</bpmn:timeDuration>",
                          "<bpmn:timeCycle xsi:type=\"bpmn:tFormalExpression\">R3/PT1H</bpmn:timeCycle>")
    if to_task:
        xml = xml.replace(
            '<bpmn:endEvent id="late_step_01" name="Batas waktu terlampaui"><bpmn:incoming>flow_timer_step_01'
            '</bpmn:incoming></bpmn:endEvent>',
            '<bpmn:userTask id="late_step_01" name="Menegur pelaksana"><bpmn:incoming>flow_timer_step_01'
            '</bpmn:incoming><bpmn:outgoing>flow_reprimand_end</bpmn:outgoing></bpmn:userTask>'
            '<bpmn:endEvent id="reprimand_end"><bpmn:incoming>flow_reprimand_end</bpmn:incoming></bpmn:endEvent>'
            '<bpmn:sequenceFlow id="flow_reprimand_end" sourceRef="late_step_01" targetRef="reprimand_end" />')
        xml = xml.replace("<bpmn:flowNodeRef>late_step_01</bpmn:flowNodeRef>",
                          "<bpmn:flowNodeRef>late_step_01</bpmn:flowNodeRef><bpmn:flowNodeRef>reprimand_end"
                          "</bpmn:flowNodeRef>")
    return xml.encode()


def catalog_timers(xml: bytes, name: str) -> dict:
    catalog = read_diagram(xml, name).processes[0].catalog
    return {t.id: t.escalation_only for step in catalog.steps.values() for t in step.timers}


# -- what qualifies ----------------------------------------------------------

def test_the_catalog_marks_deadlines_whose_firing_only_escalates():
    assert catalog_timers(deadline_diagram("a", "P1D", duration_b="PT1H"), "a.bpmn") == {
        "timer_step_01": True, "timer_step_02": True}
    assert catalog_timers(boundary_variant("b", interrupting=True), "b.bpmn") == {"timer_step_01": False}
    assert catalog_timers(boundary_variant("c", to_task=True), "c.bpmn") == {"timer_step_01": False}
    assert catalog_timers(boundary_variant("d", cycle=True), "d.bpmn") == {"timer_step_01": False}
    terminate = deadline_diagram("e", "PT1H").decode().replace(
        '<bpmn:incoming>flow_timer_step_01</bpmn:incoming></bpmn:endEvent>',
        '<bpmn:incoming>flow_timer_step_01</bpmn:incoming><bpmn:terminateEventDefinition /></bpmn:endEvent>')
    assert catalog_timers(terminate.encode(), "e.bpmn") == {"timer_step_01": False}
    # Every SOP models a step's Waktu this way (mini_kompetisi's offer deadline, which closes
    # step 10, is not a Waktu).
    from tests.conftest import BPMN_DIR

    flags = [flag for path in sorted(BPMN_DIR.glob("*.bpmn")) if "proses_utama" not in path.name
             for timer, flag in catalog_timers(path.read_bytes(), path.name).items() if timer != "close_step_10"]
    assert len(flags) > 50 and all(flags)


def test_escalation_timers_follow_the_catalog_key_rules():
    catalog = Catalog.from_dict({"steps": {
        "step_01": {"timers": [{"id": "timer_step_01", "escalation_only": True}]},
        "step_02": {"timers": [{"id": "timer_step_02", "escalation_only": False}]},
        "sub:step_03": {"timers": [{"id": "timer_step_03", "escalation_only": True}]},
        "step_04": {"timers": [{"id": "timer_step_04"}]},  # deployed before the flag existed
    }})
    assert escalation_timers(catalog) == {"timer_step_01": "step_01", "sub:timer_step_03": "sub:step_03"}


# -- a batch ---------------------------------------------------------------------

def test_due_deadlines_are_escalated_in_batches_then_the_engine_catches_up(rt, clock, admin, staff):
    started, steps = start_many(rt, clock, admin, 12, "P3D")  # P3D: each step has a reminder row too
    assert len(timer_rows(rt, "reminder")) == 12
    versions = {c.id: lock_version(rt, c.id) for c in started}
    clock.set(steps[0].due_at + timedelta(minutes=1))
    now = clock.now()
    seen = []

    result = sweep_deadlines(rt, batch=5, on_escalated=lambda due, case_id: seen.append(case_id))
    assert (result.escalated, result.batches, result.left) == (12, 3, 0)
    assert sorted(seen) == sorted(c.id for c in started)
    # Escalated: the steps late, the people told, audited, reminders gone, rows marked.
    assert all(open_task(rt, c.id).late for c in started)
    assert len(notes(rt)) == 36  # andi and budi (holders), kepala (supervisor), per case
    assert len(audit(rt, "deadline_passed")) == 12
    assert timer_rows(rt, "reminder") == []
    rows = timer_rows(rt)
    assert [r.status for r in rows] == ["escalated"] * 12 and all(r.fired_at == now for r in rows)
    # The workflows were not touched.
    assert {c.id: lock_version(rt, c.id) for c in started} == versions
    assert next_due_at(rt) == steps[0].due_at  # the catch-up is still to do

    assert sweep_deadlines(rt).escalated == 0  # nothing twice
    result = run_pass(rt)
    assert (result.fired, result.escalated, result.caught_up) == (0, 0, 12)
    assert timer_rows(rt) == [] and next_due_at(rt) is None
    assert all(lock_version(rt, c.id) == versions[c.id] + 1 for c in started)
    # Exactly one escalation per step after the engine caught up.
    assert passed_per_case(rt) == {c.id: 1 for c in started}
    assert len(notes(rt)) == 36
    for case, step in zip(started, steps):
        commands.complete_task(rt, DOER, step.id, {})
        assert open_task(rt, case.id).task_ref == "step_02"


def test_set_based_escalation_says_and_records_what_the_engine_does(rt, clock, admin, staff):
    """One case escalated by the sweep, one fired through the engine alone: the same
    notifications (kinds, people, texts) and the same ``deadline_passed`` data."""
    (swept, by_engine), (step_a, step_b) = start_many(rt, clock, admin, 2)
    clock.set(step_a.due_at)
    with rt.write() as session:  # the engine's case waits while the sweep runs
        session.execute(update(Timer).where(Timer.case_id == by_engine.id).values(due_at=step_a.due_at + timedelta(1)))
    assert sweep_deadlines(rt).escalated == 1
    with rt.write() as session:
        session.execute(update(Timer).where(Timer.case_id == by_engine.id).values(due_at=step_b.due_at))
    assert run_pass(rt, sweep=False).fired == 1  # the catch-up of the swept case and the engine's firing
    assert passed_per_case(rt) == {swept.id: 1, by_engine.id: 1}

    def told(case, step):
        with rt.read() as session:
            rows = session.execute(select(Notification.user_id, Notification.kind, Notification.message)
                                   .where(Notification.case_id == case.id).order_by(Notification.id)).all()
        return [(u, k, m.replace(f"#{case.id}", "#N")) for u, k, m in rows]

    assert told(swept, step_a) == told(by_engine, step_b) and len(told(swept, step_a)) == 3
    events = {e.case_id: e for e in audit(rt, "deadline_passed")}
    a, b = events[swept.id], events[by_engine.id]
    assert a.task_id == step_a.id and b.task_id == step_b.id and a.task_ref == b.task_ref == "step_01"
    assert a.actor == b.actor == "system"
    assert dict(a.data, task_id=None) == dict(b.data, task_id=None)
    assert a.data["notified"] == ["andi", "budi"] and a.data["escalated_to"] == ["kepala"]


def test_escalation_mail_is_sent_after_the_batch_commits(make_rt, clock, admin, staff, smtp_sink):
    rt = make_rt(notifier=Notifier(smtp=SmtpSettings("127.0.0.1", smtp_sink.port), base_url="https://alur.example"))
    _, steps = start_many(rt, clock, admin, 3)
    clock.set(steps[0].due_at)
    assert sweep_deadlines(rt).escalated == 3
    assert rt.notifier.flush(10)
    recipients = sorted(r for _, rcpts, _ in smtp_sink.messages for r in rcpts)
    assert recipients == ["andi@ukpbj.example"] * 3 + ["kepala@ukpbj.example"] * 3
    bodies = [m.get_payload(decode=True).decode() for m in smtp_sink.to("andi@ukpbj.example")]
    assert all(any(f"https://alur.example/tugas/{s.id}" in b for b in bodies) for s in steps)
    rt.notifier.close()


# -- what is left to the engine -----------------------------------------------------

def test_a_step_completed_before_the_sweep_is_not_escalated(rt, clock, admin, staff):
    (case,), (step,) = start_many(rt, clock, admin, 1)
    clock.set(step.due_at + timedelta(minutes=1))
    commands.complete_task(rt, DOER, step.id, {})  # completed late, before the worker came round
    assert sweep_deadlines(rt).escalated == 0
    run_pass(rt)
    assert notes(rt) == [] and audit(rt, "deadline_passed") == []
    assert open_task(rt, case.id).task_ref == "step_02" and not open_task(rt, case.id).late


def test_a_step_no_longer_ready_when_the_batch_runs_is_left_to_the_engine(rt, clock, admin, staff):
    """The step row says completed (a completion got there first) but the timer row is still
    pending: the sweep does not claim the row (the engine decides) and tells nobody."""
    started, steps = start_many(rt, clock, admin, 2)
    clock.set(steps[0].due_at)
    with rt.write() as session:
        session.execute(update(HumanTask).where(HumanTask.id == steps[0].id).values(status="completed"))
    result = sweep_deadlines(rt)
    assert (result.escalated, result.left) == (1, 0)
    assert [t.status for t in timer_rows(rt)] == ["pending", "escalated"]
    assert [n[2] for n in notes(rt)] == [steps[1].id] * 3
    assert not queries.get_case(rt, BOTH, started[0].id).tasks[0].late


def test_other_timers_go_through_the_engine(rt, clock, admin, staff, tmp_path):
    """A timer catch event (a date from form data), an interrupting deadline, a deadline that
    leads to a task: the sweep leaves them alone, the engine fires them as before."""
    import json

    from tests.timer_helpers import OFFER_FORM

    forms = tmp_path / "forms" / "tawaran_uji"
    forms.mkdir(parents=True)
    (forms / "step_01.json").write_text(json.dumps(OFFER_FORM))
    rt.forms_dir = tmp_path / "forms"
    deploy.deploy_diagram(rt, admin, offer_diagram(), "tawaran_uji.bpmn")
    offer = starting.start_case(rt, DOER, "tawaran_uji")
    commands.complete_task(rt, DOER, open_task(rt, offer.id).id, {"offer_deadline": "2026-01-05T10:00:00+07:00"})
    deploy.deploy_diagram(rt, admin, boundary_variant("menyela", interrupting=True), "menyela.bpmn")
    interrupting = starting.start_case(rt, DOER, "menyela")
    deploy.deploy_diagram(rt, admin, boundary_variant("menegur", to_task=True), "menegur.bpmn")
    reprimand = starting.start_case(rt, DOER, "menegur")
    interrupted_step = open_task(rt, interrupting.id)

    clock.set(wib(2026, 1, 5, 10, 0))
    assert sweep_deadlines(rt).escalated == 0
    assert {t.status for t in timer_rows(rt)} == {"pending"}
    fired = []
    result = run_pass(rt, on_fired=lambda kind, due, case_id: fired.append((kind, case_id)))
    assert result.escalated == 0 and result.fired == 3
    assert sorted(fired) == sorted([("timer", offer.id), ("timer", interrupting.id), ("timer", reprimand.id)])
    assert open_task(rt, offer.id).task_ref == "step_02"
    assert "timer_fired" in [h.action for h in queries.get_case(rt, BOTH, offer.id).history]
    assert queries.get_case(rt, BOTH, interrupting.id).case.status == "completed"  # ended at late_step_01
    assert [t.status for t in queries.get_case(rt, BOTH, interrupting.id).tasks if t.id == interrupted_step.id] \
        == ["cancelled"]
    refs = sorted(t.task_ref for t in queries.get_case(rt, BOTH, reprimand.id).open_tasks)
    assert refs == ["late_step_01", "step_01"]
    assert passed_per_case(rt)[reprimand.id] == 1  # escalated by the engine, once
    assert timer_rows(rt) == []


def test_a_version_deployed_before_the_flag_goes_through_the_engine(rt, clock, admin, staff):
    (case,), (step,) = start_many(rt, clock, admin, 1)
    with rt.write() as session:
        version = session.get(ProcessVersion, session.get(Case, case.id).process_version_id)
        catalog = dict(version.catalog)
        catalog["steps"] = {k: dict(v, timers=[{kk: vv for kk, vv in t.items() if kk != "escalation_only"}
                                              for t in v["timers"]]) for k, v in catalog["steps"].items()}
        version.catalog = catalog
    clock.set(step.due_at)
    result = run_pass(rt)
    assert (result.fired, result.escalated, result.caught_up) == (1, 0, 0)
    assert passed_per_case(rt) == {case.id: 1} and len(notes(rt)) == 3


# -- crash safety -------------------------------------------------------------------

def test_a_worker_killed_before_the_batch_commits_escalates_once_after_restart(make_rt, clock, admin, staff,
                                                                              smtp_sink, monkeypatch):
    rt = make_rt(notifier=Notifier(smtp=SmtpSettings("127.0.0.1", smtp_sink.port)))
    started, steps = start_many(rt, clock, admin, 4, "P3D")
    clock.set(steps[0].due_at)
    real = deadline_sweep.escalate_rows
    done = []

    def escalate_then_die(*args, **kwargs):
        done.append(real(*args, **kwargs))  # every statement of the batch ran
        raise Killed()

    monkeypatch.setattr(deadline_sweep, "escalate_rows", escalate_then_die)
    with pytest.raises(Killed):
        run_pass(rt)
    assert len(done[0]) == 4
    rt.notifier.flush(10)
    assert smtp_sink.messages == []  # no mail for what was never committed
    assert notes(rt) == [] and audit(rt, "deadline_passed") == []
    assert not any(open_task(rt, c.id).late for c in started)
    assert {t.status for t in timer_rows(rt)} == {"pending"} and len(timer_rows(rt, "reminder")) == 4

    monkeypatch.setattr(deadline_sweep, "escalate_rows", real)  # the restarted worker
    result = run_pass(rt)
    assert (result.escalated, result.caught_up) == (4, 4)
    assert run_pass(rt).fired == 0
    assert passed_per_case(rt) == {c.id: 1 for c in started}
    assert len(notes(rt)) == 12 and timer_rows(rt) == [] and timer_rows(rt, "reminder") == []
    rt.notifier.flush(10)
    assert len(smtp_sink.messages) == 8  # andi and kepala, per case


def test_a_failing_sweep_leaves_every_deadline_to_the_engine(rt, clock, admin, staff, monkeypatch, caplog):
    started, steps = start_many(rt, clock, admin, 3)
    clock.set(steps[0].due_at)

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(deadline_sweep, "escalate_rows", broken)
    result = run_pass(rt)
    assert (result.fired, result.escalated, result.failed) == (3, 0, 0)
    assert "set-based deadline sweep failed" in caplog.text
    assert passed_per_case(rt) == {c.id: 1 for c in started} and len(notes(rt)) == 9


# -- the worker's order of work ------------------------------------------------------

@pytest.mark.parametrize("interval, expected", [
    (0.0, ["timer 0", "deadline", "timer 1", "catch_up"]),  # swept before the next engine firing
    (60.0, ["timer 0", "timer 1", "deadline", "catch_up"]),  # swept when its row comes up, not fired
])
def test_deadlines_are_swept_again_while_the_engine_works(rt, clock, admin, staff, tmp_path, monkeypatch,
                                                          interval, expected):
    """A pass busy firing through the engine sweeps deadlines that fall due meanwhile (every
    SWEEP_INTERVAL, and at the latest when the engine would otherwise fire one), and catches
    up only when nothing pending is due."""
    import json

    from tests.timer_helpers import OFFER_FORM

    forms = tmp_path / "forms" / "tawaran_uji"
    forms.mkdir(parents=True)
    (forms / "step_01.json").write_text(json.dumps(OFFER_FORM))
    rt.forms_dir = tmp_path / "forms"
    deploy.deploy_diagram(rt, admin, offer_diagram(), "tawaran_uji.bpmn")
    clock.set(wib(2026, 1, 5, 8, 0))
    offers = []
    for moment in ("2026-01-05T08:59:00+07:00", "2026-01-05T09:00:00+07:00"):
        offer = starting.start_case(rt, DOER, "tawaran_uji")
        commands.complete_task(rt, DOER, open_task(rt, offer.id).id, {"offer_deadline": moment})
        offers.append(offer)
    (deadline,), (step,) = start_many(rt, clock, admin, 1, "PT1H")  # started 09:00, due 10:00
    clock.set(wib(2026, 1, 5, 9, 30))
    monkeypatch.setattr(passes, "SWEEP_INTERVAL", interval)
    order = []

    def on_fired(kind, due, case_id):
        order.append((kind, case_id))
        if len(order) == 1:
            clock.set(step.due_at)  # the deadline falls due while the pass goes on

    run_pass(rt, on_fired=on_fired)
    names = {offers[0].id: "timer 0", offers[1].id: "timer 1", deadline.id: None}
    assert [names[case_id] or kind for kind, case_id in order] == expected
    assert [case_id for kind, case_id in order if kind in ("deadline", "catch_up")] == [deadline.id] * 2


def test_a_pass_catches_up_for_a_limited_time(rt, clock, admin, staff, monkeypatch):
    """So the worker looks for bursts to stage between passes while the engine catches up."""
    started, steps = start_many(rt, clock, admin, 3)
    clock.set(steps[0].due_at)
    assert sweep_deadlines(rt).escalated == 3
    monkeypatch.setattr(passes, "CATCH_UP_SECONDS", 0.0)
    assert [run_pass(rt).caught_up for _ in range(4)] == [1, 1, 1, 0]
    assert passed_per_case(rt) == {c.id: 1 for c in started} and timer_rows(rt) == []


def test_the_worker_wakes_for_the_catch_up(rt, clock, admin, staff):
    _, steps = start_many(rt, clock, admin, 1)
    clock.set(steps[0].due_at + timedelta(minutes=5))
    sweep_deadlines(rt)
    timer_worker = worker.TimerWorker(rt, listen=False)
    assert timer_worker.seconds_until_next() == 0.0


def test_claim_query_uses_the_status_due_index_on_sqlite(rt, clock, admin, staff, db_engine):
    if db_engine.dialect.name != "sqlite":
        pytest.skip("the PostgreSQL plan depends on statistics: bench/timer_latency.py shows it at 100k rows")
    start_many(rt, clock, admin, 1)
    with rt.read() as session:
        versions = deadline_sweep.escalation_versions(rt, session)
        query = deadline_sweep.claim_query(clock.now(), versions, 500)
        compiled = query.compile(db_engine, compile_kwargs={"render_postcompile": True})
        params = tuple(str(compiled.params[name]) for name in compiled.positiontup)
        rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}", params)
        plan = " / ".join(str(r[-1]) for r in rows)
    assert "SEARCH timers USING INDEX ix_timers_status_due (status=? AND due_at<?)" in plan, plan
    assert "SEARCH cases USING INTEGER PRIMARY KEY" in plan, plan


# -- PostgreSQL: two workers --------------------------------------------------------

def runtimes(rt, clock, count: int = 2):
    engines = [create_db_engine(POSTGRES_URL) for _ in range(count)]
    others = [Runtime(make_session_factory(e), clock=clock, forms_dir=rt.forms_dir) for e in engines]
    for one in others:
        one.calendar()  # built before the race
    return engines, others


def race(work, others) -> list:
    barrier = threading.Barrier(len(others))
    results, errors = [], []

    def run(one):
        try:
            barrier.wait(10)
            results.append(work(one))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(one,)) for one in others]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


@needs_postgres
def test_two_workers_sweeping_at_once_escalate_each_deadline_once(rt, clock, admin, staff, monkeypatch):
    # A pass catches up for at most CATCH_UP_SECONDS of wall-clock time; what is asserted here is
    # that racing workers fire each deadline once, so that limit must not cut a pass short.
    monkeypatch.setattr(passes, "CATCH_UP_SECONDS", float("inf"))
    started, steps = start_many(rt, clock, admin, 40, "P3D")
    clock.set(steps[0].due_at)
    engines, others = runtimes(rt, clock)
    try:
        results = race(lambda one: sweep_deadlines(one, batch=3).escalated, others)
        assert sum(results) == 40, results
        assert passed_per_case(rt) == {c.id: 1 for c in started}
        assert len(notes(rt)) == 120 and timer_rows(rt, "reminder") == []
        # Then whole passes (sweep and catch-up) racing: still once.
        results = race(lambda one: run_pass(one), others)
        assert sum(r.caught_up for r in results) == 40 and sum(r.fired for r in results) == 0
    finally:
        for e in engines:
            e.dispose()
    assert passed_per_case(rt) == {c.id: 1 for c in started}
    assert len(notes(rt)) == 120 and timer_rows(rt) == []


@needs_postgres
def test_two_workers_running_whole_passes_fire_each_deadline_once(rt, clock, admin, staff, monkeypatch):
    # A pass catches up for at most CATCH_UP_SECONDS of wall-clock time; what is asserted here is
    # that racing workers fire each deadline once, so that limit must not cut a pass short.
    monkeypatch.setattr(passes, "CATCH_UP_SECONDS", float("inf"))
    started, steps = start_many(rt, clock, admin, 30)
    clock.set(steps[0].due_at)
    engines, others = runtimes(rt, clock)
    try:
        results = race(lambda one: run_pass(one), others)
    finally:
        for e in engines:
            e.dispose()
    assert sum(r.fired for r in results) == 30 and sum(r.caught_up for r in results) == 30
    assert passed_per_case(rt) == {c.id: 1 for c in started}
    assert len(notes(rt)) == 90 and timer_rows(rt) == []


@needs_postgres
def test_the_sweep_skips_a_case_someone_is_changing(rt, clock, admin, staff):
    """A writer holds the case row (as complete_task does): the sweep does not wait for it and
    leaves its deadline pending; the completion then goes through and nobody is told."""
    started, steps = start_many(rt, clock, admin, 2)
    clock.set(steps[0].due_at)
    engine = create_db_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT id FROM cases WHERE id = :id FOR NO KEY UPDATE"), {"id": started[0].id})
            result = sweep_deadlines(rt)
            assert result.escalated == 1
            assert [t.status for t in timer_rows(rt)] == ["pending", "escalated"]
            conn.rollback()
    finally:
        engine.dispose()
    commands.complete_task(rt, DOER, steps[0].id, {})
    run_pass(rt)
    assert passed_per_case(rt) == {started[1].id: 1}
    assert {n[2] for n in notes(rt)} == {steps[1].id}
    assert timer_rows(rt) == []


# -- bursts staged before their due time ----------------------------------------------

def visible(rt) -> tuple[int, list[str]]:
    """What another session sees: notifications, and the timer rows' statuses."""
    with rt.read() as session:
        return (session.scalar(select(func.count()).select_from(Notification)),
                sorted(session.scalars(select(Timer.status).where(Timer.kind == "timer"))))


def staged_in_thread(rt, due, **kwargs):
    outcome = {}

    def run():
        try:
            outcome["result"] = deadline_sweep.stage_deadlines(rt, due, **kwargs)
        except BaseException as exc:  # noqa: BLE001
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def wait_for(condition, timeout: float = 10.0) -> bool:
    event = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if condition():
            return True
        event.wait(0.01)
    return condition()


def test_a_staged_burst_is_prepared_before_and_committed_at_its_due_time(rt, clock, admin, staff):
    started, steps = start_many(rt, clock, admin, 6, "P3D")
    due = steps[0].due_at
    clock.set(due - timedelta(seconds=1))
    entered = threading.Event()
    real = deadline_sweep.escalate_rows

    def escalate(*args, **kwargs):
        found = real(*args, **kwargs)
        entered.set()
        return found

    deadline_sweep.escalate_rows = escalate
    try:
        thread, outcome = staged_in_thread(rt, due, batch=4)
        assert entered.wait(10)
        # Prepared, waiting for the due time: nobody sees anything yet.
        assert thread.is_alive()
        assert visible(rt) == (0, ["pending"] * 6)
        clock.set(due)
        thread.join(10)
    finally:
        deadline_sweep.escalate_rows = real
    assert not thread.is_alive() and "error" not in outcome
    assert (outcome["result"].escalated, outcome["result"].batches) == (6, 2)
    assert visible(rt) == (18, ["escalated"] * 6)
    with rt.read() as session:
        assert set(session.scalars(select(Notification.created_at))) == {due}
    assert timer_rows(rt, "reminder") == [] and all(open_task(rt, c.id).late for c in started)
    run_pass(rt)
    assert passed_per_case(rt) == {c.id: 1 for c in started} and timer_rows(rt) == []


def test_a_staged_burst_given_up_before_its_due_time_leaves_everything_pending(rt, clock, admin, staff):
    started, steps = start_many(rt, clock, admin, 3)
    clock.set(steps[0].due_at - timedelta(seconds=1))
    stop = threading.Event()
    thread, outcome = staged_in_thread(rt, steps[0].due_at, stop=stop)
    stop.set()
    thread.join(10)
    assert isinstance(outcome.get("error"), deadline_sweep.StageCancelled)
    assert visible(rt) == (0, ["pending"] * 3)
    clock.set(steps[0].due_at)
    assert run_pass(rt).escalated == 3
    assert passed_per_case(rt) == {c.id: 1 for c in started}


def test_the_worker_stages_a_burst_shortly_before_it_falls_due(rt, clock, admin, staff, monkeypatch):
    monkeypatch.setattr(worker, "STAGE_MIN_ROWS", 3)
    started, steps = start_many(rt, clock, admin, 3)
    due = steps[0].due_at
    timer_worker = worker.TimerWorker(rt, listen=False)
    clock.set(due - timedelta(seconds=30))
    assert timer_worker.stage_plan() is None  # not near yet
    clock.set(due - timedelta(seconds=1))
    due_by, start_in = timer_worker.stage_plan()
    assert due_by == due + worker.STAGE_SPREAD
    assert 0.9 < start_in < 1.0  # 3 deadlines take ~1 ms at the default rate, plus a margin
    monkeypatch.setattr(worker, "STAGE_MIN_ROWS", 4)
    assert timer_worker.stage_plan() is None  # not a burst
    monkeypatch.setattr(worker, "STAGE_MIN_ROWS", 3)
    timer_worker._staged_until = due_by
    assert timer_worker.stage_plan() is None  # staged once already: what is left is swept when due

    monkeypatch.setattr(worker, "STAGE_MIN_ROWS", 3)
    staging = threading.Event()
    real = deadline_sweep.stage_deadlines

    def stage(*args, **kwargs):
        staging.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(deadline_sweep, "stage_deadlines", stage)
    seen = []
    done = threading.Event()

    def on_fired(kind, due_at, case_id):
        seen.append(kind)
        if seen.count("catch_up") == 3:
            done.set()

    timer_worker = worker.TimerWorker(rt, listen=False, on_fired=on_fired)
    thread = threading.Thread(target=timer_worker.run, daemon=True)
    clock.set(due - timedelta(milliseconds=10))
    thread.start()
    try:
        assert staging.wait(10)
        assert seen == []
        clock.set(due)
        assert done.wait(20)
    finally:
        timer_worker.stop()
        thread.join(10)
    assert seen == ["staged"] * 3 + ["catch_up"] * 3
    with rt.read() as session:
        assert set(session.scalars(select(Notification.created_at))) == {due}
    assert passed_per_case(rt) == {c.id: 1 for c in started}


def test_a_deadline_inside_a_called_process_is_escalated_set_based(rt, admin, clock):
    """The flag travels with the called process's steps into the caller's catalog."""
    from tests.helpers import CHILD_LANES, PARENT, actor, linear_body, tiny_bpmn

    deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body(timer="PT1H"), "child", CHILD_LANES), "child.bpmn")
    deploy.deploy_diagram(rt, admin, tiny_bpmn(PARENT, "parent"), "parent.bpmn")
    pokja = actor("pokja", "Pokja Pemilihan")
    case = starting.start_case(rt, pokja, "parent")
    (task,) = queries.get_case(rt, pokja, case.id).open_tasks
    clock.set(task.due_at)
    result = run_pass(rt)
    assert (result.escalated, result.caught_up) == (1, 1)
    (late,) = queries.get_case(rt, pokja, case.id).open_tasks
    assert late.id == task.id and late.late and late.task_ref == "child:t1"
    assert passed_per_case(rt) == {case.id: 1}
    assert audit(rt, "deadline_passed")[0].task_ref == "child:t1"
