"""Diagram pages: viewer for a process and a case, modeller save deploys (admin) or validates."""
from __future__ import annotations

from tests.conftest import BPMN_DIR
from tests.webapp.helpers import (
    Browser,
    csrf_from,
)


def test_process_and_case_diagram_pages(app, browsers):
    opd = browsers["opd"]
    page = opd.get("/proses/etalase_katalog_lokal/diagram")
    assert 'data-mode="viewer"' in page and "bpmn-navigated-viewer" in page
    assert "/admin/proses/etalase_katalog_lokal/versi/1.bpmn" in page
    xml = opd.client.get("/admin/proses/etalase_katalog_lokal/versi/1.bpmn")
    assert xml.status_code == 200 and b"etalase_katalog_lokal" in xml.data
    response = opd.post_form("/proses/etalase_katalog_lokal/mulai", {"title": "x"}, page_url="/proses")
    case_page = opd.get(response.headers["Location"])
    case_id = case_page.split("/kasus/")[1].split('"')[0]
    page = opd.get(f"/kasus/{case_id}/diagram")
    assert "data-highlight='[\"step_01\"]'" in page


def test_modeller_is_for_admins_and_process_owners(app, browsers):
    browsers["opd"].get("/proses/etalase_katalog_lokal/ubah", status=403)
    page = browsers["admin"].get("/proses/etalase_katalog_lokal/ubah")
    assert 'data-mode="modeler"' in page and "bpmn-modeler" in page


def test_admin_save_from_modeller_deploys_a_new_version(app, browsers):
    admin: Browser = browsers["admin"]
    page = admin.get("/proses/etalase_katalog_lokal/ubah")
    xml = (BPMN_DIR / "etalase_katalog_lokal.bpmn").read_bytes().replace(b"Batas waktu", b"Batas waktu!", 1)
    response = admin.client.post("/proses/etalase_katalog_lokal/diagram", data=xml,
                                 headers={"X-CSRFToken": csrf_from(page), "Content-Type": "application/xml"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "versi 2" in response.json["message"]


def test_modeller_save_with_a_problem_returns_the_problem_list(app, browsers):
    admin: Browser = browsers["admin"]
    page = admin.get("/proses/etalase_katalog_lokal/ubah")
    xml = (BPMN_DIR / "etalase_katalog_lokal.bpmn").read_bytes().replace(b">PT1H<", b">PT1X<", 1)
    response = admin.client.post("/proses/etalase_katalog_lokal/diagram", data=xml,
                                 headers={"X-CSRFToken": csrf_from(page), "Content-Type": "application/xml",
                                          "Accept": "application/json"})
    assert response.status_code == 422
    assert response.json["problems"][0]["element_id"].startswith("timer_")


def test_modeller_save_needs_the_csrf_token(app, browsers):
    response = browsers["admin"].client.post("/proses/etalase_katalog_lokal/diagram", data=b"<x/>",
                                             headers={"Content-Type": "application/xml"})
    assert response.status_code == 400


def test_admin_moves_running_cases_after_confirming_the_plan(app, browsers, tokens):
    opd = browsers["opd"]
    for _ in range(2):
        opd.post_form("/proses/etalase_katalog_lokal/mulai", {"title": "x"}, page_url="/proses")
    admin: Browser = browsers["admin"]
    page = admin.get("/proses/etalase_katalog_lokal/ubah")
    xml = (BPMN_DIR / "etalase_katalog_lokal.bpmn").read_bytes().replace(b"Batas waktu", b"Batas waktu!", 1)
    admin.client.post("/proses/etalase_katalog_lokal/diagram", data=xml,
                      headers={"X-CSRFToken": csrf_from(page), "Content-Type": "application/xml"})
    versions = admin.get("/admin/proses/etalase_katalog_lokal")
    assert "Periksa pemindahan" in versions
    plan = admin.client.post("/admin/proses/etalase_katalog_lokal/pindahkan",
                             data={"from_version": "1", "csrf_token": csrf_from(versions)})
    body = plan.get_data(as_text=True)
    assert plan.status_code == 200 and "2 dari 2 kasus dapat dipindahkan" in body
    listed = admin.client.get("/api/v1/instances", headers={"Authorization": f"Bearer {tokens['admin']}"}).json
    assert {i["version"] for i in listed["items"]} == {1}
    done = admin.client.post("/admin/proses/etalase_katalog_lokal/pindahkan",
                             data={"from_version": "1", "confirm": "ya", "csrf_token": csrf_from(body)})
    assert done.status_code == 302
    listed = admin.client.get("/api/v1/instances", headers={"Authorization": f"Bearer {tokens['admin']}"}).json
    assert {i["version"] for i in listed["items"]} == {2}
