"""Settings read at start-up: good values take effect, bad ones stop the app with their reason."""
from __future__ import annotations

import pytest

from tests.conftest import FORMS_DIR
from webapp import create_app


def make(database_url, **settings):
    return create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url,
                       "ALUR_FORMS_DIR": str(FORMS_DIR), **settings})


def test_the_workflow_cache_size_is_configurable(database_url, db_engine):
    assert make(database_url).extensions["alur.runtime"].workflows.size == 512
    assert make(database_url, ALUR_WORKFLOW_CACHE="0").extensions["alur.runtime"].workflows.size == 0


@pytest.mark.parametrize("value", ["banyak", "-1"])
def test_a_bad_workflow_cache_size_names_the_setting(database_url, db_engine, value):
    with pytest.raises(ValueError, match="ALUR_WORKFLOW_CACHE"):
        make(database_url, ALUR_WORKFLOW_CACHE=value)


@pytest.mark.parametrize(("value", "expected"), [("on", True), ("OFF", False), ("0", False), ("ya", True)])
def test_timer_staging_is_a_switch(database_url, db_engine, value, expected):
    from webapp.cli import timer_staging

    app = make(database_url, ALUR_TIMER_STAGING=value)
    with app.app_context():
        assert timer_staging() is expected


def test_a_bad_timer_staging_value_names_the_setting(database_url, db_engine):
    import click

    from webapp.cli import timer_staging

    app = make(database_url, ALUR_TIMER_STAGING="kadang")
    with app.app_context(), pytest.raises(click.BadParameter, match="ALUR_TIMER_STAGING"):
        timer_staging()
