"""Notifications and the working calendar through the web app and the `alur` command:
the notifications page (unread count in the menu, mark read), e-mail after a deadline
through a local SMTP sink, the admin calendar page and `alur calendar`."""
from __future__ import annotations

import re

import pytest

from engine.cases import commands
from engine.notify import inbox
from engine.org import closures, users
from engine.timers.worker import fire_due_timers
from tests.engine.timers.test_deadlines import (
    DOER,
    LANE_A,
    deadline_diagram,
    deploy_bytes,
    open_task,
    wib,
)
from tests.engine.timers.test_timers import SmtpSink
from tests.web.conftest import FORMS_DIR, PASSWORD, Browser, csrf_from
from webapp import create_app
from webapp.auth import hash_password


def make_app(database_url, clock, **extra):
    config = {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url,
              "ALUR_CLOCK": clock, "ALUR_FORMS_DIR": str(FORMS_DIR)}
    config.update(extra)
    return create_app(config)


def add_people(rt):
    users.create_user(rt, "andi", password_hash=hash_password(PASSWORD), roles=[LANE_A])
    users.create_user(rt, "kepala", password_hash=hash_password(PASSWORD), roles=["Kepala Uji"])
    inbox.set_email(rt, "andi", "andi@ukpbj.example")


def late_case(rt, clock, admin):
    deploy_bytes(rt, admin, deadline_diagram("tenggat_uji", "PT1H"), "tenggat_uji.bpmn")
    clock.set(wib(2026, 1, 5, 9, 0))
    case = commands.start_case(rt, DOER, "tenggat_uji", title="Pengadaan kertas")
    task = open_task(rt, case.id)
    clock.set(task.due_at)
    assert fire_due_timers(rt) == 1
    return case, task


def unread_badge(html: str) -> str | None:
    match = re.search(r'Notifikasi <span class="badge late">(\d+)<span class="sr-only"> belum dibaca', html)
    return match.group(1) if match else None


# -- notifications page ----------------------------------------------------------

def test_notifications_page_unread_count_and_mark_read(app, rt, clock, admin):
    add_people(rt)
    case, task = late_case(rt, clock, admin)
    andi = Browser(app, "andi")
    assert unread_badge(andi.get("/")) == "1"
    page = andi.get("/notifikasi")
    assert "Batas waktu terlampaui" in page and "Pengadaan kertas" in page
    assert "Senin, 5 Januari 2026, 10.00 WIB" in page
    note_id = re.search(r'action="/notifikasi/(\d+)/baca"', page).group(1)

    # Someone else's notification is not yours to mark.
    kepala = Browser(app, "kepala")
    assert "Eskalasi" in kepala.get("/notifikasi")
    response = kepala.post_form(f"/notifikasi/{note_id}/baca", {}, page_url="/notifikasi")
    assert response.status_code == 404

    response = andi.post_form(f"/notifikasi/{note_id}/baca", {"buka": ""}, page_url="/notifikasi")
    assert response.status_code == 302
    html = andi.get("/")
    assert unread_badge(html) is None and 'href="/notifikasi"' in html
    assert "dibaca" in andi.get("/notifikasi")
    assert "Tidak ada notifikasi yang belum dibaca" in andi.get("/notifikasi?belum=1")

    # Opening the step from the escalation's case link marks it read.
    response = kepala.post_form(f"/notifikasi/{int(note_id) + 1}/baca", {"buka": "kasus"}, page_url="/notifikasi")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/kasus/{case.id}")
    assert unread_badge(kepala.get("/")) is None


def test_mark_all_read_and_csrf(app, rt, clock, admin):
    add_people(rt)
    late_case(rt, clock, admin)
    clock.advance(minutes=1)
    case2 = commands.start_case(rt, DOER, "tenggat_uji")
    clock.set(open_task(rt, case2.id).due_at)
    fire_due_timers(rt)
    andi = Browser(app, "andi")
    assert unread_badge(andi.get("/")) == "2"
    response = andi.client.post("/notifikasi/baca-semua")
    assert response.status_code == 400  # no CSRF token
    assert unread_badge(andi.get("/")) == "2"
    response = andi.post_form("/notifikasi/baca-semua", {}, page_url="/notifikasi")
    assert response.status_code == 302
    assert unread_badge(andi.get("/")) is None
    assert inbox.unread_count(rt, users.get_user(rt, username="andi").actor) == 0


def test_open_the_late_step_from_its_notification(app, rt, clock, admin):
    add_people(rt)
    _, task = late_case(rt, clock, admin)
    andi = Browser(app, "andi")
    note_id = re.search(r'action="/notifikasi/(\d+)/baca"', andi.get("/notifikasi")).group(1)
    response = andi.post_form(f"/notifikasi/{note_id}/baca", {"buka": "tugas"}, page_url="/notifikasi")
    assert response.headers["Location"].endswith(f"/tugas/{task.id}")


def test_own_email_address(app, rt):
    add_people(rt)
    andi = Browser(app, "andi")
    assert 'value="andi@ukpbj.example"' in andi.get("/notifikasi")
    response = andi.post_form("/notifikasi/email", {"email": "bukan-email"}, page_url="/notifikasi")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'aria-invalid="true"' in html and "nama@instansi.go.id" in html
    assert inbox.get_email(rt, "andi") == "andi@ukpbj.example"
    response = andi.post_form("/notifikasi/email", {"email": "andi@lpse.example"}, page_url="/notifikasi")
    assert response.status_code == 302
    assert inbox.get_email(rt, "andi") == "andi@lpse.example"
    andi.post_form("/notifikasi/email", {"email": ""}, page_url="/notifikasi")
    assert inbox.get_email(rt, "andi") is None


def test_deadline_mail_through_configured_smtp(database_url, db_engine, clock, admin):
    with SmtpSink() as sink:
        app = make_app(database_url, clock, ALUR_SMTP_HOST="127.0.0.1", ALUR_SMTP_PORT=str(sink.port),
                       ALUR_MAIL_FROM="Alur UKPBJ <alur@ukpbj.example>", ALUR_BASE_URL="https://alur.example/")
        rt = app.extensions["alur.runtime"]
        try:
            add_people(rt)
            _, task = late_case(rt, clock, admin)
            assert rt.notifier.flush(10)
            assert [rcpts for _, rcpts, _ in sink.messages] == [["andi@ukpbj.example"]]
            mail = sink.messages[0][2]
            assert mail["From"] == "Alur UKPBJ <alur@ukpbj.example>"
            assert f"https://alur.example/tugas/{task.id}" in mail.get_payload(decode=True).decode()
        finally:
            rt.notifier.close()
            from webapp.extensions import db

            with app.app_context():
                db.engine.dispose()


def test_notifier_from_configuration(database_url, db_engine, clock):
    from webapp.notifications import notifier_from_config

    notifier = notifier_from_config({"ALUR_SMTP_HOST": "mail.example", "ALUR_SMTP_STARTTLS": "1",
                                     "ALUR_SMTP_USERNAME": "alur", "ALUR_REMINDER_BEFORE": "pt4h",
                                     "ALUR_DEFAULT_SUPERVISOR": "Kepala UKPBJ"})
    assert notifier.smtp.port == 587 and notifier.smtp.starttls and notifier.smtp.username == "alur"
    assert notifier.reminder_before == "PT4H" and notifier.default_supervisor == "Kepala UKPBJ"
    assert notifier_from_config({}).smtp is None and notifier_from_config({}).reminder_before == "P1D"
    assert notifier_from_config({"ALUR_REMINDER_BEFORE": "none"}).reminder_before is None
    with pytest.raises(ValueError, match="ALUR_REMINDER_BEFORE"):
        notifier_from_config({"ALUR_REMINDER_BEFORE": "sehari"})
    app = make_app(database_url, clock, ALUR_REMINDER_BEFORE="off")
    assert app.extensions["alur.runtime"].notifier.reminder_before is None
    from webapp.extensions import db

    with app.app_context():
        db.engine.dispose()


# -- the calendar admin page --------------------------------------------------------

def test_calendar_page_lists_the_years_non_working_days(app, browsers):
    admin = browsers["admin"]
    html = admin.get("/admin/kalender?tahun=2026")
    assert "Kalender kerja 2026" in html
    assert "Senin, 16 Februari 2026" in html and "Cuti Bersama Tahun Baru Imlek" in html
    assert "Selasa, 17 Februari 2026" in html and "Libur nasional" in html
    assert 'href="/admin/kalender"' in admin.get("/")  # in the admin's menu
    assert 'href="/admin/kalender"' not in browsers["opd"].get("/")
    browsers["opd"].get("/admin/kalender", status=403)


def test_add_and_remove_a_closure_with_confirmation(app, browsers, rt):
    admin = browsers["admin"]
    response = admin.post_form("/admin/kalender", {"day": "2026-03-02", "reason": "Rapat kerja tahunan"},
                               page_url="/admin/kalender?tahun=2026")
    assert response.status_code == 302
    html = admin.get("/admin/kalender?tahun=2026")
    assert "Senin, 2 Maret 2026" in html and "Rapat kerja tahunan" in html and "Penutupan kantor" in html
    assert not rt.calendar().is_working_day(wib(2026, 3, 2, 9).date())

    confirm = admin.get("/admin/kalender/2026-03-02/hapus")
    assert "Hapus penutupan?" in confirm and "Rapat kerja tahunan" in confirm
    assert closures.list_closures(rt)  # asking is not deleting
    response = admin.client.post("/admin/kalender/2026-03-02/hapus", data={})
    assert response.status_code == 400 and closures.list_closures(rt)  # no CSRF token
    response = admin.client.post("/admin/kalender/2026-03-02/hapus", data={"csrf_token": csrf_from(confirm)})
    assert response.status_code == 302
    assert closures.list_closures(rt) == []
    assert rt.calendar().is_working_day(wib(2026, 3, 2, 9).date())

    response = admin.post_form("/admin/kalender", {"day": "2026-02-30", "reason": ""},
                               page_url="/admin/kalender")
    assert response.status_code == 422 and 'role="alert"' in response.get_data(as_text=True)


def test_import_page_names_the_bad_line(app, browsers, rt):
    import io

    admin = browsers["admin"]
    page = admin.get("/admin/kalender?tahun=2026")
    bad = b"2026-03-16,Cuti tambahan\n2026-03-32,Salah\n"
    response = admin.client.post("/admin/kalender/impor?tahun=2026", content_type="multipart/form-data",
                                 data={"csrf_token": csrf_from(page), "file": (io.BytesIO(bad), "tutup.csv")})
    assert response.status_code == 422
    assert "baris 2" in response.get_data(as_text=True) and closures.list_closures(rt) == []
    good = b"2026-03-16,Cuti tambahan\n2026-03-17,Cuti tambahan\n"
    response = admin.client.post("/admin/kalender/impor?tahun=2026", content_type="multipart/form-data",
                                 data={"csrf_token": csrf_from(page), "file": (io.BytesIO(good), "tutup.csv")})
    assert response.status_code == 302
    assert len(closures.list_closures(rt)) == 2


# -- alur calendar ---------------------------------------------------------------

def test_alur_calendar_commands(app, rt, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "add", "2026-03-02", "Rapat kerja"])
    assert result.exit_code == 0, result.output
    assert "2026-03-02 ditutup: Rapat kerja" in result.output
    result = runner.invoke(args=["calendar", "add", "2026-03-02", "Lagi"])
    assert result.exit_code == 1 and "sudah ditutup" in result.output

    path = tmp_path / "tutup.csv"
    path.write_text("tanggal,keterangan\n2026-03-16,Cuti tambahan\n")
    result = runner.invoke(args=["calendar", "import", str(path)])
    assert result.exit_code == 0 and "1 ditambahkan" in result.output
    path.write_text("2026-03-16,Cuti tambahan\nbukan tanggal,x\n")
    result = runner.invoke(args=["calendar", "import", str(path)])
    assert result.exit_code == 1 and "baris 2" in result.output

    result = runner.invoke(args=["calendar", "list", "--year", "2026"])
    assert result.exit_code == 0
    assert "2026-02-16  Senin   Cuti bersama" in result.output
    assert "2026-03-02  Senin   Penutupan kantor" in result.output
    result = runner.invoke(args=["calendar", "list", "--year", "2026", "--closures-only"])
    assert result.output.splitlines() == ["2026-03-02  Senin   Rapat kerja", "2026-03-16  Senin   Cuti tambahan"]

    result = runner.invoke(args=["calendar", "remove", "2026-03-02"], input="n\n")
    assert result.exit_code == 1 and len(closures.list_closures(rt)) == 2
    result = runner.invoke(args=["calendar", "remove", "2026-03-02"], input="y\n")
    assert result.exit_code == 0 and len(closures.list_closures(rt)) == 1
    result = runner.invoke(args=["calendar", "remove", "2026-03-16", "--yes"])
    assert result.exit_code == 0 and closures.list_closures(rt) == []
    result = runner.invoke(args=["calendar", "remove", "2026-03-16", "--yes"])
    assert result.exit_code == 1


def test_alur_notifications_set_email(app, rt):
    add_people(rt)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "set-email", "kepala", "kepala@ukpbj.example"])
    assert result.exit_code == 0 and inbox.get_email(rt, "kepala") == "kepala@ukpbj.example"
    result = runner.invoke(args=["notifications", "set-email", "tidak-ada", "x@y.example"])
    assert result.exit_code == 1
    result = runner.invoke(args=["notifications", "test-mail", "x@y.example"])
    assert result.exit_code == 1 and "ALUR_SMTP_HOST" in result.output


def test_office_hours_come_from_the_settings(database_url, db_engine, clock):
    from datetime import datetime, timezone

    from webapp import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": database_url,
                      "ALUR_CLOCK": clock, "ALUR_OFFICE_HOURS": '{"0": ["08:00", "12:00"]}'})
    calendar = app.extensions["alur.runtime"].calendar()
    monday_11_wib = datetime(2026, 1, 5, 4, 0, tzinfo=timezone.utc)
    assert calendar.add_duration(monday_11_wib, "PT2H") == datetime(2026, 1, 6, 1, 30, tzinfo=timezone.utc)
