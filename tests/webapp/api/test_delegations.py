"""Plt./Plh. through the REST API: the official (or an admin for them) creates one, both sides
list it, bad input is 422 naming the field, what the caller may not see is 404."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from engine.store.models import AuditEvent
from tests.webapp.helpers import auth

BODY = {"delegate": "lpse", "kind": "Plt", "decree": "800/12/2026", "starts_on": "2026-01-05",
        "ends_on": "2026-01-31"}


def test_delegations_api_round_trip(app, tokens, rt):
    client = app.test_client()
    response = client.post("/api/v1/delegations", headers=auth(tokens["ukpbj"]), json=BODY)
    assert response.status_code == 201, response.json
    made = response.json
    assert response.headers["Location"].endswith(f"/api/v1/delegations/{made['id']}")
    assert (made["official"], made["delegate"], made["kind"], made["roles"]) == ("ukpbj", "lpse", "Plt", None)
    assert made["acting_as"] == "Plt. ukpbj, SK 800/12/2026" and made["active"] is True
    assert (made["starts_on"], made["ends_on"], made["revoked_at"]) == ("2026-01-05", "2026-01-31", None)

    # The official and the delegate see it; someone else neither lists nor reads it.
    for who in ("ukpbj", "lpse", "admin"):
        listed = client.get("/api/v1/delegations", headers=auth(tokens[who])).json["items"]
        assert [d["id"] for d in listed] == [made["id"]], who
    assert client.get("/api/v1/delegations", headers=auth(tokens["opd"])).json == {"items": []}
    assert client.get(f"/api/v1/delegations/{made['id']}", headers=auth(tokens["lpse"])).json == made
    for path in (f"/api/v1/delegations/{made['id']}", f"/api/v1/delegations/{made['id']}/actions",
                 "/api/v1/delegations/999"):
        assert client.get(path, headers=auth(tokens["opd"])).status_code == 404, path
    assert client.delete(f"/api/v1/delegations/{made['id']}", headers=auth(tokens["opd"])).status_code == 404

    # Admins filter by user; others may not.
    assert client.get("/api/v1/delegations?user=opd", headers=auth(tokens["admin"])).json == {"items": []}
    assert len(client.get("/api/v1/delegations?user=LPSE", headers=auth(tokens["admin"])).json["items"]) == 1
    assert client.get("/api/v1/delegations?user=lpse", headers=auth(tokens["opd"])).status_code == 403

    # What was done under it.
    with rt.write() as session:
        session.add(AuditEvent(case_id=None, task_id=None, task_ref=None, actor="lpse", action="note",
                               data={"delegation_id": made["id"]}, at=datetime(2026, 1, 5, 3, tzinfo=UTC)))
    assert client.get(f"/api/v1/delegations/{made['id']}/actions",
                      headers=auth(tokens["ukpbj"])).json == {"items": []}  # only steps of cases count

    # Revoke: 200 with the record; ended ones only with include_ended.
    response = client.delete(f"/api/v1/delegations/{made['id']}", headers=auth(tokens["ukpbj"]))
    assert response.status_code == 200 and response.json["revoked_by"] == "ukpbj"
    assert response.json["active"] is False and response.json["revoked_at"]
    assert client.get("/api/v1/delegations", headers=auth(tokens["lpse"])).json == {"items": []}
    ended = client.get("/api/v1/delegations?include_ended=1", headers=auth(tokens["lpse"])).json["items"]
    assert [d["id"] for d in ended] == [made["id"]]


def test_only_the_official_or_an_admin_creates(app, tokens):
    client = app.test_client()
    response = client.post("/api/v1/delegations", headers=auth(tokens["opd"]), json={**BODY, "official": "ukpbj"})
    assert response.status_code == 403
    response = client.post("/api/v1/delegations", headers=auth(tokens["admin"]),
                           json={**BODY, "official": "ukpbj", "kind": "Plh", "roles": ["Kepala UKPBJ"]})
    assert response.status_code == 201, response.json
    assert (response.json["official"], response.json["created_by"]) == ("ukpbj", "admin")
    assert response.json["roles"] == ["Kepala UKPBJ"] and response.json["acting_as"].startswith("Plh. ukpbj")


@pytest.mark.parametrize("change, field", [
    ({"delegate": "tidak-ada"}, "delegate"),
    ({"delegate": "ukpbj"}, "delegate"),
    ({"delegate": 5}, "delegate"),
    ({"kind": "Kepala"}, "kind"),
    ({"decree": ""}, "decree"),
    ({"starts_on": "besok"}, "starts_on"),
    ({"starts_on": None}, "starts_on"),
    ({"ends_on": "2026-01-01"}, "ends_on"),
    ({"roles": ["Bendahara"]}, "roles"),
    ({"roles": "Kepala UKPBJ"}, "roles"),
    ({"unit": "x"}, "unit"),
])
def test_bad_input_is_422_naming_the_field(app, tokens, change, field):
    body = {**BODY, **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = app.test_client().post("/api/v1/delegations", headers=auth(tokens["ukpbj"]), json=body)
    assert response.status_code == 422, response.json
    assert field in {p.get("field") for p in response.json["problems"]}, response.json


def test_openapi_documents_the_delegations(app):
    doc = app.test_client().get("/api/v1/openapi.json").json
    assert set(doc["paths"]["/delegations"]) == {"get", "post"}
    assert set(doc["paths"]["/delegations/{delegation_id}"]) == {"get", "delete"}
    assert "get" in doc["paths"]["/delegations/{delegation_id}/actions"]
    schemas = doc["components"]["schemas"]
    assert schemas["DelegationInput"]["required"] == ["delegate", "kind", "decree", "starts_on", "ends_on"]
    assert "acting_as" in schemas["Delegation"]["properties"]
    assert {p["name"] for p in doc["paths"]["/delegations"]["get"]["parameters"]} == {"user", "include_ended"}
