"""Notifications page: the in-app list (unread count in the menu, mark read) and one's own
e-mail address."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine.errors import ProblemsError
from engine.notify import inbox

from ..errors import problems_of
from ..login import current_actor
from ..runtime import runtime

bp = Blueprint("notifications", __name__)

PER_PAGE = 25


@bp.app_context_processor
def unread_notifications():
    """The unread count in every page's menu."""
    def count() -> int:
        try:
            if not current_user.is_authenticated:
                return 0
            return inbox.unread_count(runtime(), current_actor())
        except Exception:  # noqa: BLE001 - the menu must render even on an error page
            return 0

    return {"unread_notifications": count}


def mail_enabled() -> bool:
    notifier = runtime().notifier
    return notifier is not None and notifier.smtp is not None


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
                           mail_enabled=mail_enabled(),
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
                               mail_enabled=mail_enabled()), 422
    flash(f"Alamat e-mail disimpan: {email}." if email else "Alamat e-mail dihapus; notifikasi hanya di aplikasi.",
          "success")
    return redirect(url_for("notifications.index"))
