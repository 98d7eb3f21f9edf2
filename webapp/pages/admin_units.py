"""Admin pages of the organisation units: each with its time zone (WIB, WITA, WIT) and office
hours; add, change, delete (after a confirmation; refused while people or cases belong to it)."""
from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for

from engine.errors import Conflict, Problem, ProblemsError
from engine.org import closures, units
from engine.rules.calendar import OfficeHours
from engine.rules.dates import weekday_names

from ..errors import problems_of
from ..login import admin_required, current_actor
from ..runtime import runtime

bp = Blueprint("units_admin", __name__, url_prefix="/admin/unit")

def installation_hours() -> OfficeHours:
    return runtime().office_hours or OfficeHours()

def form_values(info=None) -> dict:
    """What the form shows: the unit's values, else an empty unit in WIB with default hours."""
    if info is None:
        hours, mode = installation_hours(), "default"
        values = {"code": "", "name": "", "timezone": "Asia/Jakarta"}
    else:
        hours = units.effective_office_hours(runtime(), info.office_hours)
        mode = "custom" if info.office_hours else "default"
        values = {"code": info.code, "name": info.name, "timezone": info.timezone}
    values["hours_mode"] = mode
    for weekday, day in enumerate(hours.days):
        values[f"open_{weekday}"] = day[0].strftime("%H:%M") if day else ""
        values[f"close_{weekday}"] = day[1].strftime("%H:%M") if day else ""
    return values

def values_from_form() -> tuple[dict, dict, list[Problem]]:
    """(what to show again, the unit fields, problems of the office-hours grid)."""
    shown = {key: request.form.get(key, "") for key in ("code", "name", "timezone", "hours_mode")}
    problems: list[Problem] = []
    mapping: dict[str, list[str] | None] = {}
    for weekday, day in enumerate(weekday_names()):
        opening = request.form.get(f"open_{weekday}", "").strip()
        closing = request.form.get(f"close_{weekday}", "").strip()
        shown[f"open_{weekday}"], shown[f"close_{weekday}"] = opening, closing
        if not opening and not closing:
            mapping[str(weekday)] = None
        elif not opening or not closing:
            problems.append(Problem(f"{day}: isi jam buka dan jam tutup, atau kosongkan keduanya bila kantor tutup",
                                    field="office_hours"))
        else:
            mapping[str(weekday)] = [opening, closing]
    fields = {"code": shown["code"], "name": shown["name"], "timezone": shown["timezone"]}
    if shown["hours_mode"] == "custom":
        if not problems:
            fields["office_hours"] = json.dumps(mapping)
    else:
        fields["office_hours"] = None
        problems = []
    return shown, fields, problems

def render_list(*, values: dict | None = None, errors: ProblemsError | None = None, status: int = 200):
    return render_template("admin/units.html", units=units.list_units(runtime()), values=values or form_values(),
                           errors=errors, field_errors=problems_of(errors) if errors else {},
                           zones=units.ZONE_CHOICES, weekdays=weekday_names(), installation=installation_hours(),
                           installation_zone=runtime().timezone_name, effective=effective_text), status

def effective_text(info) -> str:
    return units.effective_office_hours(runtime(), info.office_hours).describe()

@bp.route("", methods=["GET"])
@admin_required
def index():
    return render_list()

@bp.route("", methods=["POST"])
@admin_required
def add():
    shown, fields, problems = values_from_form()
    try:
        units.check_fields(fields, problems)
        info = units.create_unit(runtime(), current_actor(), **fields)
    except ProblemsError as exc:
        return render_list(values=shown, errors=exc, status=422)
    except Conflict as exc:
        return render_list(values=shown, errors=ProblemsError(exc.message, [Problem(exc.message, field="code")]),
                           status=409)
    flash(f"Unit {info.name} ({info.code}, {info.zone}) dibuat.", "success")
    return redirect(url_for("units_admin.index"))

@bp.route("/<int:unit_id>", methods=["GET", "POST"])
@admin_required
def edit(unit_id: int):
    info = units.get_unit(runtime(), unit_id)
    errors, status, values = None, 200, form_values(info)
    if request.method == "POST":
        values, fields, problems = values_from_form()
        try:
            units.check_fields(fields, problems)
            updated = units.update_unit(runtime(), current_actor(), unit_id, **fields)
        except ProblemsError as exc:
            errors, status = exc, 422
        except Conflict as exc:
            errors, status = ProblemsError(exc.message, [Problem(exc.message, field="code")]), 409
        else:
            flash(f"Unit {updated.name} disimpan.", "success")
            if (updated.timezone, updated.office_hours) != (info.timezone, info.office_hours):
                # New hours or zone: offer to recount the deadlines of the unit's open steps.
                today = runtime().calendar(unit_id=unit_id).to_local(runtime().now()).date()
                if closures.open_tasks_due_from(runtime(), today, unit=unit_id):
                    return redirect(url_for("calendar_admin.recount", day=today.isoformat(), unit=updated.code))
            return redirect(url_for("units_admin.index"))
    return render_template("admin/unit_edit.html", unit=info, values=values, errors=errors,
                           field_errors=problems_of(errors) if errors else {}, zones=units.ZONE_CHOICES,
                           weekdays=weekday_names(), installation=installation_hours(),
                           installation_zone=runtime().timezone_name), status

@bp.route("/<int:unit_id>/hapus", methods=["GET", "POST"])
@admin_required
def remove(unit_id: int):
    info = units.get_unit(runtime(), unit_id)
    if request.method == "GET":
        return render_template("admin/unit_delete.html", unit=info, error=None)
    try:
        units.delete_unit(runtime(), current_actor(), unit_id)
    except Conflict as exc:
        return render_template("admin/unit_delete.html", unit=units.get_unit(runtime(), unit_id),
                               error=exc.message), 409
    flash(f"Unit {info.name} ({info.code}) dihapus"
          + (f" beserta {info.closures} penutupan kalendernya." if info.closures else "."), "success")
    return redirect(url_for("units_admin.index"))
