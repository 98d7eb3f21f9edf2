"""Output documents of a step: checking and storing an upload, attaching one before the step is
completed, and the check that the required ones are there (used by ``commands.complete_in``)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access import hidden
from engine.cases.assignment import authorize
from engine.diagrams.deploy import load_version
from engine.errors import FormValidationError, Problem
from engine.records import Actor
from engine.rules.forms import form_for, required_attachments
from engine.runtime import Runtime
from engine.store.case_store import lock_task, read_task_and_case
from engine.store.models import Attachment, HumanTask
from engine.store.writes import Writes, insert_attachment


@dataclass(frozen=True)
class Upload:
    """An uploaded output document."""

    field: str
    filename: str
    content_type: str
    content: bytes


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def store_attachment(session: Session, writes: Writes, form: dict, row: HumanTask, actor: Actor, upload: Upload,
                     now: datetime) -> dict:
    """Check and write an uploaded document (its row at once: its id is needed, see
    engine.store.writes.insert_attachment); its audit event goes into ``writes``. Returns
    what the API shows of it."""
    names = {a["name"] for a in form.get("attachments", []) or []}
    if upload.field not in names:
        raise FormValidationError("Lampiran tidak dikenal",
                                  [Problem("langkah ini tidak meminta lampiran dengan nama ini", field=upload.field)])
    if not upload.content:
        raise FormValidationError("Lampiran kosong", [Problem("berkas kosong", field=upload.field)])
    if len(upload.content) > MAX_ATTACHMENT_BYTES:
        raise FormValidationError("Lampiran terlalu besar",
                                  [Problem("berkas melebihi 20 MB", field=upload.field)])
    filename = (upload.filename or "lampiran").replace("\\", "/").split("/")[-1][:200] or "lampiran"
    sha256 = hashlib.sha256(upload.content).hexdigest()
    attachment_id = insert_attachment(session, {
        "case_id": row.case_id, "task_id": row.id, "field": upload.field, "filename": filename,
        "content_type": (upload.content_type or "application/octet-stream")[:200], "size": len(upload.content),
        "sha256": sha256, "content": upload.content, "uploaded_by": actor.username, "uploaded_at": now,
    })
    writes.event(row.case_id, "attachment_added", actor=actor.username, now=now, task_id=row.id,
                 task_ref=row.task_ref, data={"field": upload.field, "filename": filename,
                                              "size": len(upload.content), "sha256": sha256})
    return {"id": attachment_id, "field": upload.field, "filename": filename, "size": len(upload.content),
            "sha256": sha256}


def add_attachment(rt: Runtime, actor: Actor, task_id: str, upload: Upload) -> dict:
    """Attach an output document to a ready task before completing it."""
    with rt.write() as session:
        found = lock_task(session, task_id)
        if found is None:
            raise hidden(f"Tugas {task_id}")
        row, case = found
        authorize(rt, session, actor, row, case)
        version = load_version(rt, session, case.process_version_id)
        writes = Writes()
        stored = store_attachment(session, writes, form_for(version.catalog, row.task_ref), row, actor, upload,
                                  rt.now())
        writes.save_rows(session)
        return stored


def authorize_attachment(rt: Runtime, actor: Actor, task_id: str) -> None:
    """Whether the actor may attach a document to the step (as :func:`add_attachment` decides)."""
    with rt.read() as session:
        found = read_task_and_case(session, task_id)
        if found is None:
            raise hidden(f"Tugas {task_id}")
        authorize(rt, session, actor, *found)


def asked_for(form: dict, uploads: list[Upload] | None) -> list[Upload]:
    """The uploads of a form post that the step's form asks for (a browser sends no others)."""
    names = {a["name"] for a in form.get("attachments", []) or []}
    return [upload for upload in uploads or () if upload.field in names]


def check_required_attachments(session: Session, form: dict, row: HumanTask) -> None:
    required = required_attachments(form)
    if not required:
        return
    present = set(session.scalars(select(Attachment.field).where(Attachment.task_id == row.id)))
    missing = [name for name in required if name not in present]
    if missing:
        titles = {a["name"]: a.get("title", a["name"]) for a in form.get("attachments", [])}
        raise FormValidationError(
            "Dokumen keluaran wajib belum dilampirkan",
            [Problem(f"{titles.get(m, m)}: lampiran wajib", field=m) for m in missing],
        )
