"""The admin calendar page: the year's non-working days, closures added (for every unit or one
unit), imported and removed after a confirmation; recounting open deadlines is offered after."""
from __future__ import annotations

import io
import re

from engine.org import closures
from tests.timer_helpers import open_task, wib
from tests.webapp.helpers import (
    csrf_from,
    start_two_day_step,
)


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


def test_a_closure_for_one_unit_on_the_calendar_page(app, browsers, rt, makassar):
    admin = browsers["admin"]
    page = admin.get("/admin/kalender?tahun=2026")
    assert "Berlaku untuk" in page and "Hanya UKPBJ Kota Makassar (WITA)" in page
    response = admin.post_form("/admin/kalender", {"day": "2026-11-09", "reason": "Hari Jadi Kota Makassar",
                                                   "unit": "ukpbj-makassar"}, page_url="/admin/kalender?tahun=2026")
    assert response.status_code == 302
    [closure] = closures.list_closures(rt)
    assert closure.unit_code == "ukpbj-makassar"
    overview = admin.get("/admin/kalender?tahun=2026")
    row = re.search(r"<tr>\s*<td><time datetime=\"2026-11-09\".*?</tr>", overview, re.S).group(0)
    assert "Penutupan unit" in row and "UKPBJ Kota Makassar" in row and "unit=ukpbj-makassar" in row
    unit_page = admin.get("/admin/kalender?tahun=2026&unit=ukpbj-makassar")
    assert "Kalender kerja 2026 · UKPBJ Kota Makassar" in unit_page and "(WITA)" in unit_page
    assert "Hari Jadi Kota Makassar" in unit_page
    assert not rt.calendar(unit_id=makassar.id).is_working_day(closure.day)
    assert rt.calendar().is_working_day(closure.day)

    # The same day again for the same unit: a conflict, shown on the page.
    response = admin.post_form("/admin/kalender", {"day": "2026-11-09", "reason": "Lagi", "unit": "ukpbj-makassar"},
                               page_url="/admin/kalender")
    assert response.status_code == 409 and "sudah ditutup untuk unit ukpbj-makassar" in response.get_data(as_text=True)
    response = admin.post_form("/admin/kalender", {"day": "2026-11-10", "reason": "x", "unit": "tidak-ada"},
                               page_url="/admin/kalender")
    assert response.status_code == 422

    # Removing asks first and removes only that unit's closure.
    assert admin.get("/admin/kalender/2026-11-09/hapus", status=302)  # no closure for every unit that day
    confirm = admin.get("/admin/kalender/2026-11-09/hapus?unit=ukpbj-makassar")
    assert "Hapus penutupan?" in confirm and "UKPBJ Kota Makassar" in confirm
    assert 'name="unit" value="ukpbj-makassar"' in confirm
    response = admin.client.post("/admin/kalender/2026-11-09/hapus",
                                 data={"csrf_token": csrf_from(confirm), "unit": "ukpbj-makassar"})
    assert response.status_code == 302 and closures.list_closures(rt) == []


def test_adding_a_closure_offers_to_recount_and_recounting_asks_first(app, rt, clock, browsers):
    case = start_two_day_step(rt, clock)
    admin = browsers["admin"]
    response = admin.post_form("/admin/kalender", {"day": "2026-01-06", "reason": "Pemadaman listrik"},
                               page_url="/admin/kalender?tahun=2026")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/kalender/2026-01-06/hitung-ulang")
    confirm = admin.get("/admin/kalender/2026-01-06/hitung-ulang")
    assert "Hitung ulang batas waktu?" in confirm and "<strong>1</strong> langkah terbuka" in confirm
    assert "ditutup" in confirm  # the flash of the closure just added
    assert open_task(rt, case.id).due_at == wib(2026, 1, 7, 9, 0)  # nothing changed by looking
    assert admin.client.post("/admin/kalender/2026-01-06/hitung-ulang", data={}).status_code == 400  # no CSRF
    response = admin.client.post("/admin/kalender/2026-01-06/hitung-ulang", data={"csrf_token": csrf_from(confirm)})
    assert response.status_code == 302
    assert "1 dari 1 langkah terbuka" in admin.get(response.headers["Location"])
    assert open_task(rt, case.id).due_at == wib(2026, 1, 8, 9, 0)
    browsers["opd"].get("/admin/kalender/2026-01-06/hitung-ulang", status=403)


def test_a_closure_touching_no_open_step_goes_back_to_the_calendar(app, rt, browsers):
    admin = browsers["admin"]
    response = admin.post_form("/admin/kalender", {"day": "2026-03-02", "reason": "Rapat kerja"},
                               page_url="/admin/kalender?tahun=2026")
    assert response.headers["Location"].endswith("/admin/kalender?tahun=2026")
    admin.get("/admin/kalender/bukan-tanggal/hitung-ulang", status=302)  # back to the calendar, with the reason
