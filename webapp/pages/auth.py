"""Signing in and out."""
from __future__ import annotations

from functools import cache
from urllib.parse import urlparse

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from engine.org import units, users

from ..login import WebUser
from ..runtime import runtime

bp = Blueprint("auth", __name__)


@cache
def dummy_hash() -> str:
    """Checked when the username is unknown, so a wrong name costs the same as a wrong password."""
    return generate_password_hash("alur-dummy-password")


def safe_next(target: str | None) -> str:
    if target:
        parsed = urlparse(target)
        if not parsed.scheme and not parsed.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("staff.inbox")


@bp.route("/masuk", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.inbox"))
    error = None
    if request.method == "POST":
        username = request.form.get("username", "").strip().lower()
        password = request.form.get("password", "")
        info = users.get_user(runtime(), username=username)
        ok = check_password_hash(info.password_hash if info else dummy_hash(), password)
        if info and ok and info.is_active:
            login_user(WebUser(info, units.unit_of_user(runtime(), user_id=info.id)),
                       remember=bool(request.form.get("remember")))
            return redirect(safe_next(request.args.get("next")))
        error = "Nama pengguna atau kata sandi salah."
    return render_template("auth/login.html", error=error), (401 if error else 200)


@bp.route("/keluar", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("Anda telah keluar.", "info")
    return redirect(url_for("auth.login"))
