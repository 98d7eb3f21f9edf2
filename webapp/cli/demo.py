"""``alur demo``: demo units and a demo user for every role."""
from __future__ import annotations

import re

import click
from flask.cli import with_appcontext

from engine.diagrams import deploy
from engine.org import units, users

from ..login import hash_password
from ..runtime import runtime
from .common import CLI_ACTOR

DEMO_PASSWORD = "alur-demo-2026"


def demo_username(role: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", role.lower()).strip("-")
    return slug[:60] or "pengguna"


DEMO_UNITS = (
    # code, name, time zone; the lane users work in the first, a second starter per SOP in the second.
    ("ukpbj-jakarta", "UKPBJ Provinsi DKI Jakarta", "WIB"),
    ("ukpbj-makassar", "UKPBJ Kota Makassar", "WITA"),
)
SECOND_UNIT_SUFFIX = "-makassar"


def create_demo_units(rt) -> list:
    """The demo units (kept as they are when they exist)."""
    found = []
    for code, name, zone in DEMO_UNITS:
        info = units.find_unit(rt, code)
        found.append(info or units.create_unit(rt, CLI_ACTOR, code, name, zone))
    return found


def create_demo_users(rt) -> list[tuple[str, list[str], str | None]]:
    """A user for every role; lane users in the first demo unit (WIB), and for every SOP's
    first lane a second user in the second unit (WITA), whose cases count in Makassar time."""
    password_hash = hash_password(DEMO_PASSWORD)
    first, second = create_demo_units(rt)
    created = [("admin", ["admin"], None), ("pemilik-proses", ["process_owner"], None)]
    created += [(demo_username(role), [role], first.code) for role in users.all_lane_roles(rt)]
    starters = sorted({v.start_lane for v in deploy.list_processes(rt) if v.start_lane})
    created += [(demo_username(role)[:60 - len(SECOND_UNIT_SUFFIX)] + SECOND_UNIT_SUFFIX, [role], second.code)
                for role in starters]
    for username, roles, unit in created:
        users.create_user(rt, username, password_hash=password_hash, roles=roles,
                          full_name=roles[0] if roles[0] not in ("admin", "process_owner") else username,
                          update=True)
        units.assign_user_unit(rt, CLI_ACTOR, username, unit)
    return created


@click.command("demo")
@with_appcontext
def demo_command():
    """Create two demo units (WIB, WITA) and a demo user for every role (every lane of every deployed process)."""
    created = create_demo_users(runtime())
    click.echo("Unit demo:")
    for code, name, zone in DEMO_UNITS:
        click.echo(f"  {code:40} {zone:5} {name}")
    click.echo(f"Pengguna demo (kata sandi semua: {DEMO_PASSWORD}):")
    for username, roles, unit in created:
        click.echo(f"  {username:40} {unit or '-':16} {', '.join(roles)}")
