"""Generated diagrams for benchmarks: N user tasks in a row, a boundary timer on each.

The shape is the one the SOP generator (tools/sopgen) writes for a linear SOP: start event,
``step_01`` .. ``step_NN`` as user tasks in lanes, a non-interrupting timer boundary event
``timer_step_NN`` on each (``P1D`` = one working day) leading to an end event ``late_step_NN``,
and an end event. No diagram interchange (DI): the engine does not need it.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

DEFAULT_LANES = ("Pelaku Usaha", "Admin Agency LPSE", "Kepala UKPBJ")


def linear_diagram(process_id: str, steps: int, *, lanes=DEFAULT_LANES, timer: str | None = "P1D",
                   name: str | None = None) -> bytes:
    ids = [f"step_{i:02d}" for i in range(1, steps + 1)]
    lane_of = {sid: lanes[i % len(lanes)] for i, sid in enumerate(ids)}
    out = []
    w = out.append
    w('<?xml version="1.0" encoding="UTF-8"?>')
    w('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      f'id="Definitions_{process_id}" targetNamespace="http://alur.id/bpmn">')
    w(f'<bpmn:process id="{process_id}" name={quoteattr(name or f"Benchmark: {steps} langkah")} '
      'isExecutable="true">')
    w(f'<bpmn:laneSet id="LaneSet_{process_id}">')
    for li, lane in enumerate(lanes):
        w(f'<bpmn:lane id="Lane_{li + 1}" name={quoteattr(lane)}>')
        members = [sid for sid in ids if lane_of[sid] == lane]
        if li == 0:
            members = ["start"] + members
        if lane == lane_of[ids[-1]]:
            members.append("end")
        for sid in members:
            w(f"<bpmn:flowNodeRef>{sid}</bpmn:flowNodeRef>")
        if timer:
            for sid in ids:
                if lane_of[sid] == lane:
                    w(f"<bpmn:flowNodeRef>timer_{sid}</bpmn:flowNodeRef>")
                    w(f"<bpmn:flowNodeRef>late_{sid}</bpmn:flowNodeRef>")
        w("</bpmn:lane>")
    w("</bpmn:laneSet>")
    w('<bpmn:startEvent id="start" name="Mulai"><bpmn:outgoing>flow_start</bpmn:outgoing></bpmn:startEvent>')
    previous = "flow_start"
    for i, sid in enumerate(ids):
        nxt = f"flow_{sid}"
        w(f'<bpmn:userTask id="{sid}" name="{i + 1}. Langkah {i + 1}">'
          f"<bpmn:incoming>{previous}</bpmn:incoming><bpmn:outgoing>{nxt}</bpmn:outgoing></bpmn:userTask>")
        previous = nxt
    w(f'<bpmn:endEvent id="end" name="Selesai"><bpmn:incoming>{previous}</bpmn:incoming></bpmn:endEvent>')
    flows = [("flow_start", "start", ids[0])]
    for i, sid in enumerate(ids):
        flows.append((f"flow_{sid}", sid, ids[i + 1] if i + 1 < len(ids) else "end"))
    if timer:
        for sid in ids:
            w(f'<bpmn:boundaryEvent id="timer_{sid}" name="Batas waktu" cancelActivity="false" '
              f'attachedToRef="{sid}"><bpmn:outgoing>flow_timer_{sid}</bpmn:outgoing>'
              f'<bpmn:timerEventDefinition id="timer_{sid}_def">'
              f'<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{escape(timer)}</bpmn:timeDuration>'
              "</bpmn:timerEventDefinition></bpmn:boundaryEvent>")
            w(f'<bpmn:endEvent id="late_{sid}" name="Batas waktu terlampaui">'
              f"<bpmn:incoming>flow_timer_{sid}</bpmn:incoming></bpmn:endEvent>")
            flows.append((f"flow_timer_{sid}", f"timer_{sid}", f"late_{sid}"))
    for fid, src, dst in flows:
        w(f'<bpmn:sequenceFlow id="{fid}" sourceRef="{src}" targetRef="{dst}"/>')
    w("</bpmn:process>")
    w("</bpmn:definitions>")
    return "\n".join(out).encode("utf-8")
