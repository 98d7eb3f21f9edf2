"""Building the step catalog of a process from its BPMN element: lanes and their
supervisors, steps with Mutu Baku and timers (``escalation_only``), the start lane.

Called by ``engine.diagrams.validate.read_diagram`` once the document is valid; the
result is a :class:`~engine.diagrams.catalog.Catalog`.
"""
from __future__ import annotations

from collections import deque

from lxml import etree

from engine.diagrams.bpmn_xml import BPMN_NS, NS, local, text_of
from engine.diagrams.catalog import (
    PARTY_INTERNAL,
    Catalog,
    LaneSettings,
    PartyBinding,
    Step,
    StepTimer,
)

STEP_TAGS = ("userTask", "manualTask", "task")


def build_catalog(process, spec) -> Catalog:
    """What the web app shows about each step of ``process`` (its ``bpmn:process`` element):
    name, lane, Mutu Baku, time limit; and the lanes, their supervisors, the start lane."""
    lanes, lane_of, supervisors = read_lanes(process)
    settings = read_lane_settings(process)
    timers = read_step_timers(process)
    steps = {}
    for element in process.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace != BPMN_NS:
            continue
        if local(element.tag) not in STEP_TAGS:
            continue
        element_id = element.get("id")
        mutu = element.find("bpmn:extensionElements/alur:mutuBaku", NS)
        steps[element_id] = Step(
            name=element.get("name") or element_id,
            lane=lane_of.get(element_id),
            documentation=documentation_of(element),
            kelengkapan=tuple(text_of(k) for k in mutu.findall("alur:kelengkapan", NS)) if mutu is not None else (),
            waktu=text_of(mutu.find("alur:waktu", NS)) if mutu is not None else "",
            output=tuple(text_of(o) for o in mutu.findall("alur:output", NS)) if mutu is not None else (),
            timers=tuple(timers.get(element_id, ())),
            assignee=text_of(element.find("bpmn:extensionElements/alur:assignee", NS)) or None,
            binds=party_binding(element.find("bpmn:extensionElements/alur:bindParties", NS)),
            chooses=party_binding(element.find("bpmn:extensionElements/alur:chooseParty", NS)),
        )
    return Catalog(
        lanes=tuple(lanes),
        start_lane=first_user_task_lane(spec, lane_of),
        steps=steps,
        documentation=documentation_of(process),
        forms={},
        supervisors=supervisors,
        default_supervisor=supervisor_of(process),
        lane_settings=settings,
    )


def party_binding(element) -> PartyBinding | None:
    """``<alur:bindParties lane field/>`` / ``<alur:chooseParty lane field from/>``, or None."""
    if element is None:
        return None
    return PartyBinding(lane=(element.get("lane") or "").strip(), field=(element.get("field") or "").strip(),
                        from_step=(element.get("from") or "").strip() or None)


def read_lanes(process) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The leaf lanes (the roles), the lane of each flow node, the supervisor of each lane."""
    lanes, lane_of, supervisors = [], {}, {}
    for lane in process.iter(f"{{{BPMN_NS}}}lane"):
        name = lane.get("name") or lane.get("id")
        # Only leaf lanes are roles.
        if lane.find("bpmn:childLaneSet", NS) is not None:
            continue
        lanes.append(name)
        for ref in lane.findall("bpmn:flowNodeRef", NS):
            lane_of[text_of(ref)] = name
        supervisor = lane_supervisor(lane)
        if supervisor:
            supervisors[name] = supervisor
    return lanes, lane_of, supervisors


def read_lane_settings(process) -> dict[str, LaneSettings]:
    """The settings of the leaf lanes that declare any (``alur:party``, ``alur:proxy``,
    ``alur:start``; a parent lane's party and proxy cover its child lanes, as its supervisor
    does; ``alur:start`` marks only the lane it is on). An unknown party is kept as written:
    ``engine.diagrams.validate`` refuses it before a catalog is built."""
    settings = {}
    for lane in process.iter(f"{{{BPMN_NS}}}lane"):
        if lane.find("bpmn:childLaneSet", NS) is not None:
            continue
        one = LaneSettings(party=inherited(lane, "party") or PARTY_INTERNAL,
                           proxy=inherited(lane, "proxy"), starts=lane_starts(lane))
        if not one.is_default():
            settings[lane.get("name") or lane.get("id")] = one
    return settings


def lane_extension(lane, name: str):
    """The ``alur:<name>`` element in the lane's own ``extensionElements``, or None."""
    return lane.find(f"bpmn:extensionElements/alur:{name}", NS)


def inherited(lane, name: str) -> str | None:
    """The text of ``alur:<name>`` on the lane, else on the nearest enclosing lane that has it."""
    element = lane
    while element is not None and local(element.tag) != "process":
        if local(element.tag) == "lane":
            found = text_of(lane_extension(element, name))
            if found:
                return found
        element = element.getparent()
    return None


START_TRUE = ("", "true", "ya")


def lane_starts(lane) -> bool:
    """``<alur:start/>`` or ``<alur:start>true</alur:start>`` on the lane itself."""
    found = lane_extension(lane, "start")
    return found is not None and text_of(found).lower() in START_TRUE


def read_step_timers(process) -> dict[str, list[StepTimer]]:
    """The boundary timers of the process, by the id of the element they are attached to."""
    timers: dict[str, list[StepTimer]] = {}
    for boundary in process.iter(f"{{{BPMN_NS}}}boundaryEvent"):
        definition = boundary.find("bpmn:timerEventDefinition", NS)
        if definition is None:
            continue
        value = next((text_of(c) for c in definition if isinstance(c.tag, str)), "")
        timers.setdefault(boundary.get("attachedToRef"), []).append(
            StepTimer(id=boundary.get("id"), value=value, interrupting=boundary.get("cancelActivity") != "false",
                      escalation_only=escalation_only(boundary)))
    return timers


def documentation_of(element) -> str:
    return "\n".join(text_of(d) for d in element.findall("bpmn:documentation", NS)).strip()


def escalation_only(boundary) -> bool:
    """Whether firing this boundary timer does nothing in the process but escalate: a
    non-interrupting timer with a duration or a date (not a cycle: a cycle fires again),
    attached to a step (a human task), whose only outgoing flow goes, without a condition,
    to a none end event, directly or through merging exclusive gateways (every SOP's deadline
    timers of a lane join at ``late_merge_lane_N`` and end at ``late_lane_N``; see bpmn/README.md).

    The timer worker escalates such deadlines set-based (``engine.timers.deadline_sweep``) and lets
    the engine catch up later; any other timer goes through the engine when it falls due."""
    if boundary.get("cancelActivity") != "false":
        return False
    definitions = [c for c in boundary if isinstance(c.tag, str) and local(c.tag).endswith("EventDefinition")]
    if len(definitions) != 1 or local(definitions[0].tag) != "timerEventDefinition":
        return False
    values = [local(c.tag) for c in definitions[0] if isinstance(c.tag, str)]
    if values not in (["timeDuration"], ["timeDate"]):
        return False
    container = boundary.getparent()
    by_id = {child.get("id"): child for child in container if isinstance(child.tag, str) and child.get("id")}
    attached = by_id.get(boundary.get("attachedToRef"))
    if attached is None or etree.QName(attached).namespace != BPMN_NS or local(attached.tag) not in STEP_TAGS:
        return False
    if any(local(c.tag) in ("dataOutputAssociation", "outputSet") for c in boundary if isinstance(c.tag, str)):
        return False
    outgoing: dict[str, list] = {}
    for flow in container.findall("bpmn:sequenceFlow", NS):
        outgoing.setdefault(flow.get("sourceRef"), []).append(flow)
    node, seen = boundary, set()
    while True:
        # one unconditioned flow on, through merging exclusive gateways, to a none end event
        flows = outgoing.get(node.get("id"), [])
        if len(flows) != 1 or flows[0].find("bpmn:conditionExpression", NS) is not None:
            return False
        node = by_id.get(flows[0].get("targetRef"))
        if node is None or etree.QName(node).namespace != BPMN_NS or node.get("id") in seen:
            return False
        seen.add(node.get("id"))
        if local(node.tag) == "exclusiveGateway":
            continue
        if local(node.tag) != "endEvent":
            return False
        return not any(isinstance(c.tag, str) and local(c.tag).endswith("EventDefinition") for c in node)


def supervisor_of(element) -> str | None:
    """The role named by ``<bpmn:extensionElements><alur:supervisor>`` of an element."""
    found = element.find("bpmn:extensionElements/alur:supervisor", NS)
    return text_of(found) or None


def lane_supervisor(lane) -> str | None:
    """A lane's supervisor role: its own ``alur:supervisor``, else that of the nearest
    enclosing lane that has one (a parent lane's supervisor covers its child lanes)."""
    element = lane
    while element is not None:
        if local(element.tag) == "lane":
            found = supervisor_of(element)
            if found:
                return found
        elif local(element.tag) == "process":
            return None
        element = element.getparent()
    return None


def first_user_task_lane(spec, lane_of: dict, called: dict[str, Catalog] | None = None) -> str | None:
    """The lane of the first human task reachable from the start event (breadth first).

    A call activity on the way is the called process's start lane, taken from ``called``
    (catalogs by process id; one not there is walked past); without ``called`` the answer
    is None (resolved at deploy, when the called catalogs are known)."""
    queue, seen = deque([spec.start]), set()
    while queue:
        task_spec = queue.popleft()
        if task_spec.name in seen:
            continue
        seen.add(task_spec.name)
        if getattr(task_spec, "manual", False):
            return getattr(task_spec, "lane", None) or lane_of.get(task_spec.bpmn_id)
        called_id = getattr(task_spec, "spec", None)
        if isinstance(called_id, str):
            if called is None:
                return None
            if called_id in called:
                return called[called_id].start_lane
        queue.extend(task_spec.outputs)
    return None

