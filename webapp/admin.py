"""Pages for admins: deploying diagrams as new versions, users."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import deploy, users
from engine.errors import DeployError, ProblemsError

from .auth import current_actor, hash_password
from .runtime import runtime

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


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
    from engine.migrate import migrate_cases

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
    info, xml = deploy.get_version_xml(runtime(), process_id, version)
    return Response(xml, mimetype="application/xml",
                    headers={"Content-Disposition": f"inline; filename={process_id}-v{version}.bpmn"})


@bp.route("/pengguna", methods=["GET", "POST"])
@admin_required
def people():
    errors = None
    status = 200
    if request.method == "POST":
        roles = [r for r in request.form.getlist("roles")] + [
            r.strip() for r in request.form.get("extra_roles", "").split(",") if r.strip()]
        password = request.form.get("password", "")
        try:
            if len(password) < 8:
                from engine.errors import Problem

                raise ProblemsError("Kata sandi terlalu pendek",
                                    [Problem("minimal 8 karakter", field="password")])
            info = users.create_user(runtime(), request.form.get("username", ""), password_hash=hash_password(password),
                                     roles=roles, full_name=request.form.get("full_name", ""))
        except ProblemsError as exc:
            errors = exc
            status = 422
        else:
            flash(f"Pengguna {info.username} dibuat.", "success")
            return redirect(url_for("admin.people"))
    return render_template("admin/people.html", people=users.list_users(runtime()),
                           lane_roles=users.all_lane_roles(runtime()), errors=errors), status
