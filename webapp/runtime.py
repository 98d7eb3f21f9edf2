"""The engine runtime bound to the Flask app's database engine."""
from __future__ import annotations

from flask import current_app

from engine.runtime import Runtime
from engine.store.db import configure_sqlite, make_session_factory

from .extensions import db

KEY = "alur.runtime"


def office_hours(value):
    """ALUR_OFFICE_HOURS as JSON text or a mapping (the syntax units take too); a bad value
    stops the app with its reason."""
    from engine.rules.calendar import parse_office_hours

    try:
        return parse_office_hours(value or None)
    except ValueError as exc:
        raise ValueError(f"ALUR_OFFICE_HOURS: {exc}") from None


def cache_size(value) -> int:
    """ALUR_WORKFLOW_CACHE: a whole number of cases, 0 or more; a bad value stops the app with its reason."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"ALUR_WORKFLOW_CACHE harus bilangan bulat >= 0, bukan {value!r}") from None
    if size < 0:
        raise ValueError(f"ALUR_WORKFLOW_CACHE harus bilangan bulat >= 0, bukan {value!r}")
    return size


def bind_runtime(app) -> Runtime:
    from .notifications import notifier_from_app

    with app.app_context():
        sa_engine = db.engine
        configure_sqlite(sa_engine)
        runtime = Runtime(
            make_session_factory(sa_engine),
            clock=app.config.get("ALUR_CLOCK"),
            calendar=app.config.get("ALUR_CALENDAR"),
            timezone_name=app.config["ALUR_TIMEZONE"],
            office_hours=office_hours(app.config.get("ALUR_OFFICE_HOURS")),
            forms_dir=app.config["ALUR_FORMS_DIR"],
            workflow_cache_size=cache_size(app.config.get("ALUR_WORKFLOW_CACHE", 512)),
            notifier=notifier_from_app(app),
        )
    app.extensions[KEY] = runtime
    return runtime


def runtime() -> Runtime:
    return current_app.extensions[KEY]
