"""/tasks: the steps on the user's lanes (held by them, open to their group), one step with its
form, taking, releasing and reassigning it, completing it."""
from __future__ import annotations

from flask import jsonify

from engine.cases import assignment, commands, worklist
from engine.records import to_dict

from ..runtime import runtime
from . import responses
from .blueprint import actor, bp
from .instances import case_json, page_json
from .models import ReassignInput, TaskQuery
from .operations import describe
from .requests import parse_body, parse_query, read_json

TASK_ID = {"task_id": {"format": "uuid"}}


HELD = (responses.HeldError, "Tugas dipegang orang lain (holder: siapa)")


@bp.get("/tasks")
@describe("Tugas pada lajur peran pengguna: dipegangnya (mine), terbuka untuk grupnya (group), keduanya (all) "
          "atau yang sudah dikerjakannya (completed)", {200: responses.TaskPage}, query=TaskQuery)
def list_tasks():
    query = parse_query(TaskQuery)
    page = worklist.list_tasks(runtime(), actor(), status=query.status, view=query.view, sort=query.sort,
                               process_id=query.process_id or None, overdue=query.overdue, page=query.page,
                               per_page=query.per_page)
    return jsonify(page_json(page))


@bp.get("/tasks/counts")
@describe("Jumlah tugas: dipegang pengguna dan terbuka untuk grupnya", {200: responses.TaskCounts})
def count_tasks():
    return jsonify(worklist.count_tasks(runtime(), actor()))


@bp.get("/tasks/<task_id>")
@describe("Tugas dengan langkah, formulir dan data kasus", {200: responses.TaskDetail}, path=TASK_ID)
def get_task(task_id: str):
    detail = worklist.get_task(runtime(), actor(), task_id)
    return jsonify({
        **to_dict(detail.task),
        "step": to_dict(detail.step),
        "form": detail.form,
        "case_data": detail.case_data,
        "attachments": [{**a, "uploaded_at": a["uploaded_at"].isoformat()} for a in detail.attachments],
        "may_complete": detail.may_complete,
        "may_claim": detail.may_claim,
        "held_by": detail.held_by,
        "acting_as": detail.acting_as,
    })


@bp.post("/tasks/<task_id>/claim")
@describe("Ambil tugas terbuka (tanpa efek bila sudah dipegang pengguna)",
          {200: responses.Task, 409: HELD}, path=TASK_ID)
def claim_task(task_id: str):
    return jsonify(to_dict(assignment.claim_task(runtime(), actor(), task_id)))


@bp.post("/tasks/<task_id>/release")
@describe("Lepaskan tugas ke grup lajurnya (pemegang, atasan lajur atau admin)",
          {200: responses.Task, 409: (responses.Error, "Tugas sudah tidak terbuka")}, path=TASK_ID)
def release_task(task_id: str):
    return jsonify(to_dict(assignment.release_task(runtime(), actor(), task_id)))


@bp.post("/tasks/<task_id>/reassign")
@describe("Alihkan tugas kepada pengguna lain yang dapat mengerjakannya (pemegang, atasan lajur atau admin)",
          {200: responses.Task, 409: (responses.Error, "Tugas sudah tidak terbuka"),
           422: (responses.ProblemError, "Isian tidak sah")}, body=ReassignInput, path=TASK_ID)
def reassign_task(task_id: str):
    body = parse_body(ReassignInput, message="Pengguna tujuan harus teks")
    return jsonify(to_dict(assignment.reassign_task(runtime(), actor(), task_id, body.to)))


@bp.get("/tasks/<task_id>/assignees")
@describe("Pengguna yang dapat diberi tugas ini (bagi yang boleh mengalihkannya)", {200: responses.Assignees},
          path=TASK_ID)
def task_assignees(task_id: str):
    return jsonify({"items": assignment.eligible_assignees(runtime(), actor(), task_id)})


@bp.post("/tasks/<task_id>/complete")
@describe("Selesaikan tugas; badan JSON = isian formulir",
          {200: responses.Completion,
           409: (responses.HeldError, "Tugas dipegang orang lain (holder: siapa) atau sudah diselesaikan"),
           422: (responses.ProblemError, "Isian tidak sah")},
          body={"type": "object", "description": "isian formulir langkah (lihat form.schema)"}, path=TASK_ID)
def complete_task(task_id: str):
    info, detail = commands.complete_and_get_case(runtime(), actor(), task_id, read_json())
    instance = case_json(detail)
    del instance["history"]  # GET /instances/{id} has it; the answer to a completion stays small
    return jsonify({"task": to_dict(info), "instance": instance})
