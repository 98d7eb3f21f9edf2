"""How each API view describes itself for the OpenAPI document: summary, request body, query
parameters and answers, attached to the view function (read by webapp.api.openapi)."""
from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from . import responses

# Answers every authenticated operation may give.
COMMON_ANSWERS = {
    401: (responses.Error, "Token tidak ada atau tidak sah"),
    403: (responses.Error, "Peran pengguna tidak mengizinkan"),
    404: (responses.Error, "Tidak ditemukan"),
}


@dataclass(frozen=True)
class Operation:
    summary: str
    answers: dict = field(default_factory=dict)  # status -> model | schema | None | (that, description)
    body: type[BaseModel] | None = None
    body_type: str = "application/json"
    body_required: bool = True
    query: type[BaseModel] | None = None
    path: dict = field(default_factory=dict)  # path parameter -> extra JSON Schema (format, ...)
    public: bool = False


def describe(summary: str, answers: dict, **details):
    """Attach an Operation to the view (``details``: the other fields of Operation)."""
    def attach(view):
        view.operation = Operation(summary=summary, answers=answers, **details)
        return view

    return attach
