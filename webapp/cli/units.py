"""``alur units``: organisation units with their time zone and office hours."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from engine.errors import AlurError
from engine.org import units

from ..runtime import runtime
from .common import CLI_ACTOR, fail

OFFICE_HOURS_HELP = ('Jam kantor sebagai JSON seperti ALUR_OFFICE_HOURS, misalnya \'{"0": ["08:00", "16:00"], '
                     '"4": ["08:00", "16:30"], "5": null}\' (0 = Senin); hari yang tidak disebut 07:30-16:00 '
                     '(Jumat 16:30). Tanpa opsi ini: jam kantor instalasi.')


def describe(info) -> str:
    hours = units.effective_office_hours(runtime(), info.office_hours).describe()
    source = "" if info.office_hours else " (jam kantor instalasi)"
    return f"{info.code:24} {info.zone:5} {info.name}\n{'':24} {hours}{source}"


@click.group("units")
def units_group():
    """Organisation units: time zone (WIB, WITA, WIT) and office hours of each."""


@units_group.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--timezone", default="WIB", show_default=True, help="WIB, WITA, WIT atau nama IANA.")
@click.option("--office-hours", default=None, help=OFFICE_HOURS_HELP)
@with_appcontext
def add_command(code, name, timezone, office_hours):
    """Add the unit CODE (e.g. ukpbj-makassar) named NAME."""
    try:
        info = units.create_unit(runtime(), CLI_ACTOR, code, name, timezone, office_hours=office_hours)
    except AlurError as exc:
        fail(exc)
    click.echo(f"Unit dibuat:\n{describe(info)}")


@units_group.command("list")
@with_appcontext
def list_command():
    """Units with their zone, office hours and how many users and cases they have."""
    found = units.list_units(runtime())
    for info in found:
        click.echo(describe(info))
        click.echo(f"{'':24} {info.users} pengguna, {info.cases} kasus, {info.closures} penutupan khusus")
    if not found:
        click.echo("Belum ada unit; semua pengguna dan kasus memakai pengaturan instalasi.")


@units_group.command("update")
@click.argument("code")
@click.option("--code", "new_code", default=None, help="Kode baru.")
@click.option("--name", default=None, help="Nama baru.")
@click.option("--timezone", default=None, help="WIB, WITA, WIT atau nama IANA.")
@click.option("--office-hours", default=None, help=OFFICE_HOURS_HELP)
@click.option("--default-office-hours", is_flag=True, help="Kembali ke jam kantor instalasi.")
@with_appcontext
def update_command(code, new_code, name, timezone, office_hours, default_office_hours):
    """Change the unit CODE (only the options given). Deadlines already given are not recomputed."""
    if office_hours is not None and default_office_hours:
        click.secho("Gagal: pilih --office-hours atau --default-office-hours, tidak keduanya", fg="red", err=True)
        sys.exit(2)
    changes = {key: value for key, value in (("code", new_code), ("name", name), ("timezone", timezone),
                                             ("office_hours", office_hours)) if value is not None}
    if default_office_hours:
        changes["office_hours"] = None
    if not changes:
        click.secho("Gagal: tidak ada yang diubah; lihat --help", fg="red", err=True)
        sys.exit(2)
    try:
        info = units.update_unit(runtime(), CLI_ACTOR, code, **changes)
    except AlurError as exc:
        fail(exc)
    click.echo(f"Unit disimpan:\n{describe(info)}")


@units_group.command("remove")
@click.argument("code")
@click.option("--yes", is_flag=True, help="Jangan minta konfirmasi.")
@with_appcontext
def remove_command(code, yes):
    """Delete the unit CODE and its own closures (refused while users or cases belong to it)."""
    try:
        info = units.get_unit(runtime(), code)
    except AlurError as exc:
        fail(exc)
    closures = f" beserta {info.closures} penutupan khususnya" if info.closures else ""
    if not yes and not click.confirm(f"Hapus unit {info.code} ({info.name}){closures}?", default=False):
        click.echo("Dibatalkan.")
        sys.exit(1)
    try:
        units.delete_unit(runtime(), CLI_ACTOR, info.id)
    except AlurError as exc:
        fail(exc)
    click.echo(f"Unit {info.code} dihapus{closures}.")
