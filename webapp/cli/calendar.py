"""``alur calendar``: the office's closures (days closed on top of national holidays and
cuti bersama) from the command line."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from engine.errors import AlurError
from engine.org import closure_import, closures
from engine.rules.dates import weekday_name

from ..runtime import runtime
from .common import CLI_ACTOR, fail


@click.group("calendar")
def calendar_group():
    """Working calendar: closures (office closed) besides national holidays and cuti bersama."""


@calendar_group.command("add")
@click.argument("day", metavar="DATE")
@click.argument("reason")
@click.option("--unit", default=None, help="Kode unit: hanya unit ini (bawaan: semua unit).")
@with_appcontext
def add_command(day, reason, unit):
    """Close the office on DATE (YYYY-MM-DD) for REASON, for every unit or (--unit) one unit."""
    try:
        info = closures.add_closure(runtime(), CLI_ACTOR, day, reason, unit=unit)
    except AlurError as exc:
        fail(exc)
    click.echo(f"{info.day.isoformat()} ditutup{for_unit(info)}: {info.reason}")
    later = closures.open_tasks_due_from(runtime(), info.day, unit=info.unit_id)
    if later:
        click.echo(f"Catatan: {later} langkah terbuka berbatas waktu pada atau setelah tanggal ini; "
                   f"hitung ulang batas waktunya dengan: alur calendar recount {info.day.isoformat()}"
                   f"{' --unit ' + info.unit_code if info.unit_code else ''}")


@calendar_group.command("import")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--unit", default=None, help="Kode unit: hanya unit ini (bawaan: semua unit).")
@with_appcontext
def import_command(path: Path, unit):
    """Import closures from FILE: CSV lines 'YYYY-MM-DD,reason' or a JSON list. All or nothing."""
    try:
        result = closure_import.import_closures(runtime(), CLI_ACTOR, path.read_bytes(), path.name, unit=unit)
    except AlurError as exc:
        fail(exc)
    click.echo(f"{len(result.added)} ditambahkan, {len(result.updated)} diperbarui, "
               f"{len(result.unchanged)} tidak berubah")


@calendar_group.command("list")
@click.option("--year", type=int, default=None, help="Tahun (bawaan: tahun ini).")
@click.option("--closures-only", is_flag=True, help="Hanya penutupan yang ditambahkan admin.")
@click.option("--unit", default=None, help="Kode unit: kalender unit ini (bawaan: semua unit).")
@with_appcontext
def list_command(year, closures_only, unit):
    """The year's non-working days: national holidays, cuti bersama and closures; closures of
    single units are marked with the unit."""
    rt = runtime()
    year = year or rt.calendar().to_local(rt.now()).year
    scope = closures.ANY_UNIT if unit is None else unit
    try:
        if closures_only:
            for info in closures.list_closures(rt, year, unit=scope):
                click.echo(f"{info.day.isoformat()}  {weekday_name(info.day.weekday()):7} {info.reason}"
                           f"{unit_note(info)}")
            return
        days = closures.non_working_days(rt, year, unit=scope)
    except AlurError as exc:
        fail(exc)
    for day in days:
        kinds = ", ".join(day.labels)
        notes = [f"penutupan: {c.reason}{unit_note(c)}" for c in day.closures
                 if c.reason != day.reason or c.unit_id is not None]
        extra = f" ({'; '.join(notes)})" if notes else ""
        click.echo(f"{day.day.isoformat()}  {day.weekday:7} {kinds:34} {day.reason}{extra}")
    if not days:
        click.echo(f"Tidak ada hari libur atau penutupan yang dikenal untuk {year}.")


@calendar_group.command("remove")
@click.argument("day", metavar="DATE")
@click.option("--unit", default=None, help="Kode unit: penutupan khusus unit ini (bawaan: untuk semua unit).")
@click.option("--yes", is_flag=True, help="Jangan minta konfirmasi.")
@with_appcontext
def remove_command(day, unit, yes):
    """Remove the closure on DATE (asks first unless --yes)."""
    try:
        parsed = closures.parse_day(day)
    except ValueError as exc:
        click.secho(f"Gagal: {exc}", fg="red", err=True)
        sys.exit(1)
    try:
        found = closures.get_closure(runtime(), parsed, unit=unit)
    except AlurError as exc:
        fail(exc)
    if found is None:
        click.secho(f"Gagal: tidak ada penutupan pada {parsed.isoformat()}{' untuk unit ' + unit if unit else ''}",
                    fg="red", err=True)
        sys.exit(1)
    if not yes and not click.confirm(f"Hapus penutupan {parsed.isoformat()}{for_unit(found)} ({found.reason})?",
                                     default=False):
        click.echo("Dibatalkan.")
        sys.exit(1)
    try:
        closures.remove_closure(runtime(), CLI_ACTOR, parsed, unit=unit)
    except AlurError as exc:
        fail(exc)
    click.echo(f"Penutupan {parsed.isoformat()}{for_unit(found)} dihapus")


def for_unit(info) -> str:
    return f" untuk unit {info.unit_code}" if info.unit_id is not None else ""


def unit_note(info) -> str:
    return f" [unit {info.unit_code}]" if info.unit_id is not None else ""


@calendar_group.command("recount")
@click.argument("day", metavar="DATE")
@click.option("--unit", default=None, help="Kode unit: hanya kasus unit ini (bawaan: semua kasus).")
@with_appcontext
def recount_command(day, unit):
    """Count again the deadlines of open steps due on or after DATE, in the calendar as it is now."""
    from engine.timers.recount import recount_deadlines

    try:
        result = recount_deadlines(runtime(), CLI_ACTOR, day, unit=unit)
    except ValueError as exc:
        click.secho(f"Gagal: {exc}", fg="red", err=True)
        sys.exit(1)
    except AlurError as exc:
        fail(exc)
    click.echo(f"Batas waktu dihitung ulang: {result.changed} dari {result.steps} langkah terbuka "
               f"(pada {result.cases} kasus) berubah.")
