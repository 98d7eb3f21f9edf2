"""Engine errors → HTTP status codes; JSON under /api, pages elsewhere. Never a stack trace."""
from __future__ import annotations

import logging

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from engine.errors import AlurError, ProblemsError

log = logging.getLogger("alur.web")

HTTP_MESSAGES = {
    400: "Permintaan tidak sah",
    401: "Perlu masuk",
    403: "Tidak diizinkan",
    404: "Tidak ditemukan",
    405: "Metode tidak diizinkan",
    409: "Konflik",
    413: "Berkas terlalu besar",
    422: "Data tidak dapat diproses",
    500: "Kesalahan pada server",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, body: dict):
    if wants_json():
        return jsonify(body), status
    return render_template("error.html", status=status, title=HTTP_MESSAGES.get(status, "Kesalahan"),
                           body=body), status


def init_app(app) -> None:
    @app.errorhandler(AlurError)
    def handle_alur_error(exc: AlurError):
        return error_response(exc.status, exc.to_dict())

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError):
        return error_response(400, {"error": "CSRFError",
                                    "message": "Sesi formulir kedaluwarsa; muat ulang halaman lalu coba lagi."})

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        status = exc.code or 500
        return error_response(status, {"error": type(exc).__name__,
                                       "message": HTTP_MESSAGES.get(status, exc.name)})

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, {"error": "InternalError",
                                    "message": "Terjadi kesalahan tak terduga; sudah dicatat di log server."})


def problems_of(exc: ProblemsError) -> dict[str, list[str]]:
    """Problems grouped by form field, for showing next to the inputs."""
    grouped: dict[str, list[str]] = {}
    for problem in exc.problems:
        grouped.setdefault(problem.field or "", []).append(problem.message)
    return grouped
