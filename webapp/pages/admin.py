"""Pages for admins: deploying diagrams as new versions, users."""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from engine.cases import starting
from engine.diagrams import deploy
from engine.errors import Conflict, DeployError, Problem, ProblemsError
from engine.org import units, users

from ..login import admin_required, current_actor, hash_password
from ..runtime import runtime

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/proses", methods=["GET", "POST"])
@admin_required
def processes():
    problems = None
    status = 200
    if request.method == "POST":
        upload = request.files.get("diagram")
        if upload is None or not upload.filename:
            flash("Pilih berkas .bpmn untuk dideploy.", "error")
            status = 400
        else:
            try:
                results = deploy.deploy_diagram(runtime(), current_actor(), upload.read(), upload.filename)
            except DeployError as exc:
                problems = exc
                status = 422
            else:
                for info in results:
                    if info.created:
                        flash(f"{info.name} dideploy sebagai versi {info.version}.", "success")
                    else:
                        flash(f"{info.name} tidak berubah (tetap versi {info.version}).", "info")
                return redirect(url_for("admin.processes"))
    return render_template("admin/processes.html", processes=deploy.list_processes(runtime()),
                           problems=problems), status


@bp.route("/proses/<process_id>")
@admin_required
def versions(process_id: str):
    return render_template("admin/versions.html", process_id=process_id,
                           versions=deploy.list_versions(runtime(), process_id))


@bp.route("/proses/<process_id>/pindahkan", methods=["POST"])
@admin_required
def migrate(process_id: str):
    """Move running cases of one version to the latest, after a dry run the admin confirmed."""
    from engine.cases.migrate import migrate_cases

    try:
        from_version = int(request.form.get("from_version", ""))
    except ValueError:
        abort(400)
    dry_run = request.form.get("confirm") != "ya"
    plans = migrate_cases(runtime(), current_actor(), process_id, from_version=from_version, dry_run=dry_run)
    if dry_run:
        return render_template("admin/migrate_confirm.html", process_id=process_id, from_version=from_version,
                               plans=plans, versions=deploy.list_versions(runtime(), process_id))
    moved = sum(1 for p in plans if p.possible)
    flash(f"{moved} dari {len(plans)} kasus dipindahkan ke versi terbaru.", "success" if moved else "info")
    for plan in plans:
        if not plan.possible:
            flash(f"Kasus #{plan.case_id} tetap di versi {plan.from_version}: {plan.reason}", "error")
    return redirect(url_for("admin.versions", process_id=process_id))


@bp.route("/proses/<process_id>/versi/<int:version>.bpmn")
@login_required
def diagram_xml(process_id: str, version: int):
    starting.check_process_visible(runtime(), current_actor(), process_id)
    _, xml = deploy.get_version_xml(runtime(), process_id, version)
    return Response(xml, mimetype="application/xml",
                    headers={"Content-Disposition": f"inline; filename={process_id}-v{version}.bpmn"})


def unit_choice(value: str):
    """The unit picked on a form (its code), None for the installation default; UnitError if unknown."""
    value = (value or "").strip().lower()
    if not value:
        return None
    found = units.find_unit(runtime(), value)
    if found is None:
        raise units.UnitError("Unit tidak ada", [Problem(f"unit '{value}' tidak ada", field="unit")])
    return found


def people_page(errors=None, values=None, status=200):
    return render_template("admin/people.html", people=users.list_users(runtime()),
                           lane_roles=users.all_lane_roles(runtime()), errors=errors, values=values or {},
                           units=units.list_units(runtime()), unit_of=units.units_of_users(runtime())), status


@bp.route("/pengguna", methods=["GET", "POST"])
@admin_required
def people():
    if request.method == "GET":
        return people_page()
    roles = [r for r in request.form.getlist("roles")] + [
        r.strip() for r in request.form.get("extra_roles", "").split(",") if r.strip()]
    password = request.form.get("password", "")
    values = {"username": request.form.get("username", ""), "full_name": request.form.get("full_name", ""),
              "unit": request.form.get("unit", "")}
    try:
        if len(password) < 8:
            raise ProblemsError("Kata sandi terlalu pendek", [Problem("minimal 8 karakter", field="password")])
        unit = unit_choice(values["unit"])
        info = users.create_user(runtime(), values["username"], password_hash=hash_password(password),
                                 roles=roles, full_name=values["full_name"])
        if unit is not None:
            units.assign_user_unit(runtime(), current_actor(), info.username, unit.id)
    except ProblemsError as exc:
        return people_page(exc, values, 422)
    except Conflict as exc:
        return people_page(ProblemsError(exc.message, [Problem(exc.message, field="username")]), values, 409)
    where = f" di unit {unit.name}" if unit is not None else ""
    flash(f"Pengguna {info.username} dibuat{where}.", "success")
    return redirect(url_for("admin.people"))


@bp.route("/pengguna/<username>", methods=["GET", "POST"])
@admin_required
def person(username: str):
    """Change a user's name, roles, unit and (optionally) password."""
    info = users.get_user(runtime(), username=username)
    if info is None:
        abort(404)
    unit = units.unit_of_user(runtime(), user_id=info.id)
    errors, status = None, 200
    values = {"full_name": info.full_name, "roles": list(info.roles), "unit": unit.code if unit else ""}
    if request.method == "POST":
        roles = [r for r in request.form.getlist("roles")] + [
            r.strip() for r in request.form.get("extra_roles", "").split(",") if r.strip()]
        password = request.form.get("password", "")
        values = {"full_name": request.form.get("full_name", ""), "roles": roles,
                  "unit": request.form.get("unit", "")}
        try:
            problems = []
            if password and len(password) < 8:
                problems.append(Problem("minimal 8 karakter, atau kosongkan agar tidak berubah", field="password"))
            if info.username == current_user.username and "admin" not in roles:
                problems.append(Problem("Anda tidak dapat mencabut peran admin Anda sendiri", field="roles"))
            if problems:
                raise ProblemsError("Pengguna tidak dapat disimpan", problems)
            new_unit = unit_choice(values["unit"])
            if values["full_name"].strip() != info.full_name or password:
                users.create_user(runtime(), info.username, update=True, full_name=values["full_name"].strip(),
                                  password_hash=hash_password(password) if password else "")
            users.set_roles(runtime(), info.username, roles)
            units.assign_user_unit(runtime(), current_actor(), info.username, new_unit.id if new_unit else None)
        except ProblemsError as exc:
            errors, status = exc, 422
        else:
            flash(f"Pengguna {info.username} disimpan.", "success")
            return redirect(url_for("admin.people"))
    return render_template("admin/person.html", person=info, values=values, errors=errors,
                           lane_roles=users.all_lane_roles(runtime()), units=units.list_units(runtime())), status
