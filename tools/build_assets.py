#!/usr/bin/env python3
"""Copy the bpmn-js browser bundles from node_modules into webapp/static/vendor.

Alur serves every front-end asset itself (no CDN). bpmn-js ships ready-made UMD
bundles in ``node_modules/bpmn-js/dist/``; this script copies the ones the app
uses, keeping the dist layout so the CSS's relative ``url(../font/...)`` links
keep working::

    webapp/static/vendor/bpmn-js/
        bpmn-navigated-viewer.production.min.js   (defines window.BpmnJS)
        bpmn-viewer.production.min.js             (defines window.BpmnJS)
        bpmn-modeler.production.min.js            (defines window.BpmnJS)
        assets/diagram-js.css
        assets/bpmn-js.css
        assets/bpmn-font/css/bpmn.css
        assets/bpmn-font/font/bpmn.{woff2,woff,ttf,eot,svg}
        LICENSE
        VERSION                                    (bpmn-js version, e.g. 18.31.1)

Run ``npm ci`` first. The script is idempotent: unchanged files are not
rewritten, and files in the destination that are not in the list above are
removed (the folder is build output and gitignored).

Usage::

    python tools/build_assets.py [--check] [--node-modules DIR] [--dest DIR]

``--check`` copies nothing and exits 1 if the destination is missing a file or
differs from node_modules.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_NODE_MODULES = ROOT / "node_modules"
DEFAULT_DEST = ROOT / "webapp" / "static" / "vendor" / "bpmn-js"

EXPECTED_MAJOR = 18

# Paths relative to node_modules/bpmn-js/dist (and to the destination).
DIST_FILES = [
    "bpmn-navigated-viewer.production.min.js",
    "bpmn-viewer.production.min.js",
    "bpmn-modeler.production.min.js",
    "assets/diagram-js.css",
    "assets/bpmn-js.css",
    "assets/bpmn-font/css/bpmn.css",
    "assets/bpmn-font/font/bpmn.woff2",
    "assets/bpmn-font/font/bpmn.woff",
    "assets/bpmn-font/font/bpmn.ttf",
    "assets/bpmn-font/font/bpmn.eot",
    "assets/bpmn-font/font/bpmn.svg",
]
# Paths relative to node_modules/bpmn-js.
PACKAGE_FILES = {"LICENSE": "LICENSE"}


class BuildError(Exception):
    pass


def bpmn_js_version(package_dir: Path) -> str:
    manifest = package_dir / "package.json"
    if not manifest.is_file():
        raise BuildError(
            f"{manifest} not found: run `npm ci` in {ROOT} before building assets"
        )
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    major = int(version.split(".", 1)[0])
    if major != EXPECTED_MAJOR:
        raise BuildError(
            f"bpmn-js {version} installed, Alur expects {EXPECTED_MAJOR}.x "
            "(see package.json; run `npm ci`)"
        )
    return version


def sources(package_dir: Path) -> dict[str, Path]:
    """Map destination-relative path -> source file."""
    plan = {rel: package_dir / "dist" / rel for rel in DIST_FILES}
    plan.update({dst: package_dir / src for dst, src in PACKAGE_FILES.items()})
    missing = [str(p) for p in plan.values() if not p.is_file()]
    if missing:
        raise BuildError(
            "bpmn-js dist layout changed or install incomplete; missing:\n  "
            + "\n  ".join(missing)
        )
    return plan


def build(node_modules: Path, dest: Path, check: bool = False) -> list[str]:
    """Copy (or, with check=True, compare) the assets. Returns the paths that
    were (or would be) changed, relative to dest."""
    package_dir = node_modules / "bpmn-js"
    version = bpmn_js_version(package_dir)
    plan = sources(package_dir)
    changed: list[str] = []

    for rel, src in sorted(plan.items()):
        target = dest / rel
        if target.is_file() and filecmp.cmp(src, target, shallow=False):
            continue
        changed.append(rel)
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)

    version_file = dest / "VERSION"
    if (
        not version_file.is_file()
        or version_file.read_text(encoding="utf-8").strip() != version
    ):
        changed.append("VERSION")
        if not check:
            dest.mkdir(parents=True, exist_ok=True)
            version_file.write_text(version + "\n", encoding="utf-8")

    # Remove anything else (stale files from another bpmn-js version).
    keep = set(plan) | {"VERSION"}
    if dest.is_dir():
        for path in sorted(dest.rglob("*"), reverse=True):
            rel = path.relative_to(dest).as_posix()
            if path.is_file() and rel not in keep:
                changed.append(f"{rel} (stale)")
                if not check:
                    path.unlink()
            elif path.is_dir() and not check and not any(path.iterdir()):
                path.rmdir()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node-modules", type=Path, default=DEFAULT_NODE_MODULES)
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    parser.add_argument(
        "--check", action="store_true", help="only report; exit 1 if out of date"
    )
    args = parser.parse_args(argv)
    try:
        changed = build(args.node_modules, args.dest, check=args.check)
    except BuildError as exc:
        print(f"build_assets: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if changed:
            print("build_assets: out of date: " + ", ".join(changed), file=sys.stderr)
            return 1
        print(f"build_assets: {args.dest} is up to date")
        return 0
    if changed:
        print(f"build_assets: updated {len(changed)} file(s) in {args.dest}")
    else:
        print(f"build_assets: {args.dest} already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
