"""The etalase SOP end to end through the REST API, and the API's error answers."""
from __future__ import annotations

import io
import threading

from tests.conftest import BPMN_DIR
from tests.helpers import fill_form
from tests.webapp.helpers import (
    LANE_USER,
    auth,
)


def test_requires_a_valid_token(app):
    client = app.test_client()
    assert client.get("/api/v1/tasks").status_code == 401
    response = client.get("/api/v1/tasks", headers=auth("alur_wrong"))
    assert response.status_code == 401 and response.json["error"] == "Unauthorized"
    assert "Bearer" in response.headers["WWW-Authenticate"]


def test_openapi_document_is_served(app):
    doc = app.test_client().get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    for path in ["/processes", "/processes/{process_id}/instances", "/tasks", "/tasks/{task_id}",
                 "/tasks/{task_id}/complete", "/instances/{case_id}"]:
        assert path in doc["paths"], path


def test_etalase_through_the_api_with_both_correction_loops(app, tokens):
    client = app.test_client()
    processes = client.get("/api/v1/processes", headers=auth(tokens["opd"])).json["items"]
    assert [p["process_id"] for p in processes] == ["etalase_katalog_lokal"]
    response = client.post("/api/v1/processes/etalase_katalog_lokal/instances",
                           json={"title": "Etalase ATK 2026"}, headers=auth(tokens["opd"]))
    assert response.status_code == 201, response.json
    case_id = response.json["id"]
    decisions = {"step_05": ["correct", "approve"], "step_08": ["correct", "approve"]}
    done = []
    for _ in range(30):
        instance = client.get(f"/api/v1/instances/{case_id}", headers=auth(tokens["opd"])).json
        if instance["status"] == "completed":
            break
        (task,) = instance["open_tasks"]
        user = LANE_USER[task["lane"]]
        listed = client.get("/api/v1/tasks", headers=auth(tokens[user])).json
        assert task["id"] in [t["id"] for t in listed["items"]]
        detail = client.get(f"/api/v1/tasks/{task['id']}", headers=auth(tokens[user])).json
        assert detail["may_complete"] and detail["step"]["name"] == task["name"]
        values = {}
        if task["task_ref"] in decisions:
            key = next(k for k in detail["form"]["schema"]["properties"] if k.endswith("_decision"))
            values[key] = decisions[task["task_ref"]].pop(0)
        response = client.post(f"/api/v1/tasks/{task['id']}/complete", json=fill_form(detail["form"], **values),
                               headers=auth(tokens[user]))
        assert response.status_code == 200, response.json
        done.append((task["task_ref"], user))
    assert instance["status"] == "completed"
    assert [ref for ref, _ in done] == ["step_01", "step_02", "step_03", "step_04", "step_05", "step_04",
                                        "step_05", "step_06", "step_07", "step_08", "step_07", "step_08", "step_09"]
    assert {user for _, user in done} == {"opd", "ukpbj", "lpse"}
    history = [h["action"] for h in instance["history"]]
    assert history[0] == "case_started" and history[-1] == "case_completed"


def start(client, tokens):
    response = client.post("/api/v1/processes/etalase_katalog_lokal/instances", json={},
                           headers=auth(tokens["opd"]))
    assert response.status_code == 201
    return response.json


def test_wrong_role_gets_404_and_nothing_changes(app, tokens):
    """Someone with no part in the case is answered as if the step did not exist (engine.access)."""
    client = app.test_client()
    instance = start(client, tokens)
    (task,) = instance["open_tasks"]
    detail = client.get(f"/api/v1/tasks/{task['id']}", headers=auth(tokens["opd"])).json
    response = client.post(f"/api/v1/tasks/{task['id']}/complete", json=fill_form(detail["form"]),
                           headers=auth(tokens["lpse"]))
    assert response.status_code == 404 and response.json["error"] == "NotFound"
    after = client.get(f"/api/v1/instances/{instance['id']}", headers=auth(tokens["opd"])).json
    assert after["history"] == instance["history"] and after["lock_version"] == instance["lock_version"]
    assert after["open_tasks"] == instance["open_tasks"]
    assert client.post("/api/v1/processes/etalase_katalog_lokal/instances", json={},
                       headers=auth(tokens["lpse"])).status_code == 403


def test_double_completion_gives_one_200_and_one_409(app, tokens):
    client = app.test_client()
    instance = start(client, tokens)
    (task,) = instance["open_tasks"]
    detail = client.get(f"/api/v1/tasks/{task['id']}", headers=auth(tokens["opd"])).json
    data = fill_form(detail["form"])
    barrier = threading.Barrier(2)
    codes = []

    def complete():
        local = app.test_client()
        barrier.wait()
        codes.append(local.post(f"/api/v1/tasks/{task['id']}/complete", json=data,
                                headers=auth(tokens["opd"])).status_code)

    threads = [threading.Thread(target=complete) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 409]
    after = client.get(f"/api/v1/instances/{instance['id']}", headers=auth(tokens["opd"])).json
    assert [h["action"] for h in after["history"]].count("task_completed") == 1


def test_invalid_form_gives_422_naming_fields(app, tokens):
    client = app.test_client()
    instance = start(client, tokens)
    (task,) = instance["open_tasks"]
    response = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"nonsense": 1},
                           headers=auth(tokens["opd"]))
    assert response.status_code == 422
    assert "nonsense" in {p.get("field") for p in response.json["problems"]}
    response = client.post(f"/api/v1/tasks/{task['id']}/complete", data="not json",
                           content_type="application/json", headers=auth(tokens["opd"]))
    assert response.status_code == 422


def upload(client, token, name, content):
    return client.post("/api/v1/processes", data={"file": (io.BytesIO(content), name)},
                       headers=auth(token), content_type="multipart/form-data")


def test_invalid_upload_gives_422_naming_the_element(app, tokens):
    client = app.test_client()
    xml = (BPMN_DIR / "etalase_katalog_lokal.bpmn").read_bytes()
    broken = xml.replace(b'targetRef="step_02"', b'targetRef="step_does_not_exist"', 1)
    assert broken != xml
    response = upload(client, tokens["admin"], "etalase_katalog_lokal.bpmn", broken)
    assert response.status_code == 422, response.json
    problems = response.json["problems"]
    assert any("step_does_not_exist" in p["message"] and p.get("element_id") and p.get("line") for p in problems)
    versions = client.get("/api/v1/processes/etalase_katalog_lokal", headers=auth(tokens["admin"])).json["versions"]
    assert len(versions) == 1  # nothing half-written


def test_only_admins_deploy_and_identical_content_is_a_no_op(app, tokens):
    client = app.test_client()
    xml = (BPMN_DIR / "etalase_katalog_lokal.bpmn").read_bytes()
    assert upload(client, tokens["opd"], "x.bpmn", xml).status_code == 403
    response = upload(client, tokens["admin"], "etalase_katalog_lokal.bpmn", xml)
    assert response.status_code == 200 and response.json["items"][0]["created"] is False
    changed = xml.replace(b"Batas waktu", b"Batas  waktu", 1)
    response = upload(client, tokens["admin"], "etalase_katalog_lokal.bpmn", changed)
    assert response.status_code == 201 and response.json["items"][0]["version"] == 2


MALICIOUS = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://x">
  <bpmn:process id="evil" isExecutable="true">
    <bpmn:startEvent id="start" name="Mulai"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
    <bpmn:exclusiveGateway id="gw" name="?"/>
    <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="end">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">__import__('os').system('touch MARKER')</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="end2">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">True</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:endEvent id="end" name="Selesai"/>
    <bpmn:endEvent id="end2" name="Selesai 2"/>
  </bpmn:process>
</bpmn:definitions>
"""


def test_code_in_a_condition_is_refused_at_deploy_and_never_runs(app, tokens, tmp_path):
    marker = tmp_path / "pwned"
    client = app.test_client()
    response = upload(client, tokens["admin"], "evil.bpmn", MALICIOUS.replace(b"MARKER", str(marker).encode()))
    assert response.status_code == 422
    problem = response.json["problems"][0]
    assert problem["element_id"] == "f2" and problem["line"] == 9
    assert "__import__" in problem["message"]
    assert not marker.exists()
    processes = client.get("/api/v1/processes", headers=auth(tokens["admin"])).json["items"]
    assert "evil" not in [p["process_id"] for p in processes]


def test_unknown_things_are_404_as_json(app, tokens):
    client = app.test_client()
    for url in ["/api/v1/tasks/00000000-0000-0000-0000-000000000000", "/api/v1/instances/999",
                "/api/v1/processes/nope", "/api/v1/nope"]:
        response = client.get(url, headers=auth(tokens["opd"]))
        assert response.status_code == 404 and response.is_json, url
