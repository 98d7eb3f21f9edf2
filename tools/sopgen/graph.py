"""Spec -> flow graph (nodes, flows, boundary timers), with merge gateways inserted."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .model import (Sop, Step, Call, Decision, Parallel, End, TimerEvent, CallActivity)


@dataclass
class GNode:
    id: str
    kind: str            # start | task | xor | and | end | timer | call
    name: str
    lane: str
    spec: object = None
    col: int = -1


@dataclass
class GFlow:
    id: str
    src: str
    tgt: str
    name: Optional[str] = None
    condition: Optional[str] = None
    is_default: bool = False


@dataclass
class GBoundary:
    id: str              # timer_step_05
    name: str
    attached: str        # task id
    duration: Optional[str] = None
    cycle: Optional[str] = None
    calendar_days: bool = False
    target: str = ""     # where its flow goes: the lane's late_merge_lane_N or late_lane_N
    flow_id: str = ""
    date: Optional[str] = None
    interrupting: bool = False   # a Step's ``closes`` timer: its flow goes on in the process


LATE_NAME = "Batas waktu terlampaui"


@dataclass
class LateSink:
    """Where the deadline timers of one lane end: one none end event ``late_lane_N`` ("Batas
    waktu terlampaui"), behind a merging exclusive gateway ``late_merge_lane_N`` when the lane
    has two or more timers (an end event with several incoming flows would be a fake join)."""
    lane: str
    end: str             # late_lane_N
    merge: Optional[str] # late_merge_lane_N, or None for a lane with one timer
    timers: list = field(default_factory=list)   # boundary ids, in column order
    name: str = LATE_NAME

    @property
    def merge_flow(self) -> str:
        return f"flow_{self.merge}_to_{self.end}"


@dataclass
class Graph:
    sop: Sop
    nodes: dict = field(default_factory=dict)    # id -> GNode
    order: list = field(default_factory=list)    # main sequence (columns)
    flows: list = field(default_factory=list)
    boundaries: list = field(default_factory=list)
    late_sinks: list = field(default_factory=list)

    def incoming(self, nid):
        return [f for f in self.flows if f.tgt == nid]

    def outgoing(self, nid):
        return [f for f in self.flows if f.src == nid]


class SpecError(Exception):
    pass


def timer_name(waktu: str) -> str:
    return f"Batas waktu {waktu.strip().lower()}"


def build(sop: Sop) -> Graph:
    g = Graph(sop)
    lanes = list(sop.lanes)
    if len(set(lanes)) != len(lanes):
        raise SpecError("duplicate lane names")
    for kind, names in (("parties", sop.parties), ("proxies", sop.proxies), ("also_start", sop.also_start)):
        for lane in names:
            if lane not in lanes:
                raise SpecError(f"{kind}: unknown lane {lane!r}")
    for lane, party in sop.parties.items():
        if party not in ("internal", "external", "cross-unit"):
            raise SpecError(f"parties: {lane!r}: unknown party {party!r}")

    def add(node: GNode):
        if node.id in g.nodes:
            raise SpecError(f"duplicate id {node.id}")
        if node.lane not in lanes:
            raise SpecError(f"{node.id}: unknown lane {node.lane!r}")
        g.nodes[node.id] = node
        g.order.append(node.id)

    specs = list(sop.nodes)
    if not specs:
        raise SpecError("no nodes")
    first_lane = sop.start_lane or getattr(specs[0], "lane", None)
    add(GNode("start", "start", sop.start_name, first_lane))

    prev_lane = first_lane
    for s in specs:
        lane = getattr(s, "lane", None) or prev_lane
        if isinstance(s, (Step, Call)):
            add(GNode(s.id, "task" if isinstance(s, Step) else "call", f"{s.no}. {s.name}", lane, s))
            if s.duration:
                tid = f"timer_{s.id}"
                g.boundaries.append(GBoundary(
                    tid, s.timer_name or timer_name(s.waktu), s.id, duration=s.duration,
                    calendar_days=s.calendar_days, flow_id=f"flow_{tid}"))
            closes = getattr(s, "closes", None)
            if closes is not None:
                g.boundaries.append(GBoundary(closes.id, closes.name, s.id, date=closes.date, interrupting=True,
                                              target=closes.target, flow_id=f"flow_{closes.id}_to_{closes.target}"))
        elif isinstance(s, Decision):
            add(GNode(s.id, "xor", s.name, lane, s))
        elif isinstance(s, Parallel):
            add(GNode(s.id, "and", s.name, lane, s))
        elif isinstance(s, End):
            add(GNode(s.id, "end", s.name, lane, s))
        elif isinstance(s, TimerEvent):
            add(GNode(s.id, "timer", s.name, lane, s))
        elif isinstance(s, CallActivity):
            add(GNode(s.id, "call", s.name, lane, s))
        else:
            raise SpecError(f"unknown node {s!r}")
        prev_lane = lane

    # flows
    seen = set()

    def flow(src, tgt, name=None, condition=None, is_default=False):
        if tgt not in g.nodes:
            raise SpecError(f"flow {src} -> unknown target {tgt}")
        if (src, tgt) in seen:
            raise SpecError(f"duplicate flow {src} -> {tgt}")
        seen.add((src, tgt))
        g.flows.append(GFlow(f"flow_{src}_to_{tgt}", src, tgt, name, condition, is_default))

    ids = list(g.order)
    flow("start", ids[1])
    for i, nid in enumerate(ids[1:], start=1):
        n = g.nodes[nid]
        s = n.spec
        nxt = ids[i + 1] if i + 1 < len(ids) else None
        if n.kind in ("task", "timer", "call") or (n.kind == "and" and not s.targets):
            tgt = getattr(s, "next", None) or nxt
            if tgt is None:
                raise SpecError(f"{nid}: no successor (add an End)")
            flow(nid, tgt)
        elif n.kind == "and":
            for t in s.targets:
                flow(nid, t)
        elif n.kind == "xor":
            defaults = [b for b in s.branches if b.condition is None]
            if len(defaults) > 1:
                raise SpecError(f"{nid}: more than one default branch")
            if len(s.branches) < 2:
                raise SpecError(f"{nid}: a decision needs two or more branches")
            for b in s.branches:
                flow(nid, b.target, b.label, b.condition, b.condition is None)

    # insert merging gateways where a non-joining node has several incoming flows
    for b in g.boundaries:
        if b.interrupting and b.target not in g.nodes:
            raise SpecError(f"{b.id}: unknown target {b.target}")
    for nid in list(g.order):
        n = g.nodes[nid]
        inc = g.incoming(nid)
        closing = [b for b in g.boundaries if b.interrupting and b.target == nid]
        if len(inc) + len(closing) < 2:
            continue
        if n.kind in ("xor", "and") and len(g.outgoing(nid)) == 1:
            continue  # already a pure join
        mid = f"merge_{nid}"
        numbered = n.kind == "task" or isinstance(n.spec, Call)
        label = n.name.split(". ", 1)[0] if numbered else n.name
        mname = f"Ke langkah {label}" if numbered else f"Ke {n.name}"
        m = GNode(mid, "xor", mname, n.lane, None)
        g.nodes[mid] = m
        g.order.insert(g.order.index(nid), mid)
        for f in inc:
            f.tgt = mid
            f.id = f"flow_{f.src}_to_{mid}"
        g.flows.append(GFlow(f"flow_{mid}_to_{nid}", mid, nid))
        for b in closing:
            b.target, b.flow_id = mid, f"flow_{b.id}_to_{mid}"

    for i, nid in enumerate(g.order):
        g.nodes[nid].col = i

    # one "Batas waktu terlampaui" end event per lane with deadline timers
    for i, lane in enumerate(lanes, start=1):
        timers = [b for b in g.boundaries if g.nodes[b.attached].lane == lane and not b.interrupting]
        if not timers:
            continue
        timers.sort(key=lambda b: g.nodes[b.attached].col)
        sink = LateSink(lane, f"late_lane_{i}", f"late_merge_lane_{i}" if len(timers) > 1 else None,
                        [b.id for b in timers])
        for b in timers:
            b.target = sink.merge or sink.end
        g.late_sinks.append(sink)
    return g
