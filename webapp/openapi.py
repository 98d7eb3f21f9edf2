"""The OpenAPI 3 description of /api/v1."""
from __future__ import annotations


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "401": _json(_ref("Error"), "Token tidak ada atau tidak sah"),
    "403": _json(_ref("Error"), "Peran pengguna tidak mengizinkan"),
    "404": _json(_ref("Error"), "Tidak ditemukan"),
}


def _page(item: str) -> dict:
    return {"type": "object", "properties": {
        "items": {"type": "array", "items": _ref(item)}, "total": {"type": "integer"},
        "page": {"type": "integer"}, "per_page": {"type": "integer"}, "pages": {"type": "integer"}}}


PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 25}},
]


def openapi_document() -> dict:
    task_id = {"name": "task_id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
    process_id = {"name": "process_id", "in": "path", "required": True, "schema": {"type": "string"}}
    unit_id = {"name": "unit_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    office_hours = {"type": "object", "nullable": True,
                    "description": "Jam kantor per hari (0 = Senin .. 6 = Minggu): [buka, tutup] atau null (tutup); "
                                   "hari yang tidak disebut tetap 07:30-16:00 (Jumat 16:30). Juga boleh teks JSON. "
                                   "null: jam kantor instalasi (ALUR_OFFICE_HOURS).",
                    "additionalProperties": {"type": "array", "nullable": True, "minItems": 2, "maxItems": 2,
                                             "items": {"type": "string", "example": "08:00"}},
                    "example": {"0": ["08:00", "16:00"], "4": ["08:00", "16:30"], "5": None}}
    unit_fields = {
        "code": {"type": "string", "pattern": "^[a-z][a-z0-9-]{1,59}$", "example": "ukpbj-makassar"},
        "name": {"type": "string", "maxLength": 200, "example": "UKPBJ Kota Makassar"},
        "timezone": {"type": "string", "example": "WITA",
                     "description": "WIB, WITA, WIT atau nama IANA (Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"},
        "office_hours": office_hours,
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Alur API", "version": "1.0.0",
                 "description": "Menjalankan SOP pengadaan sebagai proses BPMN: deploy diagram, mulai kasus, "
                                "kerjakan tugas. Autentikasi: token API per pengguna (`alur token create NAMA`)."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/me": {"get": {"summary": "Pengguna pemilik token", "responses": {"200": _json(_ref("User")), **ERRORS}}},
            "/processes": {
                "get": {"summary": "Proses yang dideploy (versi terbaru)",
                        "responses": {"200": _json({"type": "object", "properties": {
                            "items": {"type": "array", "items": _ref("ProcessVersion")}}}), **ERRORS}},
                "post": {"summary": "Deploy berkas .bpmn sebagai versi baru (admin)",
                         "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                             "type": "object", "required": ["file"],
                             "properties": {"file": {"type": "string", "format": "binary"}}}}}},
                         "responses": {"201": _json({"type": "object"}, "Versi baru dibuat"),
                                       "200": _json({"type": "object"}, "Isi sama dengan versi terbaru; tidak berubah"),
                                       "422": _json(_ref("ProblemError"), "Diagram tidak sah; daftar masalah"),
                                       **ERRORS}},
            },
            "/processes/{process_id}": {"get": {"summary": "Proses, langkah (Mutu Baku) dan versinya",
                                                "parameters": [process_id],
                                                "responses": {"200": _json({"type": "object"}), **ERRORS}}},
            "/processes/{process_id}/versions/{version}/bpmn": {"get": {
                "summary": "XML BPMN sebuah versi",
                "parameters": [process_id, {"name": "version", "in": "path", "required": True,
                                            "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "BPMN XML", "content": {"application/xml": {}}}, **ERRORS}}},
            "/processes/{process_id}/instances": {"post": {
                "summary": "Mulai kasus baru (peran lajur langkah pertama)",
                "parameters": [process_id],
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "properties": {"title": {"type": "string", "maxLength": 300}}}}}},
                "responses": {"201": _json(_ref("Instance")), **ERRORS}}},
            "/instances": {"get": {"summary": "Kasus yang boleh dilihat",
                                   "parameters": PAGING + [
                                       {"name": "status", "in": "query", "schema": {
                                           "type": "string", "enum": ["running", "completed", "cancelled"]}},
                                       {"name": "process_id", "in": "query", "schema": {"type": "string"}}],
                                   "responses": {"200": _json(_page("InstanceSummary")), **ERRORS}}},
            "/instances/{case_id}": {"get": {
                "summary": "Status kasus, tugas terbuka, riwayat",
                "parameters": [{"name": "case_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": _json(_ref("Instance")), **ERRORS}}},
            "/instances/{case_id}/migrate": {"post": {
                "summary": "Pindahkan kasus berjalan ke versi lain (admin); dry_run hanya merencanakan",
                "parameters": [{"name": "case_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                    "to_version": {"type": "integer"}, "dry_run": {"type": "boolean"}}}}}},
                "responses": {"200": _json({"type": "object"}), "409": _json(_ref("Error"), "Tidak dapat dipindahkan"),
                              **ERRORS}}},
            "/tasks": {"get": {"summary": "Tugas pada lajur peran pengguna",
                               "parameters": PAGING + [
                                   {"name": "status", "in": "query", "schema": {
                                       "type": "string", "enum": ["ready", "completed", "cancelled"],
                                       "default": "ready"}},
                                   {"name": "process_id", "in": "query", "schema": {"type": "string"}},
                                   {"name": "overdue", "in": "query", "schema": {"type": "boolean"}}],
                               "responses": {"200": _json(_page("Task")), **ERRORS}}},
            "/tasks/{task_id}": {"get": {"summary": "Tugas dengan langkah, formulir dan data kasus",
                                         "parameters": [task_id],
                                         "responses": {"200": _json(_ref("TaskDetail")), **ERRORS}}},
            "/tasks/{task_id}/complete": {"post": {
                "summary": "Selesaikan tugas; badan JSON = isian formulir",
                "parameters": [task_id],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {"200": _json({"type": "object", "properties": {
                    "task": _ref("Task"), "instance": _ref("Instance")}}),
                    "409": _json(_ref("Error"), "Tugas sudah diselesaikan orang lain"),
                    "422": _json(_ref("ProblemError"), "Isian tidak sah"), **ERRORS}}},
            "/tasks/{task_id}/attachments": {"post": {
                "summary": "Lampirkan dokumen keluaran",
                "parameters": [task_id],
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "required": ["field", "file"],
                    "properties": {"field": {"type": "string"}, "file": {"type": "string", "format": "binary"}}}}}},
                "responses": {"201": _json({"type": "object"}), "422": _json(_ref("ProblemError")), **ERRORS}}},
            "/units": {
                "get": {"summary": "Unit organisasi dengan zona waktu dan jam kantornya (admin)",
                        "responses": {"200": _json({"type": "object", "properties": {
                            "items": {"type": "array", "items": _ref("Unit")}}}), **ERRORS}},
                "post": {"summary": "Buat unit organisasi (admin)",
                         "requestBody": {"required": True, "content": {"application/json": {
                             "schema": _ref("UnitInput")}}},
                         "responses": {"201": _json(_ref("Unit"), "Unit dibuat"),
                                       "409": _json(_ref("Error"), "Kode unit sudah dipakai"),
                                       "422": _json(_ref("ProblemError"),
                                                    "Isian tidak sah; setiap masalah menyebut isiannya (field)"),
                                       **ERRORS}},
            },
            "/units/{unit_id}": {
                "parameters": [unit_id],
                "get": {"summary": "Satu unit organisasi (admin)", "responses": {"200": _json(_ref("Unit")), **ERRORS}},
                "patch": {"summary": "Ubah isian unit yang dikirim (admin); office_hours null = jam kantor instalasi. "
                                     "Batas waktu yang sudah diberikan tidak dihitung ulang.",
                          "requestBody": {"required": True, "content": {"application/json": {
                              "schema": _ref("UnitPatch")}}},
                          "responses": {"200": _json(_ref("Unit")),
                                        "409": _json(_ref("Error"), "Kode unit sudah dipakai"),
                                        "422": _json(_ref("ProblemError"), "Isian tidak sah"), **ERRORS}},
                "delete": {"summary": "Hapus unit (admin) beserta penutupan kalendernya sendiri; ditolak selama "
                                      "masih ada pengguna atau kasus di unit ini",
                           "responses": {"204": {"description": "Unit dihapus"},
                                         "409": _json(_ref("Error"), "Unit masih dipakai pengguna atau kasus"),
                                         **ERRORS}},
            },
            "/calendar/closures": {
                "get": {"summary": "Penutupan kantor (di luar libur nasional dan cuti bersama) (admin)",
                        "parameters": [{"name": "year", "in": "query", "schema": {"type": "integer"}}],
                        "responses": {"200": _json({"type": "object", "properties": {
                            "items": {"type": "array", "items": _ref("Closure")}}}), **ERRORS}},
                "post": {"summary": "Tutup kantor pada satu tanggal, untuk semua unit atau satu unit (admin). "
                                    "Jawabannya menyebut berapa langkah terbuka berbatas waktu pada/setelah tanggal "
                                    "itu; POST /calendar/recount menghitung ulang batas waktunya.",
                         "requestBody": {"required": True, "content": {"application/json": {"schema": {
                             "type": "object", "required": ["day", "reason"], "properties": {
                                 "day": {"type": "string", "format": "date"}, "reason": {"type": "string"},
                                 "unit": {"type": "string", "description": "kode unit; kosong = semua unit"}}}}}},
                         "responses": {"201": _json({"allOf": [_ref("Closure"), {"type": "object", "properties": {
                             "open_steps_due_from": {"type": "integer"}}}]}),
                             "409": _json(_ref("Error"), "Tanggal itu sudah ditutup"),
                             "422": _json(_ref("ProblemError"), "Isian tidak sah"), **ERRORS}},
            },
            "/calendar/closures/{day}": {"delete": {
                "summary": "Hapus penutupan (admin); ?unit=KODE untuk penutupan satu unit",
                "parameters": [{"name": "day", "in": "path", "required": True, "schema": {"type": "string",
                                                                                         "format": "date"}},
                               {"name": "unit", "in": "query", "schema": {"type": "string"}}],
                "responses": {"204": {"description": "Penutupan dihapus"}, **ERRORS}}},
            "/calendar/recount": {"post": {
                "summary": "Hitung ulang batas waktu langkah terbuka yang jatuh pada/setelah tanggal itu dengan "
                           "kalender kerja sekarang (admin); timer, batas waktu dan pengingat ikut berpindah",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["day"], "properties": {
                        "day": {"type": "string", "format": "date"}, "unit": {"type": "string"}}}}}},
                "responses": {"200": _json({"type": "object", "properties": {
                    "cases": {"type": "integer"}, "open_steps": {"type": "integer"},
                    "changed": {"type": "integer"}}}), "422": _json(_ref("ProblemError")), **ERRORS}}},
            "/attachments/{attachment_id}": {"get": {
                "summary": "Unduh lampiran",
                "parameters": [{"name": "attachment_id", "in": "path", "required": True,
                                "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "Isi berkas"}, **ERRORS}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Closure": {"type": "object", "properties": {
                    "day": {"type": "string", "format": "date"}, "reason": {"type": "string"},
                    "created_by": {"type": "string"}, "unit": {"type": "string", "nullable": True},
                    "applies_to": {"type": "string"}}},
                "Error": {"type": "object", "required": ["error", "message"],
                          "properties": {"error": {"type": "string"}, "message": {"type": "string"}}},
                "Problem": {"type": "object", "required": ["message"], "properties": {
                    "message": {"type": "string"}, "element_id": {"type": "string"}, "line": {"type": "integer"},
                    "field": {"type": "string"}, "file": {"type": "string"}}},
                "ProblemError": {"allOf": [_ref("Error"), {"type": "object", "properties": {
                    "problems": {"type": "array", "items": _ref("Problem")}}}]},
                "User": {"type": "object", "properties": {"username": {"type": "string"},
                                                          "full_name": {"type": "string"},
                                                          "roles": {"type": "array", "items": {"type": "string"}},
                                                          "unit": {"allOf": [_ref("Unit")], "nullable": True}}},
                "UnitInput": {"type": "object", "required": ["code", "name", "timezone"], "properties": unit_fields,
                              "additionalProperties": False},
                "UnitPatch": {"type": "object", "properties": unit_fields, "additionalProperties": False},
                "Unit": {"type": "object", "properties": {
                    "id": {"type": "integer"}, **unit_fields,
                    "timezone": {"type": "string", "description": "nama IANA", "example": "Asia/Makassar"},
                    "zone": {"type": "string", "example": "WITA"},
                    "office_hours_effective": {"type": "object", "description": "jam kantor yang berlaku, 7 hari"},
                    "office_hours_text": {"type": "string",
                                          "example": "Senin–Kamis 07.30–16.00, Jumat 07.30–16.30; Sabtu, Minggu tutup"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "users": {"type": "integer"}, "cases": {"type": "integer"},
                    "closures": {"type": "integer", "description": "penutupan kalender khusus unit ini"}}},
                "ProcessVersion": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "process_id": {"type": "string"}, "version": {"type": "integer"},
                    "name": {"type": "string"}, "content_hash": {"type": "string"},
                    "start_lane": {"type": "string", "nullable": True},
                    "lanes": {"type": "array", "items": {"type": "string"}},
                    "deployed_by": {"type": "string"}, "deployed_at": {"type": "string", "format": "date-time"},
                    "created": {"type": "boolean"}}},
                "Task": {"type": "object", "properties": {
                    "id": {"type": "string"}, "case_id": {"type": "integer"}, "process_id": {"type": "string"},
                    "task_ref": {"type": "string"}, "name": {"type": "string"},
                    "lane": {"type": "string", "nullable": True}, "status": {"type": "string"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "due_at": {"type": "string", "format": "date-time", "nullable": True},
                    "late": {"type": "boolean"},
                    "timezone": {"type": "string", "nullable": True,
                                 "description": "zona waktu (IANA) unit kasusnya; null = zona instalasi"},
                    "unit_id": {"type": "integer", "nullable": True}}},
                "TaskDetail": {"allOf": [_ref("Task"), {"type": "object", "properties": {
                    "step": {"type": "object"}, "form": {"type": "object"}, "case_data": {"type": "object"},
                    "attachments": {"type": "array", "items": {"type": "object"}},
                    "may_complete": {"type": "boolean"}}}]},
                "InstanceSummary": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "process_id": {"type": "string"}, "version": {"type": "integer"},
                    "title": {"type": "string"}, "status": {"type": "string"},
                    "started_by": {"type": "string"}, "started_at": {"type": "string", "format": "date-time"},
                    "timezone": {"type": "string", "nullable": True,
                                 "description": "zona waktu (IANA) unit kasus; null = zona instalasi"},
                    "unit_id": {"type": "integer", "nullable": True}}},
                "Instance": {"allOf": [_ref("InstanceSummary"), {"type": "object", "properties": {
                    "open_tasks": {"type": "array", "items": _ref("Task")},
                    "history": {"type": "array", "items": {"type": "object"}},
                    "data": {"type": "object"}, "pending_timers": {"type": "array", "items": {"type": "object"}}}}]},
            },
        },
    }
