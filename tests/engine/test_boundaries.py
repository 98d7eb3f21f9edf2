"""engine/ never imports Flask, and the web layer never reaches into SpiffWorkflow."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found = {}
    for path in folder.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_engine_never_imports_flask_or_webapp():
    for path, names in imported_modules(ROOT / "engine").items():
        assert not names & {"flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "werkzeug", "webapp"}, path


def test_webapp_never_imports_spiffworkflow():
    for path, names in imported_modules(ROOT / "webapp").items():
        assert "SpiffWorkflow" not in names, path


def test_importing_the_engine_loads_no_flask():
    code = ("import sys, engine.cases.commands, engine.cases.queries, engine.diagrams.deploy, engine.timers.worker, engine.org.users;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
