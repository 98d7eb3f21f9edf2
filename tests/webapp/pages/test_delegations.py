"""Plt./Plh. pages (/penunjukan): delegate my roles, both sides see it, errors next to the
fields keeping what was typed, admins for any official, revoke after a confirmation, the
actions done under a delegation."""
from __future__ import annotations

import pytest

from engine.cases import starting
from engine.org import delegations
from engine.records import SYSTEM_ACTOR, Actor
from engine.store.models import AuditEvent
from tests.webapp.helpers import csrf_from

FORM = {"official": "ukpbj", "delegate": "lpse", "kind": "Plh", "decree": "800/77/2026",
        "starts_on": "2026-01-05", "ends_on": "2026-01-31"}


def test_every_signed_in_user_has_the_page_in_the_menu(browsers, app):
    assert 'href="/penunjukan"' in browsers["opd"].get("/")
    page = browsers["opd"].get("/penunjukan")
    assert "Penunjukan Plt./Plh." in page and 'type="date"' in page and "Tidak ada penunjukan" in page
    # Only my own roles: the official is me, my lane roles are the checkboxes.
    assert 'name="roles" value="Kepala OPD"' in page and 'name="pejabat"' not in page
    assert app.test_client().get("/penunjukan").status_code == 302  # sign in first


def test_the_official_delegates_and_the_delegate_sees_it(browsers, rt, clock):
    response = browsers["ukpbj"].post_form("/penunjukan", {**FORM, "official": "opd", "roles": "Kepala UKPBJ"})
    assert response.status_code == 302, response.get_data(as_text=True)
    [info] = delegations.list_delegations(rt, SYSTEM_ACTOR)
    assert (info.official, info.delegate, info.kind, info.roles) == ("ukpbj", "lpse", "Plh", ("Kepala UKPBJ",))
    assert response.headers["Location"].endswith(f"/penunjukan/{info.id}")

    given = browsers["ukpbj"].get("/penunjukan")
    assert "saya berikan" in given and "800/77/2026" in given and "Berlaku" in given
    received = browsers["lpse"].get("/penunjukan")
    assert "saya terima" in received and "Plh. ukpbj" in received
    assert "800/77/2026" not in browsers["opd"].get("/penunjukan")
    browsers["opd"].get(f"/penunjukan/{info.id}", status=404)

    detail = browsers["lpse"].get(f"/penunjukan/{info.id}")
    assert "Plh. ukpbj, SK 800/77/2026" in detail and "Belum ada tindakan" in detail
    assert "5 Januari 2026 s.d. Sabtu, 31 Januari 2026" in detail


def test_errors_are_shown_next_to_the_fields_keeping_what_was_typed(browsers, rt):
    response = browsers["ukpbj"].post_form("/penunjukan", {**FORM, "delegate": "", "decree": "SK/9",
                                                           "ends_on": "2026-01-01"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="err-delegate"' in page and 'id="err-ends_on"' in page and 'id="err-decree"' not in page
    assert 'value="SK/9"' in page and 'value="2026-01-01"' in page and 'value="Plh" checked' in page
    assert 'href="#f-delegate"' in page
    assert delegations.list_delegations(rt, SYSTEM_ACTOR, include_ended=True) == []


def test_an_admin_delegates_for_an_official_and_filters_by_user(browsers, rt):
    admin = browsers["admin"]
    page = admin.get("/penunjukan?pejabat=lpse")
    assert 'name="pejabat"' in page and 'name="roles" value="Sub Koordinator Pengelolaan LPSE"' in page
    response = admin.post_form("/penunjukan", {**FORM, "official": "lpse", "delegate": "opd", "kind": "Plt"})
    assert response.status_code == 302, response.get_data(as_text=True)
    [info] = delegations.list_delegations(rt, SYSTEM_ACTOR)
    assert (info.official, info.created_by) == ("lpse", "admin")
    assert "Plt. lpse" in admin.get("/penunjukan?pengguna=opd")
    assert "Plt. lpse" not in admin.get("/penunjukan?pengguna=ukpbj")
    # Someone else's roles are not given by a non-admin (the official field is ignored: their own).
    response = browsers["opd"].post_form("/penunjukan", {**FORM, "official": "ukpbj", "delegate": "lpse"})
    assert response.status_code == 302
    assert {d.official for d in delegations.list_delegations(rt, SYSTEM_ACTOR)} == {"lpse", "opd"}


def test_revoke_asks_first_and_ended_ones_are_behind_the_toggle(browsers, rt):
    browsers["ukpbj"].post_form("/penunjukan", FORM)
    [info] = delegations.list_delegations(rt, SYSTEM_ACTOR)
    detail = browsers["ukpbj"].get(f"/penunjukan/{info.id}")
    assert "<details" in detail and "Ya, cabut penunjukan" in detail
    url = f"/penunjukan/{info.id}/cabut"
    assert browsers["ukpbj"].client.post(url, data={}).status_code == 400  # no CSRF token: nothing happens
    assert delegations.get_delegation(rt, SYSTEM_ACTOR, info.id).revoked_at is None
    assert browsers["opd"].client.post(url, data={"csrf_token": csrf_from(detail)}).status_code in (400, 404)
    response = browsers["ukpbj"].client.post(url, data={"csrf_token": csrf_from(detail)})
    assert response.status_code == 302
    assert delegations.get_delegation(rt, SYSTEM_ACTOR, info.id).revoked_by == "ukpbj"
    assert "Ya, cabut" not in browsers["ukpbj"].get(f"/penunjukan/{info.id}")
    assert "800/77/2026" not in browsers["lpse"].get("/penunjukan")
    ended = browsers["lpse"].get("/penunjukan?semua=1")
    assert "800/77/2026" in ended and "Dicabut" in ended


def test_the_official_sees_the_actions_done_under_it(browsers, rt, clock):
    browsers["ukpbj"].post_form("/penunjukan", FORM)
    [info] = delegations.list_delegations(rt, SYSTEM_ACTOR)
    case = starting.start_case(rt, Actor("opd", frozenset({"Kepala OPD"})), "etalase_katalog_lokal",
                               title="Etalase ATK")
    with rt.write() as session:  # what engine.cases.commands records for a step done under it
        session.add(AuditEvent(case_id=case.id, task_id="t1", task_ref="step_02", actor="lpse",
                               action="task_completed", data={"delegation_id": info.id}, at=clock.now()))
    detail = browsers["ukpbj"].get(f"/penunjukan/{info.id}")
    assert f'href="/kasus/{case.id}"' in detail and "step_02" in detail and "Belum ada tindakan" not in detail


@pytest.mark.parametrize("field, value", [("kind", "Kepala"), ("starts_on", "besok"), ("decree", "")])
def test_each_bad_field_is_named_on_the_page(browsers, field, value):
    response = browsers["ukpbj"].post_form("/penunjukan", {**FORM, field: value})
    assert response.status_code == 422 and f'id="err-{field}"' in response.get_data(as_text=True)
