"""The `alur` command: database, deploy, users, tokens, demo data, web app and timer worker."""
from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from engine.diagrams import deploy
from engine.errors import AlurError, ProblemsError
from engine.org import units, users
from engine.records import Actor

from .runtime import runtime

CLI_ACTOR = Actor("cli", frozenset({"admin"}))
DEMO_PASSWORD = "alur-demo-2026"


def fail(exc: AlurError) -> None:
    click.secho(f"Gagal: {exc.message}", fg="red", err=True)
    if isinstance(exc, ProblemsError):
        for problem in exc.problems:
            click.echo(f"  - {problem}", err=True)
    sys.exit(1)


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or upgrade the database schema (Alembic migrations)."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Basis data siap: {safe_url(current_app.config['SQLALCHEMY_DATABASE_URI'])}")


def safe_url(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]+@", r"://\1:***@", url)


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
    from .auth import hash_password

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
    from .auth import hash_password

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


def timer_staging() -> bool:
    """ALUR_TIMER_STAGING: escalate a burst of deadlines in a transaction prepared just before
    they fall due (on by default; see engine.timers)."""
    value = str(current_app.config.get("ALUR_TIMER_STAGING", "on")).strip().lower()
    if value in ("on", "1", "true", "yes", "ya"):
        return True
    if value in ("off", "0", "false", "no", "tidak"):
        return False
    raise click.BadParameter(f"ALUR_TIMER_STAGING harus 'on' atau 'off', bukan {value!r}")


@click.command("timers")
@with_appcontext
def timers_command():
    """Run the timer worker (fires due timers; several may run on PostgreSQL)."""
    from engine.timers.worker import TimerWorker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    worker = TimerWorker(runtime(), stage=timer_staging())
    try:
        worker.run()
    except KeyboardInterrupt:
        worker.stop()


@click.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@click.option("--no-timers", is_flag=True, help="Jangan jalankan pekerja pewaktu di proses ini.")
@with_appcontext
def run_command(host, port, threads, no_timers):
    """Serve the web app (waitress) with the timer worker in the same process."""
    from waitress import serve

    from engine.timers.worker import start_worker_thread

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = current_app._get_current_object()
    worker = None
    if not no_timers:
        worker, _ = start_worker_thread(runtime(), stage=timer_staging())
    click.echo(f"Alur berjalan di http://{host}:{port}/  (Ctrl+C untuk berhenti)")
    try:
        serve(app, host=host, port=port, threads=threads, ident="alur")
    finally:
        if worker is not None:
            worker.stop()


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


COMMANDS = [init_db_command, deploy_command, users_group, token_group, demo_command, timers_command, run_command,
            migrate_command]


def register_commands(app) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def create_cli_app():
    from . import create_app

    return create_app()


def main() -> None:
    cli = FlaskGroup(name="alur", create_app=create_cli_app, add_default_commands=False,
                     load_dotenv=False, set_debug_flag=False,
                     help="Alur: SOP pengadaan sebagai proses BPMN yang berjalan.")
    cli.main(prog_name="alur")
