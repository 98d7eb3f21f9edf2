"""Requests read through their pydantic models: the JSON body or the query string; what does
not fit is a 422 whose problems each name the field, in Indonesian."""
from __future__ import annotations

from typing import TypeVar

from annotated_types import Ge, Le
from flask import request
from pydantic import BaseModel, ValidationError

from engine.errors import Problem, ProblemsError

Model = TypeVar("Model", bound=BaseModel)

TYPE_MESSAGES = {
    "string_type": "harus teks",
    "int_type": "harus bilangan bulat",
    "int_parsing": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "bool_type": "harus true atau false",
    "bool_parsing": "harus true atau false",
    "missing": "wajib diisi",
}


def read_json() -> dict:
    """The JSON object of the body ({} for an empty body)."""
    data = request.get_json(silent=True)
    if data is None:
        if not request.data:
            return {}
        raise ProblemsError("Badan permintaan bukan JSON yang sah", [Problem("kirim objek JSON")])
    if not isinstance(data, dict):
        raise ProblemsError("Badan permintaan harus objek JSON", [Problem("kirim objek JSON")])
    return data


def parse_body(model: type[Model], *, error: type[ProblemsError] = ProblemsError,
               message: str = "Isian tidak sah") -> Model:
    """The JSON body as ``model``; ``error(message, problems)`` when it does not fit."""
    return validate(model, read_json(), error=error, message=message)


def parse_query(model: type[Model], *, message: str = "Parameter tidak sah") -> Model:
    """The query string as ``model`` (each parameter once)."""
    return validate(model, request.args.to_dict(), error=ProblemsError, message=message)


def validate(model: type[Model], data: dict, *, error: type[ProblemsError], message: str) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = problems_of(model, exc)
        titles = getattr(model, "problem_titles", {})
        title = next((titles[p.field] for p in problems if p.field in titles), message)
        raise error(title, problems) from None


def problems_of(model: type[BaseModel], exc: ValidationError) -> list[Problem]:
    """One problem per field (a union gives several errors for one field), unknown fields first."""
    found: dict[str | None, Problem] = {}
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    for item in errors:
        field = str(item["loc"][0]) if item["loc"] else None
        if field not in found:
            found[field] = Problem(message_for(model, field, item), field=field)
    return list(found.values())


def message_for(model: type[BaseModel], field: str | None, item: dict) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return f"isian tidak dikenal; yang boleh: {', '.join(model.model_fields)}"
    custom = getattr(model, "problem_messages", {})
    if field in custom:
        return custom[field]
    if kind in ("greater_than_equal", "less_than_equal") and field in model.model_fields:
        metadata = model.model_fields[field].metadata
        low = next((m.ge for m in metadata if isinstance(m, Ge)), None)
        high = next((m.le for m in metadata if isinstance(m, Le)), None)
        return f"harus antara {low} dan {high}"
    return TYPE_MESSAGES.get(kind, item["msg"])
