"""Load specs, generate files."""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from . import specs as specs_pkg
from .emit import to_xml, forms, form_json
from .graph import build
from .layout import layout

REPO = Path(__file__).resolve().parents[2]


def spec_names():
    return sorted(m.name for m in pkgutil.iter_modules(specs_pkg.__path__)
                  if not m.name.startswith("_"))


def load(name):
    mod = importlib.import_module(f"{specs_pkg.__name__}.{name}")
    sop = mod.SOP
    if sop.process_id != name:
        raise ValueError(f"spec {name}: process_id {sop.process_id!r} differs from file name")
    return sop


def generate(name, repo: Path = REPO):
    """Write bpmn/<name>.bpmn and forms/<name>/*.json; return the written paths."""
    sop = load(name)
    g = build(sop)
    d = layout(g)
    xml = to_xml(g, d)
    out = []
    bpmn_path = repo / "bpmn" / f"{name}.bpmn"
    bpmn_path.parent.mkdir(parents=True, exist_ok=True)
    bpmn_path.write_bytes(xml)
    out.append(bpmn_path)
    form_dir = repo / "forms" / name
    form_dir.mkdir(parents=True, exist_ok=True)
    wanted = forms(g)
    for old in form_dir.glob("*.json"):
        if old.stem not in wanted:
            old.unlink()
    for tid, form in wanted.items():
        p = form_dir / f"{tid}.json"
        p.write_text(form_json(form), encoding="utf-8")
        out.append(p)
    return out
