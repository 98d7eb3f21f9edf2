"""``alur tasks``: a user's inbox, and taking, releasing or reassigning a step as that user
(through the same engine verbs as the pages and the API; the user's roles and unit apply)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from engine.cases import assignment, worklist
from engine.errors import AlurError, NotFound
from engine.org import users
from engine.records import Actor

from ..runtime import runtime
from .common import fail

VIEWS = ("mine", "group", "all", "completed")


def actor_named(username: str) -> Actor:
    """The engine's Actor of an active user; fails (exit 1) naming an unknown one."""
    info = users.get_user(runtime(), username=(username or "").strip().lower())
    if info is None or not info.is_active:
        fail(NotFound(f"Pengguna '{username}' tidak ada atau tidak aktif"))
    return info.actor


def holder_text(task) -> str:
    return f"dipegang {task.assignee}" if task.assignee else "terbuka untuk grup"


@click.group("tasks")
def tasks_group():
    """A user's steps: list them, take, release or reassign one as that user."""


@tasks_group.command("list")
@click.argument("username")
@click.option("--view", type=click.Choice(VIEWS), default="all", show_default=True,
              help="mine: yang dipegang; group: terbuka untuk grupnya; all: keduanya; completed: yang sudah dikerjakan.")
@click.option("--sort", type=click.Choice(("due", "created")), default="due", show_default=True,
              help="due: batas waktu terdekat dulu; created: terlama dulu.")
@click.option("--page", type=int, default=1, show_default=True)
@with_appcontext
def list_command(username, view, sort, page):
    """The open steps USERNAME holds or may take (or, --view completed, the steps they did)."""
    actor = actor_named(username)
    try:
        found = worklist.list_tasks(runtime(), actor, view=view, sort=sort, page=page, per_page=50)
    except AlurError as exc:
        fail(exc)
    for t in found.items:
        due = t.due_at.isoformat(timespec="minutes") if t.due_at else "tanpa batas waktu"
        state = f"selesai oleh {t.completed_by}" if view == "completed" else holder_text(t)
        click.echo(f"{t.id}  #{t.case_id} {t.name}  [{t.lane or '-'}]  {state}  batas: {due}")
    if not found.items:
        click.echo("Tidak ada tugas.")
    elif found.pages > 1:
        click.echo(f"Halaman {found.page} dari {found.pages} ({found.total} tugas); --page untuk berikutnya.")


@tasks_group.command("claim")
@click.argument("task_id")
@click.option("--as", "username", required=True, help="Pengguna yang mengambil tugas.")
@with_appcontext
def claim_command(task_id, username):
    """Take the open step TASK_ID as --as USER."""
    try:
        info = assignment.claim_task(runtime(), actor_named(username), task_id)
    except AlurError as exc:
        fail(exc)
    click.echo(f"Tugas '{info.name}' (kasus #{info.case_id}) sekarang dipegang {info.assignee}.")


@tasks_group.command("release")
@click.argument("task_id")
@click.option("--as", "username", required=True, help="Pemegang tugas, atasan lajur atau admin.")
@with_appcontext
def release_command(task_id, username):
    """Give step TASK_ID back to its group, as --as USER."""
    try:
        info = assignment.release_task(runtime(), actor_named(username), task_id)
    except AlurError as exc:
        fail(exc)
    group = f" {info.lane}" if info.lane else ""
    click.echo(f"Tugas '{info.name}' (kasus #{info.case_id}) terbuka lagi untuk grup{group}.")


@tasks_group.command("reassign")
@click.argument("task_id")
@click.argument("to")
@click.option("--as", "username", required=True, help="Pemegang tugas, atasan lajur atau admin.")
@with_appcontext
def reassign_command(task_id, to, username):
    """Give step TASK_ID to user TO, as --as USER."""
    try:
        info = assignment.reassign_task(runtime(), actor_named(username), task_id, to)
    except AlurError as exc:
        fail(exc)
    click.echo(f"Tugas '{info.name}' (kasus #{info.case_id}) dialihkan kepada {info.assignee}.")
