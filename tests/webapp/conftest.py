"""Fixtures of the web app tests: the app on the test database with people and the Etalase
process, its runtime, signed-in browsers, API tokens, a unit in Makassar."""
from __future__ import annotations

import pytest

from engine.diagrams import deploy
from engine.org import units, users
from engine.records import SYSTEM_ACTOR
from tests.conftest import BPMN_DIR, FORMS_DIR
from tests.webapp.helpers import (
    PASSWORD,
    PEOPLE,
    Browser,
)
from webapp import create_app
from webapp.login import hash_password


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


@pytest.fixture
def browsers(app):
    return {name: Browser(app, name) for name in PEOPLE}


@pytest.fixture
def tokens(app):
    rt = app.extensions["alur.runtime"]
    return {name: users.create_token(rt, name, "test") for name in PEOPLE}


@pytest.fixture
def makassar(rt):
    return units.create_unit(rt, SYSTEM_ACTOR, "ukpbj-makassar", "UKPBJ Kota Makassar", "WITA")
