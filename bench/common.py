"""What every benchmark shares: statistics, machine facts, databases, the SOP under test."""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BPMN_DIR = ROOT / "bpmn"
FORMS_DIR = ROOT / "forms"
KATALOG = "katalog_pengaktifan_kembali"
ETALASE = "etalase_katalog_lokal"
PG_DB_NAME = "alur_bench"  # never the test suite's database


# -- statistics -------------------------------------------------------------

def percentile(values, p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    data = sorted(values)
    if not data:
        return float("nan")
    k = (len(data) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def summarize(values) -> dict:
    values = list(values)
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "mean": sum(values) / len(values),
        "min": min(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values),
    }


def median(values) -> float:
    return percentile(values, 50)


def fmt_ms(value: float) -> str:
    if value != value:  # nan
        return "-"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


class Timer:
    """``with Timer() as t: ...`` then ``t.ms``."""

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.ms = (time.perf_counter() - self.start) * 1000.0
        return False


# -- machine ------------------------------------------------------------------

def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kb = int(line.split()[1])
                return f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "?"


def package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def postgres_version(url: str | None) -> str:
    if not url:
        return "not used"
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.connect() as conn:
            value = conn.execute(text("SHOW server_version")).scalar()
        engine.dispose()
        return str(value)
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        return f"unavailable ({type(exc).__name__})"


def git_revision() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "engine", "webapp"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        return f"{rev}{' + uncommitted changes in engine/ or webapp/' if dirty else ''}" if rev else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine_info(pg_url: str | None = None) -> dict:
    return {
        "revision": git_revision(),
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "memory": memory_total(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version(pg_url),
        "SpiffWorkflow": package_version("SpiffWorkflow"),
        "SQLAlchemy": package_version("SQLAlchemy"),
        "psycopg": package_version("psycopg"),
        "gunicorn": package_version("gunicorn"),
    }


# -- databases ----------------------------------------------------------------

def postgres_url(explicit: str | None = None, *, start: bool = True) -> str | None:
    """The benchmark database on PostgreSQL: --postgres-url, $ALUR_BENCH_DATABASE_URL, or a local
    server started by .ci/start-postgres (database ``alur_bench``, never the tests' database)."""
    url = explicit or os.environ.get("ALUR_BENCH_DATABASE_URL")
    if url:
        return normalize_url(url)
    if not start:
        return None
    script = ROOT / ".ci" / "start-postgres"
    if not script.exists():
        return None
    env = dict(os.environ, ALUR_PG_DB=PG_DB_NAME)
    try:
        out = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=600, check=True)
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"[bench] PostgreSQL not available ({exc}); PostgreSQL figures skipped", file=sys.stderr)
        return None
    lines = [line for line in out.stdout.splitlines() if line.startswith("postgresql")]
    return normalize_url(lines[-1]) if lines else None


def normalize_url(url: str) -> str:
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def database_kinds(args) -> list[str]:
    kinds = []
    if args.db in ("sqlite", "both"):
        kinds.append("sqlite")
    if args.db in ("postgres", "both"):
        kinds.append("postgres")
    return kinds


def fresh_database(kind: str, workdir: Path, pg_url: str | None, name: str = "alur.db") -> str:
    """An empty Alur schema: a new SQLite file, or the bench PostgreSQL database emptied."""
    from engine.store.db import create_db_engine, create_schema
    from engine.store.models import Base

    if kind == "sqlite":
        path = workdir / name
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        if not pg_url:
            raise RuntimeError("PostgreSQL URL needed")
        url = pg_url
    engine = create_db_engine(url)
    if kind == "postgres":
        from sqlalchemy import text

        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        Base.metadata.drop_all(engine)
    create_schema(engine)
    engine.dispose()
    return url


def make_runtime(url: str, forms_dir: Path | None, **engine_kwargs):
    from engine.runtime import Runtime
    from engine.store.db import create_db_engine, make_session_factory

    sa_engine = create_db_engine(url, **engine_kwargs)
    return Runtime(make_session_factory(sa_engine), forms_dir=forms_dir), sa_engine


@contextmanager
def workdir(prefix: str = "alur-bench-"):
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield Path(tmp)


# -- the SOP under test -------------------------------------------------------

def katalog_source(workdir: Path) -> dict:
    """The 19-step SOP: bpmn/katalog_pengaktifan_kembali.bpmn when present, else an equivalent
    generated diagram (19 user tasks in a row, a non-interrupting P1D boundary timer on each)."""
    real = BPMN_DIR / f"{KATALOG}.bpmn"
    if real.exists():
        return {"path": real, "forms_dir": FORMS_DIR, "process_id": KATALOG, "generated": False,
                "label": f"bpmn/{KATALOG}.bpmn"}
    from .diagrams import linear_diagram

    path = workdir / "bench_linear_19.bpmn"
    path.write_bytes(linear_diagram("bench_linear_19", 19))
    return {"path": path, "forms_dir": None, "process_id": "bench_linear_19", "generated": True,
            "label": "generated stand-in: 19 user tasks in a row, non-interrupting P1D boundary timer on each "
                     f"(bpmn/{KATALOG}.bpmn not present yet)"}


def yesterday():
    """What the benchmarks give date fields: yesterday, so a timer waiting for one fires at once
    (the benchmarks run on the real clock)."""
    from datetime import datetime, timedelta, timezone

    return datetime.now(timezone.utc) - timedelta(days=1)


def fill_form(form: dict, **values) -> dict:
    """Valid data for a step form (engine.simulate.fill_form), dates set to yesterday."""
    from engine.diagrams.simulate import fill_form as simulated

    return simulated(form, yesterday(), **values)


def past_moment(fmt: str | None) -> str:
    moment = yesterday()
    return moment.date().isoformat() if fmt == "date" else moment.isoformat(timespec="seconds")


def longest_path(rt, version_id: int, source: dict) -> tuple[list[str], dict]:
    """The steps and decisions of the longest path without a loop, found by the engine's
    simulator (every branch of every decision): ([task refs], {task ref: decision values}).
    The benchmarks drive every case along it, so a case does all the steps one path can have."""
    from engine.diagrams.deploy import load_version

    try:
        from engine.diagrams.simulate import Simulator
        from engine.rules.calendar import BusinessCalendar
    except ImportError:
        return [], {}
    with rt.read() as session:
        loaded = load_version(rt, session, version_id)
    sim = Simulator(loaded, Path(source["path"]).read_bytes(), calendar=BusinessCalendar("Asia/Jakarta"))
    report = sim.run()
    candidates = [p for p in report.paths if len({r for r, _ in p.steps}) == len(p.steps)] or report.paths
    best = max(candidates, key=lambda p: len(p.steps))
    forms = loaded.catalog.forms
    decisions = {}
    for ref, values in best.steps:
        props = (forms.get(ref) or {}).get("schema", {}).get("properties", {})
        decisions[ref] = {k: (past_moment(props.get(k, {}).get("format"))
                              if props.get(k, {}).get("format") in ("date-time", "date") else v)
                          for k, v in values.items()}
    return [r for r, _ in best.steps], decisions


def deploy_source(rt, source: dict):
    from engine.diagrams import deploy
    from engine.records import SYSTEM_ACTOR

    info = deploy.deploy_paths(rt, SYSTEM_ACTOR, [source["path"]])
    return next(i for i in info if i.process_id == source["process_id"])


def lanes_of(rt, version_id: int) -> list[str]:
    from engine.diagrams.deploy import load_version

    with rt.read() as session:
        loaded = load_version(rt, session, version_id)
    return list(loaded.catalog.lanes)


# -- spiffworkflow as it comes ------------------------------------------------

def quote_timer_literals(data: bytes) -> bytes:
    """Bare SpiffWorkflow evaluates timer values as Python: ``P1D`` must be written ``"P1D"``."""
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    ns = "http://www.omg.org/spec/BPMN/20100524/MODEL"
    for tag in ("timeDuration", "timeDate", "timeCycle"):
        for element in root.iter(f"{{{ns}}}{tag}"):
            text = (element.text or "").strip()
            if text and not text.startswith(("'", '"')) and re.match(r"^[PR0-9]", text):
                element.text = repr(text)
    return etree.tostring(root)


def bare_spec(data: bytes, process_id: str):
    from lxml import etree
    from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser

    parser = BpmnParser()
    root = etree.fromstring(quote_timer_literals(data), etree.XMLParser(resolve_entities=False, no_network=True))
    parser.add_bpmn_xml(root, filename=f"{process_id}.bpmn")
    return parser.get_spec(process_id), parser.get_subprocess_specs(process_id)


# -- command lines ------------------------------------------------------------

def base_parser(prog: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"python -m bench.{prog}", description=description)
    parser.add_argument("--quick", action="store_true", help="a small, fast version")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both",
                        help="databases to measure (default: both; PostgreSQL skipped when unavailable)")
    parser.add_argument("--postgres-url", default=None,
                        help="PostgreSQL URL (default: $ALUR_BENCH_DATABASE_URL or .ci/start-postgres, "
                             f"database {PG_DB_NAME})")
    parser.add_argument("--json", dest="json_out", default=None, help="write the results as JSON here")
    return parser


def resolve_databases(args) -> tuple[list[str], str | None]:
    kinds = database_kinds(args)
    pg = None
    if "postgres" in kinds:
        pg = postgres_url(args.postgres_url)
        if pg is None:
            kinds.remove("postgres")
    return kinds, pg


def write_results(args, results: dict) -> None:
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=1, default=str))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def command_line(module: str, extra: list[str] | None = None) -> str:
    return " ".join([".venv/bin/python", "-m", f"bench.{module}"] + (extra or []))
