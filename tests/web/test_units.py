"""Organisation units through the admin pages, the REST API and the `alur` command: bad input
is answered with the field named (never a 500), deleting asks first and is refused while the
unit is in use; times are shown in the case's zone."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from engine.org import closures, units, users
from engine.records import SYSTEM_ACTOR
from tests.web.conftest import csrf_from


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def hours_form(**days) -> dict:
    """The office-hours grid: every weekday closed unless given as weekday=("08:00", "16:00")."""
    data = {"hours_mode": "custom"}
    for weekday in range(7):
        opening, closing = days.get(f"d{weekday}", ("", ""))
        data[f"open_{weekday}"], data[f"close_{weekday}"] = opening, closing
    return data


@pytest.fixture
def makassar(rt):
    return units.create_unit(rt, SYSTEM_ACTOR, "ukpbj-makassar", "UKPBJ Kota Makassar", "WITA")


# -- the admin page ----------------------------------------------------------------

def test_only_admins_see_the_units_page(browsers):
    assert 'href="/admin/unit"' in browsers["admin"].get("/")
    assert 'href="/admin/unit"' not in browsers["opd"].get("/")
    browsers["opd"].get("/admin/unit", status=403)
    response = browsers["opd"].client.post("/admin/unit", data={"code": "x"})
    assert response.status_code in (400, 403)


def test_add_edit_and_delete_a_unit_through_the_pages(app, browsers, rt):
    admin = browsers["admin"]
    page = admin.get("/admin/unit")
    assert "Belum ada unit" in page and 'name="hours_mode"' in page
    response = admin.post_form("/admin/unit", {"code": "ukpbj-makassar", "name": "UKPBJ Kota Makassar",
                                               "timezone": "Asia/Makassar", "hours_mode": "default"})
    assert response.status_code == 302, response.get_data(as_text=True)
    info = units.get_unit(rt, "ukpbj-makassar")
    assert (info.zone, info.office_hours) == ("WITA", None)
    page = admin.get("/admin/unit")
    assert "UKPBJ Kota Makassar" in page and "WITA" in page and "jam kantor instalasi" in page

    # Own office hours: Monday-Thursday 08:00-16:00, Friday 08:00-16:30, closed at the weekend.
    grid = hours_form(**{f"d{w}": ("08:00", "16:00") for w in range(4)}, d4=("08:00", "16:30"))
    response = admin.post_form(f"/admin/unit/{info.id}", {"code": "ukpbj-makassar", "name": "UKPBJ Makassar",
                                                         "timezone": "Asia/Makassar", **grid})
    assert response.status_code == 302, response.get_data(as_text=True)
    info = units.get_unit(rt, info.id)
    assert info.name == "UKPBJ Makassar"
    assert json.loads(info.office_hours)["4"] == ["08:00", "16:30"] and json.loads(info.office_hours)["5"] is None
    edit = admin.get(f"/admin/unit/{info.id}")
    assert 'value="08:00"' in edit and 'value="custom" checked' in edit
    assert "Senin\u2013Kamis 08.00\u201316.00, Jumat 08.00\u201316.30" in admin.get("/admin/unit")

    # Deleting asks first; without a CSRF token nothing happens.
    confirm = admin.get(f"/admin/unit/{info.id}/hapus")
    assert "Hapus unit UKPBJ Makassar?" in confirm and "Ya, hapus unit" in confirm
    assert units.list_units(rt)
    assert admin.client.post(f"/admin/unit/{info.id}/hapus", data={}).status_code == 400
    assert units.list_units(rt)
    response = admin.client.post(f"/admin/unit/{info.id}/hapus", data={"csrf_token": csrf_from(confirm)})
    assert response.status_code == 302 and units.list_units(rt) == []
    admin.get(f"/admin/unit/{info.id}", status=404)


@pytest.mark.parametrize("values, field", [
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"timezone": "x" * 500}, "timezone"),
    ({"code": "Bukan Kode!"}, "code"),
    ({"name": ""}, "name"),
    ({**hours_form(d0=("16:00", "08:00"))}, "office_hours"),
    ({**hours_form(d0=("08:00", ""))}, "office_hours"),
    ({**hours_form(d0=("jam", "delapan"))}, "office_hours"),
    ({**hours_form()}, "office_hours"),  # never open
])
def test_bad_input_on_the_page_names_the_field(browsers, rt, values, field):
    data = {"code": "ukpbj-makassar", "name": "UKPBJ Kota Makassar", "timezone": "Asia/Makassar",
            "hours_mode": "default", **values}
    response = browsers["admin"].post_form("/admin/unit", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422, html
    assert 'role="alert"' in html and f'href="#f-{field}"' in html and f'id="err-{field}"' in html
    assert units.list_units(rt) == []


def test_a_code_already_used_is_a_conflict_on_the_page(browsers, makassar):
    response = browsers["admin"].post_form("/admin/unit", {"code": "ukpbj-makassar", "name": "Lain",
                                                           "timezone": "Asia/Jakarta", "hours_mode": "default"})
    assert response.status_code == 409 and "sudah dipakai" in response.get_data(as_text=True)


def test_deleting_a_unit_in_use_is_refused(browsers, rt, makassar):
    admin = browsers["admin"]
    units.assign_user_unit(rt, SYSTEM_ACTOR, "opd", makassar.id)
    confirm = admin.get(f"/admin/unit/{makassar.id}/hapus")
    assert "tidak dapat dihapus" in confirm and "Ya, hapus unit" not in confirm
    response = admin.client.post(f"/admin/unit/{makassar.id}/hapus", data={"csrf_token": csrf_from(confirm)})
    assert response.status_code == 409 and "1 pengguna" in response.get_data(as_text=True)
    assert units.get_unit(rt, makassar.id).users == 1


# -- users and their unit ----------------------------------------------------------------

def test_unit_on_the_user_pages(app, browsers, rt, makassar):
    admin = browsers["admin"]
    page = admin.get("/admin/pengguna")
    assert 'name="unit"' in page and "UKPBJ Kota Makassar (WITA)" in page
    response = admin.post_form("/admin/pengguna", {"username": "andi", "password": "rahasia-123",
                                                   "roles": ["Kepala OPD"], "unit": "ukpbj-makassar"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert units.unit_of_user(rt, username="andi").code == "ukpbj-makassar"
    response = admin.post_form("/admin/pengguna", {"username": "budi", "password": "rahasia-123",
                                                   "unit": "tidak-ada"}, page_url="/admin/pengguna")
    assert response.status_code == 422 and users.get_user(rt, username="budi") is None

    edit = admin.get("/admin/pengguna/opd")
    assert "Ubah pengguna opd" in edit
    response = admin.post_form("/admin/pengguna/opd", {"full_name": "Kepala OPD Makassar", "roles": ["Kepala OPD"],
                                                       "unit": "ukpbj-makassar"})
    assert response.status_code == 302
    assert units.unit_of_user(rt, username="opd").id == makassar.id
    assert users.get_user(rt, username="opd").full_name == "Kepala OPD Makassar"
    response = admin.post_form("/admin/pengguna/opd", {"full_name": "", "roles": ["Kepala OPD"], "unit": ""})
    assert response.status_code == 302 and units.unit_of_user(rt, username="opd") is None
    # An admin cannot lock themselves out.
    response = admin.post_form("/admin/pengguna/admin", {"roles": ["Kepala OPD"], "unit": ""})
    assert response.status_code == 422 and "admin" in users.get_user(rt, username="admin").roles
    admin.get("/admin/pengguna/tidak-ada", status=404)


def test_the_signed_in_actor_carries_the_unit(app, browsers, rt, makassar, tokens):
    from webapp.auth import load_user

    units.assign_user_unit(rt, SYSTEM_ACTOR, "opd", makassar.id)
    with app.test_request_context():
        user = load_user(str(users.get_user(rt, username="opd").id))
        assert user.actor.unit_id == makassar.id and user.actor.roles == frozenset({"Kepala OPD"})
        assert load_user(str(users.get_user(rt, username="lpse").id)).actor.unit_id is None
    me = app.test_client().get("/api/v1/me", headers=auth(tokens["opd"])).json
    assert me["unit"]["code"] == "ukpbj-makassar" and me["unit"]["zone"] == "WITA"
    assert app.test_client().get("/api/v1/me", headers=auth(tokens["lpse"])).json["unit"] is None
    assert "UKPBJ Kota Makassar (WITA)" in browsers["opd"].get("/")


# -- times in the zone of the case -----------------------------------------------------

def test_times_are_shown_in_the_zone_given(app, rt, makassar):
    from types import SimpleNamespace

    from webapp.templating import format_datetime, time_left

    moment = datetime(2026, 1, 6, 8, 0, tzinfo=timezone.utc)  # 15.00 WIB, 16.00 WITA
    with app.test_request_context():
        assert format_datetime(moment) == "Selasa, 6 Januari 2026, 15.00 WIB"
        assert format_datetime(moment, True, "Asia/Makassar") == "Selasa, 6 Januari 2026, 16.00 WITA"
        assert format_datetime(moment, False, "Asia/Jayapura") == "6 Januari 2026, 17.00 WIT"
        assert format_datetime(moment, True, "Bukan/Zona") == "Selasa, 6 Januari 2026, 15.00 WIB"
        # Now: Monday 09.00 WIB = 10.00 WITA. Due 15.30 WIB = 16.30 WITA: Makassar closed at 16.00.
        due = datetime(2026, 1, 5, 8, 30, tzinfo=timezone.utc)
        assert time_left(due, makassar.id) == "6 jam"
        assert time_left(due) == "6 jam 30 menit"
        macros = app.jinja_env.get_template("macros.html").module
        task = SimpleNamespace(due_at=moment, status="ready", late=False, timezone="Asia/Makassar",
                               unit_id=makassar.id)
        html = str(macros.due(task))
        assert "16.00 WITA" in html and "1 hari 6 jam" in html
        plain = SimpleNamespace(due_at=moment, status="ready", late=False, timezone=None, unit_id=None)
        assert "15.00 WIB" in str(macros.due(plain))


def test_pages_show_times_in_the_case_zone(app, browsers, rt, makassar, clock):
    """The inbox, task and case pages use TaskInfo/CaseInfo.timezone (filled from the case's unit)."""
    from engine.cases import queries
    from engine.store.models import Case

    units.assign_user_unit(rt, SYSTEM_ACTOR, "opd", makassar.id)
    opd = browsers["opd"]
    response = opd.post_form("/proses/etalase_katalog_lokal/mulai", {"title": "Etalase Makassar"},
                             page_url="/proses")
    assert response.status_code == 302
    case_id = queries.list_cases(rt, SYSTEM_ACTOR).items[0].id
    with rt.read() as session:
        stored = session.get(Case, case_id).unit_id
    if stored is None:
        pytest.skip("engine.cases.start_case does not store the starter's unit yet")
    [task] = queries.list_tasks(rt, users.get_user(rt, username="opd").actor).items
    assert task.timezone == "Asia/Makassar"
    assert "WITA" in opd.get("/") and "WITA" in opd.get(f"/tugas/{task.id}") and "WITA" in opd.get(f"/kasus/{case_id}")
    assert "WIB" not in re.sub(r"<footer.*", "", opd.get(f"/kasus/{case_id}"), flags=re.S)


# -- the calendar page -------------------------------------------------------------------

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


# -- REST API -------------------------------------------------------------------------

def test_units_api_round_trip(app, tokens, rt):
    client = app.test_client()
    headers = auth(tokens["admin"])
    assert client.get("/api/v1/units", headers=headers).json == {"items": []}
    response = client.post("/api/v1/units", headers=headers, json={
        "code": "ukpbj-makassar", "name": "UKPBJ Kota Makassar", "timezone": "WITA",
        "office_hours": {"0": ["08:00", "16:00"], "5": None}})
    assert response.status_code == 201, response.json
    unit = response.json
    assert response.headers["Location"].endswith(f"/api/v1/units/{unit['id']}")
    assert (unit["timezone"], unit["zone"]) == ("Asia/Makassar", "WITA")
    assert unit["office_hours"] == {"0": ["08:00", "16:00"], "5": None}
    assert unit["office_hours_effective"]["4"] == ["07:30", "16:30"]
    assert unit["office_hours_text"].startswith("Senin 08.00")
    assert client.get(f"/api/v1/units/{unit['id']}", headers=headers).json == unit

    response = client.patch(f"/api/v1/units/{unit['id']}", headers=headers,
                            json={"name": "UKPBJ Makassar", "office_hours": None})
    assert response.status_code == 200 and response.json["name"] == "UKPBJ Makassar"
    assert response.json["office_hours"] is None and response.json["timezone"] == "Asia/Makassar"
    response = client.patch(f"/api/v1/units/{unit['id']}", headers=headers,
                            json={"office_hours": '{"4": ["07:30", "17:00"]}'})
    assert response.status_code == 200 and response.json["office_hours"] == {"4": ["07:30", "17:00"]}
    assert [u["code"] for u in client.get("/api/v1/units", headers=headers).json["items"]] == ["ukpbj-makassar"]

    other = client.post("/api/v1/units", headers=headers,
                        json={"code": "lpse-papua", "name": "LPSE Papua", "timezone": "Asia/Jayapura"}).json
    assert other["zone"] == "WIT"
    response = client.patch(f"/api/v1/units/{other['id']}", headers=headers, json={"code": "ukpbj-makassar"})
    assert response.status_code == 409
    response = client.post("/api/v1/units", headers=headers,
                           json={"code": "lpse-papua", "name": "Lagi", "timezone": "WIT"})
    assert response.status_code == 409

    assert client.delete(f"/api/v1/units/{other['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/units/{other['id']}", headers=headers).status_code == 404
    assert client.delete(f"/api/v1/units/{other['id']}", headers=headers).status_code == 404


@pytest.mark.parametrize("body, field", [
    ({"code": "ukpbj-makassar", "name": "UKPBJ", "timezone": "WITT"}, "timezone"),
    ({"code": "ukpbj-makassar", "name": "UKPBJ", "timezone": 8}, "timezone"),
    ({"code": "ukpbj-makassar", "name": "UKPBJ"}, "timezone"),
    ({"code": "ukpbj-makassar", "name": "UKPBJ", "timezone": "WITA", "office_hours": {"0": ["16:00", "08:00"]}},
     "office_hours"),
    ({"code": "ukpbj-makassar", "name": "UKPBJ", "timezone": "WITA", "office_hours": "{rusak"}, "office_hours"),
    ({"code": "ukpbj-makassar", "name": "UKPBJ", "timezone": "WITA", "office_hours": [1, 2]}, "office_hours"),
    ({"code": "ukpbj-makassar", "name": "UKPBJ", "timezone": "WITA", "office_hours": {"x": None}}, "office_hours"),
    ({"code": "UKPBJ MAKASSAR", "name": "UKPBJ", "timezone": "WITA"}, "code"),
    ({"code": "ukpbj-makassar", "name": "", "timezone": "WITA"}, "name"),
    ({"code": "ukpbj-makassar", "name": "UKPBJ", "timezone": "WITA", "zona": "WITA"}, "zona"),
])
def test_bad_unit_input_is_422_naming_the_field(app, tokens, rt, body, field):
    response = app.test_client().post("/api/v1/units", headers=auth(tokens["admin"]), json=body)
    assert response.status_code == 422, response.json
    assert field in [p.get("field") for p in response.json["problems"]], response.json
    assert units.list_units(rt) == []


def test_bad_patch_and_bodies_are_never_a_500(app, tokens, makassar):
    client = app.test_client()
    headers = auth(tokens["admin"])
    response = client.patch(f"/api/v1/units/{makassar.id}", headers=headers, json={"timezone": "Bulan/Tengah"})
    assert response.status_code == 422 and response.json["problems"][0]["field"] == "timezone"
    assert "tidak dikenal" in response.json["problems"][0]["message"]
    response = client.patch(f"/api/v1/units/{makassar.id}", headers={**headers, "Content-Type": "application/json"},
                            data="{bukan json")
    assert response.status_code == 422
    response = client.patch(f"/api/v1/units/{makassar.id}", headers=headers, json=["bukan", "objek"])
    assert response.status_code == 422
    assert client.patch("/api/v1/units/999", headers=headers, json={"name": "x"}).status_code == 404
    assert client.get("/api/v1/units/bukan-angka", headers=headers).status_code == 404


def test_units_api_is_for_admins_only(app, tokens, makassar):
    client = app.test_client()
    assert client.get("/api/v1/units").status_code == 401
    assert client.get("/api/v1/units", headers=auth(tokens["opd"])).status_code == 403
    response = client.post("/api/v1/units", headers=auth(tokens["opd"]),
                           json={"code": "x-y", "name": "X", "timezone": "WIB"})
    assert response.status_code == 403
    assert client.delete(f"/api/v1/units/{makassar.id}", headers=auth(tokens["opd"])).status_code == 403


def test_deleting_a_unit_in_use_through_the_api_is_a_conflict(app, tokens, rt, makassar):
    units.assign_user_unit(rt, SYSTEM_ACTOR, "opd", makassar.id)
    response = app.test_client().delete(f"/api/v1/units/{makassar.id}", headers=auth(tokens["admin"]))
    assert response.status_code == 409 and "1 pengguna" in response.json["message"]
    assert units.get_unit(rt, makassar.id)


def test_openapi_documents_the_units(app):
    doc = app.test_client().get("/api/v1/openapi.json").json
    assert set(doc["paths"]["/units"]) == {"get", "post"}
    assert {"get", "patch", "delete"} <= set(doc["paths"]["/units/{unit_id}"])
    assert "timezone" in doc["components"]["schemas"]["Task"]["properties"]
    assert doc["components"]["schemas"]["UnitInput"]["required"] == ["code", "name", "timezone"]


# -- alur units / users / calendar ----------------------------------------------------

def test_alur_units_commands(app, rt):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["units", "add", "ukpbj-makassar", "UKPBJ Kota Makassar", "--timezone", "WITA",
                                 "--office-hours", '{"4": ["07:30", "16:30"], "5": null}'])
    assert result.exit_code == 0, result.output
    assert "WITA" in result.output and "UKPBJ Kota Makassar" in result.output
    result = runner.invoke(args=["units", "add", "lpse", "LPSE", "--timezone", "Planet/Mars"])
    assert result.exit_code == 1 and "isian timezone" in result.output and "tidak dikenal" in result.output
    result = runner.invoke(args=["units", "add", "lpse", "LPSE", "--office-hours", "{rusak"])
    assert result.exit_code == 1 and "isian office_hours" in result.output
    result = runner.invoke(args=["units", "add", "ukpbj-makassar", "Lagi"])
    assert result.exit_code == 1 and "sudah dipakai" in result.output

    result = runner.invoke(args=["units", "list"])
    assert result.exit_code == 0 and "ukpbj-makassar" in result.output and "0 pengguna" in result.output
    result = runner.invoke(args=["units", "update", "ukpbj-makassar", "--timezone", "WIT", "--name", "UKPBJ Timur"])
    assert result.exit_code == 0, result.output
    assert units.get_unit(rt, "ukpbj-makassar").timezone == "Asia/Jayapura"
    result = runner.invoke(args=["units", "update", "ukpbj-makassar", "--default-office-hours"])
    assert result.exit_code == 0 and units.get_unit(rt, "ukpbj-makassar").office_hours is None
    assert runner.invoke(args=["units", "update", "ukpbj-makassar"]).exit_code == 2
    assert runner.invoke(args=["units", "update", "tidak-ada", "--name", "x"]).exit_code == 1

    # Users in the unit.
    result = runner.invoke(args=["users", "create", "andi", "--role", "Kepala OPD", "--password", "rahasia-123",
                                 "--unit", "ukpbj-makassar"])
    assert result.exit_code == 0, result.output
    assert units.unit_of_user(rt, username="andi").code == "ukpbj-makassar"
    result = runner.invoke(args=["users", "create", "budi", "--password", "rahasia-123", "--unit", "tidak-ada"])
    assert result.exit_code == 1 and users.get_user(rt, username="budi") is None
    result = runner.invoke(args=["users", "list"])
    assert re.search(r"andi\s+ukpbj-makassar\s+Kepala OPD", result.output)
    result = runner.invoke(args=["users", "set-unit", "opd", "ukpbj-makassar"])
    assert result.exit_code == 0 and units.unit_of_user(rt, username="opd").code == "ukpbj-makassar"

    # A unit in use is not removed; asked first otherwise.
    result = runner.invoke(args=["units", "remove", "ukpbj-makassar", "--yes"])
    assert result.exit_code == 1 and "2 pengguna" in result.output
    for name in ("andi", "opd"):
        assert runner.invoke(args=["users", "set-unit", name, "--none"]).exit_code == 0
    assert runner.invoke(args=["users", "set-unit", "opd"]).exit_code == 2
    result = runner.invoke(args=["units", "remove", "ukpbj-makassar"], input="n\n")
    assert result.exit_code == 1 and units.list_units(rt)
    result = runner.invoke(args=["units", "remove", "ukpbj-makassar"], input="y\n")
    assert result.exit_code == 0 and units.list_units(rt) == []


def test_alur_calendar_with_a_unit(app, rt, makassar):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "add", "2026-11-09", "Hari Jadi Kota Makassar", "--unit",
                                 "ukpbj-makassar"])
    assert result.exit_code == 0, result.output
    assert "2026-11-09 ditutup untuk unit ukpbj-makassar" in result.output
    result = runner.invoke(args=["calendar", "add", "2026-11-10", "x", "--unit", "tidak-ada"])
    assert result.exit_code == 1 and "tidak ada" in result.output
    result = runner.invoke(args=["calendar", "list", "--year", "2026", "--closures-only"])
    assert result.output.splitlines() == ["2026-11-09  Senin   Hari Jadi Kota Makassar [unit ukpbj-makassar]"]
    result = runner.invoke(args=["calendar", "list", "--year", "2026", "--unit", "ukpbj-makassar"])
    assert "2026-11-09  Senin   Penutupan unit" in result.output
    result = runner.invoke(args=["calendar", "remove", "2026-11-09", "--yes"])
    assert result.exit_code == 1  # not closed for every unit
    result = runner.invoke(args=["calendar", "remove", "2026-11-09", "--unit", "ukpbj-makassar", "--yes"])
    assert result.exit_code == 0 and closures.list_closures(rt) == []


def test_demo_puts_users_in_two_units(app, rt):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    found = {u.code: u for u in units.list_units(rt)}
    assert {u.zone for u in found.values()} == {"WIB", "WITA"}
    assert found["ukpbj-jakarta"].users >= 3 and found["ukpbj-makassar"].users >= 1
    assert units.unit_of_user(rt, username="kepala-opd-makassar").code == "ukpbj-makassar"
    assert units.unit_of_user(rt, username="kepala-ukpbj").code == "ukpbj-jakarta"
    assert units.unit_of_user(rt, username="admin") is None
    assert runner.invoke(args=["demo"]).exit_code == 0  # again: nothing new, nothing fails
    assert len(units.list_units(rt)) == 2
