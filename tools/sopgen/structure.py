"""Structural checks of a generated diagram, independent of the engine (part of ``--check``).

* XML read with a safe parser (no entities, no network), validated against the BPMN 2.0 XSD
  shipped with SpiffWorkflow, and ``BpmnParser.get_spec(process_id)`` succeeds;
* conventions of bpmn/README.md: userTask ids ``step_NN[a-z]`` named ``"<no>. ..."`` with
  ``alur:mutuBaku``/``alur:waktu``; timer literals are ISO 8601 (unquoted); deadline timers are
  ``timer_<task>``, non-interrupting, flowing (through the lane's merging gateway
  ``late_merge_lane_N`` when the lane has several) to the lane's none end event ``late_lane_N``
  "Batas waktu terlampaui", all in the task's lane; every branch of a forking exclusive gateway is named and has a condition (or is
  the default); every user task has its form file;
* bpmnlint ``recommended`` rules re-implemented (fake-join, no-gateway-join-fork,
  superfluous-gateway, no-implicit-split, label-required, single-blank-start-event,
  end-event-required, no-disconnected, no-duplicate-sequence-flows); the real bpmnlint CLI
  runs too when ``node_modules/.bin/bpmnlint`` is installed;
* DI: a shape for the pool, every lane and flow node (pool and lanes ``isHorizontal``), label
  bounds for named gateways and events, an edge with orthogonal waypoints for every flow and a label
  for every named flow, no two flow nodes overlapping (a boundary event sits on its host),
  every flow node inside its lane.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": BPMN, "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC", "di": "http://www.omg.org/spec/DD/20100524/DI",
      "alur": "http://alur.id/schema/bpmn/1.0"}
STEP_ID = re.compile(r"^step_\d\d[a-z]?$")
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$")
CYCLE = re.compile(r"^R\d*/")
LOOKS_LITERAL = re.compile(r"^(R\d*/|P[\dT]|\d{4}-\d\d)")
FLOW_NODES = {"startEvent", "endEvent", "userTask", "task", "exclusiveGateway", "parallelGateway",
              "intermediateCatchEvent", "boundaryEvent", "callActivity", "eventBasedGateway",
              "intermediateThrowEvent", "inclusiveGateway"}


def local(el):
    return etree.QName(el).localname


def _literal_ok(kind: str, text: str) -> bool:
    if kind == "timeDuration":
        return bool(DURATION.match(text))
    if kind == "timeDate":
        return bool(DATETIME.match(text))
    parts = text.split("/")
    return (bool(CYCLE.match(text)) and 2 <= len(parts) <= 3
            and all(DURATION.match(p) or DATETIME.match(p) for p in parts[1:]))


def structure_problems(xml: bytes, name: str, repo: Path) -> list:
    problems = []
    err = problems.append
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as e:
        return [f"XML: {e}"]

    from SpiffWorkflow.bpmn.parser import BpmnParser
    from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
    try:
        parser = BpmnParser(validator=BpmnValidator())
        parser.add_bpmn_xml(root, filename=f"{name}.bpmn")
        parser.get_spec(name)
    except Exception as e:  # noqa: BLE001 - report whatever SpiffWorkflow says
        err(f"SpiffWorkflow: {type(e).__name__}: {e}")

    procs = root.findall("bpmn:process", NS)
    if len(procs) != 1 or procs[0].get("id") != name:
        return problems + ["exactly one process whose id is the file stem expected"]
    proc = procs[0]
    nodes = {el.get("id"): el for el in proc if local(el) in FLOW_NODES}
    flows = {el.get("id"): el for el in proc.findall("bpmn:sequenceFlow", NS)}
    out = {n: [] for n in nodes}
    inc = {n: [] for n in nodes}
    for fid, f in flows.items():
        s, t = f.get("sourceRef"), f.get("targetRef")
        if s not in nodes or t not in nodes:
            err(f"{fid}: dangling flow")
            continue
        out[s].append(f)
        inc[t].append(f)
    in_lane = {}
    for ln in proc.findall("bpmn:laneSet/bpmn:lane", NS):
        if not ln.get("name"):
            err(f"lane {ln.get('id')} has no name")
        for ref in ln.findall("bpmn:flowNodeRef", NS):
            in_lane[ref.text] = ln.get("name")
    for n in nodes:
        if n not in in_lane:
            err(f"{n} is in no lane")

    # conventions
    for n, el in nodes.items():
        if local(el) != "userTask":
            continue
        if not STEP_ID.match(n):
            err(f"userTask id {n} does not match step_NN[a-z]")
        m = re.match(r"step_0*(\d+)([a-z]?)$", n)
        if m and not (el.get("name") or "").startswith(f"{m.group(1)}{m.group(2)}. "):
            err(f"{n}: name should start with '{m.group(1)}{m.group(2)}. '")
        if el.find("bpmn:extensionElements/alur:mutuBaku/alur:waktu", NS) is None:
            err(f"{n}: alur:mutuBaku/alur:waktu missing")
        if not (repo / "forms" / name / f"{n}.json").is_file():
            err(f"{n}: forms/{name}/{n}.json missing")
    for ted in proc.iter(f"{{{BPMN}}}timerEventDefinition"):
        ev = ted.getparent().get("id")
        kids = [k for k in ted if local(k) in ("timeDuration", "timeDate", "timeCycle")]
        if len(kids) != 1:
            err(f"{ev}: a timer needs exactly one timeDuration/timeDate/timeCycle")
            continue
        text = (kids[0].text or "").strip()
        if text[:1] in ("'", '"') and _literal_ok(local(kids[0]), text.strip("'\"")):
            err(f"{ev}: timer literal {text} must not be quoted")
        elif LOOKS_LITERAL.match(text) and not _literal_ok(local(kids[0]), text):
            err(f"{ev}: {local(kids[0])} {text!r} is not a valid ISO 8601 value")
    for n, el in nodes.items():
        if local(el) != "boundaryEvent" or el.find("bpmn:timerEventDefinition/bpmn:timeDuration", NS) is None:
            continue
        host = el.get("attachedToRef")
        targets = [f.get("targetRef") for f in out[n]]
        if n != f"timer_{host}" or el.get("cancelActivity") != "false":
            err(f"{n}: a deadline timer is timer_<task> with cancelActivity=\"false\"")
        # -> (late_merge_lane_N ->) late_lane_N "Batas waktu terlampaui", in the lane of the task
        path = list(targets)
        while len(path) == 1 and path[-1] in nodes and local(nodes[path[-1]]) == "exclusiveGateway" \
                and path[-1].startswith("late_merge_") and len(out[path[-1]]) == 1:
            path.append(out[path[-1]][0].get("targetRef"))
        end = nodes.get(path[-1]) if len(path) >= 1 and len(targets) == 1 else None
        if end is None or local(end) != "endEvent" or not path[-1].startswith("late_lane_") \
                or end.get("name") != "Batas waktu terlampaui" or len(end) and any(
                    local(c).endswith("EventDefinition") for c in end):
            err(f"{n}: must flow (through late_merge_lane_N) to none end event late_lane_N "
                f"\"Batas waktu terlampaui\"")
        if any(in_lane.get(x) != in_lane.get(host) for x in [n] + path):
            err(f"{n}: it and its late_ end are not in the lane of {host}")
    for n, el in nodes.items():
        if local(el) == "exclusiveGateway" and len(out[n]) > 1:
            for f in out[n]:
                c = f.find("bpmn:conditionExpression", NS)
                if (c is None or not (c.text or "").strip()) and el.get("default") != f.get("id"):
                    err(f"{f.get('id')}: gateway branch without condition")
                if not f.get("name"):
                    err(f"{f.get('id')}: gateway branch without name")

    # bpmnlint:recommended, re-implemented
    starts = [n for n, el in nodes.items() if local(el) == "startEvent"]
    if len(starts) != 1 or any(local(k).endswith("EventDefinition") for k in nodes[starts[0]]):
        err("single-blank-start-event")
    if not any(local(el) == "endEvent" for el in nodes.values()):
        err("end-event-required")
    for n, el in nodes.items():
        kind = local(el)
        joining = kind.endswith("Gateway") and len(out[n]) <= 1   # bpmnlint exempts joins
        if not (el.get("name") or "").strip() and not joining:
            err(f"label-required: {n}")
        if kind.endswith("Gateway"):
            if len(inc[n]) > 1 and len(out[n]) > 1:
                err(f"no-gateway-join-fork: {n}")
            if len(inc[n]) <= 1 and len(out[n]) <= 1:
                err(f"superfluous-gateway: {n}")
        else:
            if len(inc[n]) > 1:
                err(f"fake-join: {n}")
            if len(out[n]) > 1:
                err(f"no-implicit-split: {n}")
        if kind not in ("startEvent", "boundaryEvent") and not inc[n]:
            err(f"no-disconnected (no incoming flow): {n}")
        if kind != "endEvent" and not out[n]:
            err(f"no-disconnected (no outgoing flow): {n}")
    pairs = [(f.get("sourceRef"), f.get("targetRef")) for f in flows.values()]
    if len(pairs) != len(set(pairs)):
        err("no-duplicate-sequence-flows")

    problems += di_problems(root, proc, nodes, flows)
    return problems


def di_problems(root, proc, nodes, flows) -> list:
    problems = []
    err = problems.append
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    if plane is None:
        return ["DI: no BPMNDiagram"]
    shapes, edges = {}, {}
    for sh in plane.findall("bpmndi:BPMNShape", NS):
        b = sh.find("dc:Bounds", NS)
        shapes[sh.get("bpmnElement")] = (sh, tuple(float(b.get(k)) for k in ("x", "y", "width", "height")))
    for ed in plane.findall("bpmndi:BPMNEdge", NS):
        edges[ed.get("bpmnElement")] = ed
    lanes = proc.findall("bpmn:laneSet/bpmn:lane", NS)
    pools = root.findall("bpmn:collaboration/bpmn:participant", NS)
    for el in pools + lanes:
        eid = el.get("id")
        if eid not in shapes:
            err(f"DI: no shape for {eid}")
        elif shapes[eid][0].get("isHorizontal") != "true":
            err(f"DI: {eid} is not isHorizontal")
    for n, el in nodes.items():
        if n not in shapes:
            err(f"DI: no shape for {n}")
        elif (local(el).endswith("Gateway") or local(el).endswith("Event")) and el.get("name") and \
                shapes[n][0].find("bpmndi:BPMNLabel/dc:Bounds", NS) is None:
            err(f"DI: no label bounds for {n}")
    for fid, f in flows.items():
        ed = edges.get(fid)
        if ed is None:
            err(f"DI: no edge for {fid}")
            continue
        pts = [(float(w.get("x")), float(w.get("y"))) for w in ed.findall("di:waypoint", NS)]
        if len(pts) < 2:
            err(f"DI: {fid} has fewer than two waypoints")
        if any(a[0] != b[0] and a[1] != b[1] for a, b in zip(pts, pts[1:])):
            err(f"DI: {fid} is not orthogonal")
        if f.get("name") and ed.find("bpmndi:BPMNLabel/dc:Bounds", NS) is None:
            err(f"DI: named flow {fid} has no label bounds")
    hosts = {n: el.get("attachedToRef") for n, el in nodes.items() if local(el) == "boundaryEvent"}
    boxes = [(n, shapes[n][1]) for n in nodes if n in shapes]
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            if hosts.get(a) == b or hosts.get(b) == a:
                continue
            if not (bb[0] >= ba[0] + ba[2] or bb[0] + bb[2] <= ba[0]
                    or bb[1] >= ba[1] + ba[3] or bb[1] + bb[3] <= ba[1]):
                err(f"DI: {a} overlaps {b}")
    for ln in lanes:
        if ln.get("id") not in shapes:
            continue
        lx, ly, lw, lh = shapes[ln.get("id")][1]
        for ref in ln.findall("bpmn:flowNodeRef", NS):
            if ref.text in shapes:
                x, y, w, h = shapes[ref.text][1]
                if x < lx or y < ly or x + w > lx + lw or y + h > ly + lh:
                    err(f"DI: {ref.text} lies outside its lane {ln.get('name')}")
    return problems


def bpmnlint_problems(path: Path, repo: Path) -> list:
    """Run the real bpmnlint CLI (``.bpmnlintrc``) when installed; [] when it is not."""
    exe = repo / "node_modules" / ".bin" / "bpmnlint"
    if not exe.exists() or not shutil.which("node"):
        return []
    p = subprocess.run([str(exe), str(path)], cwd=repo, capture_output=True, text=True)
    if p.returncode != 0:
        return ["bpmnlint: " + " ".join((p.stdout + p.stderr).split())]
    return []
