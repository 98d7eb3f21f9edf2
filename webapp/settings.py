"""The installation's settings, read once: every ``ALUR_*`` variable and ``DATABASE_URL`` from
the environment (test or app configuration given to ``create_app`` wins), checked at start-up
(a bad value stops the app naming the setting), and the engine Runtime built from them.

=========================  ==========================================================
``DATABASE_URL``           SQLAlchemy URL; default SQLite in the instance folder
``ALUR_SECRET_KEY``        session secret; default one kept in instance/secret_key
``ALUR_FORMS_DIR``         step forms (default ``forms/``); ``ALUR_BPMN_DIR`` diagrams
``ALUR_TIMEZONE``          installation zone, WIB (default), WITA, WIT or IANA name
``ALUR_OFFICE_HOURS``      JSON {weekday 0-6: ["HH:MM", "HH:MM"] | null}; weekdays not
                           given keep 07:30-16:00 (Fri 16:30)
``ALUR_WORKFLOW_CACHE``    live workflows kept per process (default 512; 0 = off)
``ALUR_TIMER_STAGING``     ``on`` (default) / ``off``: bursts of deadlines escalated in a
                           transaction prepared just before they fall due
``ALUR_SMTP_HOST``         mail server; without it notifications are in-app only
``ALUR_SMTP_PORT``         default 25 (587 with STARTTLS, 465 with SSL)
``ALUR_SMTP_USERNAME``     login, if the server wants one (``ALUR_SMTP_PASSWORD``)
``ALUR_SMTP_STARTTLS``     ``1`` to upgrade the connection with STARTTLS
``ALUR_SMTP_SSL``          ``1`` for SMTP over TLS (port 465)
``ALUR_MAIL_FROM``         sender, default ``Alur <alur@localhost>``
``ALUR_BASE_URL``          the app's public address, for links in e-mails
``ALUR_REMINDER_BEFORE``   reminder lead in working time, default ``P1D``; ``none`` = off
``ALUR_DEFAULT_SUPERVISOR`` role escalated to when neither lane nor process names one
=========================  ==========================================================
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from engine.notify.mailer import Notifier, SmtpSettings, parse_reminder_before
from engine.rules.calendar import ZONES, parse_office_hours
from engine.runtime import Runtime
from engine.store.db import configure_sqlite, make_session_factory

ROOT = Path(__file__).resolve().parents[1]

# Read from the environment as they are; checked when the runtime is built.
ENVIRONMENT_KEYS = (
    "ALUR_OFFICE_HOURS", "ALUR_SMTP_HOST", "ALUR_SMTP_PORT", "ALUR_SMTP_USERNAME", "ALUR_SMTP_PASSWORD",
    "ALUR_SMTP_STARTTLS", "ALUR_SMTP_SSL", "ALUR_MAIL_FROM", "ALUR_BASE_URL", "ALUR_REMINDER_BEFORE",
    "ALUR_DEFAULT_SUPERVISOR",
)
SWITCH_ON = ("on", "1", "true", "yes", "ya")
SWITCH_OFF = ("off", "0", "false", "no", "tidak")


def read_environment(instance_path: str | Path, environ: Mapping[str, str] | None = None) -> dict:
    """The app configuration from the environment (once, at start-up), with the defaults."""
    env = os.environ if environ is None else environ
    instance = Path(instance_path)
    config = {
        "SECRET_KEY": env.get("ALUR_SECRET_KEY") or load_or_create_secret(instance),
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL") or f"sqlite:///{instance / 'alur.db'}"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "ALUR_FORMS_DIR": env.get("ALUR_FORMS_DIR") or str(ROOT / "forms"),
        "ALUR_BPMN_DIR": env.get("ALUR_BPMN_DIR") or str(ROOT / "bpmn"),
        "ALUR_CLOCK": None,
        "ALUR_CALENDAR": None,
        "ALUR_NOTIFIER": None,
        "ALUR_TIMEZONE": env.get("ALUR_TIMEZONE", "WIB"),
        "ALUR_WORKFLOW_CACHE": env.get("ALUR_WORKFLOW_CACHE", "512"),
        "ALUR_TIMER_STAGING": env.get("ALUR_TIMER_STAGING", "on"),
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "JSON_SORT_KEYS": False,
    }
    config.update({key: env.get(key) for key in ENVIRONMENT_KEYS})
    return config


def database_url(url: str) -> str:
    """Heroku-style ``postgres://`` and plain ``postgresql://`` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_or_create_secret(instance: Path) -> str:
    """A per-installation secret kept in instance/secret_key (created once)."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    path.write_text(value)
    path.chmod(0o600)
    return value


# -- checking values ------------------------------------------------------------

def zone_name(value: str) -> str:
    """ALUR_TIMEZONE: WIB, WITA, WIT or an IANA name."""
    return ZONES.get(str(value).upper(), str(value))


def office_hours(value):
    """ALUR_OFFICE_HOURS as JSON text or a mapping (the syntax units take too); a bad value
    stops the app with its reason."""
    try:
        return parse_office_hours(value or None)
    except ValueError as exc:
        raise ValueError(f"ALUR_OFFICE_HOURS: {exc}") from None


def cache_size(value) -> int:
    """ALUR_WORKFLOW_CACHE: a whole number of cases, 0 or more; a bad value stops the app with its reason."""
    try:
        size = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"ALUR_WORKFLOW_CACHE harus bilangan bulat >= 0, bukan {value!r}") from None
    if size < 0:
        raise ValueError(f"ALUR_WORKFLOW_CACHE harus bilangan bulat >= 0, bukan {value!r}")
    return size


def timer_staging(value) -> bool:
    """ALUR_TIMER_STAGING: escalate a burst of deadlines in a transaction prepared just before
    they fall due (on by default; see engine.timers). ValueError naming the setting otherwise."""
    text = str(value if value is not None else "on").strip().lower()
    if text in SWITCH_ON:
        return True
    if text in SWITCH_OFF:
        return False
    raise ValueError(f"ALUR_TIMER_STAGING harus 'on' atau 'off', bukan {text!r}")


def flag(value) -> bool:
    return str(value or "").strip().lower() in SWITCH_ON


def notifier_from_config(config: Mapping) -> Notifier:
    """The installation's Notifier (SMTP, reminders, default supervisor). Raises ValueError on a
    bad ALUR_REMINDER_BEFORE. ``ALUR_NOTIFIER`` (tests) is used as it is."""
    if config.get("ALUR_NOTIFIER") is not None:
        return config["ALUR_NOTIFIER"]
    smtp = None
    host = (config.get("ALUR_SMTP_HOST") or "").strip()
    if host:
        use_ssl = flag(config.get("ALUR_SMTP_SSL"))
        starttls = flag(config.get("ALUR_SMTP_STARTTLS"))
        port = int(config.get("ALUR_SMTP_PORT") or (465 if use_ssl else 587 if starttls else 25))
        smtp = SmtpSettings(host=host, port=port, username=config.get("ALUR_SMTP_USERNAME") or "",
                            password=config.get("ALUR_SMTP_PASSWORD") or "", starttls=starttls, use_ssl=use_ssl,
                            sender=config.get("ALUR_MAIL_FROM") or "Alur <alur@localhost>")
    try:
        reminder_before = parse_reminder_before(config.get("ALUR_REMINDER_BEFORE"))
    except ValueError as exc:
        raise ValueError(f"ALUR_REMINDER_BEFORE tidak sah: {exc}") from None
    return Notifier(smtp=smtp, reminder_before=reminder_before,
                    default_supervisor=config.get("ALUR_DEFAULT_SUPERVISOR"),
                    base_url=config.get("ALUR_BASE_URL") or "")


# -- the runtime ------------------------------------------------------------------

def build_runtime(config: Mapping, sa_engine) -> Runtime:
    """The engine Runtime of the installation, on ``sa_engine``, with everything it needs
    (calendar settings, forms, workflow cache, notifier); ValueError naming a bad setting."""
    hours = office_hours(config.get("ALUR_OFFICE_HOURS"))
    size = cache_size(config.get("ALUR_WORKFLOW_CACHE", 512))
    notifier = notifier_from_config(config)
    configure_sqlite(sa_engine)
    return Runtime(
        make_session_factory(sa_engine),
        clock=config.get("ALUR_CLOCK"),
        calendar=config.get("ALUR_CALENDAR"),
        timezone_name=zone_name(config.get("ALUR_TIMEZONE") or "WIB"),
        office_hours=hours,
        forms_dir=config["ALUR_FORMS_DIR"],
        workflow_cache_size=size,
        notifier=notifier,
    )
