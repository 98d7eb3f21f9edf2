"""/calendar: closures (days the office is closed besides national holidays) and recounting
open deadlines after the calendar changed (admin)."""
from __future__ import annotations

from flask import Response, jsonify

from engine.org import closures
from engine.timers import recount

from ..runtime import runtime
from . import responses
from .blueprint import actor, bp, require_admin
from .models import ClosureInput, RecountInput, UnitQuery, YearQuery
from .operations import describe
from .requests import parse_body, parse_query

WHAT = "kalender kerja"


def closure_json(info) -> dict:
    return {"day": info.day.isoformat(), "reason": info.reason, "created_by": info.created_by,
            "unit": info.unit_code, "applies_to": info.applies_to}


@bp.get("/calendar/closures")
@describe("Penutupan kantor (di luar libur nasional dan cuti bersama) (admin)", {200: responses.ClosureList},
          query=YearQuery)
def list_closures():
    """Closures (days the office is closed besides national holidays), optionally of one year."""
    require_admin(WHAT)
    year = parse_query(YearQuery).year or None
    return jsonify({"items": [closure_json(c) for c in closures.list_closures(runtime(), year)]})


@bp.post("/calendar/closures")
@describe("Tutup kantor pada satu tanggal, untuk semua unit atau satu unit (admin). Jawabannya menyebut berapa "
          "langkah terbuka berbatas waktu pada/setelah tanggal itu; POST /calendar/recount menghitung ulang "
          "batas waktunya.", {201: responses.ClosureAdded, 409: (responses.Error, "Tanggal itu sudah ditutup")},
          body=ClosureInput)
def add_closure():
    """Close a day for every unit or (``unit``) one unit. The answer says how many open steps are
    due on or after it; ``POST /calendar/recount`` counts their deadlines again."""
    require_admin(WHAT)
    body = parse_body(ClosureInput)
    info = closures.add_closure(runtime(), actor(), body.day, body.reason, unit=body.unit)
    later = closures.open_tasks_due_from(runtime(), info.day, unit=info.unit_id)
    return jsonify({**closure_json(info), "open_steps_due_from": later}), 201


@bp.delete("/calendar/closures/<day>")
@describe("Hapus penutupan (admin); ?unit=KODE untuk penutupan satu unit", {204: (None, "Penutupan dihapus")},
          query=UnitQuery, path={"day": {"format": "date"}})
def remove_closure(day: str):
    require_admin(WHAT)
    closures.remove_closure(runtime(), actor(), day, unit=parse_query(UnitQuery).unit or None)
    return Response(status=204)


@bp.post("/calendar/recount")
@describe("Hitung ulang batas waktu langkah terbuka yang jatuh pada/setelah tanggal itu dengan kalender kerja "
          "sekarang (admin); timer, batas waktu dan pengingat ikut berpindah", {200: responses.RecountResult},
          body=RecountInput)
def recount_deadlines():
    """Count again the deadlines of open steps due on or after ``day`` in the calendar as it is now."""
    require_admin(WHAT)
    body = parse_body(RecountInput)
    result = recount.recount_deadlines(runtime(), actor(), body.day, unit=body.unit)
    return jsonify({"cases": result.cases, "open_steps": result.steps, "changed": result.changed})
