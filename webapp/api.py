"""JSON REST API under /api/v1, authenticated with per-user bearer tokens."""
from __future__ import annotations

import json

from flask import Blueprint, Response, g, jsonify, request, url_for

from engine.cases import commands, queries
from engine.diagrams import deploy
from engine.errors import AlurError, NotAllowed, Problem, ProblemsError
from engine.org import closures, units, users
from engine.records import Page, to_dict
from engine.timers import recount

from .openapi import openapi_document
from .runtime import runtime

bp = Blueprint("api", __name__, url_prefix="/api/v1")

PUBLIC_ENDPOINTS = {"api.openapi"}


class Unauthorized(AlurError):
    status = 401


@bp.before_request
def authenticate():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    info = users.user_for_token(runtime(), token.strip()) if scheme.lower() == "bearer" else None
    if info is None:
        response = jsonify({"error": "Unauthorized",
                            "message": "Sertakan token API yang sah: Authorization: Bearer <token>"})
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="alur"'
        return response
    g.api_user = info
    return None


def actor():
    """The token's user as the engine's Actor, with their unit (no query: the token's cached user has it)."""
    if "api_actor" not in g:
        g.api_actor = g.api_user.actor
    return g.api_actor


def int_arg(name: str, default: int, *, low: int = 1, high: int = 10**9) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ProblemsError("Parameter tidak sah", [Problem("harus bilangan bulat", field=name)]) from None
    if not low <= value <= high:
        raise ProblemsError("Parameter tidak sah", [Problem(f"harus antara {low} dan {high}", field=name)])
    return value


def page_json(page: Page) -> dict:
    return {"items": [to_dict(i) for i in page.items], "total": page.total, "total_exact": page.total_exact,
            "page": page.page,
            "per_page": page.per_page, "pages": page.pages}


def json_body() -> dict:
    data = request.get_json(silent=True)
    if data is None:
        if not request.data:
            return {}
        raise ProblemsError("Badan permintaan bukan JSON yang sah", [Problem("kirim objek JSON")])
    if not isinstance(data, dict):
        raise ProblemsError("Badan permintaan harus objek JSON", [Problem("kirim objek JSON")])
    return data


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/me")
def me():
    info = g.api_user
    unit = units.find_unit(runtime(), info.unit_id) if info.unit_id is not None else None
    return jsonify({"username": info.username, "full_name": info.full_name, "roles": list(info.roles),
                    "unit": unit_json(unit) if unit is not None else None})


# -- organisation units (admin) -------------------------------------------------

UNIT_FIELDS = ("code", "name", "timezone", "office_hours")


def require_admin(what: str = "unit organisasi") -> None:
    if not actor().is_admin:
        raise NotAllowed(f"Hanya admin yang boleh mengelola {what}")


def unit_json(info) -> dict:
    """A unit as the API shows it: office hours as an object (``null``: the installation's),
    with the hours that apply and their description."""
    effective = units.effective_office_hours(runtime(), info.office_hours)
    return {
        "id": info.id, "code": info.code, "name": info.name, "timezone": info.timezone, "zone": info.zone,
        "office_hours": json.loads(info.office_hours) if info.office_hours else None,
        "office_hours_effective": effective.to_mapping(), "office_hours_text": effective.describe(),
        "created_at": info.created_at.isoformat(), "users": info.users, "cases": info.cases,
        "closures": info.closures,
    }


def unit_body(*, partial: bool) -> dict:
    """The unit fields of the JSON body, type-checked; 422 naming each bad or unknown field."""
    body = json_body()
    problems = [Problem(f"isian tidak dikenal; yang boleh: {', '.join(UNIT_FIELDS)}", field=key)
                for key in body if key not in UNIT_FIELDS]
    for key in ("code", "name", "timezone"):
        if key in body and not isinstance(body[key], str):
            problems.append(Problem("harus teks", field=key))
        elif not partial and key not in body:
            problems.append(Problem("wajib diisi", field=key))
    if "office_hours" in body and not isinstance(body["office_hours"], (dict, str, type(None))):
        problems.append(Problem('harus objek seperti {"0": ["08:00", "16:00"]}, teks JSON, atau null',
                                field="office_hours"))
    if problems:
        raise units.UnitError("Unit tidak dapat disimpan", problems)
    values = {k: body[k] for k in UNIT_FIELDS if k in body}
    if isinstance(values.get("office_hours"), dict):
        values["office_hours"] = json.dumps(values["office_hours"])
    return values


@bp.get("/units")
def list_units():
    require_admin()
    return jsonify({"items": [unit_json(u) for u in units.list_units(runtime())]})


@bp.post("/units")
def create_unit():
    require_admin()
    values = unit_body(partial=False)
    info = units.create_unit(runtime(), actor(), **values)
    response = jsonify(unit_json(units.get_unit(runtime(), info.id)))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_unit", unit_id=info.id)
    return response


@bp.get("/units/<int:unit_id>")
def get_unit(unit_id: int):
    require_admin()
    return jsonify(unit_json(units.get_unit(runtime(), unit_id)))


@bp.patch("/units/<int:unit_id>")
def update_unit(unit_id: int):
    require_admin()
    info = units.update_unit(runtime(), actor(), unit_id, **unit_body(partial=True))
    return jsonify(unit_json(info))


@bp.delete("/units/<int:unit_id>")
def delete_unit(unit_id: int):
    require_admin()
    units.delete_unit(runtime(), actor(), unit_id)
    return Response(status=204)


# -- working calendar (admin) ------------------------------------------------------

def closure_json(info) -> dict:
    return {"day": info.day.isoformat(), "reason": info.reason, "created_by": info.created_by,
            "unit": info.unit_code, "applies_to": info.applies_to}


def closure_body() -> dict:
    body = json_body()
    problems = [Problem("isian tidak dikenal; yang boleh: day, reason, unit", field=key)
                for key in body if key not in ("day", "reason", "unit")]
    for key in ("day", "reason", "unit"):
        if key in body and body[key] is not None and not isinstance(body[key], str):
            problems.append(Problem("harus teks", field=key))
    if problems:
        raise ProblemsError("Isian tidak sah", problems)
    return body


@bp.get("/calendar/closures")
def list_closures():
    """Closures (days the office is closed besides national holidays), optionally of one year."""
    require_admin("kalender kerja")
    year = int_arg("year", 0, low=0, high=9999) or None
    return jsonify({"items": [closure_json(c) for c in closures.list_closures(runtime(), year)]})


@bp.post("/calendar/closures")
def add_closure():
    """Close a day for every unit or (``unit``) one unit. The answer says how many open steps are
    due on or after it; ``POST /calendar/recount`` counts their deadlines again."""
    require_admin("kalender kerja")
    body = closure_body()
    info = closures.add_closure(runtime(), actor(), body.get("day"), body.get("reason", ""), unit=body.get("unit"))
    later = closures.open_tasks_due_from(runtime(), info.day, unit=info.unit_id)
    return jsonify({**closure_json(info), "open_steps_due_from": later}), 201


@bp.delete("/calendar/closures/<day>")
def remove_closure(day: str):
    require_admin("kalender kerja")
    closures.remove_closure(runtime(), actor(), day, unit=request.args.get("unit") or None)
    return Response(status=204)


@bp.post("/calendar/recount")
def recount_deadlines():
    """Count again the deadlines of open steps due on or after ``day`` in the calendar as it is now."""
    require_admin("kalender kerja")
    body = closure_body()
    result = recount.recount_deadlines(runtime(), actor(), body.get("day"), unit=body.get("unit"))
    return jsonify({"cases": result.cases, "open_steps": result.steps, "changed": result.changed})


@bp.get("/processes")
def list_processes():
    return jsonify({"items": [to_dict(v) for v in deploy.list_processes(runtime())]})


@bp.post("/processes")
def deploy_process():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ProblemsError("Unggah berkas .bpmn pada isian 'file' (multipart/form-data)",
                            [Problem("berkas tidak ada", field="file")])
    results = deploy.deploy_diagram(runtime(), actor(), upload.read(), upload.filename)
    created = any(r.created for r in results)
    return jsonify({"items": [to_dict(r) for r in results]}), (201 if created else 200)


@bp.get("/processes/<process_id>")
def get_process(process_id: str):
    version, steps = deploy.get_steps(runtime(), process_id)
    return jsonify({"process": to_dict(version), "steps": [to_dict(s) for s in steps],
                    "versions": [to_dict(v) for v in deploy.list_versions(runtime(), process_id)]})


@bp.get("/processes/<process_id>/versions/<int:version>/bpmn")
def get_process_xml(process_id: str, version: int):
    _, xml = deploy.get_version_xml(runtime(), process_id, version)
    return Response(xml, mimetype="application/xml")


@bp.post("/processes/<process_id>/instances")
def start_instance(process_id: str):
    body = json_body()
    title = body.get("title", "")
    if not isinstance(title, str):
        raise ProblemsError("Judul harus teks", [Problem("harus teks", field="title")])
    info = commands.start_case(runtime(), actor(), process_id, title=title)
    detail = queries.get_case(runtime(), actor(), info.id)
    response = jsonify(case_json(detail))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_instance", case_id=info.id)
    return response


def case_json(detail) -> dict:
    return {
        **to_dict(detail.case),
        "open_tasks": [to_dict(t) for t in detail.open_tasks],
        "history": [to_dict(h) for h in detail.history],
        "data": detail.data,
        "pending_timers": [{**t, "due_at": t["due_at"].isoformat()} for t in detail.pending_timers],
    }


@bp.get("/instances")
def list_instances():
    page = queries.list_cases(runtime(), actor(), status=request.args.get("status") or None,
                            process_id=request.args.get("process_id") or None,
                            page=int_arg("page", 1), per_page=int_arg("per_page", 25, high=200))
    return jsonify(page_json(page))


@bp.get("/instances/<int:case_id>")
def get_instance(case_id: int):
    return jsonify(case_json(queries.get_case(runtime(), actor(), case_id)))


@bp.post("/instances/<int:case_id>/migrate")
def migrate_instance(case_id: int):
    """Move a running case to another version (default: latest); ``dry_run`` only plans."""
    from dataclasses import asdict

    from engine.cases.migrate import migrate_case, preview_migration

    body = json_body()
    to_version = body.get("to_version")
    if to_version is not None and not isinstance(to_version, int):
        raise ProblemsError("to_version harus bilangan bulat", [Problem("harus bilangan bulat", field="to_version")])
    if body.get("dry_run"):
        return jsonify(asdict(preview_migration(runtime(), actor(), case_id, to_version)))
    plan = migrate_case(runtime(), actor(), case_id, to_version)
    return jsonify(asdict(plan))


@bp.get("/tasks")
def list_tasks():
    status = request.args.get("status", "ready")
    if status not in ("ready", "completed", "cancelled"):
        raise ProblemsError("Status tidak sah", [Problem("ready, completed atau cancelled", field="status")])
    page = queries.list_tasks(runtime(), actor(), status=status, process_id=request.args.get("process_id") or None,
                            overdue=request.args.get("overdue") in ("1", "true"),
                            page=int_arg("page", 1), per_page=int_arg("per_page", 25, high=200))
    return jsonify(page_json(page))


@bp.get("/tasks/<task_id>")
def get_task(task_id: str):
    detail = queries.get_task(runtime(), actor(), task_id)
    return jsonify({
        **to_dict(detail.task),
        "step": to_dict(detail.step),
        "form": detail.form,
        "case_data": detail.case_data,
        "attachments": [{**a, "uploaded_at": a["uploaded_at"].isoformat()} for a in detail.attachments],
        "may_complete": detail.may_complete,
    })


@bp.post("/tasks/<task_id>/complete")
def complete_task(task_id: str):
    info, detail = commands.complete_and_get_case(runtime(), actor(), task_id, json_body())
    instance = case_json(detail)
    del instance["history"]  # GET /instances/{id} has it; the answer to a completion stays small
    return jsonify({"task": to_dict(info), "instance": instance})


@bp.post("/tasks/<task_id>/attachments")
def add_attachment(task_id: str):
    field = request.form.get("field", "")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ProblemsError("Unggah berkas pada isian 'file'", [Problem("berkas tidak ada", field="file")])
    result = commands.add_attachment(runtime(), actor(), task_id,
                                  commands.Upload(field, upload.filename, upload.mimetype, upload.read()))
    return jsonify(result), 201


@bp.get("/attachments/<int:attachment_id>")
def get_attachment(attachment_id: int):
    meta, content = queries.get_attachment(runtime(), actor(), attachment_id)
    return Response(content, mimetype=meta["content_type"],
                    headers={"X-Content-Type-Options": "nosniff"})
