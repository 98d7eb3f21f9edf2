"""/instances: cases, starting one (POST /processes/{id}/instances) and moving one to another version."""
from __future__ import annotations

from dataclasses import asdict

from flask import jsonify, url_for

from engine.cases import parties, queries, starting
from engine.cases.migrate import migrate_case, preview_migration
from engine.records import Page, to_dict

from ..runtime import runtime
from . import responses
from .blueprint import actor, bp
from .models import InstanceQuery, MigrateInput, PartiesInput, StartInput
from .operations import describe
from .requests import parse_body, parse_query


def page_json(page: Page) -> dict:
    return {"items": [to_dict(i) for i in page.items], "total": page.total, "total_exact": page.total_exact,
            "page": page.page, "per_page": page.per_page, "pages": page.pages}


def case_json(detail) -> dict:
    return {
        **to_dict(detail.case),
        "open_tasks": [to_dict(t) for t in detail.open_tasks],
        "history": [to_dict(h) for h in detail.history],
        "data": detail.data,
        "pending_timers": [{**t, "due_at": t["due_at"].isoformat()} for t in detail.pending_timers],
    }


@bp.post("/processes/<process_id>/instances")
@describe("Mulai kasus baru dari salah satu lajur mulai yang dipegang pengguna (start_lane); parties: pihak luar "
          "yang diikat sejak awal", {201: responses.Instance, 422: (responses.ProblemError, "Isian tidak sah")},
          body=StartInput, body_required=False)
def start_instance(process_id: str):
    body = parse_body(StartInput, message="Judul harus teks")
    info, detail = starting.start_and_get_case(runtime(), actor(), process_id, title=body.title,
                                               start_lane=body.start_lane, parties=body.parties,
                                               with_history=True)
    response = jsonify(case_json(detail))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_instance", case_id=info.id)
    return response


@bp.get("/instances")
@describe("Kasus yang boleh dilihat", {200: responses.InstancePage}, query=InstanceQuery)
def list_instances():
    query = parse_query(InstanceQuery)
    page = queries.list_cases(runtime(), actor(), status=query.status or None, process_id=query.process_id or None,
                              page=query.page, per_page=query.per_page)
    return jsonify(page_json(page))


@bp.get("/instances/<int:case_id>")
@describe("Status kasus, tugas terbuka, riwayat", {200: responses.Instance})
def get_instance(case_id: int):
    return jsonify(case_json(queries.get_case(runtime(), actor(), case_id)))


@bp.post("/instances/<int:case_id>/parties")
@describe("Ikat pengguna pada lajur pihak luar kasus berjalan (staf kasus)",
          {200: responses.PartiesAdded, 409: (responses.Error, "Kasus sudah tidak berjalan"),
           422: (responses.ProblemError, "Lajur atau pengguna tidak sah")}, body=PartiesInput)
def invite_parties(case_id: int):
    body = parse_body(PartiesInput, message="Isian tidak sah")
    added = parties.invite_parties(runtime(), actor(), case_id, body.lane, body.usernames)
    return jsonify({"lane": body.lane, "added": added})


@bp.post("/instances/<int:case_id>/migrate")
@describe("Pindahkan kasus berjalan ke versi lain (admin); dry_run hanya merencanakan",
          {200: responses.MigrationPlan, 409: (responses.Error, "Tidak dapat dipindahkan")}, body=MigrateInput,
          body_required=False)
def migrate_instance(case_id: int):
    """Move a running case to another version (default: latest); ``dry_run`` only plans."""
    body = parse_body(MigrateInput, message="to_version harus bilangan bulat")
    if body.dry_run:
        return jsonify(asdict(preview_migration(runtime(), actor(), case_id, body.to_version)))
    return jsonify(asdict(migrate_case(runtime(), actor(), case_id, body.to_version)))
