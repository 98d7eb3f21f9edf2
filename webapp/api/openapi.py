"""The OpenAPI 3.1 document of /api/v1, generated: the paths from the app's route table, each
operation from the description on its view (webapp.api.operations), the schemas from the
pydantic models (webapp.api.models, webapp.api.responses)."""
from __future__ import annotations

import re

from flask import current_app, jsonify
from pydantic import BaseModel

from . import responses
from .blueprint import bp
from .operations import COMMON_ANSWERS, Operation, describe

REF = "#/components/schemas/{model}"
ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")
PARAMETER_TYPES = {"int": "integer", "float": "number"}
DESCRIPTIONS = {200: "OK", 201: "Dibuat", 204: "Tanpa isi", 409: "Konflik", 422: "Isian tidak sah"}
INFO = {
    "title": "Alur API", "version": "1.0.0",
    "description": "Menjalankan SOP pengadaan sebagai proses BPMN: deploy diagram, mulai kasus, kerjakan tugas. "
                   "Autentikasi: token API per pengguna (`alur token create NAMA`).",
}


@bp.get("/openapi.json")
@describe("Dokumen OpenAPI ini", {200: {"type": "object"}}, public=True)
def openapi():
    return jsonify(build_document(current_app))


class Schemas:
    """The components/schemas section, filled as operations refer to models."""

    def __init__(self):
        self.found: dict[str, dict] = {}

    def ref(self, model: type[BaseModel], mode: str = "serialization") -> dict:
        name = model.__name__
        if name not in self.found:
            schema = model.model_json_schema(ref_template=REF, mode=mode)
            self.found.update(schema.pop("$defs", {}))
            self.found[name] = schema
        return {"$ref": REF.format(model=name)}

    def schema(self, value, mode: str = "serialization") -> dict:
        if isinstance(value, type) and issubclass(value, BaseModel):
            return self.ref(value, mode)
        return value


def build_document(app) -> dict:
    schemas = Schemas()
    paths: dict[str, dict] = {}
    prefix = bp.url_prefix or ""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        operation = getattr(app.view_functions.get(rule.endpoint), "operation", None)
        if not rule.endpoint.startswith(f"{bp.name}.") or operation is None:
            continue
        path = ARGUMENT.sub(lambda m: "{" + m["name"] + "}", rule.rule[len(prefix):])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = operation_json(operation, rule.rule, schemas)
    return {
        "openapi": "3.1.0",
        "info": INFO,
        "servers": [{"url": prefix}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": dict(sorted(schemas.found.items()))},
    }


def operation_json(operation: Operation, rule: str, schemas: Schemas) -> dict:
    out: dict = {"summary": operation.summary}
    parameters = path_parameters(operation, rule) + query_parameters(operation)
    if parameters:
        out["parameters"] = parameters
    if operation.body is not None:
        out["requestBody"] = {"required": operation.body_required, "content": {
            operation.body_type: {"schema": schemas.schema(operation.body, "validation")}}}
    answers = dict(operation.answers)
    if not operation.public:
        answers = {**answers, **{k: v for k, v in COMMON_ANSWERS.items() if k not in answers}}
        if operation.body is not None and operation.body_type == "application/json":
            answers.setdefault(422, None)
    else:
        out["security"] = []
    out["responses"] = {str(status): answer_json(status, answer, schemas)
                        for status, answer in sorted(answers.items())}
    return out


def answer_json(status: int, answer, schemas: Schemas) -> dict:
    description = DESCRIPTIONS.get(status, "")
    if isinstance(answer, tuple):
        answer, description = answer
    if answer is None and status == 422:
        answer = responses.ProblemError
    if answer is None:
        return {"description": description or "Tanpa isi"}
    if isinstance(answer, str):  # a media type without a schema
        return {"description": description, "content": {answer: {}}}
    return {"description": description, "content": {"application/json": {"schema": schemas.schema(answer)}}}


def path_parameters(operation: Operation, rule: str) -> list[dict]:
    found = []
    for match in ARGUMENT.finditer(rule):
        kind = PARAMETER_TYPES.get(match["converter"] or "", "string")
        schema = {"type": kind, **operation.path.get(match["name"], {})}
        found.append({"name": match["name"], "in": "path", "required": True, "schema": schema})
    return found


def query_parameters(operation: Operation) -> list[dict]:
    if operation.query is None:
        return []
    properties = operation.query.model_json_schema()["properties"]
    return [{"name": name, "in": "query", "required": info.is_required(), "schema": properties[name]}
            for name, info in operation.query.model_fields.items()]
