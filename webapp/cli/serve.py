"""``alur run`` (the web app with the timer worker) and ``alur timers`` (the worker alone)."""
from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import settings
from ..runtime import runtime


def timer_staging() -> bool:
    """ALUR_TIMER_STAGING: escalate a burst of deadlines in a transaction prepared just before
    they fall due (on by default; see engine.timers)."""
    try:
        return settings.timer_staging(current_app.config.get("ALUR_TIMER_STAGING", "on"))
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


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
