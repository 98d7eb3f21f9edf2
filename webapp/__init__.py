"""Alur web app: staff inbox and task pages, case pages, admin, REST API, CLI."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parents[1]


def create_app(test_config: dict | None = None) -> Flask:
    from . import errors, login, settings, templating
    from .api import bp as api_bp
    from .cli import register_commands
    from .extensions import csrf, db, migrate
    from .pages import (
        admin,
        admin_calendar,
        admin_units,
        auth,
        delegations,
        diagrams,
        notifications,
        staff,
    )
    from .runtime import KEY

    app = Flask(__name__, instance_path=os.environ.get("ALUR_INSTANCE_PATH") or str(ROOT / "instance"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(settings.read_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    login.init_app(app)
    with app.app_context():
        app.extensions[KEY] = settings.build_runtime(app.config, db.engine)

    templating.init_app(app)
    errors.init_app(app)
    for blueprint in (auth.bp, staff.bp, admin.bp, diagrams.bp, notifications.bp, admin_calendar.bp,
                      admin_units.bp, delegations.bp, api_bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)
    register_commands(app)
    return app
