"""Admin page of the working calendar: the year's non-working days (national holidays, cuti
bersama, closures) and closures to add, import or remove."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for

from engine import closures
from engine.errors import ProblemsError

from .admin import admin_required
from .auth import current_actor
from .runtime import runtime
from .templating import DAYS, MONTHS, ZONE_NAMES

bp = Blueprint("calendar_admin", __name__, url_prefix="/admin/kalender")


def init_app(app) -> None:
    from .cli_calendar import calendar_group

    app.register_blueprint(bp)
    app.cli.add_command(calendar_group)


def long_date(day: date) -> str:
    return f"{DAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"


def current_year() -> int:
    rt = runtime()
    return rt.calendar().to_local(rt.now()).year


def year_arg() -> int:
    try:
        year = int(request.args.get("tahun") or request.form.get("tahun") or current_year())
    except ValueError:
        return current_year()
    return min(max(year, closures.FIRST_YEAR), closures.LAST_YEAR)


def render_page(year: int, *, errors: ProblemsError | None = None, values: dict | None = None, status: int = 200):
    days = closures.non_working_days(runtime(), year)
    return render_template("admin/calendar.html", year=year, days=days, long_date=long_date, errors=errors,
                           values=values or {},
                           zone=ZONE_NAMES.get(runtime().timezone_name, runtime().timezone_name)), status


@bp.route("", methods=["GET"])
@admin_required
def index():
    return render_page(year_arg())


@bp.route("", methods=["POST"])
@admin_required
def add():
    values = {"day": request.form.get("day", ""), "reason": request.form.get("reason", "")}
    try:
        info = closures.add_closure(runtime(), current_actor(), values["day"], values["reason"])
    except ProblemsError as exc:
        try:
            year = closures.parse_day(values["day"]).year
        except ValueError:
            year = year_arg()
        return render_page(year, errors=exc, values=values, status=422)
    message = f"{long_date(info.day)} ditutup: {info.reason}."
    later = closures.open_tasks_due_from(runtime(), info.day)
    if later:
        message += (f" {later} langkah terbuka berbatas waktu pada atau setelah tanggal ini; batas waktunya "
                    f"tidak dihitung ulang.")
    flash(message, "success")
    return redirect(url_for("calendar_admin.index", tahun=info.day.year))


@bp.route("/impor", methods=["POST"])
@admin_required
def import_file():
    upload = request.files.get("file")
    year = year_arg()
    if upload is None or not upload.filename:
        flash("Pilih berkas CSV atau JSON untuk diimpor.", "error")
        return render_page(year, status=400)
    try:
        result = closures.import_closures(runtime(), current_actor(), upload.read(), upload.filename)
    except ProblemsError as exc:
        return render_page(year, errors=exc, status=422)
    flash(f"Impor selesai: {len(result.added)} tanggal ditambahkan, {len(result.updated)} diperbarui, "
          f"{len(result.unchanged)} tidak berubah.", "success")
    return redirect(url_for("calendar_admin.index", tahun=year))


@bp.route("/<day>/hapus", methods=["GET", "POST"])
@admin_required
def remove(day: str):
    try:
        parsed = closures.parse_day(day)
    except ValueError:
        flash(f"Tanggal '{day}' tidak sah.", "error")
        return redirect(url_for("calendar_admin.index"))
    found = {c.day: c for c in closures.list_closures(runtime(), parsed.year)}.get(parsed)
    if found is None:
        flash(f"Tidak ada penutupan pada {long_date(parsed)}.", "error")
        return redirect(url_for("calendar_admin.index", tahun=parsed.year))
    if request.method == "GET":
        return render_template("admin/calendar_remove.html", closure=found, long_date=long_date)
    closures.remove_closure(runtime(), current_actor(), parsed)
    flash(f"Penutupan {long_date(parsed)} dihapus; hari itu kembali dihitung sesuai kalender nasional.", "success")
    return redirect(url_for("calendar_admin.index", tahun=parsed.year))
