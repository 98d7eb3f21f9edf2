"""The in-app list of notifications: reading, marking read; a person's e-mail address."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.errors import NotFound, Problem, ProblemsError
from engine.records import Actor, Page
from engine.store.models import Notification, User
from engine.store.writes import mark_notifications_read

KIND_LABELS = {
    "deadline_passed": "Batas waktu terlampaui",
    "escalation": "Eskalasi",
    "reminder": "Pengingat",
}
MAX_EMAIL = 320


@dataclass(frozen=True)
class NotificationInfo:
    id: int
    kind: str
    message: str
    case_id: int | None
    task_id: str | None
    created_at: datetime
    read_at: datetime | None

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def _user_id(session: Session, actor: Actor) -> int:
    user_id = session.scalar(select(User.id).where(User.username == actor.username))
    if user_id is None:
        raise NotFound(f"Pengguna '{actor.username}' tidak ada")
    return user_id


def notification_info(row: Notification) -> NotificationInfo:
    return NotificationInfo(row.id, row.kind, row.message, row.case_id, row.task_id, row.created_at, row.read_at)


def list_notifications(rt, actor: Actor, *, unread_only: bool = False, page: int = 1, per_page: int = 25) -> Page:
    """The actor's notifications, newest first."""
    page, per_page = max(1, page), min(max(1, per_page), 200)
    with rt.read() as session:
        user_id = _user_id(session, actor)
        where = [Notification.user_id == user_id]
        if unread_only:
            where.append(Notification.read_at.is_(None))
        total = session.scalar(select(func.count()).select_from(Notification).where(*where)) or 0
        rows = session.scalars(select(Notification).where(*where).order_by(Notification.id.desc())
                               .limit(per_page).offset((page - 1) * per_page)).all()
        return Page([notification_info(r) for r in rows], total, page, per_page)


def unread_count(rt, actor: Actor) -> int:
    with rt.read() as session:
        return session.scalar(
            select(func.count()).select_from(Notification).join(User, User.id == Notification.user_id)
            .where(User.username == actor.username, Notification.read_at.is_(None))
        ) or 0


def mark_read(rt, actor: Actor, notification_id: int) -> NotificationInfo:
    with rt.write() as session:
        row = session.get(Notification, notification_id)
        if row is None or row.user_id != _user_id(session, actor):
            raise NotFound(f"Notifikasi {notification_id} tidak ada")
        info = notification_info(row)
        if row.read_at is None:
            now = rt.now()
            mark_notifications_read(session, row.user_id, now, notification_id)
            info = replace(info, read_at=now)
        return info


def mark_all_read(rt, actor: Actor) -> int:
    with rt.write() as session:
        return mark_notifications_read(session, _user_id(session, actor), rt.now())


def get_email(rt, username: str) -> str | None:
    with rt.read() as session:
        return session.scalar(select(User.email).where(User.username == username))


def set_email(rt, username: str, email: str | None) -> str | None:
    """Set (or clear, with an empty value) a user's e-mail address for notifications."""
    email = (email or "").strip() or None
    if email is not None and (len(email) > MAX_EMAIL or not _looks_like_email(email)):
        raise ProblemsError("Alamat e-mail tidak sah",
                            [Problem("contoh: nama@instansi.go.id", field="email")])
    with rt.write() as session:
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            raise NotFound(f"Pengguna '{username}' tidak ada")
        user.email = email
        return email


def _looks_like_email(text: str) -> bool:
    if any(c.isspace() or c in '<>,;"\\' for c in text) or text.count("@") != 1:
        return False
    local_part, domain = text.split("@")
    return bool(local_part) and "." in domain and not domain.startswith(".") and not domain.endswith(".")
