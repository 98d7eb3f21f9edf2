"""What the API accepts: request bodies and query strings as pydantic models. They check
types and unknown fields; the engine checks the values (its limits shown here come from it)."""
from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

from engine.cases.commands import MAX_TITLE
from engine.org.units import CODE, MAX_NAME, MAX_OFFICE_HOURS, MAX_ZONE

MAX_PER_PAGE = 200
MAX_PAGE = 10**9

OFFICE_HOURS_MESSAGE = 'harus objek seperti {"0": ["08:00", "16:00"]}, teks JSON, atau null'
OFFICE_HOURS_DESCRIPTION = (
    "Jam kantor per hari (0 = Senin .. 6 = Minggu): [buka, tutup] atau null (tutup); hari yang tidak disebut "
    "tetap 07:30-16:00 (Jumat 16:30). Juga boleh teks JSON. null: jam kantor instalasi (ALUR_OFFICE_HOURS).")


def query_flag(value: Any) -> bool:
    """A query flag: ``1`` or ``true`` is on, anything else off."""
    return value in ("1", "true", True)


# -- organisation units -----------------------------------------------------------

Code = Annotated[StrictStr, Field(json_schema_extra={"pattern": CODE.pattern}, examples=["ukpbj-makassar"])]
Name = Annotated[StrictStr, Field(json_schema_extra={"maxLength": MAX_NAME}, examples=["UKPBJ Kota Makassar"])]
Zone = Annotated[StrictStr, Field(json_schema_extra={"maxLength": MAX_ZONE}, examples=["WITA"],
                                  description="WIB, WITA, WIT atau nama IANA (Asia/Jakarta, Asia/Makassar, "
                                              "Asia/Jayapura)")]
OfficeHoursText = Annotated[StrictStr, Field(json_schema_extra={"maxLength": MAX_OFFICE_HOURS})]
OfficeHours = Annotated[
    dict[str, Any] | OfficeHoursText | None,
    Field(description=OFFICE_HOURS_DESCRIPTION, examples=[{"0": ["08:00", "16:00"], "4": ["08:00", "16:30"],
                                                            "5": None}]),
]


class UnitInput(BaseModel):
    """A new organisation unit."""

    model_config = ConfigDict(extra="forbid", strict=True)
    problem_messages: ClassVar[dict[str, str]] = {"office_hours": OFFICE_HOURS_MESSAGE}

    code: Code
    name: Name
    timezone: Zone
    office_hours: OfficeHours = None


class UnitPatch(BaseModel):
    """The fields of a unit to change (only those sent)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    problem_messages: ClassVar[dict[str, str]] = {"office_hours": OFFICE_HOURS_MESSAGE}

    code: Code = None
    name: Name = None
    timezone: Zone = None
    office_hours: OfficeHours = None


# -- working calendar -----------------------------------------------------------------

Day = Annotated[StrictStr | None, Field(json_schema_extra={"format": "date"}, examples=["2026-03-02"])]
UnitCode = Annotated[StrictStr | None, Field(description="kode unit; kosong = semua unit")]


class ClosureInput(BaseModel):
    """A day the office is closed, for every unit or one unit (the engine checks day and reason)."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"required": ["day", "reason"]})

    day: Day = None
    reason: StrictStr | None = ""
    unit: UnitCode = None


class RecountInput(BaseModel):
    """Count again the deadlines of open steps due on or after ``day`` (``reason`` is ignored)."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra={"required": ["day"]})

    day: Day = None
    reason: StrictStr | None = None
    unit: UnitCode = None


class YearQuery(BaseModel):
    year: int = Field(0, ge=0, le=9999, description="tahun; 0 atau kosong = semua")


class UnitQuery(BaseModel):
    unit: str | None = Field(None, description="kode unit untuk penutupan satu unit")


# -- cases and tasks ---------------------------------------------------------------------

Usernames = Annotated[list[StrictStr], Field(examples=[["pt-maju", "cv-sejahtera"]])]


class StartInput(BaseModel):
    """A new case of the process (other fields are ignored): ``start_lane`` the lane to start
    from (one of the caller's, see GET /processes ``my_start_lanes``; default the first);
    ``parties`` people to bind to external lanes from the start."""

    problem_titles: ClassVar[dict[str, str]] = {"title": "Judul harus teks", "start_lane": "Lajur mulai harus teks",
                                                "parties": "Pihak tidak sah"}
    problem_messages: ClassVar[dict[str, str]] = {"parties": 'harus objek seperti {"Penyedia": ["pt-maju"]}'}

    title: StrictStr = Field("", json_schema_extra={"maxLength": MAX_TITLE})
    start_lane: StrictStr | None = Field(None, examples=["Tim Monev Katalog"])
    parties: dict[str, Usernames] | None = Field(None, description="lajur pihak luar -> nama pengguna")


class PartiesInput(BaseModel):
    """People to bind to an external lane of a running case."""

    model_config = ConfigDict(extra="forbid", strict=True)
    problem_titles: ClassVar[dict[str, str]] = {"lane": "Lajur harus teks", "usernames": "Nama pengguna tidak sah"}
    problem_messages: ClassVar[dict[str, str]] = {"usernames": "harus daftar nama pengguna"}

    lane: StrictStr = Field(examples=["Penyedia"])
    usernames: Usernames


class ReassignInput(BaseModel):
    """Who the step goes to (someone who may act on it: GET /tasks/{id}/assignees)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    problem_titles: ClassVar[dict[str, str]] = {"to": "Pengguna tujuan harus teks"}

    to: StrictStr = Field(examples=["andi"])


class MigrateInput(BaseModel):
    """Where to move a running case: ``to_version`` (default the latest); ``dry_run`` only plans."""

    problem_titles: ClassVar[dict[str, str]] = {"to_version": "to_version harus bilangan bulat"}

    to_version: StrictInt | None = None
    dry_run: Annotated[bool, BeforeValidator(bool)] = False


class Paging(BaseModel):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(25, ge=1, le=MAX_PER_PAGE)


class InstanceQuery(Paging):
    status: str | None = Field(None, description="running, completed atau cancelled")
    process_id: str | None = None


class TaskQuery(Paging):
    problem_titles: ClassVar[dict[str, str]] = {"status": "Status tidak sah", "view": "Tampilan tidak sah",
                                                "sort": "Urutan tidak sah"}
    problem_messages: ClassVar[dict[str, str]] = {"status": "ready, completed atau cancelled",
                                                  "view": "mine, group, all atau completed",
                                                  "sort": "due atau created"}

    status: Literal["ready", "completed", "cancelled"] = "ready"
    view: Literal["all", "mine", "group", "completed"] = Field(
        "all", description="mine: yang dipegang pengguna; group: terbuka untuk grupnya; all: keduanya; "
                           "completed: yang sudah ia kerjakan")
    sort: Literal["due", "created"] = Field("due", description="due: batas waktu terdekat; created: terlama dulu")
    process_id: str | None = None
    overdue: Annotated[bool, BeforeValidator(query_flag)] = False


# -- uploads (multipart/form-data; described, read by the views) ----------------------------

class DiagramUpload(BaseModel):
    file: bytes = Field(json_schema_extra={"format": "binary"}, description="berkas .bpmn")


class AttachmentUpload(BaseModel):
    field: str = Field(description="nama lampiran pada formulir langkah")
    file: bytes = Field(json_schema_extra={"format": "binary"})
