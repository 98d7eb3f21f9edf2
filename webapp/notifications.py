"""Notifications: the in-app list (unread count in the menu, mark read), one's own e-mail
address, the installation's notifier (SMTP, reminders, default supervisor) built from the
configuration, and the ``alur notifications`` commands.

Configuration (app config, or the environment variable of the same name):

=========================  ==========================================================
``ALUR_SMTP_HOST``         mail server; without it notifications are in-app only
``ALUR_SMTP_PORT``         default 25 (587 with STARTTLS, 465 with SSL)
``ALUR_SMTP_USERNAME``     login, if the server wants one (``ALUR_SMTP_PASSWORD``)
``ALUR_SMTP_STARTTLS``     ``1`` to upgrade the connection with STARTTLS
``ALUR_SMTP_SSL``          ``1`` for SMTP over TLS (port 465)
``ALUR_MAIL_FROM``         sender, default ``Alur <alur@localhost>``
``ALUR_BASE_URL``          the app's public address, for links in e-mails
``ALUR_REMINDER_BEFORE``   reminder lead in working time, default ``P1D``; ``none`` = off
``ALUR_DEFAULT_SUPERVISOR`` role escalated to when neither lane nor process names one
=========================  ==========================================================
"""
from __future__ import annotations

import os
import sys

import click
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.cli import with_appcontext
from flask_login import current_user, login_required

from engine.errors import AlurError, ProblemsError
from engine.notify import inbox
from engine.notify.mailer import Mail, Notifier, SmtpSettings, parse_reminder_before

from .auth import current_actor
from .errors import problems_of
from .runtime import runtime

bp = Blueprint("notifications", __name__)

CONFIG_KEYS = (
    "ALUR_SMTP_HOST", "ALUR_SMTP_PORT", "ALUR_SMTP_USERNAME", "ALUR_SMTP_PASSWORD", "ALUR_SMTP_STARTTLS",
    "ALUR_SMTP_SSL", "ALUR_MAIL_FROM", "ALUR_BASE_URL", "ALUR_REMINDER_BEFORE", "ALUR_DEFAULT_SUPERVISOR",
)
PER_PAGE = 25


def flag(value) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "ya", "on")


def notifier_from_config(config) -> Notifier:
    """The installation's Notifier. Raises ValueError on a bad ALUR_REMINDER_BEFORE."""
    if config.get("ALUR_NOTIFIER") is not None:
        return config["ALUR_NOTIFIER"]
    smtp = None
    host = (config.get("ALUR_SMTP_HOST") or "").strip()
    if host:
        use_ssl = flag(config.get("ALUR_SMTP_SSL"))
        starttls = flag(config.get("ALUR_SMTP_STARTTLS"))
        port = int(config.get("ALUR_SMTP_PORT") or (465 if use_ssl else 587 if starttls else 25))
        smtp = SmtpSettings(host=host, port=port, username=config.get("ALUR_SMTP_USERNAME") or "",
                            password=config.get("ALUR_SMTP_PASSWORD") or "", starttls=starttls, use_ssl=use_ssl,
                            sender=config.get("ALUR_MAIL_FROM") or "Alur <alur@localhost>")
    reminder = config.get("ALUR_REMINDER_BEFORE")
    try:
        reminder_before = parse_reminder_before(reminder)
    except ValueError as exc:
        raise ValueError(f"ALUR_REMINDER_BEFORE tidak sah: {exc}") from None
    return Notifier(smtp=smtp, reminder_before=reminder_before,
                    default_supervisor=config.get("ALUR_DEFAULT_SUPERVISOR"),
                    base_url=config.get("ALUR_BASE_URL") or "")


def notifier_from_app(app) -> Notifier:
    """The installation's Notifier from the app's configuration (environment variables fill
    what the configuration leaves out); given to the runtime when it is built."""
    for key in CONFIG_KEYS:
        if app.config.get(key) is None and os.environ.get(key) is not None:
            app.config[key] = os.environ[key]
    return notifier_from_config(app.config)


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(notifications_group)

    @app.context_processor
    def unread_notifications():
        def count() -> int:
            try:
                if not current_user.is_authenticated:
                    return 0
                return inbox.unread_count(runtime(), current_actor())
            except Exception:  # noqa: BLE001 - the menu must render even on an error page
                return 0

        return {"unread_notifications": count}


def page_arg() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


@bp.route("/notifikasi")
@login_required
def index():
    unread_only = request.args.get("belum") == "1"
    page = inbox.list_notifications(runtime(), current_actor(), unread_only=unread_only,
                                            page=page_arg(), per_page=PER_PAGE)
    return render_template("notifications/index.html", page=page, unread_only=unread_only,
                           email=inbox.get_email(runtime(), current_user.username),
                           mail_enabled=runtime().notifier is not None and runtime().notifier.smtp is not None,
                           errors={})


@bp.route("/notifikasi/<int:notification_id>/baca", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    info = inbox.mark_read(runtime(), current_actor(), notification_id)
    target = request.form.get("buka")
    if target == "tugas" and info.task_id:
        return redirect(url_for("staff.task", task_id=info.task_id))
    if target == "kasus" and info.case_id:
        return redirect(url_for("staff.case", case_id=info.case_id))
    flash("Notifikasi ditandai sudah dibaca.", "success")
    return redirect(url_for("notifications.index", **request.args))


@bp.route("/notifikasi/baca-semua", methods=["POST"])
@login_required
def mark_all_read():
    count = inbox.mark_all_read(runtime(), current_actor())
    flash(f"{count} notifikasi ditandai sudah dibaca." if count else "Tidak ada notifikasi yang belum dibaca.",
          "success" if count else "info")
    return redirect(url_for("notifications.index"))


@bp.route("/notifikasi/email", methods=["POST"])
@login_required
def set_email():
    try:
        email = inbox.set_email(runtime(), current_user.username, request.form.get("email", ""))
    except ProblemsError as exc:
        page = inbox.list_notifications(runtime(), current_actor(), page=1, per_page=PER_PAGE)
        return render_template("notifications/index.html", page=page, unread_only=False,
                               email=request.form.get("email", ""), errors=problems_of(exc),
                               mail_enabled=runtime().notifier is not None and runtime().notifier.smtp is not None
                               ), 422
    flash(f"Alamat e-mail disimpan: {email}." if email else "Alamat e-mail dihapus; notifikasi hanya di aplikasi.",
          "success")
    return redirect(url_for("notifications.index"))


# -- alur notifications ----------------------------------------------------

@click.group("notifications")
def notifications_group():
    """Notification settings: users' e-mail addresses, a test e-mail."""


def fail(exc: AlurError) -> None:
    click.secho(f"Gagal: {exc.message}", fg="red", err=True)
    for problem in getattr(exc, "problems", []):
        click.echo(f"  - {problem}", err=True)
    sys.exit(1)


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
