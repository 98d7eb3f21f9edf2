"""Organisation units through the REST API: admins only, bad input is 422 naming the field,
documented in the OpenAPI document."""
from __future__ import annotations

import pytest

from engine.org import units
from engine.records import SYSTEM_ACTOR
from tests.webapp.helpers import (
    auth,
)


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
