"""E-mail: the installation's notification settings and the sender thread.

E-mail goes through SMTP when the installation configures it (:class:`SmtpSettings` on the
runtime's :class:`Notifier`, ``Runtime(notifier=...)``) and the person has an address. A
notification written in a write transaction queues its mail on the runtime
(``Runtime.send_after_commit``): handed to the notifier only after the commit, dropped on
rollback. The notifier sends from its own thread, so a slow or broken mail server never holds
a database transaction, never delays the timer worker and never makes a firing fail:
failures are logged.
"""
from __future__ import annotations

import logging
import queue
import smtplib
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from engine.rules.durations import parse_duration

log = logging.getLogger("alur.notifications")

DEFAULT_REMINDER_BEFORE = "P1D"


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


def notifier_of(rt) -> Notifier:
    """The runtime's notifier (every runtime has one: ``Runtime(notifier=...)``)."""
    return rt.notifier


def one_line(text: str) -> str:
    return " ".join((text or "").split())


def mail_for(user, subject: str, message: str, link: str = "") -> Mail:
    """The e-mail of a notification to ``user`` (who has an address)."""
    body = f"Yth. {user.full_name or user.username},\n\n{message}\n"
    if link:
        body += f"\nBuka: {link}\n"
    body += "\n-- \nAlur, SOP pengadaan yang berjalan. Pesan ini dikirim otomatis.\n"
    return Mail(to=user.email, subject=subject, body=body)
