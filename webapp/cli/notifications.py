"""``alur notifications``: users' e-mail addresses, a test e-mail."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from engine.errors import AlurError
from engine.notify import inbox
from engine.notify.mailer import Mail

from ..runtime import runtime
from .common import fail


@click.group("notifications")
def notifications_group():
    """Notification settings: users' e-mail addresses, a test e-mail."""


@notifications_group.command("set-email")
@click.argument("username")
@click.argument("email", required=False, default="")
@with_appcontext
def set_email_command(username, email):
    """Set USERNAME's e-mail address for notifications (leave EMAIL out to remove it)."""
    try:
        saved = inbox.set_email(runtime(), username, email)
    except AlurError as exc:
        fail(exc)
    click.echo(f"{username}: {saved or '(tanpa e-mail)'}")


@notifications_group.command("test-mail")
@click.argument("address")
@with_appcontext
def test_mail_command(address):
    """Send a test e-mail to ADDRESS through the configured SMTP server."""
    notifier = runtime().notifier
    if notifier is None or notifier.smtp is None:
        click.secho("Gagal: ALUR_SMTP_HOST belum diatur", fg="red", err=True)
        sys.exit(1)
    sent = notifier.send_now([Mail(to=address, subject="[Alur] Uji e-mail",
                                   body="E-mail uji dari Alur: pengiriman notifikasi berfungsi.\n")])
    if not sent:
        click.secho(f"Gagal mengirim ke {address} lewat {notifier.smtp.host}:{notifier.smtp.port}; lihat log.",
                    fg="red", err=True)
        sys.exit(1)
    click.echo(f"Terkirim ke {address} lewat {notifier.smtp.host}:{notifier.smtp.port}")
