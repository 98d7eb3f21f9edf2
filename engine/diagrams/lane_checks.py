"""Checks of who may do a process's steps, as its diagram declares it: the lanes' Alur
extensions (``alur:party``, ``alur:proxy``, ``alur:start``), every step in a lane, and the
steps' party extensions (``alur:assignee``, ``alur:bindParties``, ``alur:chooseParty``).
Problems name the element and the line (engine.diagrams.validate collects them)."""
from __future__ import annotations

from lxml import etree

from engine.diagrams.bpmn_xml import BPMN_NS, NS, local, text_of
from engine.diagrams.catalog import PARTIES
from engine.diagrams.catalog_build import START_TRUE, STEP_TAGS
from engine.errors import Problem


def check_lanes(process, filename: str) -> list[Problem]:
    """The lanes' Alur extensions (``alur:party``, ``alur:proxy``, ``alur:start``) are valid,
    and every step (user task, manual task, task) is in a lane: the lane decides who may be
    given the step, so a step outside every lane (or in a process without lanes) is refused."""
    problems: list[Problem] = []
    laned: set[str] = set()
    for lane in process.iter(f"{{{BPMN_NS}}}lane"):
        label = f"lajur '{lane.get('name') or ''}' ({lane.get('id')})"
        for ref in lane.findall("bpmn:flowNodeRef", NS):
            laned.add(text_of(ref))
        extensions = lane.find("bpmn:extensionElements", NS)
        if extensions is None:
            continue
        for party in extensions.findall("alur:party", NS):
            value = text_of(party)
            if value not in PARTIES:
                problems.append(Problem(
                    f"{label}: pihak '{value}' tidak dikenal; yang sah: {', '.join(PARTIES)}",
                    element_id=lane.get("id"), line=party.sourceline, file=filename))
        for proxy in extensions.findall("alur:proxy", NS):
            if not text_of(proxy):
                problems.append(Problem(f"{label}: alur:proxy kosong; tulis nama peran yang bertindak atas nama",
                                        element_id=lane.get("id"), line=proxy.sourceline, file=filename))
        for start in extensions.findall("alur:start", NS):
            if text_of(start).lower() not in START_TRUE + ("false", "tidak"):
                problems.append(Problem(f"{label}: alur:start '{text_of(start)}' tidak dikenal; tulis "
                                        "<alur:start/> atau <alur:start>true</alur:start>",
                                        element_id=lane.get("id"), line=start.sourceline, file=filename))
    has_lanes = process.find(f"{{{BPMN_NS}}}laneSet") is not None
    for element in process.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace != BPMN_NS:
            continue
        if local(element.tag) not in STEP_TAGS:
            continue
        # A step inside an embedded sub-process is in the lane of that sub-process.
        outer = element
        while outer.getparent() is not None and outer.getparent() is not process:
            outer = outer.getparent()
        if outer.get("id") in laned:
            continue
        label = f"langkah '{element.get('name') or ''}' ({element.get('id')})"
        reason = ("proses tidak punya lajur (laneSet)" if not has_lanes
                  else "tidak berada di lajur mana pun (flowNodeRef)")
        problems.append(Problem(f"{label}: {reason}, sehingga tidak ada peran yang dapat mengerjakannya",
                                element_id=element.get("id"), line=element.sourceline, file=filename))
    return problems


def check_party_bindings(process, filename: str) -> list[Problem]:
    """A step's ``alur:assignee`` names a field; its ``alur:bindParties`` / ``alur:chooseParty``
    name a lane of the process whose party is ``external`` and a field (bpmn/README.md
    "Beberapa penyedia dalam satu kasus")."""
    problems: list[Problem] = []
    external = {lane.get("name") for lane in process.iter(f"{{{BPMN_NS}}}lane")
                if any(text_of(p) == "external" for p in lane.findall("bpmn:extensionElements/alur:party", NS))}
    for element in process.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace != BPMN_NS \
                or local(element.tag) not in STEP_TAGS:
            continue
        label = f"langkah '{element.get('name') or ''}' ({element.get('id')})"
        for assignee in element.findall("bpmn:extensionElements/alur:assignee", NS):
            if not text_of(assignee).isidentifier():
                problems.append(Problem(f"{label}: alur:assignee harus nama isian data kasus",
                                        element_id=element.get("id"), line=assignee.sourceline, file=filename))
        for tag in ("bindParties", "chooseParty"):
            for binding in element.findall(f"bpmn:extensionElements/alur:{tag}", NS):
                lane, field = (binding.get("lane") or "").strip(), (binding.get("field") or "").strip()
                if lane not in external:
                    problems.append(Problem(f"{label}: alur:{tag} lane '{lane}' bukan lajur pihak luar "
                                            "(alur:party external) proses ini",
                                            element_id=element.get("id"), line=binding.sourceline, file=filename))
                if not field.isidentifier():
                    problems.append(Problem(f"{label}: alur:{tag} field harus nama isian formulir",
                                            element_id=element.get("id"), line=binding.sourceline, file=filename))
    return problems
