"""Render BPMN diagrams in headless Chromium with bpmn-js and webapp/static/js/diagram.js.

- every bpmn/*.bpmn of Alur: imports with no warning, every flow node and
  sequence flow is drawn;
- the 21 BPMN MIWG reference diagrams (shared/corpus/miwg): import without an
  error (warnings are reported in the terminal summary, not failed);
- diagram.js itself on tests/data/sample_review.bpmn: status messages,
  highlight marker, load failure, import warnings, modeler save (accepted and
  refused), the bpmn icon font, and no request leaving the local server.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
OWN_DIAGRAMS = REPO / "bpmn"
TEST_DATA = REPO / "tests" / "data"
MIWG = Path(__file__).parents[2].parent / "shared" / "corpus" / "miwg"
SAMPLE = TEST_DATA / "sample_review.bpmn"

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
FLOW_NODE_TAGS = {
    # activities
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "sendTask",
    "receiveTask",
    "scriptTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "transaction",
    "adHocSubProcess",
    # events
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
    # gateways
    "exclusiveGateway",
    "inclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "complexGateway",
}


def _bpmn_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bpmn")) if folder.is_dir() else []


def _params(folder: Path, why_empty: str):
    files = _bpmn_files(folder)
    if not files:
        return [pytest.param(None, id="none", marks=pytest.mark.skip(reason=why_empty))]
    return [pytest.param(p, id=p.name) for p in files]


def _model_ids(path: Path, tags: set[str]) -> list[str]:
    ids = []
    for el in ET.parse(path).iter():
        if not isinstance(el.tag, str) or not el.tag.startswith("{" + BPMN_NS + "}"):
            continue
        if el.tag.split("}", 1)[1] in tags and el.get("id"):
            ids.append(el.get("id"))
    return ids


def _rendered_ids(page) -> set[str]:
    return set(
        page.evaluate(
            """() => Array.from(document.querySelectorAll('.djs-element[data-element-id]'),
                               e => e.getAttribute('data-element-id'))"""
        )
    )


def _status_text(page) -> str:
    return page.locator("#canvas-status[role=status]").inner_text()


def _assert_clean_page(page, base_url: str) -> None:
    log = page.alur_log
    assert log.foreign_requests(base_url) == [], "requests left the local server (CDN?)"
    assert log.errors == [], "script errors on the page"


# --------------------------------------------------------------------------
# Alur's own diagrams


@pytest.mark.parametrize(
    "diagram", _params(OWN_DIAGRAMS, f"no diagrams in {OWN_DIAGRAMS} yet")
)
def test_own_diagram_renders_cleanly(
    diagram, render, page, static_server, screenshot_dir
):
    state = render(f"/diagrams/own/{diagram.name}")

    assert state["error"] is None
    assert state["ready"] is True
    assert state["warnings"] == [], "bpmn-js import warnings"

    rendered = _rendered_ids(page)
    nodes = _model_ids(diagram, FLOW_NODE_TAGS)
    assert nodes, "diagram has no flow nodes"
    assert [n for n in nodes if n not in rendered] == [], (
        "flow nodes without a drawn shape (BPMNShape missing?)"
    )
    flows = _model_ids(diagram, {"sequenceFlow"})
    assert [f for f in flows if f not in rendered] == [], (
        "sequence flows without a drawn edge (BPMNEdge missing?)"
    )

    assert _status_text(page).startswith("Diagram dimuat")
    if screenshot_dir:
        page.screenshot(
            path=str(screenshot_dir / f"{diagram.stem}.png"), full_page=True
        )
    _assert_clean_page(page, static_server.base_url)


# --------------------------------------------------------------------------
# third-party reference diagrams (BPMN Model Interchange Working Group)


@pytest.mark.parametrize("diagram", _params(MIWG, f"MIWG corpus not found at {MIWG}"))
def test_miwg_diagram_imports(
    diagram, render, page, static_server, record_import_warnings
):
    state = render(f"/diagrams/miwg/{diagram.name}")
    record_import_warnings(diagram.name, state["warnings"])

    assert state["error"] is None
    assert state["ready"] is True
    # something was drawn
    assert len(_rendered_ids(page)) > 1
    _assert_clean_page(page, static_server.base_url)


# --------------------------------------------------------------------------
# diagram.js behaviour on a small diagram of our own


def test_viewer_status_highlight_and_fit(render, page, static_server, screenshot_dir):
    state = render(
        "/diagrams/data/sample_review.bpmn", highlight=["step_02", "no_such_step"]
    )

    assert state["ready"] is True and state["error"] is None
    assert state["warnings"] == []
    assert state["highlighted"] == ["step_02"]
    assert _status_text(page) == "Diagram dimuat"
    assert page.locator("#canvas").get_attribute("data-state") == "ready"

    marked = page.locator(".djs-element.alur-highlight")
    assert marked.count() == 1
    assert marked.get_attribute("data-element-id") == "step_02"
    # the marker CSS from diagram.css is applied to the task's rectangle
    stroke = page.evaluate(
        """() => getComputedStyle(document.querySelector(
            '.djs-element.alur-highlight .djs-visual > :first-child')).stroke"""
    )
    assert stroke == "rgb(217, 119, 6)"

    # fit-viewport: the whole diagram lies inside the canvas
    inside = page.evaluate(
        """() => {
            const c = document.getElementById('canvas').getBoundingClientRect();
            const v = document.querySelector('#canvas .djs-container svg g.viewport').getBoundingClientRect();
            return v.width > 100 && v.left >= c.left - 1 && v.right <= c.right + 1
                && v.top >= c.top - 1 && v.bottom <= c.bottom + 1;
        }"""
    )
    assert inside, "diagram not fitted into the canvas"

    rendered = _rendered_ids(page)
    assert set(_model_ids(SAMPLE, FLOW_NODE_TAGS)) <= rendered
    if screenshot_dir:
        page.screenshot(
            path=str(screenshot_dir / "sample_review_viewer.png"), full_page=True
        )
    _assert_clean_page(page, static_server.base_url)


def test_small_canvas_zooms_to_highlighted_task(render, page, static_server):
    # in a small window the fitted diagram would be unreadable: the view
    # zooms to a readable scale centred on the highlighted task
    page.set_viewport_size({"width": 480, "height": 400})
    state = render("/diagrams/data/sample_review.bpmn", highlight=["step_01"])
    assert state["highlighted"] == ["step_01"]

    view = page.evaluate(
        """() => {
            const canvas = window.alurDiagram.bpmnjs.get('canvas');
            const c = document.getElementById('canvas').getBoundingClientRect();
            const t = document.querySelector('.djs-element[data-element-id="step_01"]').getBoundingClientRect();
            return {zoom: canvas.zoom(),
                    dx: Math.abs((t.left + t.width / 2) - (c.left + c.width / 2)),
                    dy: Math.abs((t.top + t.height / 2) - (c.top + c.height / 2))};
        }"""
    )
    assert view["zoom"] == pytest.approx(0.75, abs=0.01)
    assert view["dx"] < 2 and view["dy"] < 2, view


def test_small_canvas_without_highlight_fits_whole_diagram(render, page):
    page.set_viewport_size({"width": 480, "height": 400})
    render("/diagrams/data/sample_review.bpmn")
    assert page.evaluate("() => window.alurDiagram.bpmnjs.get('canvas').zoom()") < 0.75


def test_missing_diagram_reports_failure(render, page, static_server):
    state = render("/diagrams/data/does_not_exist.bpmn")

    assert state["ready"] is False
    assert "HTTP 404" in state["error"]
    assert _status_text(page).startswith("Gagal memuat diagram: HTTP 404")
    assert page.locator("#canvas").get_attribute("data-state") == "error"
    # the browser itself logs the 404 on the console; nothing else may fail
    errors = [e for e in page.alur_log.errors if "404" not in e]
    assert errors == []


def test_not_bpmn_reports_failure(render, page, static_server):
    url = static_server.add_file(
        "not_bpmn.bpmn", "<html><body>bukan BPMN</body></html>"
    )
    state = render(url)

    assert state["ready"] is False
    assert state["error"]
    assert _status_text(page).startswith("Gagal memuat diagram: ")


def test_import_warnings_are_shown(render, page, static_server):
    # a sequence flow pointing at an element that does not exist
    xml = SAMPLE.read_text(encoding="utf-8").replace(
        'sourceRef="step_01" targetRef="step_02"',
        'sourceRef="step_01" targetRef="step_99"',
    )
    url = static_server.add_file("with_warning.bpmn", xml)
    state = render(url)

    assert state["ready"] is True
    assert state["warnings"], "expected an import warning"
    assert any("step_99" in w for w in state["warnings"])
    status = _status_text(page)
    assert status.startswith(
        f"Diagram dimuat. Peringatan impor: {len(state['warnings'])}"
    )
    assert "step_99" in status
    assert page.locator("#canvas-status").get_attribute("data-kind") == "warning"


def test_modeler_loads_icon_font(render, page, static_server, screenshot_dir):
    state = render(
        "/diagrams/data/sample_review.bpmn", mode="modeler", save_url="/save"
    )
    assert state["ready"] is True and state["warnings"] == []

    assert page.locator(".djs-palette .entry").count() > 5
    loaded = page.evaluate(
        """async () => {
            await document.fonts.ready;
            return Array.from(document.fonts).some(
                f => f.family.replace(/["']/g, '') === 'bpmn' && f.status === 'loaded');
        }"""
    )
    assert loaded, "bpmn icon font not loaded from /static/vendor"
    font_requests = [u for u in page.alur_log.requests if "/bpmn-font/font/" in u]
    assert font_requests and all(
        u.startswith(static_server.base_url) for u in font_requests
    )
    if screenshot_dir:
        page.screenshot(
            path=str(screenshot_dir / "sample_review_modeler.png"), full_page=True
        )
    _assert_clean_page(page, static_server.base_url)


def test_modeler_save_accepted(render, page, static_server):
    render("/diagrams/data/sample_review.bpmn", mode="modeler", save_url="/save")
    static_server.save.queue(200, {"message": "Diagram disimpan sebagai versi 2"})

    page.get_by_role("button", name="Simpan diagram").click()
    page.wait_for_function("() => window.alurDiagram.lastSave !== null")

    assert _status_text(page) == "Diagram disimpan sebagai versi 2"
    [request] = static_server.save.requests
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["x-csrftoken"] == "test-csrf-token"
    assert headers["content-type"].startswith("application/xml")
    saved = ET.fromstring(request["body"])
    assert saved.tag == f"{{{BPMN_NS}}}definitions"
    ids = {el.get("id") for el in saved.iter()}
    assert {"step_01", "step_02", "timer_step_02", "gw_approved"} <= ids
    # extension elements survive the round trip through the modeler
    assert b"alur:mutuBaku" in request["body"]
    assert b"\n  <bpmn:process" in request["body"], (
        "saveXML({format: true}) output expected"
    )


def test_modeler_save_refused_lists_problems(render, page, static_server):
    render("/diagrams/data/sample_review.bpmn", mode="modeler", save_url="/save")
    problems = [
        {
            "element_id": "gw_approved",
            "line": 67,
            "message": "Gerbang tanpa kondisi default",
        },
        {"element_id": None, "line": None, "message": "Proses belum punya formulir"},
    ]
    static_server.save.queue(422, {"problems": problems})

    page.get_by_role("button", name="Simpan diagram").click()
    page.wait_for_function("() => window.alurDiagram.lastSave !== null")

    last = page.evaluate("() => window.alurDiagram.lastSave")
    assert last["ok"] is False and last["status"] == 422
    status = page.locator("#canvas-status")
    assert status.get_attribute("data-kind") == "error"
    assert (
        status.locator(".alur-diagram-status-message").inner_text()
        == "Diagram ditolak: 2 masalah"
    )
    items = status.locator("li").all_inner_texts()
    assert items == [
        "baris 67, elemen gw_approved: Gerbang tanpa kondisi default",
        "Proses belum punya formulir",
    ]
    assert (
        page.locator('.djs-element.alur-problem[data-element-id="gw_approved"]').count()
        == 1
    )

    # clicking the problem selects the element in the modeler
    status.get_by_role(
        "button", name="baris 67, elemen gw_approved: Gerbang tanpa kondisi default"
    ).click()
    assert (
        page.locator('.djs-element.selected[data-element-id="gw_approved"]').count()
        == 1
    )

    # a second, accepted save clears the problem markers
    page.evaluate("() => { window.alurDiagram.lastSave = null; }")
    page.get_by_role("button", name="Simpan diagram").click()
    page.wait_for_function("() => window.alurDiagram.lastSave !== null")
    assert page.locator(".djs-element.alur-problem").count() == 0
    assert _status_text(page) == "Diagram disimpan"
    assert page.evaluate("() => window.alurDiagram.lastSave.ok") is True


# --------------------------------------------------------------------------
# readability of Alur's own diagrams, measured on the rendered SVG

# Runs in the page after the diagram is drawn, at zoom 1. Every box is in diagram
# coordinates (client rects mapped back through the viewport's matrix), rounded to 0.1 px.
READABILITY_JS = r"""
() => {
  const bpmnjs = window.alurDiagram.bpmnjs;
  const canvas = bpmnjs.get('canvas');
  const registry = bpmnjs.get('elementRegistry');
  canvas.zoom(1, {x: 0, y: 0});
  const viewport = document.querySelector('#canvas .djs-container svg g.viewport');
  const m = viewport.getScreenCTM().inverse();
  const svg = viewport.ownerSVGElement;
  function toDiagram(r) {
    const pts = [[r.left, r.top], [r.right, r.bottom]].map(([x, y]) => {
      const p = svg.createSVGPoint(); p.x = x; p.y = y; return p.matrixTransform(m);
    });
    const r1 = v => Math.round(v * 10) / 10;
    return {x: r1(Math.min(pts[0].x, pts[1].x)), y: r1(Math.min(pts[0].y, pts[1].y)),
            x2: r1(Math.max(pts[0].x, pts[1].x)), y2: r1(Math.max(pts[0].y, pts[1].y))};
  }
  const box = el => toDiagram(el.getBoundingClientRect());
  const out = {tasks: [], labels: [], shapes: [], edges: [], lanes: []};
  registry.getAll().forEach(e => {
    const gfx = registry.getGraphics(e);
    const visual = gfx && gfx.querySelector('.djs-visual');
    if (!visual) return;
    const type = e.type || '';
    if (e.waypoints) {
      out.edges.push({id: e.id, points: e.waypoints.map(p => [p.x, p.y])});
      return;
    }
    const text = visual.querySelector(':scope > text');
    if (type === 'label') {
      if (text && text.textContent.trim())
        out.labels.push({id: e.id, owner: e.labelTarget.id, text: text.textContent, box: box(text)});
      return;
    }
    if (type === 'bpmn:Participant' || type === 'bpmn:Lane') {
      if (text && text.textContent.trim())
        out.lanes.push({id: e.id, text: text.textContent, box: box(text),
                        header: {x: e.x, y: e.y, x2: e.x + 30, y2: e.y + e.height}});
      return;
    }
    if (type === 'bpmn:Process' || type === 'bpmn:Collaboration') return;
    const shape = {id: e.id, type: type, host: e.host ? e.host.id : null,
                   box: {x: e.x, y: e.y, x2: e.x + e.width, y2: e.y + e.height}};
    out.shapes.push(shape);
    if (/Task$|CallActivity|SubProcess/.test(type) && text) {
      // the task-type icon and markers: every path drawn in the shape besides its outline
      const icons = Array.from(visual.querySelectorAll(':scope > path')).map(box);
      out.tasks.push({id: e.id, type: type, text: text.textContent, box: shape.box,
                      textBox: box(text),
                      lines: Array.from(text.querySelectorAll('tspan'), t => ({text: t.textContent, box: box(t)})),
                      icons: icons});
    }
  });
  return out;
}
"""

SLACK = 0.5   # px of rounding allowed where two boxes meet


def _inside(inner, outer, slack=SLACK):
    return (inner["x"] >= outer["x"] - slack and inner["y"] >= outer["y"] - slack
            and inner["x2"] <= outer["x2"] + slack and inner["y2"] <= outer["y2"] + slack)


def _overlap(a, b, slack=SLACK):
    return not (a["x2"] <= b["x"] + slack or b["x2"] <= a["x"] + slack
                or a["y2"] <= b["y"] + slack or b["y2"] <= a["y"] + slack)


def _segment_hits(box, p, q, slack=SLACK):
    """Does the axis-aligned (or any) segment p-q pass through the box (shrunk by slack)?"""
    x0, y0, x1, y1 = box["x"] + slack, box["y"] + slack, box["x2"] - slack, box["y2"] - slack
    if x0 >= x1 or y0 >= y1:
        return False
    # Liang-Barsky clipping
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for pp, qq in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if pp == 0:
            if qq < 0:
                return False
            continue
        t = qq / pp
        if pp < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def readability_problems(m: dict) -> list[str]:
    """What a reader cannot read in a rendered diagram (see READABILITY_JS)."""
    problems = []
    shapes = {s["id"]: s for s in m["shapes"]}
    for t in m["tasks"]:
        if not _inside(t["textBox"], t["box"]):
            problems.append(f"{t['id']}: text outside its box {t['textBox']} vs {t['box']}")
        for icon in t["icons"]:
            if t["lines"] and _overlap(t["lines"][0]["box"], icon):
                problems.append(f"{t['id']}: first line {t['lines'][0]['text']!r} under the icon")
                break
        for line in t["lines"][1:]:
            if any(_overlap(line["box"], icon) for icon in t["icons"]):
                problems.append(f"{t['id']}: line {line['text']!r} under an icon or marker")
                break
        for s in m["shapes"]:
            if s["id"] != t["id"] and _overlap(t["textBox"], s["box"]):
                problems.append(f"{t['id']}: text under {s['id']}")
    for i, lb in enumerate(m["labels"]):
        for other in m["labels"][i + 1:]:
            if _overlap(lb["box"], other["box"]):
                problems.append(f"label of {lb['owner']} {lb['text']!r} on label of {other['owner']}")
        for t in m["tasks"]:
            if _overlap(lb["box"], t["textBox"]):
                problems.append(f"label of {lb['owner']} {lb['text']!r} on the text of {t['id']}")
        for s in m["shapes"]:
            if s["id"] != lb["owner"] and _overlap(lb["box"], s["box"]):
                problems.append(f"label of {lb['owner']} {lb['text']!r} on shape {s['id']}")
        for e in m["edges"]:
            pts = e["points"]
            if any(_segment_hits(lb["box"], p, q) for p, q in zip(pts, pts[1:])):
                problems.append(f"label of {lb['owner']} {lb['text']!r} on edge {e['id']}")
    for ln in m["lanes"]:
        inner = dict(ln["header"], x=ln["header"]["x"] + 1.5, x2=ln["header"]["x2"] - 1.5,
                     y=ln["header"]["y"] + 3, y2=ln["header"]["y2"] - 3)
        if not _inside(ln["box"], inner):
            problems.append(f"{ln['id']}: name {ln['text']!r} does not fit its header")
    return problems


@pytest.mark.parametrize(
    "diagram", _params(OWN_DIAGRAMS, f"no diagrams in {OWN_DIAGRAMS} yet")
)
def test_own_diagram_is_readable(diagram, render, page):
    """Task text inside its box and clear of the task-type icon (the step number shows);
    no event, gateway or flow label on another label, a shape or an edge; lane names inside
    their header."""
    state = render(f"/diagrams/own/{diagram.name}")
    assert state["ready"] is True
    problems = readability_problems(page.evaluate(READABILITY_JS))
    assert problems == []
