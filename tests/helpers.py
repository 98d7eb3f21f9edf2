"""Helpers for tests."""
from __future__ import annotations

from engine.records import Actor


def actor(username: str, *roles: str) -> Actor:
    return Actor(username, frozenset(roles))


def fill_form(form: dict, **values) -> dict:
    """Valid data for a step form: every checklist ticked, the given decision values."""
    schema = form["schema"]
    data = {}
    for name, prop in (schema.get("properties") or {}).items():
        if name in values:
            data[name] = values[name]
        elif prop.get("type") == "array" and prop.get("minItems"):
            data[name] = list(prop["items"]["enum"])
        elif name in schema.get("required", []):
            if "enum" in prop:
                data[name] = prop["enum"][0]
            elif prop.get("type") == "string":
                data[name] = "2026-01-30T10:00:00+07:00" if prop.get("format") == "date-time" else "isi"
            elif prop.get("type") in ("number", "integer"):
                data[name] = 1
            elif prop.get("type") == "boolean":
                data[name] = True
    return data
