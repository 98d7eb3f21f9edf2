"""The notifications page: unread count in the menu, mark read, open the late step, one's own
e-mail address."""
from __future__ import annotations

import re

from engine.notify import inbox
from engine.org import users
from engine.timers.passes import fire_due_timers
from tests.timer_helpers import open_task, start_open
from tests.webapp.helpers import (
    Browser,
    add_people,
    late_case,
)


def unread_badge(html: str) -> str | None:
    match = re.search(r'Notifikasi <span class="badge late">(\d+)<span class="sr-only"> belum dibaca', html)
    return match.group(1) if match else None


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
    case2, _ = start_open(rt, "tenggat_uji")
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
