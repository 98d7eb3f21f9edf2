"""The engine runtime bound to the Flask app's database engine."""
from __future__ import annotations

from flask import current_app

from engine.db import configure_sqlite, make_session_factory
from engine.runtime import Runtime

from .extensions import db

KEY = "alur.runtime"


def bind_runtime(app) -> Runtime:
    with app.app_context():
        sa_engine = db.engine
        configure_sqlite(sa_engine)
        runtime = Runtime(
            make_session_factory(sa_engine),
            clock=app.config.get("ALUR_CLOCK"),
            calendar=app.config.get("ALUR_CALENDAR"),
            timezone_name=app.config["ALUR_TIMEZONE"],
            forms_dir=app.config["ALUR_FORMS_DIR"],
        )
    app.extensions[KEY] = runtime
    return runtime


def runtime() -> Runtime:
    return current_app.extensions[KEY]
