from __future__ import annotations

import re

import pytest

from engine.diagrams import deploy
from engine.org import users
from engine.records import SYSTEM_ACTOR
from tests.conftest import BPMN_DIR, FORMS_DIR
from webapp import create_app
from webapp.auth import hash_password

PASSWORD = "rahasia-123"
PEOPLE = {
    "opd": ["Kepala OPD"],
    "ukpbj": ["Kepala UKPBJ"],
    "lpse": ["Sub Koordinator Pengelolaan LPSE"],
    "admin": ["admin"],
}


@pytest.fixture
def app(database_url, db_engine, clock, tmp_path):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "ALUR_CLOCK": clock,
        "ALUR_FORMS_DIR": str(FORMS_DIR),
    })
    rt = app.extensions["alur.runtime"]
    for username, roles in PEOPLE.items():
        users.create_user(rt, username, password_hash=hash_password(PASSWORD), roles=roles)
    deploy.deploy_paths(rt, SYSTEM_ACTOR, [BPMN_DIR / "etalase_katalog_lokal.bpmn"])
    yield app
    from webapp.extensions import db

    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def rt(app):
    return app.extensions["alur.runtime"]


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


@pytest.fixture
def browsers(app):
    return {name: Browser(app, name) for name in PEOPLE}


@pytest.fixture
def tokens(app):
    rt = app.extensions["alur.runtime"]
    return {name: users.create_token(rt, name, "test") for name in PEOPLE}
