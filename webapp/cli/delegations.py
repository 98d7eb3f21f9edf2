"""``alur delegations``: Plt./Plh., an official's lane roles given to another user for a range
of days (in the official's unit's time zone) by a decree (nomor SK). Run as the system admin."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from engine.errors import AlurError
from engine.org import delegations

from ..runtime import runtime
from .common import CLI_ACTOR, fail


def describe(info) -> str:
    roles = ", ".join(info.roles) if info.roles else "semua peran lajur"
    if info.revoked_at is not None:
        state = f"dicabut oleh {info.revoked_by}"
    else:
        state = "berlaku" if info.active else "belum/tidak berlaku"
    return (f"#{info.id:<5} {info.kind}. {info.official} -> {info.delegate}  SK {info.decree}\n"
            f"{'':7}{info.starts_on.isoformat()} s.d. {info.ends_on.isoformat()}  {roles}  ({state})")


@click.group("delegations")
def delegations_group():
    """Plt./Plh.: an official's roles given to another user for a range of days, by decree."""


@delegations_group.command("add")
@click.argument("official")
@click.argument("delegate")
@click.option("--kind", required=True, help="Plt (jabatan kosong) atau Plh (pejabat berhalangan).")
@click.option("--decree", required=True, help='Nomor surat penunjukan/SK, misalnya "800/12/2026".')
@click.option("--from", "starts_on", required=True, help="Hari pertama, YYYY-MM-DD (zona waktu unit pejabat).")
@click.option("--to", "ends_on", required=True, help="Hari terakhir, YYYY-MM-DD (ikut dihitung).")
@click.option("--role", "roles", multiple=True, help="Peran lajur yang diserahkan (boleh berulang); tanpa ini: semua.")
@with_appcontext
def add_command(official, delegate, kind, decree, starts_on, ends_on, roles):
    """OFFICIAL gives their lane roles (all, or --role ...) to DELEGATE from --from to --to."""
    try:
        info = delegations.create_delegation(runtime(), CLI_ACTOR, official=official, delegate=delegate, kind=kind,
                                             decree=decree, starts_on=starts_on, ends_on=ends_on,
                                             roles=list(roles) or None)
    except AlurError as exc:
        fail(exc)
    click.echo(f"Penunjukan dibuat:\n{describe(info)}")


@delegations_group.command("list")
@click.option("--user", default=None, help="Hanya yang diberikan atau diterima pengguna ini.")
@click.option("--all", "include_ended", is_flag=True, help="Juga yang sudah berakhir atau dicabut.")
@with_appcontext
def list_command(user, include_ended):
    """Delegations that hold now or later (with --all: also the ended ones)."""
    found = delegations.list_delegations(runtime(), CLI_ACTOR, username=user, include_ended=include_ended)
    for info in found:
        click.echo(describe(info))
    if not found:
        click.echo("Tidak ada penunjukan Plt./Plh." + ("" if include_ended else " yang berlaku (--all: semua)."))


@delegations_group.command("revoke")
@click.argument("delegation_id", type=int)
@with_appcontext
def revoke_command(delegation_id):
    """End delegation ID now."""
    try:
        info = delegations.revoke_delegation(runtime(), CLI_ACTOR, delegation_id)
    except AlurError as exc:
        fail(exc)
    if info.revoked_at is None:
        click.echo(f"Penunjukan #{info.id} sudah berakhir {info.ends_on.isoformat()}; tidak diubah.")
    else:
        click.echo(f"Penunjukan dicabut:\n{describe(info)}")
