"""The timer worker end to end: escalation and reminders (rows, audit, e-mail through a
local SMTP sink), crash safety, two workers racing on PostgreSQL, the worker thread.
The clock is a ManualClock; nothing sleeps.

A step's deadline (``timer_step_01`` → ``late_step_01``) is escalated set-based by the worker
(``engine.timers.deadline_sweep``) and the engine catches up in the same pass; what a person sees is
the same as when the engine fires it (tests/engine/test_deadline_sweep.py compares the two)."""
from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.cases import commands, queries, starting
from engine.notify.mailer import Notifier, SmtpSettings
from engine.rules.reminders import reminder_time
from engine.runtime import Runtime
from engine.store.models import HumanTask, Notification, Timer
from engine.timers.passes import fire_due_timers, run_pass
from engine.timers.worker import TimerWorker
from tests.conftest import POSTGRES_URL
from tests.timer_helpers import (
    BOTH,
    DOER,
    Killed,
    audit,
    free_port,
    notes,
    open_task,
    start,
    wib,
)

# -- people -----------------------------------------------------------------


# -- escalation ----------------------------------------------------------------

def test_deadline_notifies_active_holders_and_the_lanes_supervisor(rt, clock, admin, staff):
    case, task = start(rt, clock, admin, "PT2H")
    assert notes(rt) == []
    clock.set(task.due_at)
    assert fire_due_timers(rt) == 1
    assert notes(rt) == [
        ("andi", "deadline_passed", task.id),
        ("budi", "deadline_passed", task.id),
        ("kepala", "escalation", task.id),
    ]
    event = audit(rt, "deadline_passed")[0]
    assert event.data["notified"] == ["andi", "budi"]
    assert event.data["supervisor"] == "Kepala Uji" and event.data["escalated_to"] == ["kepala"]
    with rt.read() as session:
        message = session.scalars(select(Notification.message).where(Notification.kind == "escalation")).one()
    assert "1. Menyusun dokumen" in message and f"#{case.id}" in message and "Pengadaan ATK" in message
    assert "Senin, 5 Januari 2026, 11.00 WIB" in message
    # Firing again does nothing more.
    assert fire_due_timers(rt) == 0
    assert len(notes(rt)) == 3


def test_a_lane_without_supervisor_escalates_to_the_process_supervisor(rt, clock, admin, staff):
    case, task = start(rt, clock, admin, None, duration_b="PT1H")
    commands.complete_task(rt, DOER, task.id, {})
    step2 = open_task(rt, case.id)
    clock.set(step2.due_at)
    assert fire_due_timers(rt) == 1
    assert notes(rt) == [("pimpinan", "escalation", step2.id), ("rina", "deadline_passed", step2.id)]


def test_installation_default_supervisor_and_none(make_rt, clock, admin, staff):
    rt = make_rt(notifier=Notifier(default_supervisor="Peran Lain"))
    case, task = start(rt, clock, admin, "PT1H", supervisor_a=None, process_supervisor=None)
    clock.set(task.due_at)
    fire_due_timers(rt)
    assert [n for n in notes(rt) if n[1] == "escalation"] == [("lain", "escalation", task.id)]

    rt = make_rt(notifier=Notifier())
    case, task = start(rt, clock, admin, "PT1H", supervisor_a=None, process_supervisor=None, pid="tanpa_atasan")
    clock.set(task.due_at)
    fire_due_timers(rt)
    assert [n for n in notes(rt) if n[2] == task.id] == [("andi", "deadline_passed", task.id),
                                                          ("budi", "deadline_passed", task.id)]
    assert audit(rt, "deadline_passed")[-1].data["supervisor"] is None


def test_escalation_mail_goes_through_smtp_after_commit(make_rt, clock, admin, staff, smtp_sink):
    smtp = SmtpSettings("127.0.0.1", smtp_sink.port, sender="Alur <alur@ukpbj.example>")
    rt = make_rt(notifier=Notifier(smtp=smtp, base_url="https://alur.ukpbj.example"))
    case, task = start(rt, clock, admin, "PT2H")
    clock.set(task.due_at)
    assert fire_due_timers(rt) == 1
    assert rt.notifier.flush(10)
    recipients = sorted(r for _, rcpts, _ in smtp_sink.messages for r in rcpts)
    # budi has no address, cuti is inactive, lain is not involved.
    assert recipients == ["andi@ukpbj.example", "kepala@ukpbj.example"]
    mail = smtp_sink.to("andi@ukpbj.example")[0]
    assert mail["Subject"] == "[Alur] Batas waktu terlampaui: 1. Menyusun dokumen"
    assert mail["From"] == "Alur <alur@ukpbj.example>"
    body = mail.get_payload(decode=True).decode()
    assert "Yth. Andi" in body and f"https://alur.ukpbj.example/tugas/{task.id}" in body
    assert "Eskalasi" in smtp_sink.to("kepala@ukpbj.example")[0].get_payload(decode=True).decode()
    rt.notifier.close()


def test_a_broken_mail_server_never_breaks_firing(make_rt, clock, admin, staff, caplog):
    rt = make_rt(notifier=Notifier(smtp=SmtpSettings("127.0.0.1", free_port(), timeout=2)))
    case, task = start(rt, clock, admin, "PT2H")
    clock.set(task.due_at)
    with caplog.at_level(logging.ERROR, logger="alur.notifications"):
        assert fire_due_timers(rt) == 1
        assert rt.notifier.flush(10)
    assert open_task(rt, case.id).late
    assert len(notes(rt)) == 3  # the in-app notifications are there
    assert rt.notifier.failed == 2 and rt.notifier.sent == 0
    assert any("not sent" in r.getMessage() for r in caplog.records)


# -- reminders ----------------------------------------------------------------

def test_reminder_one_working_day_before_the_deadline(rt, clock, admin, staff):
    # Mon 5 Jan 09:00 + P3D = Thu 8 Jan 09:00; reminder one working day before: Wed 09:00.
    case, task = start(rt, clock, admin, "P3D")
    assert task.due_at == wib(2026, 1, 8, 9, 0)
    with rt.read() as session:
        reminder = session.get(Timer, task.id)
        assert reminder.kind == "reminder" and reminder.due_at == wib(2026, 1, 7, 9, 0)
    ready = audit(rt, "task_ready")[0]
    assert ready.data["remind_at"] == wib(2026, 1, 7, 9, 0).astimezone(ready.at.tzinfo).isoformat()
    # The reminder is not a timer of the process.
    assert [t["timer"] for t in queries.get_case(rt, BOTH, case.id).pending_timers] == ["timer_step_01"]

    clock.set(wib(2026, 1, 7, 8, 59, 59))
    assert fire_due_timers(rt) == 0
    clock.set(wib(2026, 1, 7, 9, 0))
    assert fire_due_timers(rt) == 1
    assert notes(rt) == [("andi", "reminder", task.id), ("budi", "reminder", task.id)]
    sent = audit(rt, "reminder_sent")
    assert len(sent) == 1 and sent[0].task_id == task.id and sent[0].data["notified"] == ["andi", "budi"]
    with rt.read() as session:
        message = session.scalars(select(Notification.message)).first()
    assert "Kamis, 8 Januari 2026, 09.00 WIB" in message and "sisa 1 hari" in message
    assert fire_due_timers(rt) == 0
    clock.set(task.due_at)
    assert fire_due_timers(rt) == 1  # then the deadline itself
    assert [n[1] for n in notes(rt)].count("reminder") == 2


def test_no_reminder_for_a_step_completed_in_time(rt, clock, admin, staff):
    case, task = start(rt, clock, admin, "P3D")
    clock.advance(hours=2)
    commands.complete_task(rt, DOER, task.id, {})
    with rt.read() as session:
        assert session.get(Timer, task.id) is None
    clock.set(wib(2026, 1, 9, 9, 0))
    fire_due_timers(rt)
    assert notes(rt) == [] and audit(rt, "reminder_sent") == []


def test_no_reminder_when_the_deadline_is_within_the_lead(rt, clock, admin, staff):
    # A one-day step would be reminded the moment it arrives: no reminder (the inbox says it).
    case, task = start(rt, clock, admin, "P1D")
    with rt.read() as session:
        assert session.scalar(select(func.count()).select_from(Timer).where(Timer.kind == "reminder")) == 0


def test_reminders_can_be_configured_or_switched_off(make_rt, clock, admin, staff):
    rt = make_rt(notifier=Notifier(reminder_before="PT2H"))
    case, task = start(rt, clock, admin, "P1D")  # Mon 09:00 → Tue 09:00, reminded Mon 15:30
    with rt.read() as session:
        assert session.get(Timer, task.id).due_at == wib(2026, 1, 5, 15, 30)
    rt = make_rt(notifier=Notifier(reminder_before=None))
    case, task = start(rt, clock, admin, "P3D", pid="tanpa_pengingat")
    with rt.read() as session:
        assert session.get(Timer, task.id) is None


def test_a_pending_reminder_is_dropped_when_the_deadline_fires_first(rt, clock, admin, staff):
    case, task = start(rt, clock, admin, "P3D")
    clock.set(task.due_at + timedelta(hours=1))  # the worker was down for two days
    # The deadline is escalated first (set-based) and drops the overdue reminder with it.
    assert fire_due_timers(rt) == 1
    with rt.read() as session:
        assert session.scalar(select(func.count()).select_from(Timer)) == 0
    assert [n[1] for n in notes(rt)] == ["deadline_passed", "deadline_passed", "escalation"]
    assert audit(rt, "reminder_sent") == []


@pytest.mark.parametrize("due, lead, expected", [
    (wib(2026, 1, 8, 9, 0), "P1D", wib(2026, 1, 7, 9, 0)),
    (wib(2026, 1, 12, 16, 0), "P1D", wib(2026, 1, 9, 16, 30)),  # Monday closing → Friday closing
    (wib(2026, 1, 12, 10, 0), "P1D", wib(2026, 1, 9, 10, 0)),   # across the weekend
    (wib(2026, 2, 18, 15, 0), "P1D", wib(2026, 2, 13, 15, 0)),  # across cuti bersama and Imlek
    (wib(2026, 1, 6, 8, 0), "PT1H", wib(2026, 1, 5, 15, 30)),   # an hour across the night
    (wib(2026, 1, 6, 9, 0), "P1DT2H", wib(2026, 1, 2, 15, 30)),  # Fri + 1 day = Mon 15:30, + 2 h
])
def test_reminder_time_is_the_inverse_of_counting_forward(rt, due, lead, expected):
    calendar = rt.calendar()
    moment = reminder_time(calendar, due, lead)
    assert moment == expected
    assert calendar.add_duration(moment, lead) <= due


# -- crash safety and concurrency ---------------------------------------------


def test_a_worker_killed_before_commit_fires_exactly_once_after_restart(make_rt, clock, admin, staff, smtp_sink,
                                                                        monkeypatch):
    """Through the engine (no set-based sweep): killed after the save, before the commit.
    (A worker killed inside a sweep batch: tests/engine/test_deadline_sweep.py.)"""
    rt = make_rt(notifier=Notifier(smtp=SmtpSettings("127.0.0.1", smtp_sink.port)))
    case, task = start(rt, clock, admin, "PT2H")
    version_before = queries.get_case(rt, BOTH, case.id).case.lock_version
    clock.set(task.due_at)
    real_save = commands.save_case
    advanced = []

    def save_then_die(rt_, session, case_, workflow, *args, **kwargs):
        real_save(rt_, session, case_, workflow, *args, **kwargs)  # the workflow moved on and rows written
        advanced.append(True)
        raise Killed()

    monkeypatch.setattr(commands, "save_case", save_then_die)
    with pytest.raises(Killed):
        run_pass(rt, sweep=False)
    assert advanced == [True]
    rt.notifier.flush(10)
    assert smtp_sink.messages == []  # no mail for what was never committed
    detail = queries.get_case(rt, BOTH, case.id)
    assert not detail.open_tasks[0].late and detail.case.lock_version == version_before
    assert "deadline_passed" not in [h.action for h in detail.history] and notes(rt) == []
    with rt.read() as session:
        assert session.scalar(select(Timer.status).where(Timer.case_id == case.id, Timer.kind == "timer")) == "pending"

    monkeypatch.setattr(commands, "save_case", real_save)  # the restarted worker
    assert run_pass(rt, sweep=False).fired == 1
    assert fire_due_timers(rt) == 0
    detail = queries.get_case(rt, BOTH, case.id)
    assert [h.action for h in detail.history].count("deadline_passed") == 1
    assert detail.open_tasks[0].late and detail.pending_timers == []
    assert len(notes(rt)) == 3
    rt.notifier.flush(10)
    assert len(smtp_sink.messages) == 2
    # The case goes on normally.
    commands.complete_task(rt, DOER, task.id, {})
    assert open_task(rt, case.id).task_ref == "step_02"


def test_a_broken_case_does_not_stop_other_timers(rt, clock, admin, staff, caplog):
    broken, broken_task = start(rt, clock, admin, "PT1H")
    good = starting.start_case(rt, DOER, "tenggat_uji")
    with rt.write() as session:
        from engine.store.models import Case

        session.get(Case, broken.id).state = b"rusak"
    clock.set(broken_task.due_at)
    with caplog.at_level(logging.ERROR, logger="alur.timers"):
        result = run_pass(rt)
    # Both deadlines are escalated (that needs no workflow state); the engine catches up with
    # the good case and fails on the broken one, which is retried later.
    assert result.fired == 2 and result.escalated == 2 and result.caught_up == 1 and result.failed == 1
    assert open_task(rt, good.id).late and open_task(rt, broken.id).late
    with rt.read() as session:
        timer = session.scalars(select(Timer).where(Timer.case_id == broken.id, Timer.kind == "timer")).one()
        assert timer.status == "escalated"
        assert timer.attempts == 1 and "error" in timer.last_error.lower()
        assert timer.due_at == broken_task.due_at + timedelta(seconds=1)  # retried later
    for _ in range(10):
        clock.advance(minutes=1)
        run_pass(rt)
    with rt.read() as session:
        timer = session.scalars(select(Timer).where(Timer.case_id == broken.id, Timer.kind == "timer")).one()
        assert timer.status == "failed" and timer.attempts == 5


def test_completing_a_step_while_it_fires_is_consistent(rt, clock, admin, staff):
    """Both orders of a firing and a completion of the same step leave one consistent state."""
    case, task = start(rt, clock, admin, "PT1H")
    clock.set(task.due_at)
    commands.complete_task(rt, DOER, task.id, {})  # the engine sees the deadline while completing
    detail = queries.get_case(rt, BOTH, case.id)
    assert detail.open_tasks[0].task_ref == "step_02"
    assert fire_due_timers(rt) == 0
    with rt.read() as session:
        row = session.get(HumanTask, task.id)
        assert row.status == "completed"


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL: set ALUR_TEST_DATABASE_URL")
def test_two_workers_racing_for_one_due_timer_fire_it_once(rt, clock, admin, staff):
    from engine.store.db import create_db_engine, make_session_factory

    case, task = start(rt, clock, admin, "PT1H")
    clock.set(task.due_at)
    engines = [create_db_engine(POSTGRES_URL) for _ in range(2)]
    runtimes = [Runtime(make_session_factory(e), clock=clock, forms_dir=rt.forms_dir) for e in engines]
    for one in runtimes:
        one.calendar()  # built before the race
    barrier = threading.Barrier(2)
    results, errors = [], []

    def work(one):
        try:
            barrier.wait(10)
            results.append(fire_due_timers(one))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    try:
        for _ in range(5):  # several rounds, a new due timer each time
            threads = [threading.Thread(target=work, args=(one,)) for one in runtimes]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            assert not errors
            assert sorted(results) == [0, 1], results
            results.clear()
            case, task = start(rt, clock, admin, "PT1H", moment=clock.now())
            clock.set(task.due_at)
    finally:
        for e in engines:
            e.dispose()
    assert len(audit(rt, "deadline_passed")) == 5
    assert len(notes(rt)) == 15


def test_worker_thread_fires_when_woken(rt, clock, admin, staff):
    """The worker loop with a controlled clock: moved past the due time and woken, it fires."""
    fired = threading.Event()
    seen = []

    def on_fired(kind, due_at, case_id):
        seen.append((kind, due_at, case_id))
        if kind == "catch_up":
            fired.set()

    worker = TimerWorker(rt, on_fired=on_fired, listen=False)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    try:
        case, task = start(rt, clock, admin, "PT1H")
        assert not fired.wait(0.3)
        clock.set(task.due_at)
        worker.wake()
        assert fired.wait(10)
        # Escalated set-based first, then the engine caught up.
        assert seen == [("deadline", task.due_at, case.id), ("catch_up", task.due_at, case.id)]
    finally:
        worker.stop()
        thread.join(10)
    assert not thread.is_alive()
    assert open_task(rt, case.id).late


def test_seconds_until_next_is_capped_and_follows_the_next_due_time(rt, clock, admin):
    worker = TimerWorker(rt, listen=False)
    assert worker.seconds_until_next() == 1.0
    case, task = start(rt, clock, admin, "PT1H")
    clock.set(task.due_at - timedelta(seconds=0.25))
    assert worker.seconds_until_next() == pytest.approx(0.25)
    clock.set(task.due_at + timedelta(seconds=5))
    assert worker.seconds_until_next() == 0.0


def test_a_timer_due_soon_wakes_the_worker_of_the_same_process(rt, clock, admin):
    worker = TimerWorker(rt, listen=False)
    assert not worker._wake.is_set()
    start(rt, clock, admin, "PT1H")
    # Due later than the worker's longest sleep: it will see the row anyway, no wake-up needed.
    assert not worker._wake.is_set()
    start(rt, clock, admin, "PT1S", pid="tenggat_segera")
    assert worker._wake.is_set()


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL: set ALUR_TEST_DATABASE_URL")
def test_a_timer_saved_in_another_process_wakes_a_listening_worker(rt, clock, admin):
    from engine.store.db import create_db_engine, make_session_factory
    from engine.timers.worker import PgListener

    engine = create_db_engine(POSTGRES_URL)
    other = Runtime(make_session_factory(engine), clock=clock, forms_dir=rt.forms_dir)
    wake = threading.Event()
    listener = PgListener.start_for(other, wake)
    assert listener is not None
    try:
        assert wake.wait(10)  # set once listening
        wake.clear()
        # Saved through another runtime (another "process"), due sooner than a worker's longest sleep.
        start(rt, clock, admin, "PT1S")
        assert wake.wait(10)
    finally:
        listener.stop()
        listener.thread.join(5)
        engine.dispose()


@pytest.mark.skipif(not POSTGRES_URL, reason="needs PostgreSQL: set ALUR_TEST_DATABASE_URL")
def test_firing_and_completing_the_same_cases_at_once_never_deadlocks(rt, clock, admin, staff):
    """A worker fires deadlines while people complete the same steps: no error other than a
    clean 409, and every case ends consistent (at most one firing, no timer left behind)."""
    from engine.errors import Conflict
    from engine.store.db import create_db_engine, make_session_factory

    tasks = [start(rt, clock, admin, "PT1H", moment=wib(2026, 1, 5, 9, 0))[1] for _ in range(12)]
    clock.set(tasks[0].due_at)
    engine = create_db_engine(POSTGRES_URL)
    worker_rt = Runtime(make_session_factory(engine), clock=clock, forms_dir=rt.forms_dir)
    worker_rt.calendar()
    barrier = threading.Barrier(2)
    errors, fired = [], []

    def work():
        try:
            barrier.wait(10)
            for _ in range(20):
                fired.append(fire_due_timers(worker_rt))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    def people():
        try:
            barrier.wait(10)
            for task in tasks:
                try:
                    commands.complete_task(rt, DOER, task.id, {})
                except Conflict:
                    pass
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work), threading.Thread(target=people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    engine.dispose()
    assert not errors, errors
    for task in tasks:
        detail = queries.get_case(rt, BOTH, task.case_id)
        assert [h.action for h in detail.history].count("deadline_passed") <= 1
        assert all(t["timer"] != "timer_step_01" for t in detail.pending_timers)
