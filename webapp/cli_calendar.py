"""``alur calendar``: the office's closures (days closed on top of national holidays and
cuti bersama) from the command line."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from engine import closures
from engine.calendar import WEEKDAY_NAMES
from engine.errors import AlurError

from .cli import CLI_ACTOR, fail
from .runtime import runtime


@click.group("calendar")
def calendar_group():
    """Working calendar: closures (office closed) besides national holidays and cuti bersama."""


@calendar_group.command("add")
@click.argument("day", metavar="DATE")
@click.argument("reason")
@with_appcontext
def add_command(day, reason):
    """Close the office on DATE (YYYY-MM-DD) for REASON."""
    try:
        info = closures.add_closure(runtime(), CLI_ACTOR, day, reason)
    except AlurError as exc:
        fail(exc)
    click.echo(f"{info.day.isoformat()} ditutup: {info.reason}")
    later = closures.open_tasks_due_from(runtime(), info.day)
    if later:
        click.echo(f"Catatan: {later} langkah terbuka berbatas waktu pada atau setelah tanggal ini; "
                   f"batas waktunya tidak dihitung ulang.")


@calendar_group.command("import")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(path: Path):
    """Import closures from FILE: CSV lines 'YYYY-MM-DD,reason' or a JSON list. All or nothing."""
    try:
        result = closures.import_closures(runtime(), CLI_ACTOR, path.read_bytes(), path.name)
    except AlurError as exc:
        fail(exc)
    click.echo(f"{len(result.added)} ditambahkan, {len(result.updated)} diperbarui, "
               f"{len(result.unchanged)} tidak berubah")


@calendar_group.command("list")
@click.option("--year", type=int, default=None, help="Tahun (bawaan: tahun ini).")
@click.option("--closures-only", is_flag=True, help="Hanya penutupan yang ditambahkan admin.")
@with_appcontext
def list_command(year, closures_only):
    """The year's non-working days: national holidays, cuti bersama and closures."""
    rt = runtime()
    year = year or rt.calendar().to_local(rt.now()).year
    if closures_only:
        for info in closures.list_closures(rt, year):
            click.echo(f"{info.day.isoformat()}  {WEEKDAY_NAMES[info.day.weekday()]:7} {info.reason}")
        return
    days = closures.non_working_days(rt, year)
    for day in days:
        kinds = ", ".join(day.labels)
        extra = f" (penutupan: {day.closure.reason})" if day.closure and day.closure.reason != day.reason else ""
        click.echo(f"{day.day.isoformat()}  {day.weekday:7} {kinds:34} {day.reason}{extra}")
    if not days:
        click.echo(f"Tidak ada hari libur atau penutupan yang dikenal untuk {year}.")


@calendar_group.command("remove")
@click.argument("day", metavar="DATE")
@click.option("--yes", is_flag=True, help="Jangan minta konfirmasi.")
@with_appcontext
def remove_command(day, yes):
    """Remove the closure on DATE (asks first unless --yes)."""
    try:
        parsed = closures.parse_day(day)
    except ValueError as exc:
        click.secho(f"Gagal: {exc}", fg="red", err=True)
        sys.exit(1)
    found = {c.day: c for c in closures.list_closures(runtime(), parsed.year)}.get(parsed)
    if found is None:
        click.secho(f"Gagal: tidak ada penutupan pada {parsed.isoformat()}", fg="red", err=True)
        sys.exit(1)
    if not yes and not click.confirm(f"Hapus penutupan {parsed.isoformat()} ({found.reason})?", default=False):
        click.echo("Dibatalkan.")
        sys.exit(1)
    try:
        closures.remove_closure(runtime(), CLI_ACTOR, parsed)
    except AlurError as exc:
        fail(exc)
    click.echo(f"Penutupan {parsed.isoformat()} dihapus")
