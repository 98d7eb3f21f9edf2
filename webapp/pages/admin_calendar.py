"""Admin page of the working calendar: the year's non-working days (national holidays, cuti
bersama, closures) and closures to add, import or remove, for every unit or for one unit."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for

from engine.errors import Conflict, NotFound, Problem, ProblemsError
from engine.org import closure_import, closures, units
from engine.rules.calendar import zone_label
from engine.rules.dates import format_day
from engine.timers.recount import recount_deadlines

from ..login import admin_required, current_actor
from ..runtime import runtime

bp = Blueprint("calendar_admin", __name__, url_prefix="/admin/kalender")

def long_date(day: date) -> str:
    return format_day(day)

def current_year() -> int:
    rt = runtime()
    return rt.calendar().to_local(rt.now()).year

def year_arg() -> int:
    try:
        year = int(request.args.get("tahun") or request.form.get("tahun") or current_year())
    except ValueError:
        return current_year()
    return min(max(year, closures.FIRST_YEAR), closures.LAST_YEAR)

def unit_arg() -> str:
    """The unit the page shows (its code), or "" for the overview of every unit."""
    return (request.args.get("unit") or request.form.get("unit") or "").strip().lower()

def render_page(year: int, *, errors: ProblemsError | None = None, values: dict | None = None, status: int = 200,
                unit: str | None = None):
    rt = runtime()
    unit = unit_arg() if unit is None else unit
    all_units = units.list_units(rt)
    shown = next((u for u in all_units if u.code == unit), None)
    if unit and shown is None:
        flash(f"Unit '{unit}' tidak ada; yang ditampilkan semua unit.", "error")
    days = closures.non_working_days(rt, year, unit=shown.id if shown else closures.ANY_UNIT)
    calendar = rt.calendar(unit_id=shown.id if shown else None)
    return render_template("admin/calendar.html", year=year, days=days, long_date=long_date, errors=errors,
                           values=values or {"unit": shown.code if shown else ""}, units=all_units, shown=shown,
                           office_hours=calendar.office_hours.describe(),
                           zone=zone_label(shown.timezone if shown else rt.timezone_name)), status

@bp.route("", methods=["GET"])
@admin_required
def index():
    return render_page(year_arg())

@bp.route("", methods=["POST"])
@admin_required
def add():
    values = {"day": request.form.get("day", ""), "reason": request.form.get("reason", ""),
              "unit": request.form.get("unit", "").strip().lower()}
    try:
        info = closures.add_closure(runtime(), current_actor(), values["day"], values["reason"],
                                    unit=values["unit"] or None)
    except (ProblemsError, NotFound, Conflict) as exc:
        try:
            year = closures.parse_day(values["day"]).year
        except ValueError:
            year = year_arg()
        if isinstance(exc, ProblemsError):
            errors, status = exc, 422
        else:
            field = "unit" if isinstance(exc, NotFound) else "day"
            errors = ProblemsError("Penutupan tidak dapat disimpan", [Problem(exc.message, field=field)])
            status = 422 if isinstance(exc, NotFound) else 409
        return render_page(year, errors=errors, values=values, status=status, unit=values["unit"])
    where = f" untuk {info.applies_to}" if info.unit_id is not None else ""
    message = f"{long_date(info.day)} ditutup{where}: {info.reason}."
    flash(message, "success")
    return after_change(info.day, info.unit_code)

def after_change(day: date, unit_code: str | None):
    """After a closure was added or removed: offer to recount the open steps it touches."""
    if closures.open_tasks_due_from(runtime(), day, unit=unit_code):
        return redirect(url_for("calendar_admin.recount", day=day.isoformat(), unit=unit_code or None))
    return redirect(url_for("calendar_admin.index", tahun=day.year, unit=unit_code or None))

@bp.route("/impor", methods=["POST"])
@admin_required
def import_file():
    upload = request.files.get("file")
    year = year_arg()
    unit = request.form.get("unit", "").strip().lower()
    if upload is None or not upload.filename:
        flash("Pilih berkas CSV atau JSON untuk diimpor.", "error")
        return render_page(year, status=400)
    try:
        result = closure_import.import_closures(runtime(), current_actor(), upload.read(), upload.filename,
                                          unit=unit or None)
    except ProblemsError as exc:
        return render_page(year, errors=exc, status=422)
    except NotFound as exc:
        return render_page(year, errors=ProblemsError("Berkas tidak diimpor", [Problem(exc.message, field="unit")]),
                           status=422)
    where = f" untuk unit {unit}" if unit else ""
    flash(f"Impor selesai{where}: {len(result.added)} tanggal ditambahkan, {len(result.updated)} diperbarui, "
          f"{len(result.unchanged)} tidak berubah.", "success")
    return redirect(url_for("calendar_admin.index", tahun=year, unit=unit or None))

@bp.route("/<day>/hapus", methods=["GET", "POST"])
@admin_required
def remove(day: str):
    unit = unit_arg() or None
    try:
        parsed = closures.parse_day(day)
    except ValueError:
        flash(f"Tanggal '{day}' tidak sah.", "error")
        return redirect(url_for("calendar_admin.index"))
    try:
        found = closures.get_closure(runtime(), parsed, unit=unit)
    except NotFound:
        found = None
    if found is None:
        flash(f"Tidak ada penutupan pada {long_date(parsed)}{' untuk unit ' + unit if unit else ''}.", "error")
        return redirect(url_for("calendar_admin.index", tahun=parsed.year))
    if request.method == "GET":
        return render_template("admin/calendar_remove.html", closure=found, long_date=long_date)
    closures.remove_closure(runtime(), current_actor(), parsed, unit=unit)
    where = f" untuk {found.applies_to}" if found.unit_id is not None else ""
    flash(f"Penutupan {long_date(parsed)}{where} dihapus; hari itu kembali dihitung sesuai kalender nasional.",
          "success")
    return after_change(parsed, found.unit_code)

@bp.route("/<day>/hitung-ulang", methods=["GET", "POST"])
@admin_required
def recount(day: str):
    """Recount the deadlines of open steps due on or after ``day`` (asks first)."""
    unit = unit_arg() or None
    try:
        parsed = closures.parse_day(day)
        count = closures.open_tasks_due_from(runtime(), parsed, unit=unit)
    except ValueError:
        flash(f"Tanggal '{day}' tidak sah.", "error")
        return redirect(url_for("calendar_admin.index"))
    except NotFound as exc:
        flash(exc.message, "error")
        return redirect(url_for("calendar_admin.index", tahun=parsed.year))
    if request.method == "GET":
        return render_template("admin/calendar_recount.html", day=parsed, unit=unit, count=count,
                               long_date=long_date)
    result = recount_deadlines(runtime(), current_actor(), parsed, unit=unit)
    flash(f"Batas waktu dihitung ulang: {result.changed} dari {result.steps} langkah terbuka "
          f"(pada {result.cases} kasus) berubah.", "success")
    return redirect(url_for("calendar_admin.index", tahun=parsed.year, unit=unit))
