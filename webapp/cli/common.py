"""What every ``alur`` command shares: the acting user and how a failure is reported."""
from __future__ import annotations

import sys

import click

from engine.errors import AlurError, ProblemsError
from engine.records import Actor

CLI_ACTOR = Actor("cli", frozenset({"admin"}))


def fail(exc: AlurError) -> None:
    click.secho(f"Gagal: {exc.message}", fg="red", err=True)
    if isinstance(exc, ProblemsError):
        for problem in exc.problems:
            click.echo(f"  - {problem}", err=True)
    sys.exit(1)
