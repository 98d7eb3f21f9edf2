"""SQLAlchemy models. The engine owns them; the web app binds them with Flask-SQLAlchemy.

List views (inbox, case lists) read ``human_tasks`` and ``cases`` columns only and never
deserialize workflow state.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        from datetime import timezone

        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        from datetime import timezone

        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    pass


class OrgUnit(Base):
    """An organisation unit (UKPBJ, LPSE, BPPBJ office) with its own time zone and office hours.

    Users and cases with no unit, and closures with no unit, belong to the installation default
    (``ALUR_TIMEZONE``, ``ALUR_OFFICE_HOURS``; closures without a unit apply to every unit).
    """

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    # IANA name (Asia/Jakarta = WIB, Asia/Makassar = WITA, Asia/Jayapura = WIT).
    timezone: Mapped[str] = mapped_column(String(64), nullable=False)
    # JSON as ALUR_OFFICE_HOURS ({"0": ["08:00", "16:00"], "5": null}); NULL = installation default.
    office_hours: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # Where notifications are also sent by e-mail (when SMTP is configured); optional.
    email: Mapped[str | None] = mapped_column(String(320))
    # The unit whose calendar the cases this user starts follow; NULL = installation default.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )


class UserRole(Base):
    """A role is a lane name ("Kepala UKPBJ") or a system role ("admin", "process_owner")."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(200), primary_key=True)

    user: Mapped[User] = relationship(back_populates="roles")

    __table_args__ = (Index("ix_user_roles_role", "role"),)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class ProcessVersion(Base):
    """An immutable deployed version of one process."""

    __tablename__ = "process_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[str] = mapped_column(String(200), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    filename: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    bpmn_xml: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    # Serialized SpiffWorkflow spec + subprocess specs, stored once per version.
    spec_json: Mapped[str] = mapped_column(Text, nullable=False)
    # Steps (Mutu Baku, lane), lanes, start lane, forms: what the web app shows.
    catalog: Mapped[dict] = mapped_column(JSON, nullable=False)
    start_lane: Mapped[str | None] = mapped_column(String(200))
    deployed_by: Mapped[str] = mapped_column(String(80), nullable=False)
    deployed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (
        UniqueConstraint("process_id", "version", name="uq_process_versions_process_version"),
        Index("ix_process_versions_process_hash", "process_id", "content_hash"),
    )


class Case(Base):
    """A running or finished process instance."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"), nullable=False)
    process_id: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="running")
    # zlib-compressed JSON of the workflow without its spec.
    state: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    started_by: Mapped[str] = mapped_column(String(80), nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_event: Mapped[str | None] = mapped_column(String(500))
    # The unit whose calendar (time zone, office hours, closures) its deadlines count in;
    # NULL = installation default.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))

    __mapper_args__ = {"version_id_col": lock_version}
    __table_args__ = (
        Index("ix_cases_status_updated", "status", "updated_at"),
        Index("ix_cases_process", "process_id", "status"),
        Index("ix_cases_updated", "updated_at", "id"),
        Index("ix_cases_started_by", "started_by"),
        Index("ix_cases_unit", "unit_id"),
    )


class HumanTask(Base):
    """A user task as the inbox sees it. Its id is the SpiffWorkflow task id."""

    __tablename__ = "human_tasks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    process_id: Mapped[str] = mapped_column(String(200), nullable=False)
    task_ref: Mapped[str] = mapped_column(String(200), nullable=False)
    name: Mapped[str] = mapped_column(String(500), nullable=False)
    lane: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="ready")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by: Mapped[str | None] = mapped_column(String(80))
    data: Mapped[dict | None] = mapped_column(JSON)
    # Who holds the step (claimed, assigned, or the lane's earlier doer in this case); NULL: open
    # to the group of people who may act on it (engine.access).
    assignee: Mapped[str | None] = mapped_column(String(80))
    # Copied from the case and the lane's party in the diagram when the step opens, so the inbox
    # filters on indexed columns of this table alone: the case's unit; the scope of the lane
    # ('unit': the role in the case's unit, 'any': the role in any unit, 'party': only the
    # people bound to the lane in this case); the proxy role that may act "atas nama" the lane.
    unit_id: Mapped[int | None] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(10), nullable=False, default="unit", server_default="unit")
    proxy_role: Mapped[str | None] = mapped_column(String(200))
    # How the step was done when not by the lane itself: "atas nama <lane>", "Plt. <official>, SK <no>".
    acted_as: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (
        Index("ix_human_tasks_lane_status_created", "lane", "status", "created_at"),
        Index("ix_human_tasks_lane_status_due", "lane", "status", "due_at"),
        # Held steps only: open steps (most of them) are found by who may take them, so an
        # ``assignee IS NULL`` test must not be read from this index (bench/access_lists.py).
        Index("ix_human_tasks_assignee_status_due", "assignee", "status", "due_at",
              sqlite_where=text("assignee IS NOT NULL"), postgresql_where=text("assignee IS NOT NULL")),
        # The branches of engine.access.step_condition: a role in a unit (or in any unit), a proxy role.
        Index("ix_human_tasks_lane_scope_unit", "lane", "scope", "status", "unit_id"),
        Index("ix_human_tasks_proxy_unit_status", "proxy_role", "unit_id", "status"),
        Index("ix_human_tasks_case_status", "case_id", "status"),
        Index("ix_human_tasks_status_due", "status", "due_at"),
        Index("ix_human_tasks_completed_by", "completed_by", "completed_at"),
        Index("ix_human_tasks_lane_case", "lane", "case_id"),
    )


class Timer(Base):
    """Something the timer worker must do at a time, found by the (status, due_at) index.

    ``kind == "timer"``: a waiting timer event of a case; its id is the SpiffWorkflow task
    id of the event. ``kind == "reminder"``: a reminder before a human task's deadline; its
    id is the human task's id and ``attached_to`` its task_ref.
    """

    __tablename__ = "timers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="timer", server_default="timer")
    task_ref: Mapped[str] = mapped_column(String(200), nullable=False)
    attached_to: Mapped[str | None] = mapped_column(String(200))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="pending")
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_timers_status_due", "status", "due_at"),
        Index("ix_timers_case", "case_id"),
    )


class AuditEvent(Base):
    """Append-only trail: who did what to which case and task, when."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    task_id: Mapped[str | None] = mapped_column(String(36))
    task_ref: Mapped[str | None] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(80), nullable=False)
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    data: Mapped[dict | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (Index("ix_audit_events_case", "case_id", "id"),)


class Attachment(Base):
    """An uploaded output document of a task; the bytes live in the attachment store."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), nullable=False)
    task_id: Mapped[str] = mapped_column(String(36), nullable=False)
    field: Mapped[str] = mapped_column(String(200), nullable=False)
    filename: Mapped[str] = mapped_column(String(500), nullable=False)
    content_type: Mapped[str] = mapped_column(String(200), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    content: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    uploaded_by: Mapped[str] = mapped_column(String(80), nullable=False)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (Index("ix_attachments_task", "task_id"), Index("ix_attachments_case", "case_id"))


class CalendarClosure(Base):
    """A day an admin closed (office closure, newly decreed cuti bersama, regional holiday).

    ``unit_id`` NULL: every unit is closed; otherwise only that unit. A day is closed at most
    once for every unit and at most once per unit.
    """

    __tablename__ = "calendar_closures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")

    __table_args__ = (
        UniqueConstraint("day", "unit_id", name="uq_calendar_closures_day_unit"),
        # NULLs are distinct in a unique constraint: one closure for every unit per day.
        Index("uq_calendar_closures_day_all_units", "day", unique=True,
              sqlite_where=text("unit_id IS NULL"), postgresql_where=text("unit_id IS NULL")),
    )


class Notification(Base):
    """A message for one person (deadline passed, escalation, reminder), shown in the app
    and, when SMTP is configured and the person has an e-mail address, sent by e-mail."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    task_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_notifications_user_id", "user_id", "id"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_case", "case_id"),
    )


class CaseParty(Base):
    """A person bound to a lane of one case: the vendor who started it, or whom the case
    invited. For a lane whose party is ``external`` only these people see the case and act on
    the lane's steps (engine.access)."""

    __tablename__ = "case_parties"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    lane: Mapped[str] = mapped_column(String(200), primary_key=True)
    username: Mapped[str] = mapped_column(String(80), primary_key=True)
    added_by: Mapped[str] = mapped_column(String(80), nullable=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # When the case closed for this party (another was chosen: engine.cases.parties.end_parties).
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_case_parties_username", "username", "case_id"),)


class Delegation(Base):
    """Plt./Plh.: an official's roles (all, or the ones listed) given to a delegate for a range
    of days (counted in the official's unit's time zone), by a decree (nomor SK)."""

    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    official: Mapped[str] = mapped_column(String(80), nullable=False)
    delegate: Mapped[str] = mapped_column(String(80), nullable=False)
    # The roles delegated (lane names); NULL: every lane role the official holds.
    roles: Mapped[list | None] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(3), nullable=False)  # "Plt" or "Plh"
    decree: Mapped[str] = mapped_column(String(200), nullable=False)
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    created_by: Mapped[str] = mapped_column(String(80), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(80))

    __table_args__ = (
        Index("ix_delegations_delegate", "delegate", "ends_on"),
        Index("ix_delegations_official", "official", "ends_on"),
    )
