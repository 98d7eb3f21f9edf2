"""Signing in and out; the Flask-Login user; API bearer tokens."""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlparse

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from engine.org import units, users
from engine.records import Actor, UnitInfo

from .extensions import login_manager
from .runtime import runtime

bp = Blueprint("auth", __name__)

# Checked when the username is unknown, so a wrong name costs the same as a wrong password.
_DUMMY_HASH = generate_password_hash("alur-dummy-password")


class WebUser(UserMixin):
    def __init__(self, info: users.UserInfo, unit: UnitInfo | None = None):
        self.info = info
        self.unit = unit  # the organisation unit (None: the installation default)
        self.id = str(info.id)

    @property
    def username(self) -> str:
        return self.info.username

    @property
    def full_name(self) -> str:
        return self.info.full_name

    @property
    def roles(self) -> tuple[str, ...]:
        return self.info.roles

    @property
    def is_active(self) -> bool:
        return self.info.is_active

    @property
    def is_admin(self) -> bool:
        return "admin" in self.info.roles

    @property
    def actor(self) -> Actor:
        return actor_of(self.info, self.unit)


def actor_of(info: users.UserInfo, unit: UnitInfo | None) -> Actor:
    """The engine's Actor of a user, with their unit: cases they start follow its calendar."""
    actor = info.actor
    return replace(actor, unit_id=unit.id) if unit is not None else replace(actor, unit_id=None)


def hash_password(password: str) -> str:
    return generate_password_hash(password)


@login_manager.user_loader
def load_user(user_id: str):
    info = users.get_user(runtime(), user_id=int(user_id))
    if info is None or not info.is_active:
        return None
    return WebUser(info, units.unit_of_user(runtime(), user_id=info.id))


login_manager.login_view = "auth.login"
login_manager.login_message = "Silakan masuk terlebih dahulu."
login_manager.login_message_category = "info"


def current_actor() -> Actor:
    return current_user.actor


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
        ok = check_password_hash(info.password_hash if info else _DUMMY_HASH, password)
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
