"""After a closure changes the calendar, the admin is offered to recount open deadlines."""
from __future__ import annotations

from engine.cases import commands
from engine.diagrams import deploy
from engine.records import SYSTEM_ACTOR
from tests.engine.timers.test_deadlines import DOER, deadline_diagram, open_task, wib
from tests.web.conftest import csrf_from


def start_two_day_step(rt, clock):
    deploy.deploy_diagram(rt, SYSTEM_ACTOR, deadline_diagram("tenggat_uji", "P2D"), "tenggat_uji.bpmn")
    clock.set(wib(2026, 1, 5, 9, 0))  # Monday
    case = commands.start_case(rt, DOER, "tenggat_uji")
    assert open_task(rt, case.id).due_at == wib(2026, 1, 7, 9, 0)
    return case


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


def test_alur_calendar_recount(app, rt, clock):
    case = start_two_day_step(rt, clock)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "add", "2026-01-06", "Pemadaman listrik"])
    assert result.exit_code == 0 and "alur calendar recount 2026-01-06" in result.output
    result = runner.invoke(args=["calendar", "recount", "2026-01-06"])
    assert result.exit_code == 0, result.output
    assert "1 dari 1 langkah terbuka (pada 1 kasus) berubah" in result.output
    assert open_task(rt, case.id).due_at == wib(2026, 1, 8, 9, 0)
    result = runner.invoke(args=["calendar", "recount", "2026-02-30"])
    assert result.exit_code != 0 and "tidak ada di kalender" in result.output


def test_the_calendar_through_the_api(app, rt, clock, tokens):
    case = start_two_day_step(rt, clock)
    client = app.test_client()
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    staff = {"Authorization": f"Bearer {tokens['opd']}"}
    response = client.post("/api/v1/calendar/closures", json={"day": "2026-01-06", "reason": "Pemadaman"},
                           headers=admin)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["open_steps_due_from"] == 1 and response.get_json()["applies_to"] == "semua unit"
    assert client.post("/api/v1/calendar/closures", json={"day": "2026-01-06", "reason": "lagi"},
                       headers=admin).status_code == 409
    bad = client.post("/api/v1/calendar/closures", json={"day": "2026-02-30", "reason": "x", "warna": 1},
                      headers=admin)
    assert bad.status_code == 422 and {p["field"] for p in bad.get_json()["problems"]} == {"warna"}
    bad = client.post("/api/v1/calendar/closures", json={"day": "2026-02-30", "reason": "x"}, headers=admin)
    assert bad.status_code == 422 and bad.get_json()["problems"][0]["field"] == "day"
    assert [c["day"] for c in client.get("/api/v1/calendar/closures?year=2026", headers=admin).get_json()["items"]] \
        == ["2026-01-06"]
    assert client.get("/api/v1/calendar/closures", headers=staff).status_code == 403

    response = client.post("/api/v1/calendar/recount", json={"day": "2026-01-06"}, headers=admin)
    assert response.get_json() == {"cases": 1, "open_steps": 1, "changed": 1}
    assert open_task(rt, case.id).due_at == wib(2026, 1, 8, 9, 0)
    assert client.post("/api/v1/calendar/recount", json={"day": "kemarin"}, headers=admin).status_code == 422
    assert client.delete("/api/v1/calendar/closures/2026-01-06", headers=admin).status_code == 204
    assert client.delete("/api/v1/calendar/closures/2026-01-06", headers=admin).status_code == 404
    assert client.post("/api/v1/calendar/recount", json={"day": "2026-01-06"}, headers=admin).get_json()["changed"] == 1
    assert open_task(rt, case.id).due_at == wib(2026, 1, 7, 9, 0)


def test_new_office_hours_for_a_unit_offer_to_recount_its_open_steps(app, rt, clock, browsers):
    from engine.org import units
    from engine.records import Actor
    from tests.web.test_units import hours_form

    makassar = units.create_unit(rt, SYSTEM_ACTOR, "ukpbj-makassar", "UKPBJ Kota Makassar", "WIB")
    deploy.deploy_diagram(rt, SYSTEM_ACTOR, deadline_diagram("tenggat_uji", "PT4H"), "tenggat_uji.bpmn")
    clock.set(wib(2026, 1, 5, 9, 0))
    case = commands.start_case(rt, Actor("daeng", DOER.roles, unit_id=makassar.id), "tenggat_uji")
    assert open_task(rt, case.id).due_at == wib(2026, 1, 5, 13, 0)
    admin = browsers["admin"]
    mornings = hours_form(**{f"d{w}": ("08:00", "12:00") for w in range(5)})
    response = admin.post_form(f"/admin/unit/{makassar.id}", {"code": "ukpbj-makassar", "name": "UKPBJ Kota Makassar",
                                                             "timezone": "WIB", **mornings})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/kalender/2026-01-05/hitung-ulang?unit=ukpbj-makassar")
    confirm = admin.get(response.headers["Location"])
    response = admin.client.post("/admin/kalender/2026-01-05/hitung-ulang",
                                 data={"csrf_token": csrf_from(confirm), "unit": "ukpbj-makassar"})
    assert response.status_code == 302
    # From 09:00 Monday, four office hours of 08:00-12:00: three on Monday, one on Tuesday.
    assert open_task(rt, case.id).due_at == wib(2026, 1, 6, 9, 0)
