"""The etalase SOP end to end through the web pages, as three people in three roles."""
from __future__ import annotations

import re

from tests.webapp.helpers import (
    LANE_USER,
    Browser,
    csrf_from,
)


def open_task_links(html: str) -> list[str]:
    return re.findall(r'href="(/tugas/[0-9a-f-]{36})"', html)


def checklist_values(html: str) -> dict:
    """Tick every checkbox of the checklist, as a careful user would."""
    data: dict[str, list[str]] = {}
    for name, value in re.findall(r'type="checkbox" name="(\w+)" value="([^"]*)"', html):
        data.setdefault(name, []).append(value.replace("&#39;", "'").replace("&amp;", "&"))
    for tag in re.findall(r"<(?:input|textarea)[^>]*>", html):
        name = re.search(r'name="(\w+)"', tag)
        if name and " required" in tag and 'type="radio"' not in tag and 'type="checkbox"' not in tag:
            data[name.group(1)] = "2026-01-30" if 'type="date"' in tag else "diisi lewat halaman"
    return data


def test_login_is_required_and_wrong_password_is_refused(app):
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    page = client.get("/masuk").get_data(as_text=True)
    response = client.post("/masuk", data={"username": "opd", "password": "salah", "csrf_token": csrf_from(page)})
    assert response.status_code == 401 and "salah" in response.get_data(as_text=True)


def test_forms_without_csrf_token_are_refused(app, browsers):
    response = browsers["opd"].client.post("/proses/etalase_katalog_lokal/mulai", data={"title": "x"})
    assert response.status_code == 400


def test_etalase_through_the_web_pages(app, browsers):
    opd = browsers["opd"]
    assert "Pembuatan Etalase Katalog Elektronik Lokal" in opd.get("/proses")
    response = opd.post_form("/proses/etalase_katalog_lokal/mulai", {"title": "Etalase ATK"}, page_url="/proses")
    assert response.status_code == 302
    match = re.search(r"/tugas/[0-9a-f-]{36}", response.headers["Location"])
    assert match, "starting a case leads the starter to their first step"
    case_id = None
    decisions = {"5.": ["correct", "approve"], "8.": ["correct", "approve"]}
    steps = []
    for _ in range(30):
        if case_id is not None:
            case_page = opd.get(f"/kasus/{case_id}")
            if "Kasus selesai" in case_page:
                break
            links = open_task_links(case_page)
            assert len(links) == 1
            url = links[0]
        else:
            url = match.group(0)
        # Whoever holds the lane finds the step in their inbox.
        any_page = opd.get(url)
        lane = re.search(r"<dt>Pelaksana \(lajur\)</dt><dd>([^<]+)</dd>", any_page).group(1)
        person: Browser = browsers[LANE_USER[lane]]
        assert url in person.get("/")
        page = person.get(url)
        title = re.search(r"<h1>([^<]+)</h1>", page).group(1)
        assert "Kelengkapan" in page and "Output" in page and "Batas waktu" in page
        data = checklist_values(page)
        for prefix, choices in decisions.items():
            if title.startswith(prefix):
                name = re.search(r'type="radio" name="(\w+_decision)"', page).group(1)
                data[name] = choices.pop(0)
        response = person.client.post(url, data={**data, "csrf_token": csrf_from(page)})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        case_id = int(re.search(r"/kasus/(\d+)", response.headers["Location"]).group(1))
        steps.append(title.split(".")[0])
    assert steps == ["1", "2", "3", "4", "5", "4", "5", "6", "7", "8", "7", "8", "9"]
    final = opd.get(f"/kasus/{case_id}")
    assert "Selesai" in final and "Kasus selesai" in final


def test_task_page_of_a_case_not_yours_is_not_found(app, browsers):
    """Someone with no part in a case is answered as if it did not exist (engine.access)."""
    opd = browsers["opd"]
    response = opd.post_form("/proses/etalase_katalog_lokal/mulai", {"title": "x"}, page_url="/proses")
    url = re.search(r"/tugas/[0-9a-f-]{36}", response.headers["Location"]).group(0)
    lpse = browsers["lpse"]
    assert lpse.client.get(url).status_code == 404
    page = lpse.get("/")
    response = lpse.client.post(url, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 404
    assert url in opd.get("/")  # still open for the right person


def test_missing_choice_shows_errors_next_to_the_fields(app, browsers):
    opd = browsers["opd"]
    response = opd.post_form("/proses/etalase_katalog_lokal/mulai", {"title": "x"}, page_url="/proses")
    url = re.search(r"/tugas/[0-9a-f-]{36}", response.headers["Location"]).group(0)
    page = opd.get(url)
    if 'type="checkbox"' in page:
        response = opd.client.post(url, data={"csrf_token": csrf_from(page)})
        assert response.status_code == 422
        body = response.get_data(as_text=True)
        assert 'role="alert"' in body and "field-errors" in body
