"""What the API answers, as pydantic models: they describe the JSON of each answer in the
OpenAPI document (the views build that JSON from the engine's records)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field


class Error(BaseModel):
    error: str
    message: str


class Problem(BaseModel):
    message: str
    element_id: str | None = None
    line: int | None = None
    field: str | None = None
    file: str | None = None


class ProblemError(Error):
    problems: list[Problem] = []


class Unit(BaseModel):
    id: int
    code: str = Field(examples=["ukpbj-makassar"])
    name: str = Field(examples=["UKPBJ Kota Makassar"])
    timezone: str = Field(description="nama IANA", examples=["Asia/Makassar"])
    zone: str = Field(examples=["WITA"])
    office_hours: dict[str, Any] | None = Field(description="jam kantor unit sendiri; null = jam kantor instalasi")
    office_hours_effective: dict[str, Any] = Field(description="jam kantor yang berlaku, 7 hari")
    office_hours_text: str = Field(examples=["Senin–Kamis 07.30–16.00, Jumat 07.30–16.30; Sabtu, Minggu tutup"])
    created_at: datetime
    users: int
    cases: int
    closures: int = Field(description="penutupan kalender khusus unit ini")


class UnitList(BaseModel):
    items: list[Unit]


class User(BaseModel):
    username: str
    full_name: str
    roles: list[str]
    unit: Unit | None


class Closure(BaseModel):
    day: date
    reason: str
    created_by: str
    unit: str | None
    applies_to: str


class ClosureList(BaseModel):
    items: list[Closure]


class ClosureAdded(Closure):
    open_steps_due_from: int = Field(description="langkah terbuka berbatas waktu pada/setelah tanggal itu")


class RecountResult(BaseModel):
    cases: int
    open_steps: int
    changed: int


class ProcessVersion(BaseModel):
    id: int
    process_id: str
    version: int
    name: str
    content_hash: str
    start_lane: str | None
    lanes: list[str]
    deployed_by: str
    deployed_at: datetime
    created: bool
    start_lanes: dict[str, list[str]] = Field({}, description="lajur mulai -> peran yang boleh memulai dari sana")


class ProcessListItem(ProcessVersion):
    my_start_lanes: list[str] = Field(description="lajur yang boleh dipakai pengguna ini untuk memulai; "
                                                  "kosong = tidak boleh memulai")


class ProcessList(BaseModel):
    items: list[ProcessListItem]


class ProcessDetail(BaseModel):
    process: ProcessVersion
    steps: list[dict[str, Any]] = Field(description="langkah (Mutu Baku)")
    versions: list[ProcessVersion]


class Task(BaseModel):
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
    timezone: str | None = Field(description="zona waktu (IANA) unit kasusnya; null = zona instalasi")
    unit_id: int | None
    assignee: str | None = Field(None, description="pemegang langkah; null = terbuka untuk grup lajurnya")
    acted_as: str | None = Field(None, description='dikerjakan atas nama / sebagai Plt./Plh. ("atas nama ...")')


class Page(BaseModel):
    total: int
    total_exact: bool
    page: int
    per_page: int
    pages: int


class TaskPage(Page):
    items: list[Task]


class TaskDetail(Task):
    step: dict[str, Any]
    form: dict[str, Any]
    case_data: dict[str, Any]
    attachments: list[dict[str, Any]]
    may_complete: bool
    may_claim: bool = Field(description="langkah terbuka yang boleh diambil pengguna")
    held_by: str | None = Field(description="dipegang orang lain (namanya); null = oleh pengguna atau terbuka")
    acting_as: str | None = Field(description="sebagai siapa pengguna bertindak bila bukan sebagai lajurnya")


class TaskCounts(BaseModel):
    mine: int = Field(description="langkah terbuka yang dipegang pengguna")
    group: int = Field(description="langkah terbuka tanpa pemegang yang boleh diambilnya")


class Assignees(BaseModel):
    items: list[str] = Field(description="pengguna yang dapat mengerjakan langkah ini")


class HeldError(Error):
    holder: str = Field(description="pemegang langkah")


class PartiesAdded(BaseModel):
    lane: str
    added: list[str] = Field(description="yang baru diikat (yang sudah terikat tidak diulang)")


class InstanceSummary(BaseModel):
    id: int
    process_id: str
    version: int
    title: str
    status: str
    started_by: str
    started_at: datetime
    timezone: str | None = Field(description="zona waktu (IANA) unit kasus; null = zona instalasi")
    unit_id: int | None


class InstancePage(Page):
    items: list[InstanceSummary]


class Instance(InstanceSummary):
    open_tasks: list[Task]
    history: list[dict[str, Any]]
    data: dict[str, Any]
    pending_timers: list[dict[str, Any]]


class Completion(BaseModel):
    task: Task
    instance: Instance = Field(description="the case without its history (GET /instances/{id} has it)")


class MigrationPlan(BaseModel):
    case_id: int
    from_version: int
    to_version: int
    possible: bool
    reason: str = ""
    open_steps: list[str] = []
    removed_steps: list[str] = []
    changed_steps: list[str] = []


class DeployResult(BaseModel):
    items: list[ProcessVersion]


class AttachmentAdded(BaseModel):
    id: int
    field: str
    filename: str
    size: int
    sha256: str
