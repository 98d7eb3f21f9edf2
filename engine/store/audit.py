"""The append-only audit trail."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from engine.store.models import AuditEvent


def record_event(session: Session, case_id: int | None, action: str, *, actor: str, now: datetime,
                 task_id: str | None = None, task_ref: str | None = None, data: dict | None = None) -> None:
    session.add(AuditEvent(case_id=case_id, task_id=task_id, task_ref=task_ref, actor=actor,
                           action=action, data=data, at=now))
