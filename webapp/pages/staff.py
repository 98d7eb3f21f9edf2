"""Pages for staff: the inbox, a step's page with its form, cases and their history."""
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

from engine.cases import attachments, commands, queries
from engine.diagrams import deploy
from engine.errors import FormValidationError, ProblemsError
from engine.rules.forms import coerce_submission

from ..errors import problems_of
from ..login import current_actor
from ..runtime import runtime

bp = Blueprint("staff", __name__)

PER_PAGE = 25


def page_arg() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


@bp.route("/")
@login_required
def inbox():
    process_id = request.args.get("proses") or None
    overdue = request.args.get("terlambat") == "1"
    page = queries.list_tasks(runtime(), current_actor(), process_id=process_id, overdue=overdue,
                            page=page_arg(), per_page=PER_PAGE)
    processes = deploy.list_processes(runtime())
    return render_template("staff/inbox.html", page=page, processes=processes, process_id=process_id,
                           overdue=overdue)


@bp.route("/selesai")
@login_required
def done():
    page = queries.list_tasks(runtime(), current_actor(), status="completed", page=page_arg(), per_page=PER_PAGE)
    return render_template("staff/done.html", page=page)


def uploads_from_request(form: dict) -> list[attachments.Upload]:
    uploads = []
    for attachment in form.get("attachments", []) or []:
        for storage in request.files.getlist(attachment["name"]):
            if storage and storage.filename:
                uploads.append(attachments.Upload(attachment["name"], storage.filename,
                                               storage.mimetype or "application/octet-stream", storage.read()))
    return uploads


@bp.route("/tugas/<task_id>", methods=["GET", "POST"])
@login_required
def task(task_id: str):
    rt = runtime()
    detail = queries.get_task(rt, current_actor(), task_id)
    errors: dict[str, list[str]] = {}
    values = detail.task.data or {}
    status = 200
    if request.method == "POST":
        if not detail.may_complete:
            abort(403)
        values = coerce_submission(detail.form, request.form.to_dict(flat=False))
        try:
            commands.complete_task(rt, current_actor(), task_id, values, uploads_from_request(detail.form))
        except FormValidationError as exc:
            errors = problems_of(exc)
            status = 422
        else:
            flash(f"Langkah \u201c{detail.task.name}\u201d selesai.", "success")
            return redirect(url_for("staff.case", case_id=detail.task.case_id))
    return render_template("staff/task.html", detail=detail, errors=errors, values=values), status


@bp.route("/kasus")
@login_required
def case_list():
    status = request.args.get("status") or None
    process_id = request.args.get("proses") or None
    page = queries.list_cases(runtime(), current_actor(), status=status, process_id=process_id,
                            page=page_arg(), per_page=PER_PAGE)
    return render_template("staff/cases.html", page=page, status=status, process_id=process_id,
                           processes=deploy.list_processes(runtime()))


@bp.route("/kasus/<int:case_id>")
@login_required
def case(case_id: int):
    detail = queries.get_case(runtime(), current_actor(), case_id)
    return render_template("staff/case.html", detail=detail)


@bp.route("/proses")
@login_required
def processes():
    return render_template("staff/processes.html", processes=deploy.list_processes(runtime()))


@bp.route("/proses/<process_id>")
@login_required
def process(process_id: str):
    version, steps = deploy.get_steps(runtime(), process_id)
    return render_template("staff/process.html", version=version, steps=steps)


@bp.route("/proses/<process_id>/mulai", methods=["POST"])
@login_required
def start(process_id: str):
    try:
        info = commands.start_case(runtime(), current_actor(), process_id, title=request.form.get("title", ""))
    except ProblemsError as exc:
        flash(str(exc), "error")
        return redirect(url_for("staff.processes"))
    flash(f"Kasus #{info.id} \u201c{info.title}\u201d dimulai.", "success")
    detail = queries.get_case(runtime(), current_actor(), info.id)
    mine = [t for t in detail.open_tasks if t.lane in current_user.roles]
    if mine:
        return redirect(url_for("staff.task", task_id=mine[0].id))
    return redirect(url_for("staff.case", case_id=info.id))


@bp.route("/lampiran/<int:attachment_id>")
@login_required
def attachment(attachment_id: int):
    meta, content = queries.get_attachment(runtime(), current_actor(), attachment_id)
    response = Response(content, mimetype=meta["content_type"])
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(meta['filename'])}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def quote(text: str) -> str:
    from urllib.parse import quote as url_quote

    return url_quote(text, safe="")
