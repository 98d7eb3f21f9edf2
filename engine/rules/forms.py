"""Step forms: JSON Schema with UI hints, read at deploy time, validated on the server."""
from __future__ import annotations

import json
import re
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from engine.errors import DeployError, FormValidationError, Problem

FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
MAX_FORM_BYTES = 256 * 1024

DEFAULT_FORM = {
    "title": "",
    "schema": {
        "type": "object",
        "properties": {"note": {"type": "string", "title": "Catatan", "maxLength": 4000}},
    },
    "ui": {"order": ["note"], "fields": {"note": {"widget": "textarea"}}},
    "attachments": [],
}

MESSAGES = {
    "required": "wajib diisi",
    "enum": "pilihan tidak sah",
    "type": "jenis isian tidak sesuai",
    "minItems": "belum lengkap: semua butir wajib dicentang",
    "maxLength": "terlalu panjang",
    "minLength": "terlalu pendek",
    "format": "format tidak sesuai",
    "pattern": "format tidak sesuai",
    "uniqueItems": "ada butir ganda",
    "minimum": "terlalu kecil",
    "maximum": "terlalu besar",
}


def read_form_file(path: Path, process_id: str) -> dict:
    """Read and check one form file; problems name the file and the field."""
    where = f"forms/{process_id}/{path.name}"
    if path.stat().st_size > MAX_FORM_BYTES:
        raise DeployError("Formulir terlalu besar", [Problem("berkas formulir melebihi 256 KB", file=where)])
    try:
        form = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise DeployError("Formulir bukan JSON yang sah", [Problem(str(exc), line=line, file=where)]) from None
    check_form(form, where)
    return form


def check_form(form: dict, where: str) -> None:
    problems = []
    if not isinstance(form, dict) or not isinstance(form.get("schema"), dict):
        raise DeployError("Formulir tidak sah", [Problem("formulir harus objek dengan kunci 'schema'", file=where)])
    schema = form["schema"]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        problems.append(Problem(f"JSON Schema tidak sah: {exc.message}", file=where))
    if schema.get("type") != "object":
        problems.append(Problem("schema.type harus 'object'", file=where))
    for name in (schema.get("properties") or {}):
        if not FIELD_NAME.match(name):
            problems.append(Problem("nama isian harus pengenal (huruf, angka, garis bawah)", field=name, file=where))
    for attachment in form.get("attachments", []) or []:
        if not isinstance(attachment, dict) or not FIELD_NAME.match(str(attachment.get("name", ""))):
            problems.append(Problem("lampiran harus punya 'name' berupa pengenal", file=where))
    if problems:
        raise DeployError("Formulir tidak sah", problems)


def load_forms(forms_dir: Path | None, process_id: str, task_refs) -> dict:
    """Forms of one process for the given task ids, read from ``forms_dir/<process_id>/``."""
    forms = {}
    if forms_dir is None:
        return forms
    folder = Path(forms_dir) / process_id
    if not folder.is_dir():
        return forms
    for task_ref in task_refs:
        path = folder / f"{task_ref}.json"
        if path.is_file():
            forms[task_ref] = read_form_file(path, process_id)
    return forms


def form_for(catalog, task_ref: str) -> dict:
    """The form of a step of a ``engine.diagrams.catalog.Catalog`` (the default form if it has none)."""
    form = catalog.forms.get(task_ref)
    if form is None:
        form = dict(DEFAULT_FORM)
        step = catalog.steps.get(task_ref)
        form["title"] = step.name if step is not None else task_ref
    return form


def validate_submission(form: dict, data: dict) -> dict:
    """Check submitted data against the form; return the cleaned data or raise."""
    if not isinstance(data, dict):
        raise FormValidationError("Data formulir harus berupa objek JSON", [Problem("bukan objek")])
    schema = form["schema"]
    properties = schema.get("properties") or {}
    problems = []
    cleaned = {}
    for key, value in data.items():
        if key not in properties:
            problems.append(Problem("isian tidak dikenal pada formulir langkah ini", field=str(key)))
            continue
        if value == "" and key not in schema.get("required", []):
            continue  # an empty optional text box is no answer
        cleaned[key] = value
    validator = Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(cleaned), key=lambda e: list(e.absolute_path)):
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else None
            field = missing
        else:
            field = ".".join(str(p) for p in error.absolute_path) or None
        title = properties.get(field, {}).get("title") if field in properties else None
        message = MESSAGES.get(error.validator, error.message)
        if title:
            message = f"{title}: {message}"
        problems.append(Problem(message, field=field))
    if problems:
        raise FormValidationError("Isian formulir belum benar", problems)
    return cleaned


def required_attachments(form: dict) -> list[str]:
    return [a["name"] for a in form.get("attachments", []) or [] if a.get("required")]


TRUE_TEXTS = ("on", "true", "1", "ya")


def coerce_submission(form: dict, posted: dict[str, list[str]]) -> dict:
    """Posted form fields (each name with all its texts, as an HTML form sends them) turned into
    the types of the form's schema, for ``validate_submission``: lists for arrays, a ticked box
    for booleans, numbers where they parse (left as text otherwise, so validation names them);
    empty fields are left out, text is trimmed except in text areas."""
    data = {}
    for name, prop in (form["schema"].get("properties") or {}).items():
        kind = prop.get("type")
        values = list(posted.get(name) or [])
        if kind == "array":
            if values and "enum" not in (prop.get("items") or {}):
                # free items (usernames typed in one box): split on commas and white space
                values = [item for value in values for item in re.split(r"[\s,;]+", value) if item]
            if values:
                data[name] = values
            continue
        if kind == "boolean":
            data[name] = bool(values) and values[0] in TRUE_TEXTS
            continue
        raw = values[0] if values else None
        if raw is None or raw == "":
            continue
        if kind == "integer":
            data[name] = parse_or_keep(int, raw)
        elif kind == "number":
            data[name] = parse_or_keep(float, raw.replace(",", "."), raw)
        else:
            data[name] = raw.strip() if prop.get("format") != "textarea" else raw
    return data


def parse_or_keep(kind, text: str, fallback: str | None = None):
    try:
        return kind(text)
    except ValueError:
        return text if fallback is None else fallback
