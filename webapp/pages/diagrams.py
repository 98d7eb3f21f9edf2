"""Diagram pages: view a process (and a case's current steps) and edit it in the BPMN modeller."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_login import current_user, login_required

from engine.cases import queries, starting
from engine.diagrams import deploy

from ..login import current_actor
from ..runtime import runtime

bp = Blueprint("diagrams", __name__)

MAX_DIAGRAM_BYTES = 5 * 1024 * 1024


def may_edit() -> bool:
    return current_user.is_admin or "process_owner" in current_user.roles


@bp.route("/proses/<process_id>/diagram")
@login_required
def view(process_id: str):
    starting.check_process_visible(runtime(), current_actor(), process_id)
    version, _ = deploy.get_steps(runtime(), process_id)
    return render_template("diagrams/view.html", version=version, highlight=[],
                           xml_url=url_for("admin.diagram_xml", process_id=process_id, version=version.version))


@bp.route("/kasus/<int:case_id>/diagram")
@login_required
def case_view(case_id: int):
    detail = queries.get_case(runtime(), current_actor(), case_id)
    c = detail.case
    return render_template("diagrams/view.html", version=None, case=c,
                           highlight=sorted({t.task_ref for t in detail.open_tasks}),
                           xml_url=url_for("admin.diagram_xml", process_id=c.process_id, version=c.version))


@bp.route("/proses/<process_id>/ubah")
@login_required
def edit(process_id: str):
    if not may_edit():
        abort(403)
    version, _ = deploy.get_steps(runtime(), process_id)
    return render_template("diagrams/edit.html", version=version,
                           xml_url=url_for("admin.diagram_xml", process_id=process_id, version=version.version),
                           save_url=url_for("diagrams.save", process_id=process_id))


@bp.route("/proses/<process_id>/diagram", methods=["POST"])
@login_required
def save(process_id: str):
    """Admins deploy the edited diagram as a new version; process owners get it validated."""
    if not may_edit():
        abort(403)
    data = request.get_data(cache=False)
    if len(data) > MAX_DIAGRAM_BYTES:
        abort(413)
    filename = f"{process_id}.bpmn"
    if current_user.is_admin:
        results = deploy.deploy_diagram(runtime(), current_actor(), data, filename)
        mine = [r for r in results if r.process_id == process_id] or results
        info = mine[0]
        message = (f"Dideploy sebagai versi {info.version}." if info.created
                   else f"Tidak ada perubahan; tetap versi {info.version}.")
        return jsonify({"message": message, "versions": [{"process_id": r.process_id, "version": r.version,
                                                          "created": r.created} for r in results]})
    ids = deploy.validate_diagram(runtime(), data, filename)
    return jsonify({"message": "Diagram sah (" + ", ".join(ids) + "). Admin dapat mendeploynya sebagai versi baru.",
                    "valid": True})
