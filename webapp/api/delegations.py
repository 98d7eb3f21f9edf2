"""/delegations: Plt./Plh., an official's lane roles given to another user for a range of days
(counted in the official's unit's time zone), by a decree (nomor SK). The official, the
delegate and admins see one; the official or an admin creates it; either of them or the
delegate ends it early."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from flask import jsonify, url_for
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictStr

from engine.access import Grant
from engine.errors import NotAllowed
from engine.org import delegations
from engine.org.delegations import MAX_DECREE, DelegationError
from engine.store.statuses import DelegationKind

from ..runtime import runtime
from .blueprint import actor, bp
from .models import query_flag
from .operations import describe
from .requests import parse_body, parse_query

Day = Annotated[StrictStr, Field(json_schema_extra={"format": "date"}, examples=["2026-12-01"])]


# -- what the API accepts ----------------------------------------------------------------------

class DelegationInput(BaseModel):
    """A new Plt./Plh.: ``official`` (default: the token's user; another official: admins only)
    gives ``roles`` (default: all their lane roles) to ``delegate`` from ``starts_on`` to
    ``ends_on`` (days in the official's unit, both included) by ``decree``."""

    model_config = ConfigDict(extra="forbid", strict=True,
                              json_schema_extra={"required": ["delegate", "kind", "decree", "starts_on",
                                                              "ends_on"]})
    problem_messages: ClassVar[dict[str, str]] = {"roles": "harus daftar nama peran (teks) atau null",
                                                  "kind": "pilih Plt atau Plh"}

    official: StrictStr | None = Field(None, description="nama pengguna pejabat; kosong = pengguna token",
                                       examples=["kepala-ukpbj"])
    delegate: StrictStr = Field("", description="nama pengguna yang ditunjuk", examples=["sekretaris"])
    kind: StrictStr = Field("", json_schema_extra={"enum": [k.value for k in DelegationKind]},
                            description="Plt (pelaksana tugas: jabatan kosong) atau Plh (pelaksana harian: "
                                        "pejabat berhalangan)")
    decree: StrictStr = Field("", json_schema_extra={"maxLength": MAX_DECREE},
                              description="nomor surat penunjukan/SK", examples=["800/12/2026"])
    starts_on: Day | None = None
    ends_on: Day | None = Field(None, examples=["2026-12-31"])
    roles: list[StrictStr] | None = Field(None, description="peran lajur pejabat yang diserahkan; "
                                                            "null atau kosong = semua")


class DelegationQuery(BaseModel):
    user: str | None = Field(None, description="admin: penunjukan yang diberikan atau diterima pengguna ini")
    include_ended: Annotated[bool, BeforeValidator(query_flag)] = Field(
        False, description="1 = juga yang sudah berakhir atau dicabut")


# -- what it answers ---------------------------------------------------------------------------

class Delegation(BaseModel):
    id: int
    official: str
    delegate: str
    kind: str = Field(examples=["Plt"])
    decree: str = Field(examples=["800/12/2026"])
    starts_on: date
    ends_on: date = Field(description="hari terakhir, di zona waktu unit pejabat")
    roles: list[str] | None = Field(description="peran yang diserahkan; null = semua peran lajur pejabat")
    acting_as: str = Field(description="yang dicatat pada setiap tindakan di bawah penunjukan ini",
                           examples=["Plt. kepala-ukpbj, SK 800/12/2026"])
    active: bool = Field(description="berlaku hari ini (zona waktu unit pejabat) dan tidak dicabut")
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    revoked_by: str | None


class DelegationList(BaseModel):
    items: list[Delegation]


class DelegatedAction(BaseModel):
    id: int
    case_id: int | None
    task_id: str | None
    task_ref: str | None
    action: str
    actor: str
    at: datetime
    data: dict[str, Any] | None


class DelegatedActionList(BaseModel):
    items: list[DelegatedAction]


def acting_as(info) -> str:
    return Grant("", None, official=info.official, kind=info.kind, decree=info.decree).describe()


def delegation_json(info) -> dict:
    return {"id": info.id, "official": info.official, "delegate": info.delegate, "kind": info.kind,
            "decree": info.decree, "starts_on": info.starts_on.isoformat(), "ends_on": info.ends_on.isoformat(),
            "roles": list(info.roles) if info.roles else None, "acting_as": acting_as(info), "active": info.active,
            "created_by": info.created_by, "created_at": info.created_at.isoformat(),
            "revoked_at": info.revoked_at.isoformat() if info.revoked_at else None, "revoked_by": info.revoked_by}


def action_json(entry) -> dict:
    return {"id": entry.id, "case_id": entry.case_id, "task_id": entry.task_id, "task_ref": entry.task_ref,
            "action": entry.action, "actor": entry.actor, "at": entry.at.isoformat(), "data": entry.data}


@bp.get("/delegations")
@describe("Penunjukan Plt./Plh. yang saya berikan atau terima (admin: semua, atau ?user=); yang sudah berakhir "
          "hanya dengan ?include_ended=1", {200: DelegationList}, query=DelegationQuery)
def list_delegations():
    query = parse_query(DelegationQuery)
    me = actor()
    if query.user and not me.is_admin and query.user.strip().lower() != me.username:
        raise NotAllowed("Hanya admin yang boleh melihat penunjukan pengguna lain")
    found = delegations.list_delegations(runtime(), me, username=query.user, include_ended=query.include_ended)
    return jsonify({"items": [delegation_json(d) for d in found]})


@bp.post("/delegations")
@describe("Tunjuk Plt./Plh. (pejabat itu sendiri, atau admin untuknya)",
          {201: (Delegation, "Penunjukan dibuat"),
           422: (None, "Isian tidak sah; setiap masalah menyebut isiannya (field)")}, body=DelegationInput)
def create_delegation():
    body = parse_body(DelegationInput, error=DelegationError, message="Penunjukan Plt./Plh. tidak dapat disimpan")
    me = actor()
    info = delegations.create_delegation(runtime(), me, official=body.official or me.username,
                                         delegate=body.delegate, kind=body.kind, decree=body.decree,
                                         starts_on=body.starts_on, ends_on=body.ends_on, roles=body.roles)
    response = jsonify(delegation_json(info))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_delegation", delegation_id=info.id)
    return response


@bp.get("/delegations/<int:delegation_id>")
@describe("Satu penunjukan Plt./Plh. (pejabat, yang ditunjuk, admin)", {200: Delegation})
def get_delegation(delegation_id: int):
    return jsonify(delegation_json(delegations.get_delegation(runtime(), actor(), delegation_id)))


@bp.delete("/delegations/<int:delegation_id>")
@describe("Cabut penunjukan sekarang (pejabat, yang ditunjuk, admin); jawabannya penunjukan itu. Yang sudah "
          "berakhir tetap seperti adanya.", {200: Delegation})
def revoke_delegation(delegation_id: int):
    return jsonify(delegation_json(delegations.revoke_delegation(runtime(), actor(), delegation_id)))


@bp.get("/delegations/<int:delegation_id>/actions")
@describe("Tindakan yang dilakukan di bawah penunjukan ini (langkah, kasus, waktu)", {200: DelegatedActionList})
def delegation_actions(delegation_id: int):
    entries = delegations.actions_under(runtime(), actor(), delegation_id)
    return jsonify({"items": [action_json(e) for e in entries]})
