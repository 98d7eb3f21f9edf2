"""Alur web app: staff inbox and task pages, case pages, admin, REST API, CLI."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parents[1]


def default_config(app: Flask) -> dict:
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'alur.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "SECRET_KEY": os.environ.get("ALUR_SECRET_KEY") or load_or_create_secret(app),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "ALUR_FORMS_DIR": os.environ.get("ALUR_FORMS_DIR") or str(ROOT / "forms"),
        "ALUR_BPMN_DIR": os.environ.get("ALUR_BPMN_DIR") or str(ROOT / "bpmn"),
        "ALUR_CLOCK": None,
        "ALUR_CALENDAR": None,
        "ALUR_TIMEZONE": zone_name(os.environ.get("ALUR_TIMEZONE", "WIB")),
        # JSON {weekday 0-6: ["HH:MM", "HH:MM"] | null}; weekdays not given keep 07:30-16:00 (Fri 16:30).
        "ALUR_OFFICE_HOURS": os.environ.get("ALUR_OFFICE_HOURS") or None,
        # Live workflows kept per process for the cases it changed last (0 turns the cache off).
        "ALUR_WORKFLOW_CACHE": os.environ.get("ALUR_WORKFLOW_CACHE", "512"),
        # Bursts of 1,000+ deadlines escalated in a transaction prepared just before they are due.
        "ALUR_TIMER_STAGING": os.environ.get("ALUR_TIMER_STAGING", "on"),
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "JSON_SORT_KEYS": False,
    }


def zone_name(value: str) -> str:
    from engine.rules.calendar import ZONES

    return ZONES.get(value.upper(), value)


def load_or_create_secret(app: Flask) -> str:
    """A per-installation secret kept in instance/secret_key (created once)."""
    import secrets

    path = Path(app.instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    path.write_text(value)
    path.chmod(0o600)
    return value


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=os.environ.get("ALUR_INSTANCE_PATH") or str(ROOT / "instance"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(default_config(app))
    if test_config:
        app.config.from_mapping(test_config)

    from .extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)

    from .runtime import bind_runtime

    bind_runtime(app)

    from . import admin, api, auth, diagrams, errors, staff, templating

    templating.init_app(app)
    errors.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(diagrams.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)

    from . import calendar_admin, notifications, units_admin

    notifications.init_app(app)
    calendar_admin.init_app(app)
    units_admin.init_app(app)

    from .cli import register_commands

    register_commands(app)
    return app
