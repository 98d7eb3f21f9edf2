"""Pages for staff: the inbox, a step's page with its form, cases and their history."""
from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from engine.cases import (
    assignment,
    attachments,
    commands,
    parties,
    queries,
    starting,
    worklist,
)
from engine.diagrams import deploy
from engine.errors import (
    Conflict,
    FormValidationError,
    NotAllowed,
    NotFound,
    ProblemsError,
)
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


# The inbox tabs: ?tampil=saya (held by me), grup (open to my groups); none: both.
INBOX_TABS = {"saya": "mine", "grup": "group"}
SORTS = {"tenggat": "due", "terlama": "created"}


@bp.app_context_processor
def inbox_counts():
    """The counts of the inbox tabs in every page's menu (one count per request)."""
    def counts() -> dict:
        if "inbox_counts" not in g:
            try:
                g.inbox_counts = (worklist.count_tasks(runtime(), current_actor())
                                  if current_user.is_authenticated else {})
            except Exception:  # noqa: BLE001 - the menu must render even on an error page
                g.inbox_counts = {}
        return g.inbox_counts

    return {"inbox_counts": counts}


@bp.route("/")
@login_required
def inbox():
    process_id = request.args.get("proses") or None
    overdue = request.args.get("terlambat") == "1"
    tab = request.args.get("tampil") if request.args.get("tampil") in INBOX_TABS else None
    sort = request.args.get("urut") if request.args.get("urut") in SORTS else "tenggat"
    page = worklist.list_tasks(runtime(), current_actor(), view=INBOX_TABS.get(tab, "all"), sort=SORTS[sort],
                               process_id=process_id, overdue=overdue, page=page_arg(), per_page=PER_PAGE)
    processes = starting.visible_processes(runtime(), current_actor())
    return render_template("staff/inbox.html", page=page, processes=processes, process_id=process_id,
                           overdue=overdue, tab=tab, sort=sort)


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
    claimed = False
    if detail.may_claim:
        # Opening an open step one may act on takes it (engine.cases.assignment); someone who
        # only reads it (a viewer, an admin without the lane's role) takes nothing.
        try:
            assignment.claim_task(rt, current_actor(), task_id)
            claimed = True
        except Conflict:
            pass  # taken a moment ago by someone else, or done: the page says so
        detail = worklist.get_task(rt, current_actor(), task_id)
    return task_page(detail, claimed=claimed)


def task_page(detail, *, errors=None, values=None, claimed=False, message=None, status=200):
    """The task page: the step, who holds it, what the actor may do, the form."""
    assignees = None
    if detail.task.status == "ready":
        try:
            assignees = assignment.eligible_assignees(runtime(), current_actor(), detail.task.id)
        except (NotAllowed, NotFound, Conflict):
            assignees = None  # not theirs to give away
    if values is None:
        values = detail.task.data or {}
    return render_template("staff/task.html", detail=detail, errors=errors or {}, values=values, claimed=claimed,
                           assignees=assignees, message=message), status


@bp.route("/tugas/<task_id>/ambil", methods=["POST"])
@login_required
def claim(task_id: str):
    try:
        assignment.claim_task(runtime(), current_actor(), task_id)
    except (NotAllowed, Conflict) as exc:
        return refused(task_id, exc)
    flash("Tugas ini sekarang Anda pegang.", "success")
    return redirect(url_for("staff.task", task_id=task_id))


def refused(task_id: str, exc) -> tuple:
    """The task page again with why the action was refused (403, or 409 when someone else
    changed the step first); nothing changed."""
    detail = worklist.get_task(runtime(), current_actor(), task_id)
    return task_page(detail, message=exc.message, status=exc.status)


@bp.route("/tugas/<task_id>/lepas", methods=["POST"])
@login_required
def release(task_id: str):
    try:
        info = assignment.release_task(runtime(), current_actor(), task_id)
    except (NotAllowed, Conflict) as exc:
        return refused(task_id, exc)
    flash(f"Tugas \u201c{info.name}\u201d dilepaskan; sekarang terbuka untuk grup {info.lane}.", "success")
    return redirect(url_for("staff.inbox"))


@bp.route("/tugas/<task_id>/alihkan", methods=["POST"])
@login_required
def reassign(task_id: str):
    to = (request.form.get("to") or "").strip()
    if not to:
        flash("Pilih pengguna tujuan pengalihan.", "error")
        return redirect(url_for("staff.task", task_id=task_id))
    try:
        info = assignment.reassign_task(runtime(), current_actor(), task_id, to)
    except (NotAllowed, Conflict) as exc:
        return refused(task_id, exc)
    flash(f"Tugas \u201c{info.name}\u201d dialihkan kepada {info.assignee}.", "success")
    if info.assignee == current_user.username:
        return redirect(url_for("staff.task", task_id=task_id))
    return redirect(url_for("staff.case", case_id=info.case_id))


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
        return task_page(detail, errors=problems_of(exc), values=values, status=422)
    except (NotAllowed, Conflict) as exc:
        # Held by someone else, done meanwhile, or not theirs: the page says so and keeps
        # what was typed (the step read again: not found when it is not visible).
        detail = worklist.get_task(rt, current_actor(), task_id)
        values = coerce_submission(detail.form, posted)
        status = 409 if isinstance(exc, Conflict) else 403
        return task_page(detail, values=values, message=exc.message, status=status)
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
                           processes=starting.visible_processes(runtime(), current_actor()))


@bp.route("/kasus/<int:case_id>")
@login_required
def case(case_id: int):
    return case_page(case_id)


def case_page(case_id: int, *, errors=None, lane=None, usernames="", status=200):
    detail = queries.get_case(runtime(), current_actor(), case_id)
    try:
        external = parties.external_lanes(runtime(), current_actor(), case_id)
    except NotFound:
        external = {}  # a bound outsider: no one else's names, no inviting
    return render_template("staff/case.html", detail=detail, external=external, errors=errors or {},
                           invite_lane=lane, invite_usernames=usernames), status


@bp.route("/kasus/<int:case_id>/pihak", methods=["POST"])
@login_required
def invite(case_id: int):
    lane = request.form.get("lane", "")
    text = request.form.get("usernames", "")
    names = [n for n in text.replace(";", ",").replace("\n", ",").replace(" ", ",").split(",") if n.strip()]
    try:
        added = parties.invite_parties(runtime(), current_actor(), case_id, lane, names)
    except ProblemsError as exc:
        return case_page(case_id, errors=problems_of(exc), lane=lane, usernames=text, status=422)
    except NotAllowed as exc:
        return case_page(case_id, errors={"usernames": [exc.message]}, lane=lane, usernames=text, status=409)
    if added:
        flash(f"Diundang ke lajur {lane}: {', '.join(added)}.", "success")
    else:
        flash(f"Semua sudah terikat pada lajur {lane}.", "info")
    return redirect(url_for("staff.case", case_id=case_id) + "#pihak")


@bp.route("/proses")
@login_required
def processes():
    return processes_page()


def processes_page(errors=None, chosen=None, status=200):
    """The SOPs the actor may see, with a start form where they may start one (and, when
    they may start it from several lanes, the choice of lane)."""
    visible = starting.visible_processes(runtime(), current_actor())
    startable = {info.process_id: lanes for info, lanes in starting.startable_processes(runtime(), current_actor())}
    return render_template("staff/processes.html", processes=visible, startable=startable, errors=errors or {},
                           chosen=chosen or {}), status


@bp.route("/proses/<process_id>")
@login_required
def process(process_id: str):
    starting.check_process_visible(runtime(), current_actor(), process_id)
    version, steps = deploy.get_steps(runtime(), process_id)
    return render_template("staff/process.html", version=version, steps=steps)


@bp.route("/proses/<process_id>/mulai", methods=["POST"])
@login_required
def start(process_id: str):
    starting.check_process_visible(runtime(), current_actor(), process_id)
    start_lane = request.form.get("start_lane") or None
    chosen = {"process_id": process_id, "title": request.form.get("title", ""), "start_lane": start_lane}
    try:
        info = starting.start_case(runtime(), current_actor(), process_id, title=request.form.get("title", ""),
                                   start_lane=start_lane)
    except ProblemsError as exc:
        return processes_page(errors={process_id: [p.message for p in exc.problems] or [exc.message]},
                              chosen=chosen, status=422)
    except NotAllowed as exc:
        return processes_page(errors={process_id: [exc.message]}, chosen=chosen, status=403)
    flash(f"Kasus #{info.id} \u201c{info.title}\u201d dimulai.", "success")
    detail = queries.get_case(runtime(), current_actor(), info.id)
    mine = [t for t in detail.open_tasks if t.assignee == current_user.username]
    mine = mine or [t for t in detail.open_tasks if t.lane in current_user.roles and t.assignee is None]
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
