"""Browser fixtures: Debian's headless Chromium driven by Playwright, and a
small static server on 127.0.0.1 that does not need the Flask app.

The server mirrors the app's URL layout for static files:

    /static/...           webapp/static (vendor/bpmn-js is built by tools/build_assets.py)
    /pages/...            generated HTML pages and ad-hoc diagrams (a temp dir)
    /diagrams/own/...     <repo>/bpmn
    /diagrams/data/...    <repo>/tests/data
    /diagrams/miwg/...    <workspace>/shared/corpus/miwg
    POST /save            records the request; answers with what the test queued

Browser tests are skipped when Playwright, /usr/bin/chromium or the vendor
assets are missing, unless ALUR_REQUIRE_BROWSER=1, in which case they fail.
Set ALUR_SCREENSHOT_DIR to keep screenshots of the sample diagram.
"""

from __future__ import annotations

import html
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "webapp" / "static"
VENDOR = STATIC / "vendor" / "bpmn-js"
OWN_DIAGRAMS = REPO / "bpmn"
TEST_DATA = REPO / "tests" / "data"
MIWG = REPO.parent / "shared" / "corpus" / "miwg"

CHROMIUM = Path(os.environ.get("ALUR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VENDOR_FILES = [
    "bpmn-navigated-viewer.production.min.js",
    "bpmn-modeler.production.min.js",
    "assets/diagram-js.css",
    "assets/bpmn-js.css",
    "assets/bpmn-font/css/bpmn.css",
]
# How long to wait for the page to finish loading a diagram (ms). Not a sleep:
# wait_for_function returns as soon as the condition holds.
RENDER_TIMEOUT_MS = 30_000

WARNING_REPORT = pytest.StashKey[list]()


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def pytest_configure(config):
    config.stash[WARNING_REPORT] = []


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    rows = config.stash.get(WARNING_REPORT, [])
    if not rows:
        return
    terminalreporter.section("bpmn-js import warnings (third-party diagrams)")
    for name, count, first in rows:
        line = f"{name}: {count} warning(s)"
        if first:
            line += f" - first: {first}"
        terminalreporter.write_line(line)


@pytest.fixture
def record_import_warnings(request, record_property):
    """record(name, warnings): keep the count for the summary and the junit XML."""

    def record(name: str, warnings: list[str]) -> None:
        record_property("import_warnings", len(warnings))
        request.config.stash[WARNING_REPORT].append(
            (name, len(warnings), warnings[0] if warnings else "")
        )
        print(f"{name}: {len(warnings)} import warning(s)")
        for w in warnings:
            print(f"  - {w}")

    return record


def _unavailable(reason: str):
    if os.environ.get("ALUR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"ALUR_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------
# static server


@dataclass
class SaveEndpoint:
    """POST /save: records requests, answers with queued (status, json) pairs
    (default 200 {"message": "Diagram disimpan"})."""

    requests: list = field(default_factory=list)
    responses: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def queue(self, status: int, body: dict) -> None:
        with self.lock:
            self.responses.append((status, body))

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.responses.clear()

    def take(self, headers, body: bytes):
        with self.lock:
            self.requests.append({"headers": dict(headers), "body": body})
            if self.responses:
                return self.responses.pop(0)
        return 200, {"message": "Diagram disimpan"}


class _Handler(SimpleHTTPRequestHandler):
    mounts: ClassVar[dict[str, Path]] = {}
    save_endpoint: ClassVar[SaveEndpoint]
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".css": "text/css",
        ".bpmn": "application/xml",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
        ".eot": "application/vnd.ms-fontobject",
        ".svg": "image/svg+xml",
    }

    def translate_path(self, path):
        path = unquote(urlsplit(path).path)
        for prefix, root in self.mounts.items():
            if path.startswith(prefix):
                rel = path[len(prefix) :]
                target = (root / rel).resolve()
                if target == root.resolve() or root.resolve() in target.parents:
                    return str(target)
                break
        return str(Path("/nonexistent") / "x")

    def do_POST(self):
        if urlsplit(self.path).path != "/save":
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        status, payload = self.save_endpoint.take(self.headers, body)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # keep test output quiet
        pass


@dataclass
class StaticServer:
    base_url: str
    pages_dir: Path
    save: SaveEndpoint
    _counter: int = 0

    def add_file(self, name: str, content: str) -> str:
        """Write a file into /pages/ and return its URL path."""
        (self.pages_dir / name).write_text(content, encoding="utf-8")
        return f"/pages/{name}"

    def diagram_page(
        self,
        diagram_url: str,
        mode: str = "viewer",
        highlight: list[str] | None = None,
        save_url: str | None = None,
        csrf_token: str = "test-csrf-token",
    ) -> str:
        """Generate an HTML page like the app's and return its absolute URL."""
        bundle = (
            "bpmn-modeler.production.min.js"
            if mode == "modeler"
            else "bpmn-navigated-viewer.production.min.js"
        )
        attrs = {
            "id": "canvas",
            "data-diagram-url": diagram_url,
            "data-mode": mode,
        }
        if highlight is not None:
            attrs["data-highlight"] = json.dumps(highlight)
        if save_url:
            attrs["data-save-url"] = save_url
        attr_text = " ".join(
            f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items()
        )
        page = f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="csrf-token" content="{html.escape(csrf_token, quote=True)}">
<title>Diagram uji</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/vendor/bpmn-js/assets/diagram-js.css">
<link rel="stylesheet" href="/static/vendor/bpmn-js/assets/bpmn-js.css">
<link rel="stylesheet" href="/static/vendor/bpmn-js/assets/bpmn-font/css/bpmn.css">
<link rel="stylesheet" href="/static/css/diagram.css">
</head>
<body>
<main>
<h1>Diagram uji</h1>
<div {attr_text}></div>
</main>
<script src="/static/vendor/bpmn-js/{bundle}"></script>
<script src="/static/js/diagram.js"></script>
</body>
</html>
"""
        self._counter += 1
        path = self.add_file(f"page_{self._counter}.html", page)
        return self.base_url + path


@pytest.fixture(scope="session")
def static_server(tmp_path_factory):
    pages = tmp_path_factory.mktemp("pages")
    save = SaveEndpoint()
    mounts = {
        "/static/": STATIC,
        "/pages/": pages,
        "/diagrams/own/": OWN_DIAGRAMS,
        "/diagrams/data/": TEST_DATA,
        "/diagrams/miwg/": MIWG,
    }
    handler = type("Handler", (_Handler,), {"mounts": mounts, "save_endpoint": save})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, name="alur-static", daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield StaticServer(base_url=f"http://{host}:{port}", pages_dir=pages, save=save)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --------------------------------------------------------------------------
# browser


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install playwright)")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    missing = [f for f in VENDOR_FILES if not (VENDOR / f).is_file()]
    if missing:
        _unavailable(
            "bpmn-js vendor assets missing in webapp/static/vendor/bpmn-js "
            f"({', '.join(missing)}): run `npm ci && python tools/build_assets.py`"
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageLog:
    requests: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def foreign_requests(self, base_url: str) -> list[str]:
        return [
            u
            for u in self.requests
            if not u.startswith((base_url + "/", "data:", "blob:"))
        ]


@pytest.fixture
def page(browser, static_server):
    """A fresh page; its requests and script errors are in page.alur_log."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    log = PageLog()
    pg.on("request", lambda req: log.requests.append(req.url))
    pg.on("pageerror", lambda exc: log.errors.append(f"pageerror: {exc}"))
    pg.on(
        "console",
        lambda msg: (
            log.errors.append(f"console.error: {msg.text} ({msg.location.get('url')})")
            if msg.type == "error"
            else None
        ),
    )
    pg.on(
        "response",
        lambda resp: (
            log.errors.append(f"HTTP {resp.status}: {resp.url}")
            if resp.status >= 400
            else None
        ),
    )
    pg.alur_log = log
    static_server.save.reset()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def render(page, static_server):
    """render(diagram_url, **page_options) -> window.alurDiagram as a dict
    (done, ready, warnings, error, mode, highlighted)."""

    def _render(diagram_url: str, **options) -> dict:
        url = static_server.diagram_page(diagram_url, **options)
        page.goto(url)
        page.wait_for_function(
            "() => window.alurDiagram && window.alurDiagram.done === true",
            timeout=RENDER_TIMEOUT_MS,
        )
        return page.evaluate(
            """() => {
                const s = window.alurDiagram;
                return {done: s.done, ready: s.ready, warnings: s.warnings,
                        error: s.error, mode: s.mode, highlighted: s.highlighted};
            }"""
        )

    return _render


@pytest.fixture
def screenshot_dir():
    """Directory for screenshots when ALUR_SCREENSHOT_DIR is set, else None."""
    value = os.environ.get("ALUR_SCREENSHOT_DIR")
    if not value:
        return None
    path = Path(value)
    path.mkdir(parents=True, exist_ok=True)
    return path
