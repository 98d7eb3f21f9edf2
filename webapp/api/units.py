"""/units: organisation units with their time zone and office hours (admin)."""
from __future__ import annotations

import json

from flask import Response, jsonify, url_for

from engine.org import units

from ..runtime import runtime
from . import responses
from .blueprint import actor, bp, require_admin
from .models import UnitInput, UnitPatch
from .operations import describe
from .requests import parse_body

WHAT = "unit organisasi"
CODE_TAKEN = (responses.Error, "Kode unit sudah dipakai")


def unit_json(info) -> dict:
    """A unit as the API shows it: office hours as an object (``null``: the installation's),
    with the hours that apply and their description."""
    effective = units.effective_office_hours(runtime(), info.office_hours)
    return {
        "id": info.id, "code": info.code, "name": info.name, "timezone": info.timezone, "zone": info.zone,
        "office_hours": json.loads(info.office_hours) if info.office_hours else None,
        "office_hours_effective": effective.to_mapping(), "office_hours_text": effective.describe(),
        "created_at": info.created_at.isoformat(), "users": info.users, "cases": info.cases,
        "closures": info.closures,
    }


def unit_values(model: type[UnitInput | UnitPatch]) -> dict:
    """The unit fields sent, type-checked (UnitError naming each bad or unknown field)."""
    values = parse_body(model, error=units.UnitError, message="Unit tidak dapat disimpan").model_dump(
        exclude_unset=True)
    if isinstance(values.get("office_hours"), dict):
        values["office_hours"] = json.dumps(values["office_hours"])
    return values


@bp.get("/units")
@describe("Unit organisasi dengan zona waktu dan jam kantornya (admin)", {200: responses.UnitList})
def list_units():
    require_admin(WHAT)
    return jsonify({"items": [unit_json(u) for u in units.list_units(runtime())]})


@bp.post("/units")
@describe("Buat unit organisasi (admin)", {201: (responses.Unit, "Unit dibuat"), 409: CODE_TAKEN,
                                           422: (None, "Isian tidak sah; setiap masalah menyebut isiannya (field)")},
          body=UnitInput)
def create_unit():
    require_admin(WHAT)
    info = units.create_unit(runtime(), actor(), **unit_values(UnitInput))
    response = jsonify(unit_json(units.get_unit(runtime(), info.id)))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_unit", unit_id=info.id)
    return response


@bp.get("/units/<int:unit_id>")
@describe("Satu unit organisasi (admin)", {200: responses.Unit})
def get_unit(unit_id: int):
    require_admin(WHAT)
    return jsonify(unit_json(units.get_unit(runtime(), unit_id)))


@bp.patch("/units/<int:unit_id>")
@describe("Ubah isian unit yang dikirim (admin); office_hours null = jam kantor instalasi. "
          "Batas waktu yang sudah diberikan tidak dihitung ulang.", {200: responses.Unit, 409: CODE_TAKEN},
          body=UnitPatch)
def update_unit(unit_id: int):
    require_admin(WHAT)
    info = units.update_unit(runtime(), actor(), unit_id, **unit_values(UnitPatch))
    return jsonify(unit_json(info))


@bp.delete("/units/<int:unit_id>")
@describe("Hapus unit (admin) beserta penutupan kalendernya sendiri; ditolak selama masih ada pengguna atau "
          "kasus di unit ini", {204: (None, "Unit dihapus"),
                                409: (responses.Error, "Unit masih dipakai pengguna atau kasus")})
def delete_unit(unit_id: int):
    require_admin(WHAT)
    units.delete_unit(runtime(), actor(), unit_id)
    return Response(status=204)
