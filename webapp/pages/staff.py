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

from engine.cases import attachments, commands, queries, starting, worklist
from engine.diagrams import deploy
from engine.errors import Conflict, FormValidationError, NotAllowed, ProblemsError
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
    page = worklist.list_tasks(runtime(), current_actor(), process_id=process_id, overdue=overdue,
                            page=page_arg(), per_page=PER_PAGE)
    processes = deploy.list_processes(runtime())
    return render_template("staff/inbox.html", page=page, processes=processes, process_id=process_id,
                           overdue=overdue)


@bp.route("/selesai")
@login_required
def done():
    page = worklist.list_tasks(runtime(), current_actor(), status="completed", page=page_arg(), per_page=PER_PAGE)
    return render_template("staff/done.html", page=page)


def uploads_from_request() -> list[attachments.Upload]:
    """Every file of the post (the engine keeps those the step's form asks for)."""
    uploads = []
    for name, storage in request.files.items(multi=True):
        if storage and storage.filename:
            uploads.append(attachments.Upload(name, storage.filename,
                                              storage.mimetype or "application/octet-stream", storage.read()))
    return uploads


@bp.route("/tugas/<task_id>", methods=["GET", "POST"])
@login_required
def task(task_id: str):
    rt = runtime()
    if request.method == "POST":
        return complete(rt, task_id)
    detail = worklist.get_task(rt, current_actor(), task_id)
    return render_template("staff/task.html", detail=detail, errors={}, values=detail.task.data or {})


def complete(rt, task_id: str):
    """POST of a step's form: the engine coerces and checks it in the one transaction of the
    completion; the step is read here only to show its page again (invalid input) or to tell
    why it may not be completed."""
    posted = request.form.to_dict(flat=False)
    try:
        info = commands.complete_task(rt, current_actor(), task_id, attachments=uploads_from_request(),
                                      posted=posted)
    except FormValidationError as exc:
        detail = worklist.get_task(rt, current_actor(), task_id)
        values = coerce_submission(detail.form, posted)
        return render_template("staff/task.html", detail=detail, errors=problems_of(exc), values=values), 422
    except (NotAllowed, Conflict):
        detail = worklist.get_task(rt, current_actor(), task_id)  # not found or not visible: says so
        if not detail.may_complete:
            abort(403)
        raise
    flash(f"Langkah \u201c{info.name}\u201d selesai.", "success")
    return redirect(url_for("staff.case", case_id=info.case_id))


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
    starting.check_process_visible(runtime(), current_actor(), process_id)
    version, steps = deploy.get_steps(runtime(), process_id)
    return render_template("staff/process.html", version=version, steps=steps)


@bp.route("/proses/<process_id>/mulai", methods=["POST"])
@login_required
def start(process_id: str):
    try:
        info = starting.start_case(runtime(), current_actor(), process_id, title=request.form.get("title", ""))
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
