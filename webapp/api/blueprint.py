"""The ``api`` blueprint under /api/v1: per-user bearer tokens, the token's user as the actor."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from engine.errors import NotAllowed
from engine.org import users

from ..runtime import runtime

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC_ENDPOINTS = {"api.openapi"}


@bp.before_request
def authenticate():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    info = users.user_for_token(runtime(), token.strip()) if scheme.lower() == "bearer" else None
    if info is None:
        response = jsonify({"error": "Unauthorized",
                            "message": "Sertakan token API yang sah: Authorization: Bearer <token>"})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="alur"'
        return response
    g.api_user = info
    return None


def actor():
    """The token's user as the engine's Actor, with their unit (no query: the token's cached user has it)."""
    if "api_actor" not in g:
        g.api_actor = g.api_user.actor
    return g.api_actor


def require_admin(what: str) -> None:
    if not actor().is_admin:
        raise NotAllowed(f"Hanya admin yang boleh mengelola {what}")
