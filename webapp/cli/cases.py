"""``alur migrate``: running cases moved to another process version."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from engine.errors import AlurError

from ..runtime import runtime
from .common import CLI_ACTOR, fail


@click.command("migrate")
@click.argument("process_id")
@click.option("--from-version", type=int, default=None, help="Hanya kasus pada versi ini.")
@click.option("--to-version", type=int, default=None, help="Versi tujuan (bawaan: terbaru).")
@click.option("--dry-run", is_flag=True, help="Tampilkan rencana tanpa mengubah apa pun.")
@with_appcontext
def migrate_command(process_id, from_version, to_version, dry_run):
    """Move running cases of PROCESS_ID to another version (default: the latest)."""
    from engine.cases.migrate import migrate_cases

    try:
        plans = migrate_cases(runtime(), CLI_ACTOR, process_id, from_version=from_version,
                              to_version=to_version, dry_run=dry_run)
    except AlurError as exc:
        fail(exc)
    moved = 0
    for plan in plans:
        if plan.possible:
            moved += 1
            verb = "dapat dipindahkan" if dry_run else "dipindahkan"
            click.echo(f"kasus #{plan.case_id}: v{plan.from_version} -> v{plan.to_version} {verb}")
        else:
            click.echo(f"kasus #{plan.case_id}: tetap v{plan.from_version} ({plan.reason})")
    click.echo(f"{moved} dari {len(plans)} kasus {'dapat dipindahkan' if dry_run else 'dipindahkan'}.")
