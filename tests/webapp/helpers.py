"""Helpers of the web app tests: the people, signing in with CSRF tokens, bearer headers,
an app with extra settings, the office-hours grid of the unit pages, a late case, a step
due in two working days."""
from __future__ import annotations

import re

from engine.cases import assignment, starting
from engine.diagrams import deploy
from engine.notify import inbox
from engine.org import users
from engine.records import SYSTEM_ACTOR
from engine.timers.passes import fire_due_timers
from tests.conftest import FORMS_DIR
from tests.timer_helpers import (
    DOER,
    LANE_A,
    deadline_diagram,
    deploy_bytes,
    open_task,
    wib,
)
from webapp import create_app
from webapp.login import hash_password

PASSWORD = "rahasia-123"


PEOPLE = {
    "opd": ["Kepala OPD"],
    "ukpbj": ["Kepala UKPBJ"],
    "lpse": ["Sub Koordinator Pengelolaan LPSE"],
    "admin": ["admin"],
}


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Browser:
    """A logged-in test client that reads CSRF tokens from the pages it gets."""

    def __init__(self, app, username: str):
        self.client = app.test_client()
        self.username = username
        page = self.client.get("/masuk").get_data(as_text=True)
        response = self.client.post("/masuk", data={"username": username, "password": PASSWORD,
                                                    "csrf_token": csrf_from(page)})
        assert response.status_code == 302, response.get_data(as_text=True)

    def get(self, url: str, status: int = 200) -> str:
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code)
        return response.get_data(as_text=True)

    def post_form(self, url: str, data: dict, page_url: str | None = None, **kwargs):
        html = self.get(page_url or url)
        return self.client.post(url, data={**data, "csrf_token": csrf_from(html)}, **kwargs)


LANE_USER = {"Kepala OPD": "opd", "Kepala UKPBJ": "ukpbj", "Sub Koordinator Pengelolaan LPSE": "lpse"}


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def hours_form(**days) -> dict:
    """The office-hours grid: every weekday closed unless given as weekday=("08:00", "16:00")."""
    data = {"hours_mode": "custom"}
    for weekday in range(7):
        opening, closing = days.get(f"d{weekday}", ("", ""))
        data[f"open_{weekday}"], data[f"close_{weekday}"] = opening, closing
    return data


def make_app(database_url, clock, **extra):
    config = {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url,
              "ALUR_CLOCK": clock, "ALUR_FORMS_DIR": str(FORMS_DIR)}
    config.update(extra)
    return create_app(config)


def add_people(rt):
    users.create_user(rt, "andi", password_hash=hash_password(PASSWORD), roles=[LANE_A])
    users.create_user(rt, "kepala", password_hash=hash_password(PASSWORD), roles=["Kepala Uji"])
    inbox.set_email(rt, "andi", "andi@ukpbj.example")


def late_case(rt, clock, admin):
    deploy_bytes(rt, admin, deadline_diagram("tenggat_uji", "PT1H"), "tenggat_uji.bpmn")
    clock.set(wib(2026, 1, 5, 9, 0))
    case = starting.start_case(rt, DOER, "tenggat_uji", title="Pengadaan kertas")
    assignment.release_task(rt, DOER, open_task(rt, case.id).id)  # open to the lane: all its holders told
    task = open_task(rt, case.id)
    clock.set(task.due_at)
    assert fire_due_timers(rt) == 1
    return case, task


def start_two_day_step(rt, clock):
    deploy.deploy_diagram(rt, SYSTEM_ACTOR, deadline_diagram("tenggat_uji", "P2D"), "tenggat_uji.bpmn")
    clock.set(wib(2026, 1, 5, 9, 0))  # Monday
    case = starting.start_case(rt, DOER, "tenggat_uji")
    assert open_task(rt, case.id).due_at == wib(2026, 1, 7, 9, 0)
    return case
