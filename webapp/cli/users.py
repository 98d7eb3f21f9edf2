"""``alur users`` and ``alur token``: users, their roles and units; API tokens."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from engine.errors import AlurError
from engine.org import units, users

from ..login import hash_password
from ..runtime import runtime
from .common import CLI_ACTOR, fail


@click.group("users")
def users_group():
    """Manage users and their roles (lane names, admin, process_owner)."""


@users_group.command("create")
@click.argument("username")
@click.option("--role", "roles", multiple=True, help="Peran (nama lajur, admin, process_owner); boleh berulang.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--full-name", default="")
@click.option("--unit", default=None, help="Kode unit organisasi (lihat 'alur units list'); tanpa opsi ini: "
                                           "pengaturan instalasi.")
@click.option("--update", is_flag=True, help="Perbarui kata sandi dan tambah peran jika pengguna sudah ada.")
@with_appcontext
def users_create(username, roles, password, full_name, unit, update):
    """Create a user."""
    if len(password) < 8:
        click.secho("Gagal: kata sandi minimal 8 karakter", fg="red", err=True)
        sys.exit(1)
    try:
        unit_info = units.get_unit(runtime(), unit) if unit else None  # before creating anything
        info = users.create_user(runtime(), username, password_hash=hash_password(password), roles=roles,
                                 full_name=full_name, update=update)
        if unit_info is not None:
            units.assign_user_unit(runtime(), CLI_ACTOR, info.username, unit_info.id)
    except AlurError as exc:
        fail(exc)
    where = f" [unit {unit_info.code}, {unit_info.zone}]" if unit_info is not None else ""
    click.echo(f"{info.username}: {', '.join(info.roles) or '(tanpa peran)'}{where}")


@users_group.command("set-unit")
@click.argument("username")
@click.argument("unit", required=False)
@click.option("--none", "no_unit", is_flag=True, help="Tanpa unit: pengaturan instalasi.")
@with_appcontext
def users_set_unit(username, unit, no_unit):
    """Put USERNAME in the unit UNIT (its code), or in none with --none. Cases the user starts
    afterwards follow the unit's time zone and office hours."""
    if bool(unit) == no_unit:
        click.secho("Gagal: sebutkan kode unit, atau --none", fg="red", err=True)
        sys.exit(2)
    try:
        info = units.assign_user_unit(runtime(), CLI_ACTOR, username, None if no_unit else unit)
    except AlurError as exc:
        fail(exc)
    click.echo(f"{username.strip().lower()}: " + (f"unit {info.code} ({info.name}, {info.zone})" if info
                                                  else "tanpa unit (pengaturan instalasi)"))


@users_group.command("list")
@with_appcontext
def users_list():
    """List users, roles and units."""
    of_user = units.units_of_users(runtime())
    for info in users.list_users(runtime()):
        unit = of_user.get(info.username)
        click.echo(f"{info.username:24} {unit.code if unit else '-':20} {', '.join(info.roles)}")


@click.group("token")
def token_group():
    """API tokens."""


@token_group.command("create")
@click.argument("username")
@click.option("--name", default="cli", help="Keterangan token.")
@with_appcontext
def token_create(username, name):
    """Create an API token for USERNAME and print it (shown only once)."""
    try:
        click.echo(users.create_token(runtime(), username, name))
    except AlurError as exc:
        fail(exc)
