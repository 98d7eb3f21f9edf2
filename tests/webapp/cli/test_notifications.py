"""`alur notifications`: e-mail addresses and a test e-mail."""
from __future__ import annotations

from engine.notify import inbox
from tests.webapp.helpers import (
    add_people,
)


def test_alur_notifications_set_email(app, rt):
    add_people(rt)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "set-email", "kepala", "kepala@ukpbj.example"])
    assert result.exit_code == 0 and inbox.get_email(rt, "kepala") == "kepala@ukpbj.example"
    result = runner.invoke(args=["notifications", "set-email", "tidak-ada", "x@y.example"])
    assert result.exit_code == 1
    result = runner.invoke(args=["notifications", "test-mail", "x@y.example"])
    assert result.exit_code == 1 and "ALUR_SMTP_HOST" in result.output
