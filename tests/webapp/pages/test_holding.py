"""Who may see and act on a case, on the staff pages (issue 13): the inbox tabs and their
counts, opening an open step takes it, the race for a step (the second sees the holder and
keeps what they typed), releasing and reassigning, starting from a chosen lane, the SOP list
a vendor sees, inviting vendors on the case page."""
from __future__ import annotations

import re

import pytest

from engine.cases import commands, queries, starting, worklist
from engine.diagrams import deploy
from engine.org import users
from engine.records import SYSTEM_ACTOR, Actor
from tests.access_helpers import PROXY, STAFF, VENDOR, offer_diagram
from tests.conftest import BPMN_DIR
from tests.webapp.helpers import PASSWORD, Browser, csrf_from
from tests.webapp.pages.test_staff import checklist_values, open_task_links
from webapp.login import hash_password

NEW_PEOPLE = {"andi": [STAFF], "budi": [STAFF], "vendor-a": [VENDOR], "vendor-c": [VENDOR],
              "vendor-x": [VENDOR], "lpse-proxy": [PROXY], "monev": ["Tim Monev Katalog"]}


@pytest.fixture
def people(app, rt):
    for name, roles in NEW_PEOPLE.items():
        users.create_user(rt, name, password_hash=hash_password(PASSWORD), roles=roles)
    deploy.deploy_diagram(rt, SYSTEM_ACTOR, offer_diagram(), "penawaran.bpmn")
    return {name: Browser(app, name) for name in NEW_PEOPLE}


def actor(name: str) -> Actor:
    return Actor(name, frozenset(NEW_PEOPLE[name]))


def staff_step(rt):
    """A penawaran case whose second step (Pejabat Pengadaan) is open to its group."""
    vendor = actor("vendor-a")
    case = starting.start_case(rt, vendor, "penawaran", title="Penawaran ATK")
    [first] = queries.get_case(rt, vendor, case.id, with_history=False).open_tasks
    commands.complete_task(rt, vendor, first.id, {})
    [step] = queries.get_case(rt, vendor, case.id, with_history=False).open_tasks
    assert step.lane == STAFF and step.assignee is None
    return case, step


def test_inbox_tabs_counts_and_opening_claims(app, rt, people):
    case, step = staff_step(rt)
    andi, budi = people["andi"], people["budi"]
    page = andi.get("/?tampil=grup")
    assert f"/tugas/{step.id}" in page and "Terbuka untuk grup" in page
    assert re.search(r'Tugas grup <span class="badge">1', page)  # the menu's count
    assert f"/tugas/{step.id}" not in andi.get("/?tampil=saya")
    assert f"/tugas/{step.id}" in andi.get("/")  # Semua: both
    assert f"/tugas/{step.id}" in andi.get("/?tampil=grup&urut=terlama")

    # an admin without the lane's role reads it and takes nothing
    assert "Tugas ini sekarang Anda pegang" not in Browser(app, "admin").get(f"/tugas/{step.id}")
    assert worklist.get_task(rt, actor("andi"), step.id).task.assignee is None

    page = andi.get(f"/tugas/{step.id}")
    assert "Tugas ini sekarang Anda pegang" in page and "Lepaskan" in page and "Selesaikan langkah" in page
    assert worklist.count_tasks(rt, actor("andi")) == {"mine": 1, "group": 0}
    assert f"/tugas/{step.id}" in andi.get("/?tampil=saya")
    assert re.search(r'Tugas saya <span class="badge">1', andi.get("/"))
    assert f"/tugas/{step.id}" not in budi.get("/?tampil=grup")
    # budi can still read it: the page says who holds it and takes nothing
    page = budi.get(f"/tugas/{step.id}")
    assert "sedang dipegang oleh <strong>andi</strong>" in page and "Tugas ini sekarang Anda pegang" not in page
    assert "Selesaikan langkah" not in page and "Ambil tugas" not in page
    history = andi.get(f"/kasus/{case.id}")
    assert "Tugas diambil" in history and "<th scope=\"col\">Dipegang</th>" in history


def test_the_second_of_two_staff_sees_the_holder_and_keeps_their_input(app, rt, browsers):
    users.create_user(rt, "ukpbj2", password_hash=hash_password(PASSWORD), roles=["Kepala UKPBJ"])
    opd, ukpbj, ukpbj2 = browsers["opd"], browsers["ukpbj"], Browser(app, "ukpbj2")
    response = opd.post_form("/proses/etalase_katalog_lokal/mulai", {"title": "Etalase ATK"}, page_url="/proses")
    url = re.search(r"/tugas/[0-9a-f-]{36}", response.headers["Location"]).group(0)
    page = opd.get(url)
    response = opd.client.post(url, data={**checklist_values(page), "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    [step_url] = open_task_links(ukpbj2.get("/?tampil=grup"))
    budi_page = ukpbj2.get("/")  # ukpbj2 reads the step while it is still open ...
    page = ukpbj.get(step_url)  # ... and ukpbj opens it first: it is theirs
    assert "Tugas ini sekarang Anda pegang" in page
    typed = {**checklist_values(page), "note": "Sudah saya periksa, lengkap"}
    response = ukpbj2.client.post(step_url, data={**typed, "csrf_token": csrf_from(budi_page)})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "sedang dipegang oleh ukpbj" in body and "Isian Anda di bawah tidak hilang" in body
    assert "Sudah saya periksa, lengkap" in body and "checked" in body  # what was typed, shown again
    response = ukpbj.client.post(step_url, data={**checklist_values(page), "csrf_token": csrf_from(page)})
    assert response.status_code == 302


def test_release_and_reassign_by_the_holder_refused_for_others(rt, people):
    case, step = staff_step(rt)
    andi, budi = people["andi"], people["budi"]
    page = andi.get(f"/tugas/{step.id}")  # takes it
    assert re.search(r'<option value="budi"', page) and "Alihkan" in page
    assert "Alihkan kepada" not in budi.get(f"/tugas/{step.id}")
    response = budi.client.post(f"/tugas/{step.id}/lepas", data={"csrf_token": csrf_from(budi.get("/"))})
    # refused on the task page itself, saying why; nothing changed
    assert response.status_code == 403 and "Hanya pemegang tugas" in response.get_data(as_text=True)
    assert worklist.get_task(rt, actor("andi"), step.id).task.assignee == "andi"

    response = andi.post_form(f"/tugas/{step.id}/alihkan", {"to": "budi"}, page_url=f"/tugas/{step.id}")
    assert response.status_code == 302
    assert worklist.get_task(rt, actor("budi"), step.id).task.assignee == "budi"
    assert "dialihkan kepada budi" in andi.get(f"/kasus/{case.id}")
    assert "dari andi kepada <strong>budi</strong>" in andi.get(f"/kasus/{case.id}")

    response = budi.post_form(f"/tugas/{step.id}/lepas", {}, page_url=f"/tugas/{step.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert worklist.get_task(rt, actor("budi"), step.id).task.assignee is None
    assert "Tugas dilepaskan ke grup" in budi.get(f"/kasus/{case.id}")
    # an outsider: not found
    assert people["vendor-x"].client.post(f"/tugas/{step.id}/alihkan", data={
        "to": "andi", "csrf_token": csrf_from(people["vendor-x"].get("/"))}).status_code == 404


def test_sop_list_shows_a_vendor_only_their_sops(app, rt, people):
    page = people["vendor-a"].get("/proses")
    assert "penawaran" in page and "etalase_katalog_lokal" not in page
    people["vendor-a"].get("/proses/etalase_katalog_lokal", status=404)
    response = people["vendor-a"].post_form("/proses/etalase_katalog_lokal/mulai", {"title": "x"}, page_url="/proses")
    assert response.status_code == 404
    staff_page = people["andi"].get("/proses")  # sees penawaran (a lane of theirs), may not start it
    assert "penawaran" in staff_page and "Hanya Penyedia" in staff_page
    assert "etalase_katalog_lokal" in Browser(app, "admin").get("/proses")  # admins see every SOP


def test_katalog_start_lane_choice(app, rt, people):
    deploy.deploy_paths(rt, SYSTEM_ACTOR, [BPMN_DIR / "katalog_pengaktifan_kembali.bpmn"])
    monev, vendor = people["monev"], people["vendor-a"]
    page = monev.get("/proses")
    assert "Mulai sebagai" in page
    assert 'name="start_lane" value="Penyedia"' in page and 'name="start_lane" value="Tim Monev Katalog"' in page
    assert "Mulai sebagai" not in vendor.get("/proses")  # one start lane: no choice

    response = monev.post_form("/proses/katalog_pengaktifan_kembali/mulai",
                               {"title": "Monitoring Jan", "start_lane": "Tim Monev Katalog"}, page_url="/proses")
    assert response.status_code == 302
    page = monev.get(response.headers["Location"])
    assert "2. Melakukan monitoring rutin" in page  # skips the vendor's proposal

    response = monev.post_form("/proses/katalog_pengaktifan_kembali/mulai",
                               {"title": "Untuk CV Maju", "start_lane": "Penyedia"}, page_url="/proses")
    assert response.status_code == 302
    page = monev.get(response.headers["Location"])
    assert "1. Mengusulkan" in page and "atas nama Penyedia" in page

    response = vendor.post_form("/proses/katalog_pengaktifan_kembali/mulai",
                                {"title": "x", "start_lane": "Tim Monev Katalog"}, page_url="/proses")
    assert response.status_code == 403 and "Hanya peran" in response.get_data(as_text=True)


def test_invite_vendors_on_the_case_page(rt, people):
    case, _step = staff_step(rt)
    andi = people["andi"]
    page = andi.get(f"/kasus/{case.id}")
    assert "Pihak luar" in page and "vendor-a" in page and "Undang ke lajur Penyedia" in page
    response = andi.post_form(f"/kasus/{case.id}/pihak", {"lane": VENDOR, "usernames": "andi, nobody"},
                              page_url=f"/kasus/{case.id}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "tidak memegang peran" in page and "nobody" in page and 'value="andi, nobody"' in page
    response = andi.post_form(f"/kasus/{case.id}/pihak", {"lane": VENDOR, "usernames": "vendor-c"},
                              page_url=f"/kasus/{case.id}")
    assert response.status_code == 302
    page = andi.get(f"/kasus/{case.id}")
    assert "vendor-a, vendor-c" in page and "Pihak diikat pada kasus" in page
    # a bound vendor sees the case, no one else's names, and cannot invite
    vendor_page = people["vendor-c"].get(f"/kasus/{case.id}")
    assert "Undang ke lajur" not in vendor_page
    assert people["vendor-x"].client.post(f"/kasus/{case.id}/pihak", data={
        "lane": VENDOR, "usernames": "vendor-x", "csrf_token": csrf_from(people["vendor-x"].get("/"))}).status_code == 404
