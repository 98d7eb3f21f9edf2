"""Reading a BPMN document: validation with element ids and lines, and SpiffWorkflow
specs with Alur's timers. The XML is parsed by ``engine.diagrams.bpmn_xml``; the step
catalog of each valid process is built by ``engine.diagrams.catalog_build``.

Everything wrong with a document is collected into one :class:`DeployError` whose
problems name the element and the line, so a modeller can fix them all at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.exceptions import SpiffWorkflowException

from engine.diagrams.bpmn_xml import (
    ALUR_NS,
    BPMN_NS,
    NS,
    local,
    make_xml_parser,
    parse_xml,
    text_of,
)
from engine.diagrams.catalog import Catalog
from engine.diagrams.catalog_build import build_catalog
from engine.diagrams.lane_checks import check_lanes, check_party_bindings
from engine.errors import DeployError, ExpressionError, Problem
from engine.rules.durations import match_duration
from engine.rules.expressions import check_expression, literal_value
from engine.spiff.timer_events import to_alur_timer

MAX_FLOW_NODES = 2000

# Elements SpiffWorkflow would run as Python, or that Alur does not run yet.
REFUSED_ELEMENTS = {
    "scriptTask": "Script task ditolak: Alur belum menjalankan skrip dari diagram yang diunggah",
    "complexGateway": "Complex gateway tidak didukung",
}
# Elements that may hold code for SpiffWorkflow (pre/post scripts).
CODE_EXTENSIONS = ("preScript", "postScript", "script", "calledDecisionId")

FLOW_NODE_TAGS = {
    "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
    "task", "userTask", "manualTask", "serviceTask", "sendTask", "receiveTask", "scriptTask",
    "businessRuleTask", "callActivity", "subProcess", "transaction", "adHocSubProcess",
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
}


@dataclass
class ParsedProcess:
    process_id: str
    name: str
    spec: Any
    subprocess_specs: dict
    catalog: Catalog
    called_elements: list[str] = field(default_factory=list)


@dataclass
class ParsedDiagram:
    filename: str
    processes: list[ParsedProcess]


_validator: BpmnValidator | None = None


def schema_problems(root, filename: str) -> list[Problem]:
    """BPMN XSD validation, with the line of each error."""
    global _validator
    if _validator is None:
        _validator = BpmnValidator()
    validator = _validator.validator
    # Work on a copy: SpiffWorkflow's preprocess renames some tags.
    copy = etree.fromstring(etree.tostring(root), make_xml_parser())
    _validator.preprocess(copy)
    if validator.validate(copy):
        return []
    problems = []
    for error in list(validator.error_log)[:20]:
        problems.append(Problem(f"tidak sesuai skema BPMN: {error.message}", line=error.line, file=filename))
    return problems


def check_structure(root, filename: str) -> list[Problem]:
    """Checks SpiffWorkflow does not make, or makes with unclear messages."""
    problems: list[Problem] = []
    processes = root.findall(f"{{{BPMN_NS}}}process")
    executable = [p for p in processes if p.get("isExecutable") == "true"]
    if not processes:
        problems.append(Problem("dokumen tidak memuat proses (bpmn:process)", line=root.sourceline, file=filename))
        return problems
    if not executable:
        ids = ", ".join(p.get("id", "?") for p in processes)
        problems.append(
            Problem(
                f"tidak ada proses yang ditandai dapat dijalankan (isExecutable=\"true\"); proses: {ids}",
                element_id=processes[0].get("id"),
                line=processes[0].sourceline,
                file=filename,
            )
        )
        return problems

    all_ids: dict[str, Any] = {}
    for element in root.iter():
        element_id = element.get("id") if isinstance(element.tag, str) else None
        if element_id:
            if element_id in all_ids and etree.QName(element).namespace == BPMN_NS:
                problems.append(
                    Problem(f"id '{element_id}' dipakai dua kali", element_id=element_id,
                            line=element.sourceline, file=filename)
                )
            all_ids.setdefault(element_id, element)

    for process in executable:
        problems.extend(check_process(process, filename))
    return problems


def check_process(process, filename: str) -> list[Problem]:
    problems: list[Problem] = []
    node_count = 0
    containers = [process] + process.findall(".//bpmn:subProcess", NS) + process.findall(".//bpmn:transaction", NS)
    for element in process.iter():
        if not isinstance(element.tag, str):
            continue
        name = local(element.tag)
        namespace = etree.QName(element).namespace
        where = dict(element_id=element.get("id"), line=element.sourceline, file=filename)
        if namespace == BPMN_NS and name in FLOW_NODE_TAGS:
            node_count += 1
        if namespace == BPMN_NS and name in REFUSED_ELEMENTS:
            problems.append(Problem(REFUSED_ELEMENTS[name], **where))
        if namespace != BPMN_NS and name in CODE_EXTENSIONS and namespace != ALUR_NS:
            owner = element.getparent().getparent() if element.getparent() is not None else None
            owner_id = owner.get("id") if owner is not None else None
            problems.append(
                Problem(f"ekstensi '{name}' berisi kode dan ditolak", element_id=owner_id,
                        line=element.sourceline, file=filename)
            )
        if namespace == BPMN_NS and name == "conditionExpression":
            flow = element.getparent()
            expression = text_of(element)
            flow_where = dict(element_id=flow.get("id"), line=element.sourceline, file=filename)
            if element.get("language") and element.get("language").lower() not in ("", "python", "alur"):
                problems.append(Problem(f"bahasa ekspresi '{element.get('language')}' tidak didukung", **flow_where))
            elif not expression:
                problems.append(Problem("kondisi kosong", **flow_where))
            else:
                problems.extend(expression_problems(expression, **flow_where))
        if namespace == BPMN_NS and name == "timerEventDefinition":
            problems.extend(check_timer(element, filename))
        if namespace == BPMN_NS and name == "callActivity":
            called = element.get("calledElement")
            if not called:
                problems.append(Problem("call activity tanpa calledElement", **where))
            elif called == process.get("id"):
                problems.append(Problem("call activity memanggil prosesnya sendiri (rekursi tak berujung)", **where))
    if node_count > MAX_FLOW_NODES:
        problems.append(
            Problem(f"proses memuat {node_count} elemen alur, melebihi batas {MAX_FLOW_NODES}",
                    element_id=process.get("id"), line=process.sourceline, file=filename)
        )

    problems.extend(check_lanes(process, filename))
    problems.extend(check_party_bindings(process, filename))
    for container in containers:
        ids = {child.get("id") for child in container if isinstance(child.tag, str) and child.get("id")}
        for flow in container.findall("bpmn:sequenceFlow", NS):
            for attr in ("sourceRef", "targetRef"):
                ref = flow.get(attr)
                if not ref:
                    problems.append(Problem(f"sequence flow tanpa {attr}", element_id=flow.get("id"),
                                            line=flow.sourceline, file=filename))
                elif ref not in ids:
                    problems.append(
                        Problem(f"{attr} '{ref}' tidak ada di proses atau sub-proses yang sama",
                                element_id=flow.get("id"), line=flow.sourceline, file=filename)
                    )
    return problems


def expression_problems(expression: str, **where) -> list[Problem]:
    try:
        check_expression(expression, element_id=where.get("element_id"), line=where.get("line"))
    except ExpressionError as exc:
        return [Problem(p.message, element_id=where.get("element_id"), line=where.get("line"),
                        file=where.get("file")) for p in exc.problems] or [
            Problem(exc.message, **where)
        ]
    return []


# Text that can only have been meant as an ISO 8601 literal: P1X, PT, R/P1Q, 2026-13-45...
MALFORMED_LITERAL = re.compile(r"^(P[0-9A-Z.,]*|R\d*/.*|\d{4}-\d{2}-\d{2}.*)$")


def check_timer(definition, filename: str) -> list[Problem]:
    event = definition.getparent()
    where = dict(element_id=event.get("id") if event is not None else None, line=definition.sourceline, file=filename)
    values = [child for child in definition if isinstance(child.tag, str)
              and local(child.tag) in ("timeDuration", "timeDate", "timeCycle")]
    if len(values) != 1:
        return [Problem("timer harus punya tepat satu timeDuration, timeDate atau timeCycle", **where)]
    kind, text = local(values[0].tag), text_of(values[0])
    where["line"] = values[0].sourceline
    if not text:
        return [Problem(f"{kind} kosong", **where)]
    literal = literal_value(text)
    if literal is None and MALFORMED_LITERAL.match(text):
        literal = text  # meant as an ISO 8601 value (P.., R/..., a date) but not a valid one
    if literal is None:
        # An expression over task data (e.g. a date the user entered).
        return expression_problems(text, **where)
    try:
        validate_timer_literal(kind, literal)
    except ValueError as exc:
        return [Problem(f"nilai {kind} '{text}' tidak sah: {exc}", **where)]
    return []


def validate_timer_literal(kind: str, literal: str) -> None:
    from engine.spiff.timer_events import TimerEventDefinition

    text = literal.strip().upper()
    if kind == "timeDuration":
        if match_duration(text) is None:
            raise ValueError("bukan durasi ISO 8601 (contoh: P1D, PT30M, PT1H)")
        TimerEventDefinition.parse_iso_duration(text)
    elif kind == "timeDate":
        iso = literal.strip()
        if iso.endswith("Z"):
            iso = iso[:-1] + "+00:00"
        from datetime import datetime

        try:
            datetime.fromisoformat(iso)
        except ValueError:
            raise ValueError("bukan tanggal ISO 8601 (contoh: 2026-12-31T23:59:00+07:00)") from None
    else:
        parts = text.split("/")
        if len(parts) not in (2, 3) or not re.fullmatch(r"R\d*", parts[0]):
            raise ValueError("bukan siklus ISO 8601 (contoh: R/P1M, R12/2026-01-31T09:00:00+07:00/P1M)")
        if match_duration(parts[-1]) is None:
            raise ValueError(f"periode '{parts[-1]}' bukan durasi ISO 8601")
        if len(parts) == 3:
            validate_timer_literal("timeDate", literal.strip().split("/")[1])


class AlurBpmnParser(BpmnParser):
    """SpiffWorkflow's parser, fed with trees we parsed ourselves."""


def spiff_problem(exc: Exception, root, filename: str) -> Problem:
    element_id = getattr(exc, "id", None) or None
    line = None
    if element_id:
        found = root.xpath("//*[@id=$id]", id=element_id)
        if found:
            line = found[0].sourceline
    message = str(exc).rstrip(". ")
    return Problem(f"SpiffWorkflow menolak: {message}", element_id=element_id, line=line, file=filename)


def build_specs(root, filename: str) -> tuple[AlurBpmnParser, list[str]]:
    parser = AlurBpmnParser()
    parser.add_bpmn_xml(root, filename=filename)
    return parser, parser.get_process_ids()


def read_diagram(data: bytes, filename: str = "diagram.bpmn", *, resolve_process=None) -> ParsedDiagram:
    """Parse and validate a BPMN document. Raises DeployError listing every problem.

    ``resolve_process(process_id)`` returns (spec, subprocess_specs) of a process
    already deployed, or None: for call activities whose process is in another file.
    """
    root = parse_xml(data, filename)
    problems = schema_problems(root, filename)
    if problems:
        raise DeployError("Diagram tidak sesuai skema BPMN 2.0", problems)
    problems = check_structure(root, filename)
    if problems:
        raise DeployError("Diagram tidak dapat dideploy", problems)

    try:
        parser, process_ids = build_specs(root, filename)
        processes = []
        for element in root.findall(f"{{{BPMN_NS}}}process"):
            if element.get("isExecutable") != "true":
                continue
            process_id = element.get("id")
            spec = parser.get_spec(process_id)
            subprocess_specs = parser.get_subprocess_specs(process_id, require_call_activity_specs=False)
            called = sorted(k for k, v in subprocess_specs.items() if v is None)
            missing = []
            for name in called:
                found = resolve_process(name) if resolve_process else None
                if found is not None:
                    sub_spec, sub_subs = found
                    subprocess_specs[name] = sub_spec
                    for k, v in sub_subs.items():
                        subprocess_specs.setdefault(k, v)
                else:
                    missing.append(name)
            for name in missing:
                calls = root.xpath("//bpmn:callActivity[@calledElement=$n]", namespaces=NS, n=name)
                problems.append(
                    Problem(
                        f"proses yang dipanggil '{name}' tidak ada di berkas ini dan belum pernah dideploy",
                        element_id=calls[0].get("id") if calls else None,
                        line=calls[0].sourceline if calls else None,
                        file=filename,
                    )
                )
            if process_id in subprocess_specs:
                calls = root.xpath("//bpmn:callActivity[@calledElement=$n]", namespaces=NS, n=process_id)
                problems.append(
                    Problem("call activity memanggil kembali proses induknya (rekursi tak berujung)",
                            element_id=calls[0].get("id") if calls else process_id,
                            line=calls[0].sourceline if calls else None, file=filename)
                )
            swap_timers(root, spec, subprocess_specs)
            processes.append(
                ParsedProcess(
                    process_id=process_id,
                    name=element.get("name") or process_id,
                    spec=spec,
                    subprocess_specs=subprocess_specs,
                    catalog=build_catalog(element, spec),
                    called_elements=called,
                )
            )
    except (ValidationException, SpiffWorkflowException) as exc:
        raise DeployError("Diagram ditolak oleh pengurai BPMN", [spiff_problem(exc, root, filename)]) from None
    except RecursionError:
        raise DeployError(
            "Diagram terlalu dalam untuk diurai",
            [Problem("rantai elemen terlalu panjang atau bersarang terlalu dalam", file=filename)],
        ) from None
    if problems:
        raise DeployError("Diagram tidak dapat dideploy", problems)
    return ParsedDiagram(filename=filename, processes=processes)


def swap_timers(root, spec, subprocess_specs) -> None:
    """Replace SpiffWorkflow's timer definitions with Alur's (clock + calendar)."""
    calendar_days = {}
    for definition in root.iter(f"{{{BPMN_NS}}}timerEventDefinition"):
        event = definition.getparent()
        flag = definition.get(f"{{{ALUR_NS}}}days") or event.get(f"{{{ALUR_NS}}}days")
        calendar_days[event.get("id")] = (flag or "").lower() in ("calendar", "kalender")
    specs = [spec] + [s for s in subprocess_specs.values() if s is not None]
    for one in specs:
        for task_spec in one.task_specs.values():
            definition = getattr(task_spec, "event_definition", None)
            if definition is None:
                continue
            new = to_alur_timer(definition, calendar_days=calendar_days.get(task_spec.bpmn_id, False))
            if new is not definition:
                task_spec.event_definition = new
