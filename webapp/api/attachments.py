"""Attachments: uploading one to a step (POST /tasks/{id}/attachments) and downloading it."""
from __future__ import annotations

from flask import Response, jsonify, request

from engine.cases import attachments, queries
from engine.errors import Problem, ProblemsError

from ..runtime import runtime
from . import responses
from .blueprint import actor, bp
from .models import AttachmentUpload
from .operations import describe
from .tasks import TASK_ID


@bp.post("/tasks/<task_id>/attachments")
@describe("Lampirkan dokumen keluaran", {201: responses.AttachmentAdded, 422: responses.ProblemError},
          body=AttachmentUpload, body_type="multipart/form-data", path=TASK_ID)
def add_attachment(task_id: str):
    field = request.form.get("field", "")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        # Who may attach is decided first (an outsider gets not found), then the file is missed.
        attachments.authorize_attachment(runtime(), actor(), task_id)
        raise ProblemsError("Unggah berkas pada isian 'file'", [Problem("berkas tidak ada", field="file")])
    result = attachments.add_attachment(runtime(), actor(), task_id,
                                        attachments.Upload(field, upload.filename, upload.mimetype, upload.read()))
    return jsonify(result), 201


@bp.get("/attachments/<int:attachment_id>")
@describe("Unduh lampiran", {200: ("application/octet-stream", "Isi berkas")})
def get_attachment(attachment_id: int):
    meta, content = queries.get_attachment(runtime(), actor(), attachment_id)
    return Response(content, mimetype=meta["content_type"],
                    headers={"X-Content-Type-Options": "nosniff"})
