"""``alur deploy``: BPMN files as new process versions."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from engine.diagrams import deploy
from engine.errors import AlurError

from ..runtime import runtime
from .common import CLI_ACTOR, fail


@click.command("deploy")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True))
@with_appcontext
def deploy_command(paths):
    """Deploy .bpmn files (or every .bpmn in a folder) as new process versions."""
    files = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.bpmn")) if path.is_dir() else [path])
    try:
        results = deploy.deploy_paths(runtime(), CLI_ACTOR, files)
    except AlurError as exc:
        fail(exc)
    for info in results:
        state = "versi baru" if info.created else "tidak berubah"
        click.echo(f"{info.process_id}: versi {info.version} ({state})")
