"""Who is signed in: the Flask-Login user with their unit, the engine Actor of the current
user, password hashing, and the admin-only decorator of pages."""
from __future__ import annotations

from dataclasses import replace
from functools import wraps

from flask import abort
from flask_login import UserMixin, current_user, login_required
from werkzeug.security import generate_password_hash

from engine.org import units, users
from engine.records import Actor, UnitInfo

from .extensions import login_manager
from .runtime import runtime


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


def load_user(user_id: str):
    info = users.get_user(runtime(), user_id=int(user_id))
    if info is None or not info.is_active:
        return None
    return WebUser(info, units.unit_of_user(runtime(), user_id=info.id))


def current_actor() -> Actor:
    return current_user.actor


def admin_required(view):
    """A page for admins only: others get 403, anonymous visitors the sign-in page."""
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Silakan masuk terlebih dahulu."
    login_manager.login_message_category = "info"
