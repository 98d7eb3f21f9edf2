"""/processes: deployed processes, their versions and BPMN; deploying a diagram (admin)."""
from __future__ import annotations

from flask import Response, jsonify, request

from engine.access import check_admin
from engine.cases import starting
from engine.diagrams import deploy
from engine.errors import Problem, ProblemsError
from engine.records import to_dict

from ..runtime import runtime
from . import responses
from .blueprint import actor, bp
from .models import DiagramUpload
from .operations import describe


@bp.get("/processes")
@describe("Proses yang boleh dilihat pengguna (versi terbaru), dengan lajur yang boleh ia pakai untuk memulai",
          {200: responses.ProcessList})
def list_processes():
    startable = {info.process_id: lanes for info, lanes in starting.startable_processes(runtime(), actor())}
    return jsonify({"items": [{**to_dict(v), "my_start_lanes": startable.get(v.process_id, [])}
                              for v in starting.visible_processes(runtime(), actor())]})


@bp.post("/processes")
@describe("Deploy berkas .bpmn sebagai versi baru (admin)",
          {201: (responses.DeployResult, "Versi baru dibuat"),
           200: (responses.DeployResult, "Isi sama dengan versi terbaru; tidak berubah"),
           422: (responses.ProblemError, "Diagram tidak sah; daftar masalah")},
          body=DiagramUpload, body_type="multipart/form-data")
def deploy_process():
    check_admin(actor(), "mendeploy diagram")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ProblemsError("Unggah berkas .bpmn pada isian 'file' (multipart/form-data)",
                            [Problem("berkas tidak ada", field="file")])
    results = deploy.deploy_diagram(runtime(), actor(), upload.read(), upload.filename)
    created = any(r.created for r in results)
    return jsonify({"items": [to_dict(r) for r in results]}), (201 if created else 200)


@bp.get("/processes/<process_id>")
@describe("Proses, langkah (Mutu Baku) dan versinya", {200: responses.ProcessDetail})
def get_process(process_id: str):
    starting.check_process_visible(runtime(), actor(), process_id)
    version, steps = deploy.get_steps(runtime(), process_id)
    return jsonify({"process": to_dict(version), "steps": [to_dict(s) for s in steps],
                    "versions": [to_dict(v) for v in deploy.list_versions(runtime(), process_id)]})


@bp.get("/processes/<process_id>/versions/<int:version>/bpmn")
@describe("XML BPMN sebuah versi", {200: ("application/xml", "BPMN XML")})
def get_process_xml(process_id: str, version: int):
    starting.check_process_visible(runtime(), actor(), process_id)
    _, xml = deploy.get_version_xml(runtime(), process_id, version)
    return Response(xml, mimetype="application/xml")
