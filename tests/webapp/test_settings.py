"""Settings read at start-up: good values take effect, bad ones stop the app with their reason."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.conftest import FORMS_DIR
from tests.timer_helpers import SmtpSink
from tests.webapp.helpers import (
    add_people,
    late_case,
    make_app,
)
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
    from webapp.cli.serve import timer_staging

    app = make(database_url, ALUR_TIMER_STAGING=value)
    with app.app_context():
        assert timer_staging() is expected


def test_a_bad_timer_staging_value_names_the_setting(database_url, db_engine):
    import click

    from webapp.cli.serve import timer_staging

    app = make(database_url, ALUR_TIMER_STAGING="kadang")
    with app.app_context(), pytest.raises(click.BadParameter, match="ALUR_TIMER_STAGING"):
        timer_staging()


def test_deadline_mail_through_configured_smtp(database_url, db_engine, clock, admin):
    with SmtpSink() as sink:
        app = make_app(database_url, clock, ALUR_SMTP_HOST="127.0.0.1", ALUR_SMTP_PORT=str(sink.port),
                       ALUR_MAIL_FROM="Alur UKPBJ <alur@ukpbj.example>", ALUR_BASE_URL="https://alur.example/")
        rt = app.extensions["alur.runtime"]
        try:
            add_people(rt)
            _, task = late_case(rt, clock, admin)
            assert rt.notifier.flush(10)
            assert [rcpts for _, rcpts, _ in sink.messages] == [["andi@ukpbj.example"]]
            mail = sink.messages[0][2]
            assert mail["From"] == "Alur UKPBJ <alur@ukpbj.example>"
            assert f"https://alur.example/tugas/{task.id}" in mail.get_payload(decode=True).decode()
        finally:
            rt.notifier.close()
            from webapp.extensions import db

            with app.app_context():
                db.engine.dispose()


def test_notifier_from_configuration(database_url, db_engine, clock):
    from webapp.settings import notifier_from_config

    notifier = notifier_from_config({"ALUR_SMTP_HOST": "mail.example", "ALUR_SMTP_STARTTLS": "1",
                                     "ALUR_SMTP_USERNAME": "alur", "ALUR_REMINDER_BEFORE": "pt4h",
                                     "ALUR_DEFAULT_SUPERVISOR": "Kepala UKPBJ"})
    assert notifier.smtp.port == 587 and notifier.smtp.starttls and notifier.smtp.username == "alur"
    assert notifier.reminder_before == "PT4H" and notifier.default_supervisor == "Kepala UKPBJ"
    assert notifier_from_config({}).smtp is None and notifier_from_config({}).reminder_before == "P1D"
    assert notifier_from_config({"ALUR_REMINDER_BEFORE": "none"}).reminder_before is None
    with pytest.raises(ValueError, match="ALUR_REMINDER_BEFORE"):
        notifier_from_config({"ALUR_REMINDER_BEFORE": "sehari"})
    app = make_app(database_url, clock, ALUR_REMINDER_BEFORE="off")
    assert app.extensions["alur.runtime"].notifier.reminder_before is None
    from webapp.extensions import db

    with app.app_context():
        db.engine.dispose()


def test_office_hours_come_from_the_settings(database_url, db_engine, clock):

    from webapp import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": database_url,
                      "ALUR_CLOCK": clock, "ALUR_OFFICE_HOURS": '{"0": ["08:00", "12:00"]}'})
    calendar = app.extensions["alur.runtime"].calendar()
    monday_11_wib = datetime(2026, 1, 5, 4, 0, tzinfo=timezone.utc)
    assert calendar.add_duration(monday_11_wib, "PT2H") == datetime(2026, 1, 6, 1, 30, tzinfo=timezone.utc)
