"""JSON REST API under /api/v1, authenticated with per-user bearer tokens: one ``api``
blueprint, one module per resource, the OpenAPI document generated from them."""
from __future__ import annotations

from . import (  # noqa: F401 (routes)
    attachments,
    calendar,
    delegations,
    instances,
    me,
    openapi,
    processes,
    tasks,
    units,
)
from .blueprint import bp

__all__ = ["bp"]
