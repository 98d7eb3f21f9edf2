"""/tasks: the steps on the user's lanes, one step with its form, completing it."""
from __future__ import annotations

from flask import jsonify

from engine.cases import commands, worklist
from engine.records import to_dict

from ..runtime import runtime
from . import responses
from .blueprint import actor, bp
from .instances import case_json, page_json
from .models import TaskQuery
from .operations import describe
from .requests import parse_query, read_json

TASK_ID = {"task_id": {"format": "uuid"}}


@bp.get("/tasks")
@describe("Tugas pada lajur peran pengguna", {200: responses.TaskPage}, query=TaskQuery)
def list_tasks():
    query = parse_query(TaskQuery)
    page = worklist.list_tasks(runtime(), actor(), status=query.status, process_id=query.process_id or None,
                              overdue=query.overdue, page=query.page, per_page=query.per_page)
    return jsonify(page_json(page))


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
    })


@bp.post("/tasks/<task_id>/complete")
@describe("Selesaikan tugas; badan JSON = isian formulir",
          {200: responses.Completion, 409: (responses.Error, "Tugas sudah diselesaikan orang lain"),
           422: (responses.ProblemError, "Isian tidak sah")},
          body={"type": "object", "description": "isian formulir langkah (lihat form.schema)"}, path=TASK_ID)
def complete_task(task_id: str):
    info, detail = commands.complete_and_get_case(runtime(), actor(), task_id, read_json())
    instance = case_json(detail)
    del instance["history"]  # GET /instances/{id} has it; the answer to a completion stays small
    return jsonify({"task": to_dict(info), "instance": instance})
