"""The engine runtime of the current app (built by webapp.settings at start-up)."""
from __future__ import annotations

from flask import current_app

from engine.runtime import Runtime

KEY = "alur.runtime"


def runtime() -> Runtime:
    return current_app.extensions[KEY]
