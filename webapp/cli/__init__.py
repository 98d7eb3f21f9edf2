"""The ``alur`` command: database, deploy, users, tokens, units, calendar, notifications,
Plt./Plh. delegations, a user's tasks, demo data, case migration, web app and timer worker. Every command group is listed here."""
from __future__ import annotations

from flask.cli import FlaskGroup


def commands() -> list:
    from .calendar import calendar_group
    from .cases import migrate_command
    from .database import init_db_command
    from .delegations import delegations_group
    from .demo import demo_command
    from .deploy import deploy_command
    from .notifications import notifications_group
    from .serve import run_command, timers_command
    from .tasks import tasks_group
    from .units import units_group
    from .users import token_group, users_group

    return [init_db_command, deploy_command, users_group, token_group, demo_command, timers_command, run_command,
            migrate_command, units_group, calendar_group, notifications_group, delegations_group, tasks_group]


def register_commands(app) -> None:
    for command in commands():
        app.cli.add_command(command)


def create_cli_app():
    from .. import create_app

    return create_app()


def main() -> None:
    cli = FlaskGroup(name="alur", create_app=create_cli_app, add_default_commands=False,
                     load_dotenv=False, set_debug_flag=False,
                     help="Alur: SOP pengadaan sebagai proses BPMN yang berjalan.")
    cli.main(prog_name="alur")
