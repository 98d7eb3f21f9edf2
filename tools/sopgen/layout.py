"""Automatic diagram layout (BPMN DI) for a flow graph.

One horizontal pool; one lane per row in SOP column order; one column per main-sequence node;
boundary timers on the bottom edge of their task with the 'late' end event below; orthogonal
edges; loop-backs (and forward edges that would cross shapes) run along horizontal channels
in the top or bottom band of the source lane.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .graph import Graph

POOL_X, POOL_Y = 160, 80
POOL_LABEL_W = 30
LANE_LABEL_W = 30
COL_W = 150
FIRST_X = POOL_X + POOL_LABEL_W + LANE_LABEL_W + 30
TRACK = 15
SIZES = {"task": (100, 80), "call": (100, 80), "xor": (50, 50), "and": (50, 50),
         "start": (36, 36), "end": (36, 36), "timer": (36, 36)}


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self):
        return self.x + self.w / 2

    @property
    def cy(self):
        return self.y + self.h / 2

    @property
    def right(self):
        return (self.x + self.w, self.cy)

    @property
    def left(self):
        return (self.x, self.cy)

    @property
    def top(self):
        return (self.cx, self.y)

    @property
    def bottom(self):
        return (self.cx, self.y + self.h)

    def hits(self, a, b, margin=3):
        """Does the axis-aligned segment a-b touch this box (inflated by margin)?"""
        x0, x1 = sorted((a[0], b[0]))
        y0, y1 = sorted((a[1], b[1]))
        return not (x1 < self.x - margin or x0 > self.x + self.w + margin
                    or y1 < self.y - margin or y0 > self.y + self.h + margin)

    def overlaps(self, o):
        return not (o.x >= self.x + self.w or o.x + o.w <= self.x
                    or o.y >= self.y + self.h or o.y + o.h <= self.y)


@dataclass
class Diagram:
    pool: Box = None
    lanes: dict = field(default_factory=dict)        # lane name -> Box
    shapes: dict = field(default_factory=dict)       # element id -> Box
    labels: dict = field(default_factory=dict)       # element id -> Box (shape or edge label)
    edges: dict = field(default_factory=dict)        # flow id -> [(x, y), ...]


class _Geometry:
    def __init__(self, g: Graph, tracks: dict):
        self.g = g
        lanes = g.sop.lanes
        late_lanes = {g.nodes[b.attached].lane for b in g.boundaries}
        self.cy = {}
        self.top_track_y = {}
        self.bot_track_y = {}
        self.lane_box = {}
        width = (FIRST_X - POOL_X) + len(g.order) * COL_W + 30
        y = POOL_Y
        for lane in lanes:
            nt = tracks.get((lane, "top"), 0)
            nb = tracks.get((lane, "bottom"), 0)
            top_band = 45 + TRACK * nt
            bottom = 130 if lane in late_lanes else 50
            bot_band = bottom + (TRACK * nb + 10 if nb else 0)
            self.top_track_y[lane] = [y + 12 + TRACK * k for k in range(nt)]
            cy = y + top_band + 40
            self.cy[lane] = cy
            self.bot_track_y[lane] = [cy + 40 + bottom + TRACK * k for k in range(nb)]
            h = top_band + 80 + bot_band
            self.lane_box[lane] = Box(POOL_X + POOL_LABEL_W, y, width - POOL_LABEL_W, h)
            y += h
        self.pool = Box(POOL_X, POOL_Y, width, y - POOL_Y)

    def node_box(self, nid):
        n = self.g.nodes[nid]
        w, h = SIZES[n.kind]
        cx = FIRST_X + n.col * COL_W + 50
        return Box(cx - w / 2, self.cy[n.lane] - h / 2, w, h)


def _lane_index(g, nid):
    return g.sop.lanes.index(g.nodes[nid].lane)


def _place(g: Graph, geo: _Geometry, d: Diagram):
    d.pool = geo.pool
    d.lanes = dict(geo.lane_box)
    for nid in g.order:
        b = geo.node_box(nid)
        d.shapes[nid] = b
        kind = g.nodes[nid].kind
        if kind in ("xor", "and"):
            d.labels[nid] = Box(b.cx - 97, b.y - 42, 70, 40)
        elif kind in ("start", "end", "timer"):
            d.labels[nid] = Box(b.cx - 45, b.y + b.h + 4, 90, 27)
    for bd in g.boundaries:
        t = d.shapes[bd.attached]
        tb = Box(t.x + 60, t.y + t.h - 18, 36, 36)
        d.shapes[bd.id] = tb
        d.labels[bd.id] = Box(t.x - 10, t.y + t.h + 4, 66, 27)
        le = Box(tb.x, t.y + t.h + 58, 36, 36)
        d.shapes[bd.late_end] = le
        d.labels[bd.late_end] = Box(le.cx - 45, le.y + 40, 90, 27)
        d.edges[bd.flow_id] = [tb.bottom, le.top]


def _route(g: Graph, d: Diagram, geo: _Geometry, plan: dict, counts: dict):
    """Route main flows. ``plan`` (flow id -> ('channel', lane, band, k) or candidate index)
    is filled on the first pass and reused on the second. Loop-backs and straight flows are
    routed first; the branches of an exclusive gateway then leave it by a side (port) still
    free, so that two labelled branches never share their first segment and label."""
    obstacles = dict(d.shapes)
    used = set()   # (node id, side)

    def clear(path, skip):
        for a, b in zip(path, path[1:]):
            for oid, box in obstacles.items():
                if oid in skip:
                    continue
                if box.hits(a, b):
                    return False
        return True

    def is_back(f):
        return g.nodes[f.tgt].col <= g.nodes[f.src].col

    def order(f):
        # loop-backs first (their sides are fixed), then straight same-row flows, then the rest
        if is_back(f):
            return 0
        s, t = d.shapes[f.src], d.shapes[f.tgt]
        straight = _candidates(g.nodes[f.src].kind, s, t)[0]
        return 1 if straight is not None and clear(straight[0], {f.src, f.tgt}) else 2

    for f in sorted(g.flows, key=order):
        s, t = d.shapes[f.src], d.shapes[f.tgt]
        sn, tn = g.nodes[f.src], g.nodes[f.tgt]
        skip = {f.src, f.tgt}
        avoid = sn.kind == "xor"    # labelled branches must not share a side
        if f.id in plan:
            choice = plan[f.id]
        else:
            choice = None
            if not is_back(f):
                cands = _candidates(sn.kind, s, t)
                ok = [i for i, c in enumerate(cands) if c is not None and clear(c[0], skip)]
                free = [i for i in ok if not avoid or (f.src, cands[i][1]) not in used]
                if free or ok:
                    choice = (free or ok)[0]
            if choice is None:
                li_s, li_t = _lane_index(g, f.src), _lane_index(g, f.tgt)
                band = "top" if li_t <= li_s else "bottom"
                if avoid and (f.src, band) in used:   # side taken: use the other one
                    band = "bottom" if band == "top" else "top"
                key = (sn.lane, band)
                k = counts.get(key, 0)
                counts[key] = k + 1
                choice = ("channel", sn.lane, band, k)
            plan[f.id] = choice
        if isinstance(choice, int):
            path, sside, tside = _candidates(sn.kind, s, t)[choice]
        else:
            _, lane, band, k = choice
            ys = geo.top_track_y[lane] if band == "top" else geo.bot_track_y[lane]
            if k >= len(ys):      # first pass: tracks not laid out yet
                ty = s.y - 20 if band == "top" else s.y + s.h + 20
            else:
                ty = ys[k]
            sside = band
            p0 = s.top if band == "top" else s.bottom
            tside = "top" if t.y > ty else "bottom"
            p3 = t.top if tside == "top" else t.bottom
            path = [p0, (s.cx, ty), (t.cx, ty), p3]
        used.add((f.src, sside))
        used.add((f.tgt, tside))
        d.edges[f.id] = _simplify(path)


def _candidates(kind, s: Box, t: Box):
    """Candidate orthogonal paths (path, source side, target side) for a forward flow."""
    down = t.cy > s.cy
    same = abs(t.cy - s.cy) < 0.5
    v_out = "bottom" if down else "top"
    v_in = "top" if down else "bottom"
    straight = ([s.right, t.left], "right", "left") if same else None
    vh = None if same else ([s.bottom if down else s.top, (s.cx, t.cy), t.left], v_out, "left")
    hv = None if same else ([s.right, (t.cx, s.cy), t.top if down else t.bottom], "right", v_in)
    xm1 = s.cx + COL_W / 2
    xm2 = t.cx - COL_W / 2
    hvh1 = None if same else ([s.right, (xm1, s.cy), (xm1, t.cy), t.left], "right", "left")
    hvh2 = (None if same or xm2 == xm1 else
            ([s.right, (xm2, s.cy), (xm2, t.cy), t.left], "right", "left"))
    if kind in ("xor", "and"):
        return [straight, vh, hvh1, hvh2, hv]
    return [straight, hvh1, hvh2, hv, vh]


def _simplify(path):
    out = []
    for p in path:
        p = (round(p[0], 1), round(p[1], 1))
        if out and out[-1] == p:
            continue
        out.append(p)
    # drop collinear middle points
    res = [out[0]]
    for i in range(1, len(out) - 1):
        a, b, c = res[-1], out[i], out[i + 1]
        if (a[0] == b[0] == c[0]) or (a[1] == b[1] == c[1]):
            continue
        res.append(b)
    res.append(out[-1])
    return res


def _flow_labels(g: Graph, d: Diagram):
    for f in g.flows:
        if not f.name:
            continue
        pts = d.edges[f.id]
        (x0, y0), (x1, y1) = pts[0], pts[1]
        w = max(40, 7 * len(f.name))
        if y0 == y1:   # horizontal first segment
            d.labels[f.id] = Box(x0 + 6, y0 - 20, w, 14)
        elif y1 < y0:  # going up
            d.labels[f.id] = Box(x0 + 6, y0 - 22, w, 14)
        else:
            d.labels[f.id] = Box(x0 + 6, y0 + 6, w, 14)


def layout(g: Graph) -> Diagram:
    plan, counts = {}, {}
    d = Diagram()
    geo = _Geometry(g, {})
    _place(g, geo, d)
    _route(g, d, geo, plan, counts)
    d = Diagram()
    geo = _Geometry(g, counts)
    _place(g, geo, d)
    _route(g, d, geo, plan, {})
    _flow_labels(g, d)
    return d
