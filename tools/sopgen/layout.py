"""Automatic diagram layout (BPMN DI) for a flow graph.

One horizontal pool; one lane per row in SOP column order; one column per main-sequence node.
Every size and label position comes from the text bpmn-js will draw (``textmetrics``):

* task boxes are ``TASK_W`` wide and as tall as their wrapped name needs, so that the text stays
  inside the box, its first line (the step number) clears the task-type icon at the top left,
  and its last line clears the boundary timer and the call-activity marker at the bottom;
* boundary timers sit on the bottom edge of their task, near its right end, with their label left of
  them on one line when no edge leaves or enters the task at the bottom centre, else under the
  task's left half; each
  timer's flow drops to the lane's deadline rail and runs along it to the lane's one
  "Batas waktu terlampaui" end event (through a merging gateway) in the last columns;
* orthogonal edges; loop-backs (and forward edges that would cross shapes) run along horizontal
  channels in the top or bottom band of the source lane, clear of the lane boundary;
* each external label (events, gateways, named flows) is put at the first of a few candidate
  positions that touches no shape, no other label and no edge;
* each lane (and the pool) is tall enough for its name on one line of its header.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .graph import Graph
from .textmetrics import line_widths, text_width, wrap

POOL_X, POOL_Y = 160, 80
POOL_LABEL_W = 30
LANE_LABEL_W = 30
TASK_W = 160
COL_W = TASK_W + 50
FIRST_X = POOL_X + POOL_LABEL_W + LANE_LABEL_W + 30
TRACK = 15
SIZES = {"xor": (50, 50), "and": (50, 50), "start": (36, 36), "end": (36, 36), "timer": (36, 36)}

# bpmn-js text: 12px inside tasks and lane headers, 11px outside; line height 1.2
LINE = 14.4
EXT_SIZE, EXT_LINE = 11, 13.2
TASK_PAD = 7                      # embedded label padding (left/right)
ICON_RIGHT, ICON_BOTTOM = 21.1, 23.5   # user-task icon, measured in bpmn-js 18
BOTTOM_CLEAR = 19.5               # boundary timer (top at h-18) and call marker (h-18)
SCALES = (0.98, 1.0, 1.02)        # a wrap must hold with widths 2% off (kerning, fonts)
EVENT_LABEL_W = 90
GATEWAY_LABEL_W = 70
GAP = 3                           # clearance around labels


def task_fits(name: str, w: float, h: float, icon: bool = True) -> bool:
    """Does bpmn-js draw ``name`` inside a w x h task, first line clear of the icon?"""
    for scale in SCALES:
        lines = wrap(name, w - 2 * TASK_PAD, scale=scale)
        widths = [x * scale for x in line_widths(lines)]
        n = len(lines)
        if max(widths) > w - 2 * TASK_PAD:
            return False
        # diagram-js: first baseline at (h - n*LINE)/2 + 0.75*LINE; glyph box 11px up, 3px down
        top = (h - n * LINE) / 2 - 0.2
        bottom = (h + n * LINE) / 2 - 0.6
        if h - bottom < BOTTOM_CLEAR:
            return False
        first_x = (w - 2 * TASK_PAD - widths[0]) / 2 + TASK_PAD
        if icon and not (top >= ICON_BOTTOM + 1 or first_x >= ICON_RIGHT + 1.4):
            return False
    return True


def task_height(name: str, w: float = TASK_W, icon: bool = True) -> int:
    h = 80
    while not task_fits(name, w, h, icon):
        h += 2
    return h


def ext_label_size(text: str, max_w: float) -> tuple:
    """Size of an external label (11px) wrapped at ``max_w``: the DI bounds bpmn-js lays it in."""
    lines = [wrap(text, max_w - 2, size=EXT_SIZE, scale=s) for s in SCALES]
    n = max(len(x) for x in lines)
    w = max(max(line_widths(x, EXT_SIZE)) * s for x, s in zip(lines, SCALES))
    return math.ceil(w) + 2, math.ceil(n * EXT_LINE) + 1


def header_length(name: str) -> int:
    """Smallest lane (or pool) height whose 30px header shows ``name`` on one line: two lines
    (28.8px) would touch the header's borders."""
    length = 60
    while not all(len(wrap(name, length, scale=s)) == 1
                  and text_width(name) * s <= length - 20 for s in SCALES):
        length += 10
    return length


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

    def overlaps(self, o, margin=0):
        return not (o.x >= self.x + self.w + margin or o.x + o.w <= self.x - margin
                    or o.y >= self.y + self.h + margin or o.y + o.h <= self.y - margin)


@dataclass
class Diagram:
    pool: Box = None
    lanes: dict = field(default_factory=dict)        # lane name -> Box
    shapes: dict = field(default_factory=dict)       # element id -> Box
    labels: dict = field(default_factory=dict)       # element id -> Box (shape or edge label)
    edges: dict = field(default_factory=dict)        # flow id -> [(x, y), ...]


def _node_size(g: Graph, nid: str):
    n = g.nodes[nid]
    if n.kind in ("task", "call"):
        return TASK_W, task_height(n.name, icon=n.kind == "task")
    return SIZES[n.kind]


class _Geometry:
    """Vertical layout of every lane: top channels, gateway labels, the node row, timer and
    event labels, the deadline rail, bottom channels; lanes stretched to fit their names."""

    def __init__(self, g: Graph, tracks: dict):
        self.g = g
        lanes = g.sop.lanes
        sinks = {s.lane: s for s in g.late_sinks}
        timed = {g.nodes[b.attached].lane: [] for b in g.boundaries}
        for b in g.boundaries:
            timed[g.nodes[b.attached].lane].append(b)
        self.size = {nid: _node_size(g, nid) for nid in g.order}
        self.cy, self.top_track_y, self.bot_track_y, self.rail_y, self.lane_box = {}, {}, {}, {}, {}
        self.sink_col = len(g.order)
        ncols = len(g.order) + (2 if any(s.merge for s in g.late_sinks) else 1 if sinks else 0)
        width = (FIRST_X - POOL_X) + ncols * COL_W + 30
        y = POOL_Y
        for lane in lanes:
            ids = [nid for nid in g.order if g.nodes[nid].lane == lane]
            nt = tracks.get((lane, "top"), 0)
            nb = tracks.get((lane, "bottom"), 0)
            row_h = max([self.size[n][1] for n in ids] + [50])
            gw_label = max([ext_label_size(g.nodes[n].name, GATEWAY_LABEL_W)[1]
                            for n in ids if g.nodes[n].kind == "xor" and g.nodes[n].name] + [0])
            above = max(row_h / 2 + 12, 25 + 2 + gw_label + 8)
            below = max([45] + [self.size[n][1] / 2 + 8 for n in ids])
            for n in ids:
                if g.nodes[n].kind in ("start", "end", "timer"):
                    below = max(below, 18 + 4 + ext_label_size(g.nodes[n].name, EVENT_LABEL_W)[1] + 6)
            for b in timed.get(lane, []):
                h = self.size[b.attached][1]
                below = max(below, h / 2 + 4 + ext_label_size(b.name, TASK_W / 2 - 10)[1] + 6)  # worst case
            if lane in sinks:
                below = max(below, 18 + 4 + ext_label_size(sinks[lane].name, EVENT_LABEL_W)[1] + 6)
            top_tracks = 12 + TRACK * nt if nt else 0
            rail = 10 if lane in sinks else 0
            bottom_tracks = TRACK * nb + 5 if nb else 0
            natural = top_tracks + above + below + rail + bottom_tracks + 8
            h = max(natural, header_length(lane))
            y0 = y + (h - natural) / 2          # centre the content in a stretched lane
            self.top_track_y[lane] = [y0 + 12 + TRACK * k for k in range(nt)]
            cy = y0 + top_tracks + above
            self.cy[lane] = cy
            self.rail_y[lane] = cy + below + 2 if lane in sinks else None
            start = cy + below + rail + TRACK
            self.bot_track_y[lane] = [start + TRACK * k for k in range(nb)]
            self.lane_box[lane] = Box(POOL_X + POOL_LABEL_W, y, width - POOL_LABEL_W, h)
            y += h
        need = header_length(g.sop.pool)
        if y - POOL_Y < need:                   # pool name: stretch the last lane
            last = self.lane_box[lanes[-1]]
            last.h += need - (y - POOL_Y)
            y = POOL_Y + need
        self.pool = Box(POOL_X, POOL_Y, width, y - POOL_Y)

    def node_box(self, nid, col=None, lane=None):
        n = self.g.nodes.get(nid)
        w, h = self.size.get(nid, SIZES["xor"] if "merge" in nid else SIZES["end"])
        col = n.col if col is None else col
        lane = n.lane if lane is None else lane
        cx = FIRST_X + col * COL_W + TASK_W / 2
        return Box(cx - w / 2, self.cy[lane] - h / 2, w, h)


def _lane_index(g, nid):
    return g.sop.lanes.index(g.nodes[nid].lane)


def _place(g: Graph, geo: _Geometry, d: Diagram):
    d.pool = geo.pool
    d.lanes = dict(geo.lane_box)
    for nid in g.order:
        d.shapes[nid] = geo.node_box(nid)
    for bd in g.boundaries:
        t = d.shapes[bd.attached]
        d.shapes[bd.id] = Box(t.x + t.w - 32 - 18, t.y + t.h - 18, 36, 36)
    for sink in g.late_sinks:
        col = geo.sink_col
        if sink.merge:
            d.shapes[sink.merge] = geo.node_box(sink.merge, col, sink.lane)
            col += 1
        else:
            col += 1 if any(s.merge for s in g.late_sinks) else 0
        d.shapes[sink.end] = geo.node_box(sink.end, col, sink.lane)
        first = sink.merge or sink.end
        rail = geo.rail_y[sink.lane]
        for tid in sink.timers:
            tb = d.shapes[tid]
            tgt = d.shapes[first]
            d.edges[f"flow_{tid}"] = _simplify([tb.bottom, (tb.cx, rail), (tgt.cx, rail), tgt.bottom])
        if sink.merge:
            d.edges[sink.merge_flow] = [d.shapes[sink.merge].right, d.shapes[sink.end].left]
    for bd in g.boundaries:               # an interrupting timer: under its task, then to its target
        if not bd.interrupting:
            continue
        tb, tgt = d.shapes[bd.id], d.shapes[bd.target]
        lane = g.nodes[bd.attached].lane
        y = geo.rail_y.get(lane) or (tb.bottom[1] + 12)
        end = tgt.bottom if tgt.cy < y else tgt.top
        d.edges[bd.flow_id] = _simplify([tb.bottom, (tb.cx, y), (tgt.cx, y), end])


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


class _Placer:
    """Puts each label at its first candidate position that touches no shape, no label placed
    before and no edge; when every candidate touches something, the one touching least."""

    def __init__(self, d: Diagram):
        self.d = d
        self.segments = [(fid, a, b) for fid, pts in d.edges.items() for a, b in zip(pts, pts[1:])]

    def cost(self, box: Box, owner: str) -> int:
        n = 0
        for sid, s in self.d.shapes.items():
            if box.overlaps(s, GAP):
                n += 1
        for lid, lb in self.d.labels.items():
            if lid != owner and box.overlaps(lb, GAP):
                n += 1
        for fid, a, b in self.segments:
            if Box(box.x, box.y, box.w, box.h).hits(a, b, GAP):
                n += 1
        lane = self.d.pool
        if box.x < lane.x + POOL_LABEL_W + LANE_LABEL_W or box.y < lane.y \
                or box.y + box.h > lane.y + lane.h:
            n += 1
        return n

    def place(self, owner: str, candidates: list) -> None:
        best = None
        for c in candidates:
            cost = self.cost(c, owner)
            if cost == 0:
                best = c
                break
            if best is None or cost < best[0]:
                best = (cost, c)
        self.d.labels[owner] = best if isinstance(best, Box) else best[1]


def _labels(g: Graph, d: Diagram):
    p = _Placer(d)
    for bd in g.boundaries:               # under the left half of the task
        t, tb = d.shapes[bd.attached], d.shapes[bd.id]
        w1, h1 = ext_label_size(bd.name, tb.x - 4 - t.x)    # one line, left of the timer
        w, h = ext_label_size(bd.name, TASK_W / 2 - 10)     # or under the left half
        p.place(bd.id, [Box(tb.x - 4 - w1, t.y + t.h + 4, w1, h1),
                        Box(t.x + 4, t.y + t.h + 4, w, h),
                        Box(tb.x + tb.w + 2, t.y + t.h + 4, w, h)])
    events = [(nid, g.nodes[nid].name) for nid in g.order if g.nodes[nid].kind in ("start", "end", "timer")]
    events += [(s.end, s.name) for s in g.late_sinks]
    for nid, name in events:
        b = d.shapes[nid]
        w, h = ext_label_size(name, EVENT_LABEL_W)
        p.place(nid, [Box(b.cx - w / 2, b.y + b.h + 4, w, h),
                      Box(b.x + b.w + 4, b.cy - h / 2, w, h),
                      Box(b.cx - w / 2, b.y - 4 - h, w, h),
                      Box(b.x - 4 - w, b.cy - h / 2, w, h)])
    for nid in g.order:
        n = g.nodes[nid]
        if n.kind not in ("xor", "and") or not n.name:
            continue
        b = d.shapes[nid]
        w, h = ext_label_size(n.name, GATEWAY_LABEL_W)
        p.place(nid, [Box(b.cx - 27 - w, b.y - 2 - h, w, h),
                      Box(b.cx + 27, b.y - 2 - h, w, h),
                      Box(b.cx - 27 - w, b.y + b.h + 2, w, h),
                      Box(b.cx + 27, b.y + b.h + 2, w, h),
                      Box(b.cx - w / 2, b.y - 4 - h, w, h)])
    for f in g.flows:
        if not f.name:
            continue
        w, h = ext_label_size(f.name, 400)
        p.place(f.id, _flow_label_candidates(d.edges[f.id], w, h))


def _flow_label_candidates(pts, w, h):
    """Beside the flow: along its first segment first (next to the gateway it leaves), then
    along the others."""
    out = []
    for i, ((x0, y0), (x1, y1)) in enumerate(zip(pts, pts[1:])):
        if y0 == y1:            # horizontal
            xs = [x0 + 6, x1 - 6 - w] if x1 > x0 else [x0 - 6 - w, x1 + 6]
            if i:
                xs.insert(0, (x0 + x1) / 2 - w / 2)
            for x in xs:
                out += [Box(x, y0 - 3 - h, w, h), Box(x, y0 + 3, w, h)]
        else:                   # vertical
            ys = [y0 + 6, y1 - 6 - h] if y1 > y0 else [y0 - 6 - h, y1 + 6]
            if i:
                ys.insert(0, (y0 + y1) / 2 - h / 2)
            for y in ys:
                out += [Box(x0 + 5, y, w, h), Box(x0 - 5 - w, y, w, h)]
    return out


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
    _labels(g, d)
    return d
