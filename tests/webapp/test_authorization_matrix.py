"""The authorization matrix (issue 13): every route of the app (pages and API, from its URL map)
× every kind of actor, each cell allowed or denied.

One case is set up: vendor A started a "penawaran" case (external lane Penyedia), attached a
document to their step and completed it; the next step is open to the Pejabat Pengadaan of the
case's unit. Who may see it: vendor A, the unit's Pejabat Pengadaan, their Plt. inside the
range, the Penyedia lane's proxy role (atas nama), admins. Who may not: another vendor, a
Pejabat Pengadaan of another unit, staff of a lane not in the case, a Plt. outside the range,
and anonymous visitors (sent to sign in / 401).

A denied cell of a case, step, document or delegation is a 404, exactly like an id that does
not exist. A list or count never shows the case to someone who may not see it. A route with no
entry in ENTRIES fails the test: a new route must say who may use it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from engine.cases import assignment, attachments, commands, queries, starting, worklist
from engine.cases.attachments import Upload
from engine.diagrams import deploy
from engine.org import closures, delegations, units, users
from engine.records import SYSTEM_ACTOR, Actor
from tests.access_helpers import PROXY, STAFF, VENDOR, offer_diagram, write_offer_forms
from tests.webapp.helpers import PASSWORD, Browser
from webapp import create_app
from webapp.login import hash_password

WIB = ZoneInfo("Asia/Jakarta")
SECRET = "Penawaran rahasia XYZ-7731"

# actor -> (username, roles, unit code or None)
PEOPLE = {
    "case_vendor": ("vendor-a", [VENDOR], None),
    "other_vendor": ("vendor-b", [VENDOR], None),
    "staff_same": ("pejabat", [STAFF], None),
    "staff_other_unit": ("pejabat-mks", [STAFF], "ukpbj-makassar"),
    "staff_other_lane": ("lain", ["Kepala Lain"], None),
    "delegate_in": ("wakil", ["Staf"], None),
    "delegate_out": ("wakil-nanti", ["Staf"], None),
    "proxy": ("lpse", [PROXY], None),
    "admin": ("admin", ["admin"], None),
}
ACTORS = ["anonymous", *PEOPLE]
SEES_CASE = {"case_vendor", "staff_same", "delegate_in", "proxy", "admin"}
ACTS_ON_STEP = {"staff_same", "delegate_in"}
HOLDS_STEP = {"staff_same", "delegate_in", "admin"}
# The process: whoever holds one of its lanes or the proxy role (or a delegated one), admins.
SEES_PROCESS = {"case_vendor", "other_vendor", "staff_same", "staff_other_unit", "delegate_in", "proxy", "admin"}
SEES_DELEGATION = {"staff_same", "delegate_in", "admin"}
# Who may start a case of it: its start lane's role (Penyedia) and that lane's proxy role.
STARTS_PROCESS = {"case_vendor", "other_vendor", "proxy"}
# The delegation revoked in the matrix: the one not yet in force (so the other stays).
SEES_LATER_DELEGATION = {"staff_same", "delegate_out", "admin"}


@dataclass(frozen=True)
class Entry:
    """How a route is used in the matrix: its ``kind`` (who may use it), the path for the
    scenario's ids, the method, and a JSON body or form data for writes."""

    kind: str  # public | signed_in | admin | case | process | delegation | own
    path: str  # with {case}, {task}, {done}, {attachment}, {process}, {delegation}, {unit}
    method: str = "GET"
    json: dict | None = None
    form: dict | None = None
    held: bool = False  # the open step is held by the Pejabat Pengadaan before each cell


def case_entry(path, method="GET", **kw):
    return Entry("case", path, method, **kw)


ENTRIES = {
    # sign-in and public documents
    "auth.login": Entry("public", "/masuk"),
    "auth.logout": Entry("signed_in", "/keluar", "POST"),
    "api.openapi": Entry("public", "/api/v1/openapi.json"),
    # staff pages
    "staff.inbox": Entry("signed_in", "/"),
    "staff.done": Entry("signed_in", "/selesai"),
    "staff.case_list": Entry("signed_in", "/kasus"),
    "staff.processes": Entry("signed_in", "/proses"),
    "staff.process": Entry("process", "/proses/{process}"),
    "staff.start": Entry("process_start", "/proses/{process}/mulai", "POST", form={"title": "x"}),
    "staff.case": case_entry("/kasus/{case}"),
    "staff.task": case_entry("/tugas/{task}"),
    "staff.attachment": case_entry("/lampiran/{attachment}"),
    "staff.claim": Entry("case_act", "/tugas/{task}/ambil", "POST"),
    "staff.release": Entry("case_hold", "/tugas/{task}/lepas", "POST", held=True),
    "staff.reassign": Entry("case_hold", "/tugas/{task}/alihkan", "POST", form={"to": "pejabat"}, held=True),
    "staff.invite": Entry("case_staff", "/kasus/{case}/pihak", "POST", form={"lane": VENDOR, "usernames": "tidak-ada"}),
    "diagrams.case_view": case_entry("/kasus/{case}/diagram"),
    "diagrams.view": Entry("process", "/proses/{process}/diagram"),
    "diagrams.edit": Entry("modeller", "/proses/{process}/ubah"),
    "diagrams.save": Entry("modeller", "/proses/{process}/diagram", "POST", form={"xml": "<x/>"}),
    "notifications.index": Entry("signed_in", "/notifikasi"),
    "notifications.mark_read": Entry("own", "/notifikasi/999999/baca", "POST"),
    "notifications.mark_all_read": Entry("signed_in", "/notifikasi/baca-semua", "POST"),
    "notifications.set_email": Entry("signed_in", "/notifikasi/email", "POST", form={"email": ""}),
    "delegations.index": Entry("signed_in", "/penunjukan"),
    "delegations.add": Entry("signed_in", "/penunjukan", "POST", form={}),
    "delegations.show": Entry("delegation", "/penunjukan/{delegation}"),
    "delegations.revoke": Entry("delegation_write", "/penunjukan/{later}/cabut", "POST"),
    # admin pages
    "admin.processes": Entry("admin", "/admin/proses"),
    "admin.versions": Entry("admin", "/admin/proses/{process}"),
    "admin.migrate": Entry("admin", "/admin/proses/{process}/pindahkan", "POST", form={}),
    "admin.diagram_xml": Entry("process", "/admin/proses/{process}/versi/1.bpmn"),
    "admin.people": Entry("admin", "/admin/pengguna"),
    "admin.person": Entry("admin", "/admin/pengguna/lain"),
    "units_admin.index": Entry("admin", "/admin/unit"),
    "units_admin.add": Entry("admin", "/admin/unit", "POST", form={}),
    "units_admin.edit": Entry("admin", "/admin/unit/{unit}"),
    "units_admin.remove": Entry("admin", "/admin/unit/{unit}/hapus"),
    "calendar_admin.index": Entry("admin", "/admin/kalender"),
    "calendar_admin.add": Entry("admin", "/admin/kalender", "POST", form={}),
    "calendar_admin.remove": Entry("admin", "/admin/kalender/2026-03-10/hapus"),
    "calendar_admin.recount": Entry("admin", "/admin/kalender/2026-03-10/hitung-ulang"),
    "calendar_admin.import_file": Entry("admin", "/admin/kalender/impor", "POST", form={}),
    # API
    "api.me": Entry("signed_in", "/api/v1/me"),
    "api.list_tasks": Entry("signed_in", "/api/v1/tasks"),
    "api.list_instances": Entry("signed_in", "/api/v1/instances"),
    "api.list_processes": Entry("signed_in", "/api/v1/processes"),
    "api.get_process": Entry("process", "/api/v1/processes/{process}"),
    "api.get_process_xml": Entry("process", "/api/v1/processes/{process}/versions/1/bpmn"),
    "api.start_instance": Entry("process_start", "/api/v1/processes/{process}/instances", "POST", json={}),
    "api.deploy_process": Entry("admin", "/api/v1/processes", "POST", json={}),
    "api.get_instance": case_entry("/api/v1/instances/{case}"),
    "api.migrate_instance": Entry("admin_case", "/api/v1/instances/{case}/migrate", "POST", json={"dry_run": True}),
    "api.get_task": case_entry("/api/v1/tasks/{task}"),
    "api.count_tasks": Entry("signed_in", "/api/v1/tasks/counts"),
    "api.claim_task": Entry("case_act", "/api/v1/tasks/{task}/claim", "POST"),
    "api.release_task": Entry("case_hold", "/api/v1/tasks/{task}/release", "POST", held=True),
    "api.reassign_task": Entry("case_hold", "/api/v1/tasks/{task}/reassign", "POST", json={"to": "pejabat"},
                               held=True),
    "api.task_assignees": Entry("case_hold", "/api/v1/tasks/{task}/assignees", held=True),
    "api.invite_parties": Entry("case_staff", "/api/v1/instances/{case}/parties", "POST",
                                json={"lane": VENDOR, "usernames": ["tidak-ada"]}),
    "api.complete_task": Entry("case_act", "/api/v1/tasks/{task}/complete", "POST", json={"bogus": 1}),
    "api.add_attachment": Entry("case_act", "/api/v1/tasks/{task}/attachments", "POST", json={}),
    "api.get_attachment": case_entry("/api/v1/attachments/{attachment}"),
    "api.list_units": Entry("admin", "/api/v1/units"),
    "api.get_unit": Entry("admin", "/api/v1/units/{unit}"),
    "api.create_unit": Entry("admin", "/api/v1/units", "POST", json={}),
    "api.update_unit": Entry("admin", "/api/v1/units/{unit}", "PATCH", json={}),
    "api.delete_unit": Entry("admin", "/api/v1/units/{unit}", "DELETE"),
    "api.list_closures": Entry("admin", "/api/v1/calendar/closures"),
    "api.add_closure": Entry("admin", "/api/v1/calendar/closures", "POST", json={}),
    "api.remove_closure": Entry("admin", "/api/v1/calendar/closures/2026-03-10", "DELETE"),
    "api.recount_deadlines": Entry("admin", "/api/v1/calendar/recount", "POST", json={}),
    "api.list_delegations": Entry("signed_in", "/api/v1/delegations"),
    "api.create_delegation": Entry("signed_in", "/api/v1/delegations", "POST", json={}),
    "api.get_delegation": Entry("delegation", "/api/v1/delegations/{delegation}"),
    "api.revoke_delegation": Entry("delegation_write", "/api/v1/delegations/{later}", "DELETE"),
    "api.delegation_actions": Entry("delegation", "/api/v1/delegations/{delegation}/actions"),
}

# Writes that would change the scenario for the next actor are made with bodies the view
# refuses after deciding who may (a 4xx other than 401/403/404 means: allowed, input refused).
# Cells whose success would change state are listed here and checked with such bodies only.


@pytest.fixture
def scene(database_url, db_engine, clock, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url,
                      "ALUR_CLOCK": clock, "WTF_CSRF_ENABLED": False,
                      "ALUR_FORMS_DIR": str(write_offer_forms(tmp_path / "forms"))})
    rt = app.extensions["alur.runtime"]
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=WIB))
    makassar = units.create_unit(rt, SYSTEM_ACTOR, "ukpbj-makassar", "UKPBJ Kota Makassar", "WITA")
    for username, roles, unit in PEOPLE.values():
        users.create_user(rt, username, password_hash=hash_password(PASSWORD), roles=roles)
        if unit:
            units.assign_user_unit(rt, SYSTEM_ACTOR, username, makassar.id)
    deploy.deploy_diagram(rt, SYSTEM_ACTOR, offer_diagram(), "penawaran.bpmn")
    vendor = Actor("vendor-a", frozenset({VENDOR}))
    case = starting.start_case(rt, vendor, "penawaran", title=SECRET)
    [first] = queries.get_case(rt, vendor, case.id).open_tasks
    attachment = attachments.add_attachment(rt, vendor, first.id,
                                            Upload("penawaran", "harga.pdf", "application/pdf", b"%PDF-1.4 rahasia"))
    commands.complete_task(rt, vendor, first.id, {})
    [task] = queries.get_case(rt, vendor, case.id).open_tasks
    official = Actor("pejabat", frozenset({STAFF}))
    inside = delegations.create_delegation(rt, official, official="pejabat", delegate="wakil", kind="Plt",
                                           decree="800/1/2026", starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 6))
    later = delegations.create_delegation(rt, official, official="pejabat", delegate="wakil-nanti", kind="Plh",
                                          decree="800/2/2026", starts_on=date(2026, 3, 9), ends_on=date(2026, 3, 13))
    closures.add_closure(rt, SYSTEM_ACTOR, "2026-03-10", "Rapat kerja")
    ids = {"case": case.id, "task": task.id, "done": first.id, "attachment": attachment["id"],
           "process": "penawaran", "delegation": inside.id, "later": later.id, "unit": makassar.id}
    clients = {"anonymous": app.test_client()}
    tokens = {"anonymous": None}
    for actor, (username, _, _) in PEOPLE.items():
        clients[actor] = Browser(app, username).client
        tokens[actor] = users.create_token(rt, username, "matrix")
    yield app, ids, clients, tokens
    from webapp.extensions import db

    with app.app_context():
        db.engine.dispose()


def expected(kind: str, actor: str) -> str:
    """``allowed``, ``denied`` (403), ``hidden`` (404), ``sign_in`` (anonymous)."""
    if kind == "public":
        return "allowed"
    if actor == "anonymous":
        return "sign_in"
    if kind in ("signed_in", "own"):
        return "allowed" if kind == "signed_in" else "hidden"
    if kind in ("admin", "admin_case"):
        return "allowed" if actor == "admin" else "denied"
    if kind == "modeller":
        return "allowed" if actor == "admin" else "denied"
    if kind == "case":
        return "allowed" if actor in SEES_CASE else "hidden"
    if kind == "case_staff":  # the case's staff (not its vendor, a bound outsider) invite vendors
        return "allowed" if actor in SEES_CASE - {"case_vendor"} else "hidden"
    if kind == "case_hold":  # the holder (and their Plt.) or an admin may release or give the step away
        return "allowed" if actor in HOLDS_STEP else ("denied" if actor in SEES_CASE else "hidden")
    if kind == "case_act":  # the open step is the Pejabat Pengadaan's: others who see it may not act
        return "allowed" if actor in ACTS_ON_STEP else ("denied" if actor in SEES_CASE else "hidden")
    if kind == "process":
        return "allowed" if actor in SEES_PROCESS else "hidden"
    if kind == "process_start":
        return "allowed" if actor in STARTS_PROCESS else ("denied" if actor in SEES_PROCESS else "hidden")
    if kind == "delegation":
        return "allowed" if actor in SEES_DELEGATION else "hidden"
    if kind == "delegation_write":
        return "allowed" if actor in SEES_LATER_DELEGATION else "hidden"
    raise KeyError(kind)


def verdict(path: str, status: int, location: str) -> str:
    if status == 401 or (status == 302 and "/masuk" in location):
        return "sign_in"
    if status == 404:
        return "hidden"
    if status == 403:
        return "denied"
    if status >= 500:
        return "error"
    return "allowed"


def call(clients, tokens, actor: str, entry: Entry, ids: dict):
    path = entry.path.format(**ids)
    if path.startswith("/api/"):
        client = clients["anonymous"]
        headers = {"Authorization": f"Bearer {tokens[actor]}"} if tokens[actor] else {}
        return client.open(path, method=entry.method, json=entry.json, headers=headers), path
    client = clients[actor]
    return client.open(path, method=entry.method, data=entry.form), path


def hold(app, ids) -> None:
    """The open step held by the Pejabat Pengadaan (a cell before may have released it)."""
    rt = app.extensions["alur.runtime"]
    if worklist.get_task(rt, SYSTEM_ACTOR, ids["task"]).task.assignee != "pejabat":
        assignment.reassign_task(rt, SYSTEM_ACTOR, ids["task"], "pejabat")


def test_every_route_has_an_entry(scene):
    app, *_ = scene
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert sorted(endpoints - set(ENTRIES)) == [], "routes without an entry in the authorization matrix"
    assert sorted(set(ENTRIES) - endpoints) == [], "entries for routes that no longer exist"


def test_the_matrix(scene):
    app, ids, clients, tokens = scene
    wrong = []
    for endpoint, entry in sorted(ENTRIES.items()):
        if endpoint in ("auth.logout",):
            continue  # signing out would end the session the other cells use; see test_sign_out
        for actor in ACTORS:
            if entry.held:
                hold(app, ids)
            response, path = call(clients, tokens, actor, entry, ids)
            got = verdict(path, response.status_code, response.headers.get("Location", ""))
            want = expected(entry.kind, actor)
            if want == "denied" and got == "hidden":
                got = "denied"  # refusing an admin route as not found tells an outsider no more
            if got != want:
                wrong.append(f"{entry.method} {path} as {actor}: {want}, got {got} ({response.status_code})")
    assert wrong == [], "\n".join(wrong)


LISTS = ["/", "/selesai", "/kasus", "/notifikasi", "/api/v1/tasks", "/api/v1/instances", "/api/v1/tasks?view=all",
         "/api/v1/instances?per_page=200"]


def test_lists_and_counts_never_show_the_case_to_outsiders(scene):
    app, ids, clients, tokens = scene
    leaks = []
    for actor in PEOPLE:
        for path in LISTS:
            entry = Entry("signed_in", path)
            response, _ = call(clients, tokens, actor, entry, ids)
            body = response.get_data(as_text=True)
            shows = SECRET in body or ids["task"] in body or re.search(rf'"id":\s*{ids["case"]}\b', body) is not None
            if shows and actor not in SEES_CASE:
                leaks.append(f"{path} shows the case to {actor}")
        if actor not in SEES_CASE:
            body = call(clients, tokens, actor, Entry("signed_in", "/api/v1/instances"), ids)[0].json
            if body["total"] != 0:
                leaks.append(f"/api/v1/instances counts {body['total']} for {actor}")
    assert leaks == [], "\n".join(leaks)
    # and those who may see it do find it
    assert SECRET in clients["staff_same"].get("/kasus").get_data(as_text=True)
    assert ids["task"] in clients["staff_same"].get("/").get_data(as_text=True)


def test_sign_out(scene):
    app, ids, clients, tokens = scene
    assert clients["anonymous"].post("/keluar").status_code in (302, 401)
    assert clients["lain"].post("/keluar").status_code == 302 if "lain" in clients else True
