"""Notifications: deadline escalation, reminders before a deadline, e-mail after commit.

When a step's timer fires (its deadline passed) the people holding the step's lane role
get a ``deadline_passed`` notification and the lane's supervisor role (``alur:supervisor``
in the diagram, see ``engine.diagrams.validate.build_catalog``) gets an ``escalation``. Before the
deadline the holders get a ``reminder`` (default: one working day before, see
:func:`reminder_time`). Notification rows are written in the same transaction as the
firing, so a crash before commit leaves neither the firing nor the notifications.

E-mail goes through SMTP when the installation configures it (a :class:`Notifier` with
:class:`SmtpSettings` on ``Runtime.notifier``) and the person has an address. Mails are
collected in the transaction's *outbox* and handed to the notifier only after the commit
(:func:`transaction`); the notifier sends them from its own thread, so a slow or broken
mail server never holds a database transaction, never delays the timer worker and never
makes a firing fail: failures are logged.
"""
from __future__ import annotations

import logging
import queue
import smtplib
import ssl
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Iterator

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from engine.errors import NotFound, Problem, ProblemsError
from engine.records import Actor, Page
from engine.rules import dates
from engine.rules.durations import parse_duration
from engine.rules.reminders import reminder_moment
from engine.store.models import Case, HumanTask, Notification, User, UserRole

log = logging.getLogger("alur.notifications")

OUTBOX = "alur.outbox"
DEFAULT_REMINDER_BEFORE = "P1D"
KIND_LABELS = {
    "deadline_passed": "Batas waktu terlampaui",
    "escalation": "Eskalasi",
    "reminder": "Pengingat",
}
MAX_EMAIL = 320


# -- configuration ---------------------------------------------------------

@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    username: str = ""
    password: str = ""
    starttls: bool = False
    use_ssl: bool = False
    sender: str = "Alur <alur@localhost>"
    timeout: float = 10.0


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def parse_reminder_before(value) -> str | None:
    """``ALUR_REMINDER_BEFORE``: an ISO 8601 duration counted in working time (``P1D``,
    ``PT2H``), or ``none``/``off``/empty for no reminders."""
    if value is None:
        return DEFAULT_REMINDER_BEFORE
    text = str(value).strip()
    if text.lower() in ("", "none", "off", "false", "0", "tidak"):
        return None
    duration = parse_duration(text)  # ValueError with a message in Bahasa Indonesia
    if duration.is_zero:
        return None
    return str(duration)


class Notifier:
    """The installation's notification settings and its e-mail sender.

    ``reminder_before``: lead time of reminders (working time), ``None`` for none.
    ``default_supervisor``: the role escalated to when neither the lane nor the process
    names one. ``base_url``: the app's address, for links in e-mails.
    """

    def __init__(self, *, smtp: SmtpSettings | None = None, reminder_before: str | None = DEFAULT_REMINDER_BEFORE,
                 default_supervisor: str | None = None, base_url: str = ""):
        self.smtp = smtp
        self.reminder_before = parse_reminder_before(reminder_before) if reminder_before else None
        self.default_supervisor = (default_supervisor or "").strip() or None
        self.base_url = (base_url or "").rstrip("/")
        self._queue: queue.Queue[list[Mail] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.sent = 0
        self.failed = 0

    # -- sending -----------------------------------------------------------
    def send(self, mails: list[Mail]) -> None:
        """Queue mails for the sender thread (call only after the transaction committed)."""
        if not mails:
            return
        if self.smtp is None:
            log.debug("SMTP not configured: %d e-mail(s) not sent", len(mails))
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="alur-mail", daemon=True)
                self._thread.start()
        self._queue.put(list(mails))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued mail was handed to the server (or failed)."""
        deadline = time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True

    def close(self, timeout: float = 10.0) -> None:
        self.flush(timeout)
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            batch = self._queue.get()
            try:
                if batch is None:
                    return
                self.send_now(batch)
            except Exception:  # never let the sender thread die
                log.exception("e-mail sender failed")
            finally:
                self._queue.task_done()

    def send_now(self, mails: list[Mail]) -> int:
        """Send synchronously over one SMTP connection; returns how many were accepted.
        Errors are logged, never raised."""
        settings = self.smtp
        if settings is None or not mails:
            return 0
        accepted = 0
        try:
            if settings.use_ssl:
                connection = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                              context=ssl.create_default_context())
            else:
                connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            with connection as smtp:
                if settings.starttls and not settings.use_ssl:
                    smtp.starttls(context=ssl.create_default_context())
                if settings.username:
                    smtp.login(settings.username, settings.password)
                for mail in mails:
                    try:
                        smtp.send_message(self.message(mail))
                        accepted += 1
                    except (smtplib.SMTPException, ValueError) as exc:
                        log.error("e-mail to %s not sent: %s", mail.to, exc)
        except (OSError, smtplib.SMTPException) as exc:
            log.error("SMTP server %s:%s unusable, %d e-mail(s) not sent: %s", settings.host, settings.port,
                      len(mails) - accepted, exc)
        self.sent += accepted
        self.failed += len(mails) - accepted
        return accepted

    def message(self, mail: Mail) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.smtp.sender if self.smtp else "alur@localhost"
        msg["To"] = mail.to
        msg["Subject"] = one_line(mail.subject)[:200]
        msg["Date"] = format_datetime(datetime.now(timezone.utc))
        msg["Message-ID"] = make_msgid(domain="alur")
        msg.set_content(mail.body)
        return msg

    def link(self, path: str) -> str:
        return f"{self.base_url}{path}" if self.base_url else ""


DEFAULT_NOTIFIER = Notifier()


def notifier_of(rt) -> Notifier:
    return getattr(rt, "notifier", None) or DEFAULT_NOTIFIER


def one_line(text: str) -> str:
    return " ".join((text or "").split())


# -- transactions with an outbox -----------------------------------------

@contextmanager
def transaction(rt) -> Iterator[Session]:
    """``rt.write()`` whose queued e-mails are handed to the notifier after the commit.

    If the transaction rolls back, its mails are dropped with it."""
    outbox: list[Mail] = []
    with rt.write() as session:
        session.info[OUTBOX] = outbox
        yield session
    deliver(rt, outbox)


def deliver(rt, outbox: list[Mail]) -> None:
    if outbox:
        try:
            notifier_of(rt).send(outbox)
        except Exception:  # noqa: BLE001 - a notification must never break the caller
            log.exception("queueing %d e-mail(s) failed", len(outbox))


# -- who is told -----------------------------------------------------------

def users_with_roles(session: Session, roles) -> list[User]:
    """Active users holding any of the roles, in username order."""
    found: dict[int, User] = {}
    for users in users_by_role(session, roles).values():
        found.update((u.id, u) for u in users)
    return sorted(found.values(), key=lambda u: u.username)


def users_by_role(session: Session, roles) -> dict[str, list[User]]:
    """Active users per role (one query), each list in username order."""
    roles = sorted({r for r in roles if r})
    by_role: dict[str, list[User]] = {role: [] for role in roles}
    if not roles:
        return by_role
    for user, role in session.execute(
        select(User, UserRole.role).join(UserRole, UserRole.user_id == User.id)
        .where(User.is_active.is_(True), UserRole.role.in_(roles)).order_by(User.username)
    ):
        by_role[role].append(user)
    return by_role


def supervisor_role(catalog: dict, lane: str | None, rt=None) -> str | None:
    """The role escalated to for a late step of ``lane``: the lane's ``alur:supervisor``,
    else the process's, else the installation default (``ALUR_DEFAULT_SUPERVISOR``)."""
    role = (catalog.get("supervisors") or {}).get(lane) if lane else None
    role = role or catalog.get("default_supervisor")
    if not role and rt is not None:
        role = notifier_of(rt).default_supervisor
    return role or None


def mail_for(user: User, subject: str, message: str, link: str = "") -> Mail:
    """The e-mail of a notification to ``user`` (who has an address)."""
    body = f"Yth. {user.full_name or user.username},\n\n{message}\n"
    if link:
        body += f"\nBuka: {link}\n"
    body += "\n-- \nAlur, SOP pengadaan yang berjalan. Pesan ini dikirim otomatis.\n"
    return Mail(to=user.email, subject=subject, body=body)


def notify(session: Session, rt, users: list[User], *, kind: str, message: str, subject: str, case: Case | None,
           task_id: str | None, now: datetime, link: str = "") -> list[str]:
    """A notification row per user; an e-mail per user with an address, into the outbox."""
    outbox = session.info.get(OUTBOX)
    notifier = notifier_of(rt)
    names = []
    for user in users:
        session.add(Notification(user_id=user.id, case_id=case.id if case else None, task_id=task_id, kind=kind,
                                 message=message, created_at=now))
        names.append(user.username)
        if user.email and notifier.smtp is not None:
            if outbox is None:
                log.warning("notification %s for %s written outside a notifying transaction: no e-mail", kind,
                            user.username)
                continue
            outbox.append(mail_for(user, subject, message, link))
    return names


def format_moment(rt, moment: datetime, unit_id: int | None = None) -> str:
    """``moment`` in words, in the time zone of ``unit_id`` (None: the installation's):
    "Senin, 5 Januari 2026, 16.00 WITA" (:func:`engine.rules.dates.format_moment`)."""
    return dates.format_moment(rt.calendar(unit_id=unit_id).to_local(moment))


def escalate_deadline(session: Session, rt, case: Case, row: HumanTask, catalog: dict, now: datetime) -> dict:
    """A step is late: tell its holders and its lane's supervisor role. Returns who was told."""
    by_role = users_by_role(session, [row.lane, supervisor_role(catalog, row.lane, rt)])
    notices, told = deadline_notices(rt, case, row, catalog, by_role)
    for notice in notices:
        notify(session, rt, notice.users, kind=notice.kind, message=notice.message, subject=notice.subject,
               case=case, task_id=row.id, now=now, link=notice.link)
    return told


@dataclass(frozen=True)
class Notice:
    """One message for some people: a notification row each, an e-mail each with an address."""

    kind: str
    users: list
    subject: str
    message: str
    link: str


def deadline_notices(rt, case, row, catalog: dict, by_role: dict[str, list[User]]) -> tuple[list[Notice], dict]:
    """What a late step's holders (``deadline_passed``) and its lane's supervisor role
    (``escalation``) are told, and who (``notified``, ``supervisor``, ``escalated_to``, as the
    ``deadline_passed`` audit event records it). ``case`` and ``row`` need id, title and id,
    name, lane, due_at; ``by_role``: :func:`users_by_role` of the lane and the supervisor role.
    Shared by :func:`escalate_deadline` and the timer worker's set-based sweep
    (``engine.timers.deadline_sweep``), so both say the same."""
    due = format_moment(rt, row.due_at, getattr(case, "unit_id", None)) if row.due_at else "-"
    supervisor = supervisor_role(catalog, row.lane, rt)
    holders = by_role.get(row.lane, []) if row.lane else []
    told = [u.username for u in holders]
    notifier = notifier_of(rt)
    notices = [Notice(
        "deadline_passed", holders, f"[Alur] Batas waktu terlampaui: {row.name}",
        (f"Batas waktu langkah \u201c{row.name}\u201d pada kasus #{case.id} \u201c{case.title}\u201d "
         f"telah terlampaui (batas: {due}). Langkah ini tetap terbuka; mohon segera diselesaikan."),
        notifier.link(f"/tugas/{row.id}"),
    )]
    escalated = []
    if supervisor:
        bosses = [u for u in by_role.get(supervisor, []) if u.username not in told]
        escalated = [u.username for u in bosses]
        notices.append(Notice(
            "escalation", bosses, f"[Alur] Eskalasi: {row.name} terlambat",
            (f"Eskalasi: langkah \u201c{row.name}\u201d ({row.lane or 'tanpa lajur'}) pada kasus "
             f"#{case.id} \u201c{case.title}\u201d melewati batas waktu ({due}) dan belum diselesaikan. "
             f"Pemegang peran: {', '.join(told) or 'tidak ada pengguna aktif'}."),
            notifier.link(f"/kasus/{case.id}"),
        ))
    return notices, {"notified": told, "supervisor": supervisor, "escalated_to": escalated}


def send_reminder(session: Session, rt, case: Case, row: HumanTask, now: datetime) -> list[str]:
    """Remind the holders of a step whose deadline is near."""
    due = format_moment(rt, row.due_at, case.unit_id)
    left = rt.calendar(unit_id=case.unit_id).describe_time_left(now, row.due_at)
    holders = users_with_roles(session, [row.lane]) if row.lane else []
    return notify(
        session, rt, holders, kind="reminder", case=case, task_id=row.id, now=now,
        link=notifier_of(rt).link(f"/tugas/{row.id}"),
        subject=f"[Alur] Pengingat: {row.name} (batas {due})",
        message=(f"Pengingat: langkah \u201c{row.name}\u201d pada kasus #{case.id} \u201c{case.title}\u201d "
                 f"harus diselesaikan sebelum {due} (sisa {left})."),
    )


# -- when to remind --------------------------------------------------------

def reminder_due(rt, created: datetime, due: datetime | None, unit_id: int | None = None) -> datetime | None:
    """When to remind about a step created at ``created`` and due at ``due``, counted in the
    calendar of the case's unit (``unit_id``; None: the installation's) with the installation's
    lead (``Notifier.reminder_before``); ``None`` when reminders are off or there is no
    reminder (:func:`engine.rules.reminders.reminder_moment` says when)."""
    lead = notifier_of(rt).reminder_before
    if not lead or due is None:
        return None
    try:
        return reminder_moment(rt.calendar(unit_id=unit_id), created, due, lead)
    except ValueError as exc:
        log.warning("no reminder for a step due %s: %s", due.isoformat(), exc)
        return None


# -- reading and marking ---------------------------------------------------

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
        if row.read_at is None:
            row.read_at = rt.now()
        session.flush()
        return notification_info(row)


def mark_all_read(rt, actor: Actor) -> int:
    with rt.write() as session:
        user_id = _user_id(session, actor)
        result = session.execute(
            update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=rt.now()).execution_options(synchronize_session=False)
        )
        return result.rowcount or 0


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
