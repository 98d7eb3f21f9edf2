"""Render a generated diagram to PNG with bpmn-js in headless Chromium (optional dev aid).

    .venv/bin/python -m tools.sopgen.preview etalase_katalog_lokal [out.png]
    .venv/bin/python -m tools.sopgen.preview path/to/file.bpmn [out.png] [--region x,y,w,h]

Needs ``npm install`` (node_modules/bpmn-js) and a ``chromium`` binary; writes to /tmp by default.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VIEWER = REPO / "node_modules" / "bpmn-js" / "dist" / "bpmn-viewer.production.min.js"

HTML = """<!doctype html><html><head><meta charset="utf-8">
<style>html,body,#c{margin:0;width:100%%;height:100%%;background:#fff}</style>
<script src="%(viewer)s"></script></head><body><div id="c"></div><script>
const v = new BpmnJS({container: '#c'});
v.importXML(%(xml)s).then(r => { document.title = 'ok ' + r.warnings.length;
  const region = %(region)s;
  if (region) v.get('canvas').viewbox({x: region[0], y: region[1], width: region[2], height: region[3]});
  if (r.warnings.length) console.log(JSON.stringify(r.warnings.map(w => w.message)));
}).catch(e => { document.body.innerText = 'ERROR ' + e.message; });
</script></body></html>"""


def render(name: str, out: Path | None = None, region=None) -> Path:
    """``name``: a process id (bpmn/<name>.bpmn) or a path to a .bpmn file; ``region``
    (x, y, width, height) in diagram coordinates renders only that part."""
    src = Path(name) if name.endswith(".bpmn") else REPO / "bpmn" / f"{name}.bpmn"
    name = src.stem
    xml = src.read_text(encoding="utf-8")
    xs = [float(x) + float(w) for x, w in re.findall(r'<dc:Bounds x="([-\d.]+)" y="[-\d.]+" width="([\d.]+)"', xml)]
    ys = [float(y) + float(h) for y, h in re.findall(r'<dc:Bounds x="[-\d.]+" y="([-\d.]+)" width="[\d.]+" height="([\d.]+)"', xml)]
    width, height = int(max(xs)) + 80, int(max(ys)) + 80
    if region:
        width, height = int(region[2]), int(region[3])
    out = out or Path(tempfile.gettempdir()) / f"{name}.png"
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "view.html"
        page.write_text(HTML % {"viewer": VIEWER.as_uri(), "xml": json.dumps(xml),
                                       "region": json.dumps(list(region) if region else None)}, encoding="utf-8")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "google-chrome"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--allow-file-access-from-files", f"--window-size={width},{height}",
                        "--virtual-time-budget=5000", f"--screenshot={out}", page.as_uri()],
                       check=True, capture_output=True)
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    region = None
    if "--region" in args:
        i = args.index("--region")
        region = [float(v) for v in args[i + 1].split(",")]
        del args[i:i + 2]
    print(render(args[0], Path(args[1]) if len(args) > 1 else None, region))
