"""Write BPMN 2.0 XML (with DI) and form JSON files from a graph and its layout."""
from __future__ import annotations

import json
import re
import unicodedata

from lxml import etree

from .graph import Graph
from .layout import Diagram
from .model import Step, Call

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ALUR = "http://alur.id/schema/bpmn/1.0"
NSMAP = {"xsi": XSI, "bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "alur": ALUR}
TARGET_NS = "http://alur.id/bpmn"


def _b(tag):
    return f"{{{BPMN}}}{tag}"


def _mutu_baku(el, s) -> None:
    """A step's documentation and its Mutu Baku (kelengkapan, waktu, output) as extension elements."""
    if s.doc:
        _sub(el, BPMN, "documentation", s.doc.strip())
    ext = _sub(el, BPMN, "extensionElements")
    mb = _sub(ext, ALUR, "mutuBaku")
    for k in s.kelengkapan:
        _sub(mb, ALUR, "kelengkapan", k)
    _sub(mb, ALUR, "waktu", s.waktu)
    for o in s.outputs:
        _sub(mb, ALUR, "output", o)
    if getattr(s, "assignee", None):
        _sub(ext, ALUR, "assignee", s.assignee)
    if getattr(s, "binds", None):
        _sub(ext, ALUR, "bindParties", lane=s.binds[0], field=s.binds[1])
    if getattr(s, "chooses", None):
        _sub(ext, ALUR, "chooseParty", lane=s.chooses[0], field=s.chooses[1], **{"from": s.chooses[2]})


def _multi_instance(el, s) -> None:
    """A parallel multi-instance step: one instance per item of a case data list."""
    if getattr(s, "multi", None) is None:
        return
    mi = _sub(el, BPMN, "multiInstanceLoopCharacteristics")
    _sub(mi, BPMN, "loopDataInputRef", s.multi.collection)
    _sub(mi, BPMN, "inputDataItem", id=s.multi.item, name=s.multi.item)


def _lane_extensions(le, sop, lane) -> None:
    """alur:party, alur:proxy and alur:start of a lane, when the spec declares any
    (extensionElements before the flowNodeRefs, BPMN schema order)."""
    party, proxy, starts = sop.parties.get(lane), sop.proxies.get(lane), lane in sop.also_start
    if not (party or proxy or starts):
        return
    ext = _sub(le, BPMN, "extensionElements")
    if party:
        _sub(ext, ALUR, "party", party)
    if proxy:
        _sub(ext, ALUR, "proxy", proxy)
    if starts:
        _sub(ext, ALUR, "start")


def _sub(parent, ns, tag, text=None, **attrs):
    el = etree.SubElement(parent, f"{{{ns}}}{tag}")
    for k, v in attrs.items():
        if v is not None:
            el.set(k, str(v))
    if text is not None:
        el.text = text
    return el


def _num(v):
    v = round(float(v), 1)
    return str(int(v)) if v == int(v) else str(v)


def _formal(parent, tag, text):
    el = _sub(parent, BPMN, tag, text)
    el.set(f"{{{XSI}}}type", "bpmn:tFormalExpression")
    return el


def to_xml(g: Graph, d: Diagram) -> bytes:
    sop = g.sop
    root = etree.Element(_b("definitions"), nsmap=NSMAP)
    root.set("id", f"Definitions_{sop.process_id}")
    root.set("targetNamespace", TARGET_NS)
    root.set("exporter", "Alur sopgen")
    root.set("exporterVersion", "1.0")

    collab = _sub(root, BPMN, "collaboration", id=f"Collaboration_{sop.process_id}")
    _sub(collab, BPMN, "participant", id=f"Participant_{sop.process_id}", name=sop.pool,
         processRef=sop.process_id)

    proc = _sub(root, BPMN, "process", id=sop.process_id, name=sop.title, isExecutable="true")
    _sub(proc, BPMN, "documentation", sop.documentation.strip())

    lane_nodes = {lane: [] for lane in sop.lanes}
    for nid in g.order:
        lane_nodes[g.nodes[nid].lane].append(nid)
    for bd in g.boundaries:
        lane_nodes[g.nodes[bd.attached].lane].append(bd.id)
    for sink in g.late_sinks:
        lane_nodes[sink.lane] += [x for x in (sink.merge, sink.end) if x]
    lane_set = _sub(proc, BPMN, "laneSet", id=f"LaneSet_{sop.process_id}")
    for i, lane in enumerate(sop.lanes, start=1):
        le = _sub(lane_set, BPMN, "lane", id=f"Lane_{i}", name=lane)
        _lane_extensions(le, sop, lane)
        for nid in lane_nodes[lane]:
            _sub(le, BPMN, "flowNodeRef", nid)

    for nid in g.order:  # the case data lists a multi-instance step runs over (its loopDataInputRef)
        multi = getattr(g.nodes[nid].spec, "multi", None)
        if multi is not None:
            _sub(proc, BPMN, "dataObject", id=multi.collection, name=multi.collection)

    def io(el, nid):
        for f in g.flows:
            if f.tgt == nid:
                _sub(el, BPMN, "incoming", f.id)
        for bd in g.boundaries:
            if bd.interrupting and bd.target == nid:
                _sub(el, BPMN, "incoming", bd.flow_id)
        for f in g.flows:
            if f.src == nid:
                _sub(el, BPMN, "outgoing", f.id)

    for nid in g.order:
        n = g.nodes[nid]
        s = n.spec
        if n.kind == "start":
            el = _sub(proc, BPMN, "startEvent", id=nid, name=n.name)
            io(el, nid)
        elif n.kind == "end":
            el = _sub(proc, BPMN, "endEvent", id=nid, name=n.name)
            io(el, nid)
        elif n.kind == "task":
            el = _sub(proc, BPMN, "userTask", id=nid, name=n.name)
            _mutu_baku(el, s)
            io(el, nid)
            _multi_instance(el, s)
        elif n.kind == "xor":
            el = _sub(proc, BPMN, "exclusiveGateway", id=nid, name=n.name)
            dflt = [f.id for f in g.flows if f.src == nid and f.is_default]
            if dflt:
                el.set("default", dflt[0])
            io(el, nid)
        elif n.kind == "and":
            el = _sub(proc, BPMN, "parallelGateway", id=nid, name=n.name)
            io(el, nid)
        elif n.kind == "timer":
            el = _sub(proc, BPMN, "intermediateCatchEvent", id=nid, name=n.name)
            if s.doc:
                _sub(el, BPMN, "documentation", s.doc.strip())
            io(el, nid)
            ted = _sub(el, BPMN, "timerEventDefinition", id=f"{nid}_def")
            if s.calendar_days:
                ted.set(f"{{{ALUR}}}days", "calendar")
            if s.date:
                _formal(ted, "timeDate", s.date)
            elif s.duration:
                _formal(ted, "timeDuration", s.duration)
            else:
                _formal(ted, "timeCycle", s.cycle)
        elif n.kind == "call" and isinstance(s, Call):
            el = _sub(proc, BPMN, "callActivity", id=nid, name=n.name,
                      calledElement=s.called_element)
            _mutu_baku(el, s)
            io(el, nid)
        elif n.kind == "call":
            el = _sub(proc, BPMN, "callActivity", id=nid, name=n.name, calledElement=s.called)
            if s.doc:
                _sub(el, BPMN, "documentation", s.doc.strip())
            io(el, nid)
        else:
            raise ValueError(n.kind)

    for bd in g.boundaries:
        el = _sub(proc, BPMN, "boundaryEvent", id=bd.id, name=bd.name,
                  cancelActivity="true" if bd.interrupting else "false", attachedToRef=bd.attached)
        _sub(el, BPMN, "outgoing", bd.flow_id)
        ted = _sub(el, BPMN, "timerEventDefinition", id=f"{bd.id}_def")
        if bd.calendar_days:
            ted.set(f"{{{ALUR}}}days", "calendar")
        if bd.date:
            _formal(ted, "timeDate", bd.date)
        elif bd.duration:
            _formal(ted, "timeDuration", bd.duration)
        else:
            _formal(ted, "timeCycle", bd.cycle)

    timer_flow = {bd.id: bd.flow_id for bd in g.boundaries}
    for sink in g.late_sinks:
        incoming = [timer_flow[t] for t in sink.timers]
        if sink.merge:
            gw = _sub(proc, BPMN, "exclusiveGateway", id=sink.merge)
            for fid in incoming:
                _sub(gw, BPMN, "incoming", fid)
            _sub(gw, BPMN, "outgoing", sink.merge_flow)
            incoming = [sink.merge_flow]
        end = _sub(proc, BPMN, "endEvent", id=sink.end, name=sink.name)
        for fid in incoming:
            _sub(end, BPMN, "incoming", fid)

    for f in g.flows:
        el = _sub(proc, BPMN, "sequenceFlow", id=f.id, name=f.name, sourceRef=f.src,
                  targetRef=f.tgt)
        if f.condition:
            _formal(el, "conditionExpression", f.condition)
    for bd in g.boundaries:
        _sub(proc, BPMN, "sequenceFlow", id=bd.flow_id, sourceRef=bd.id, targetRef=bd.target)
    for sink in g.late_sinks:
        if sink.merge:
            _sub(proc, BPMN, "sequenceFlow", id=sink.merge_flow, sourceRef=sink.merge,
                 targetRef=sink.end)

    # --- DI
    dia = _sub(root, BPMNDI, "BPMNDiagram", id=f"BPMNDiagram_{sop.process_id}")
    plane = _sub(dia, BPMNDI, "BPMNPlane", id=f"BPMNPlane_{sop.process_id}",
                 bpmnElement=f"Collaboration_{sop.process_id}")

    def shape(eid, box, horizontal=None, label=None):
        sh = _sub(plane, BPMNDI, "BPMNShape", id=f"{eid}_di", bpmnElement=eid)
        if horizontal:
            sh.set("isHorizontal", "true")
        _sub(sh, DC, "Bounds", x=_num(box.x), y=_num(box.y), width=_num(box.w),
             height=_num(box.h))
        if label is not None:
            lb = _sub(sh, BPMNDI, "BPMNLabel")
            _sub(lb, DC, "Bounds", x=_num(label.x), y=_num(label.y), width=_num(label.w),
                 height=_num(label.h))

    shape(f"Participant_{sop.process_id}", d.pool, horizontal=True)
    for i, lane in enumerate(sop.lanes, start=1):
        shape(f"Lane_{i}", d.lanes[lane], horizontal=True)
    for nid in g.order:
        shape(nid, d.shapes[nid], label=d.labels.get(nid))
    for bd in g.boundaries:
        shape(bd.id, d.shapes[bd.id], label=d.labels.get(bd.id))
    for sink in g.late_sinks:
        for x in (sink.merge, sink.end):
            if x:
                shape(x, d.shapes[x], label=d.labels.get(x))

    def edge(fid):
        ed = _sub(plane, BPMNDI, "BPMNEdge", id=f"{fid}_di", bpmnElement=fid)
        for x, y in d.edges[fid]:
            _sub(ed, DI, "waypoint", x=_num(x), y=_num(y))
        lab = d.labels.get(fid)
        if lab is not None:
            lb = _sub(ed, BPMNDI, "BPMNLabel")
            _sub(lb, DC, "Bounds", x=_num(lab.x), y=_num(lab.y), width=_num(lab.w),
                 height=_num(lab.h))

    for f in g.flows:
        edge(f.id)
    for bd in g.boundaries:
        edge(bd.flow_id)
    for sink in g.late_sinks:
        if sink.merge:
            edge(sink.merge_flow)

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# ---------------------------------------------------------------- forms

def slug(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    t = re.sub(r"[^a-zA-Z0-9]+", "_", t).strip("_").lower()
    return t[:60] or "dokumen"


def field_schema(f):
    p = {"type": f.type, "title": f.title}
    if f.description:
        p["description"] = f.description
    if f.enum is not None:
        p["enum"] = list(f.enum)
    if f.format:
        p["format"] = f.format
    if f.max_length and f.type == "string":
        p["maxLength"] = f.max_length
    if f.users_of and f.type == "array":
        p["items"] = {"type": "string", "minLength": 1, "maxLength": 80}
        p["uniqueItems"] = True
        if f.required:
            p["minItems"] = 1
    elif f.type == "array":
        p["items"] = {"type": "string", "enum": list(f.items_enum or [])}
        p["uniqueItems"] = True
    if f.users_of:
        p["x-alur-users"] = f.users_of
    return p


def form_for(step: Step) -> dict:
    props, required, order, ui = {}, [], [], {}
    if step.kelengkapan:
        props["inputs_checked"] = {
            "type": "array", "title": "Kelengkapan diperiksa",
            "items": {"type": "string", "enum": list(step.kelengkapan)},
            "uniqueItems": True, "minItems": len(step.kelengkapan)}
        required.append("inputs_checked")
        order.append("inputs_checked")
        ui["inputs_checked"] = {"widget": "checkboxes"}
    for f in step.fields:
        if f.name in props or f.name in ("note", "inputs_checked"):
            raise ValueError(f"{step.id}: duplicate field {f.name}")
        props[f.name] = field_schema(f)
        if f.required:
            required.append(f.name)
        order.append(f.name)
        u = {}
        if f.widget:
            u["widget"] = f.widget
        if f.labels:
            u["labels"] = dict(f.labels)
        if u:
            ui[f.name] = u
    conditional = [{"if": {"properties": {f.required_when[0]: {"const": f.required_when[1]}},
                           "required": [f.required_when[0]]},
                    "then": {"required": [f.name]}} for f in step.fields if f.required_when]
    props["note"] = {"type": "string", "title": "Catatan", "maxLength": 4000}
    order.append("note")
    ui["note"] = {"widget": "textarea"}
    atts = step.attachments if step.attachments is not None else step.outputs
    seen = set()
    attachments = []
    for a in atts:
        name = slug(a)
        base, i = name, 2
        while name in seen:
            name = f"{base}_{i}"
            i += 1
        seen.add(name)
        attachments.append({"name": name, "title": a, "required": False})
    return {
        "title": f"{step.no}. {step.name}",
        "schema": {"type": "object", "required": required, "properties": props,
                   **({"allOf": conditional} if conditional else {})},
        "ui": {"order": order, "fields": ui},
        "attachments": attachments,
    }


def forms(g: Graph) -> dict:
    """task id -> form dict."""
    return {nid: form_for(g.nodes[nid].spec) for nid in g.order if g.nodes[nid].kind == "task"}


def form_json(form: dict) -> str:
    return json.dumps(form, ensure_ascii=False, indent=2) + "\n"
