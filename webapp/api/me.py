"""/me: the token's user."""
from __future__ import annotations

from flask import g, jsonify

from engine.org import units

from ..runtime import runtime
from . import responses
from .blueprint import bp
from .operations import describe
from .units import unit_json


@bp.get("/me")
@describe("Pengguna pemilik token", {200: responses.User})
def me():
    info = g.api_user
    unit = units.find_unit(runtime(), info.unit_id) if info.unit_id is not None else None
    return jsonify({"username": info.username, "full_name": info.full_name, "roles": list(info.roles),
                    "unit": unit_json(unit) if unit is not None else None})
