"""Who may see and act on a case, through /api/v1 (issue 13): inbox views and counts, claim,
release, reassign, assignees, the race (409 naming the holder), starting from a chosen lane
with parties, inviting parties, the processes a caller sees; outsiders get 404."""
from __future__ import annotations

import pytest

from engine.diagrams import deploy
from engine.org import users
from engine.records import SYSTEM_ACTOR
from tests.access_helpers import STAFF, VENDOR, offer_diagram
from tests.conftest import BPMN_DIR
from tests.webapp.helpers import auth

NEW_PEOPLE = {"andi": [STAFF], "budi": [STAFF], "vendor-a": [VENDOR], "vendor-c": [VENDOR],
              "vendor-x": [VENDOR], "monev": ["Tim Monev Katalog"]}


@pytest.fixture
def api(app, rt):
    for name, roles in NEW_PEOPLE.items():
        users.create_user(rt, name, password_hash="x", roles=roles)
    deploy.deploy_diagram(rt, SYSTEM_ACTOR, offer_diagram(), "penawaran.bpmn")
    client = app.test_client()
    tokens = {name: users.create_token(rt, name, "test") for name in [*NEW_PEOPLE, "admin"]}

    def call(method: str, who: str, url: str, **kwargs):
        return client.open(url, method=method, headers=auth(tokens[who]), **kwargs)

    return call


def staff_step(api) -> tuple[int, str]:
    case = api("POST", "vendor-a", "/api/v1/processes/penawaran/instances", json={"title": "Penawaran"})
    assert case.status_code == 201, case.json
    [first] = case.json["open_tasks"]
    assert first["assignee"] == "vendor-a"
    done = api("POST", "vendor-a", f"/api/v1/tasks/{first['id']}/complete", json={})
    assert done.status_code == 200, done.json
    [step] = done.json["instance"]["open_tasks"]
    assert step["lane"] == STAFF and step["assignee"] is None
    return case.json["id"], step["id"]


def test_views_counts_claim_and_the_race(api):
    _case_id, step = staff_step(api)
    assert api("GET", "andi", "/api/v1/tasks/counts").json == {"mine": 0, "group": 1}
    assert [t["id"] for t in api("GET", "andi", "/api/v1/tasks?view=group&sort=created").json["items"]] == [step]
    assert api("GET", "andi", "/api/v1/tasks?view=mine").json["items"] == []
    assert api("GET", "andi", "/api/v1/tasks?view=nope").status_code == 422
    detail = api("GET", "budi", f"/api/v1/tasks/{step}").json
    assert (detail["may_claim"], detail["held_by"], detail["assignee"]) == (True, None, None)

    claimed = api("POST", "andi", f"/api/v1/tasks/{step}/claim")
    assert claimed.status_code == 200 and claimed.json["assignee"] == "andi"
    assert api("GET", "andi", "/api/v1/tasks/counts").json == {"mine": 1, "group": 0}
    assert api("GET", "budi", "/api/v1/tasks/counts").json == {"mine": 0, "group": 0}
    detail = api("GET", "budi", f"/api/v1/tasks/{step}").json
    assert (detail["may_complete"], detail["may_claim"], detail["held_by"]) == (False, False, "andi")
    for response in (api("POST", "budi", f"/api/v1/tasks/{step}/complete", json={}),
                     api("POST", "budi", f"/api/v1/tasks/{step}/claim")):
        assert response.status_code == 409 and response.json["holder"] == "andi"
    assert api("POST", "andi", f"/api/v1/tasks/{step}/complete", json={}).status_code == 200


def test_release_reassign_and_assignees(api):
    case_id, step = staff_step(api)
    api("POST", "andi", f"/api/v1/tasks/{step}/claim")
    assert api("GET", "andi", f"/api/v1/tasks/{step}/assignees").json == {"items": ["andi", "budi"]}
    assert api("GET", "budi", f"/api/v1/tasks/{step}/assignees").status_code == 403
    assert api("POST", "budi", f"/api/v1/tasks/{step}/release").status_code == 403
    assert api("POST", "budi", f"/api/v1/tasks/{step}/reassign", json={"to": "budi"}).status_code == 403
    assert api("POST", "andi", f"/api/v1/tasks/{step}/reassign", json={"to": 5}).status_code == 422
    refused = api("POST", "andi", f"/api/v1/tasks/{step}/reassign", json={"to": "vendor-c"})
    assert refused.status_code == 403 and "tidak dapat mengerjakan" in refused.json["message"]
    moved = api("POST", "andi", f"/api/v1/tasks/{step}/reassign", json={"to": "budi"})
    assert moved.status_code == 200 and moved.json["assignee"] == "budi"
    released = api("POST", "budi", f"/api/v1/tasks/{step}/release")
    assert released.status_code == 200 and released.json["assignee"] is None
    actions = [h["action"] for h in api("GET", "andi", f"/api/v1/instances/{case_id}").json["history"]]
    assert {"task_claimed", "task_reassigned", "task_released"} <= set(actions)


def test_outsiders_get_404(api):
    case_id, step = staff_step(api)
    for method, url, body in (("GET", f"/api/v1/tasks/{step}", None), ("POST", f"/api/v1/tasks/{step}/claim", None),
                              ("POST", f"/api/v1/tasks/{step}/release", None),
                              ("POST", f"/api/v1/tasks/{step}/reassign", {"to": "andi"}),
                              ("GET", f"/api/v1/tasks/{step}/assignees", None),
                              ("GET", f"/api/v1/instances/{case_id}", None),
                              ("POST", f"/api/v1/instances/{case_id}/parties", {"lane": VENDOR,
                                                                               "usernames": ["vendor-x"]})):
        response = api(method, "vendor-x", url, json=body)
        assert response.status_code == 404, (url, response.json)


def test_start_lane_parties_and_invite(api, rt):
    deploy.deploy_paths(rt, SYSTEM_ACTOR, [BPMN_DIR / "katalog_pengaktifan_kembali.bpmn"])
    items = {p["process_id"]: p for p in api("GET", "monev", "/api/v1/processes").json["items"]}
    assert items["katalog_pengaktifan_kembali"]["my_start_lanes"] == ["Penyedia", "Tim Monev Katalog"]
    vendor_items = {p["process_id"]: p for p in api("GET", "vendor-a", "/api/v1/processes").json["items"]}
    assert set(vendor_items) == {"penawaran", "katalog_pengaktifan_kembali"}  # not the etalase
    assert vendor_items["katalog_pengaktifan_kembali"]["my_start_lanes"] == ["Penyedia"]
    assert api("GET", "vendor-a", "/api/v1/processes/etalase_katalog_lokal").status_code == 404

    case = api("POST", "monev", "/api/v1/processes/katalog_pengaktifan_kembali/instances",
               json={"title": "Monitoring", "start_lane": "Tim Monev Katalog", "parties": {"Penyedia": ["vendor-c"]}})
    assert case.status_code == 201, case.json
    assert [t["task_ref"] for t in case.json["open_tasks"]] == ["step_02"]
    assert api("GET", "vendor-c", f"/api/v1/instances/{case.json['id']}").status_code == 200
    bad = api("POST", "monev", "/api/v1/processes/katalog_pengaktifan_kembali/instances",
              json={"start_lane": "Kepala BPPBJ"})
    assert bad.status_code in (403, 422)
    refused = api("POST", "vendor-a", "/api/v1/processes/katalog_pengaktifan_kembali/instances",
                  json={"start_lane": "Tim Monev Katalog"})
    assert refused.status_code == 403

    invited = api("POST", "monev", f"/api/v1/instances/{case.json['id']}/parties",
                  json={"lane": "Penyedia", "usernames": ["vendor-a", "vendor-c"]})
    assert invited.status_code == 200 and invited.json == {"lane": "Penyedia", "added": ["vendor-a"]}
    wrong = api("POST", "monev", f"/api/v1/instances/{case.json['id']}/parties",
                json={"lane": "Penyedia", "usernames": ["andi"]})
    assert wrong.status_code == 422 and wrong.json["problems"][0]["field"] == "parties"
    assert api("POST", "monev", f"/api/v1/instances/{case.json['id']}/parties",
               json={"lane": "Penyedia"}).status_code == 422


def test_openapi_lists_the_new_operations(app):
    doc = app.test_client().get("/api/v1/openapi.json").json
    paths = doc["paths"]
    for path, method in (("/tasks/counts", "get"), ("/tasks/{task_id}/claim", "post"),
                         ("/tasks/{task_id}/release", "post"), ("/tasks/{task_id}/reassign", "post"),
                         ("/tasks/{task_id}/assignees", "get"), ("/instances/{case_id}/parties", "post")):
        assert method in paths[path], path
    names = [p["name"] for p in paths["/tasks"]["get"]["parameters"]]
    assert "view" in names and "sort" in names
    assert "holder" in doc["components"]["schemas"]["HeldError"]["properties"]
    assert {"start_lane", "parties"} <= set(doc["components"]["schemas"]["StartInput"]["properties"])
