"""``alur init-db``: create or upgrade the database schema."""
from __future__ import annotations

import re

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or upgrade the database schema (Alembic migrations)."""
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Basis data siap: {safe_url(current_app.config['SQLALCHEMY_DATABASE_URI'])}")


def safe_url(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]+@", r"://\1:***@", url)
