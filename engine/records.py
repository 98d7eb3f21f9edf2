"""Plain records the engine returns. The web layer sees these, never ORM or SpiffWorkflow objects."""
from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import datetime
from typing import Any

SYSTEM_ROLES = ("admin", "process_owner")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a username, the roles (lane names, system roles) they hold and their
    organisation unit (``None``: the installation default); a case they start follows the
    calendar of their unit."""

    username: str
    roles: frozenset[str] = frozenset()
    unit_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    def has_role(self, role: str | None) -> bool:
        return role is None or role in self.roles


SYSTEM_ACTOR = Actor("system", frozenset({"admin"}))


def to_dict(record) -> dict:
    """A record's fields for JSON: datetimes as ISO 8601, nested records as dicts (shallow
    otherwise: lists and dicts are shared, not copied)."""
    out = {}
    for item in fields(record):
        value = getattr(record, item.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif is_dataclass(value):
            value = to_dict(value)
        elif isinstance(value, list) and value and is_dataclass(value[0]):
            value = [to_dict(v) for v in value]
        out[item.name] = value
    return out


@dataclass(frozen=True)
class VersionInfo:
    id: int
    process_id: str
    version: int
    name: str
    content_hash: str
    filename: str
    start_lane: str | None
    lanes: list[str]
    deployed_by: str
    deployed_at: datetime
    step_count: int = 0
    is_latest: bool = True
    created: bool = True  # False when deploying identical content was a no-op
    running_cases: int = 0
    # Lanes a case may start from, and for each the roles that may start it (the lane's own
    # role, and its proxy role acting atas nama): {lane: [roles]}.
    start_lanes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StepInfo:
    """A step of an SOP as the task page shows it (Mutu Baku)."""

    task_ref: str
    name: str
    lane: str | None
    documentation: str = ""
    kelengkapan: list[str] = field(default_factory=list)
    waktu: str = ""
    output: list[str] = field(default_factory=list)
    timer: str | None = None


@dataclass(frozen=True)
class TaskInfo:
    id: str
    case_id: int
    process_id: str
    task_ref: str
    name: str
    lane: str | None
    status: str
    created_at: datetime
    due_at: datetime | None
    late: bool
    completed_at: datetime | None = None
    completed_by: str | None = None
    case_title: str = ""
    data: dict | None = None
    # The case's unit and its IANA time zone; None: the installation default.
    timezone: str | None = None
    unit_id: int | None = None
    # Who holds the step (None: open to its group); how it was done when not by the lane
    # itself ("atas nama Pelaku Usaha", "Plt. kepala-ukpbj, SK 800/12/2026").
    assignee: str | None = None
    acted_as: str | None = None


@dataclass(frozen=True)
class TaskDetail:
    task: TaskInfo
    step: StepInfo
    form: dict
    case_data: dict
    attachments: list[dict]
    may_complete: bool
    # The actor may take the open step (claim it); the step is held by someone else (their
    # username); how the actor would act on it ("atas nama ...", "Plt. ..."), if not as the lane.
    may_claim: bool = False
    held_by: str | None = None
    acting_as: str | None = None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    case_id: int | None
    task_id: str | None
    task_ref: str | None
    actor: str
    action: str
    data: dict | None
    at: datetime


@dataclass(frozen=True)
class CaseInfo:
    id: int
    process_id: str
    process_version_id: int
    version: int
    process_name: str
    title: str
    status: str
    started_by: str
    started_at: datetime
    updated_at: datetime
    ended_at: datetime | None
    end_event: str | None
    lock_version: int
    # The case's unit and its IANA time zone; None: the installation default.
    timezone: str | None = None
    unit_id: int | None = None


@dataclass(frozen=True)
class CaseDetail:
    case: CaseInfo
    open_tasks: list[TaskInfo]
    tasks: list[TaskInfo]
    history: list[AuditEntry]
    data: dict
    pending_timers: list[dict]
    # A bound outsider whose party ended (another vendor was chosen): the case is closed for
    # them, whatever its status ("Kompetisi selesai untuk Anda").
    closed_for_me: bool = False


@dataclass(frozen=True)
class UnitInfo:
    """An organisation unit: its time zone (IANA name) and office hours (the JSON text
    ``ALUR_OFFICE_HOURS`` takes; ``None`` = the installation's)."""

    id: int
    code: str
    name: str
    timezone: str
    office_hours: str | None
    created_at: datetime
    users: int = 0
    cases: int = 0
    closures: int = 0

    @property
    def zone(self) -> str:
        """WIB, WITA, WIT, or the IANA name of a zone outside Indonesia."""
        from engine.rules.calendar import zone_label

        return zone_label(self.timezone)


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int
    total_exact: bool = True  # False: there are more than ``total`` (counting stopped)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))
