"""Shared fixtures: a database (SQLite file, or PostgreSQL when ALUR_TEST_DATABASE_URL is set),
a controlled clock and an engine runtime. No test reads the wall clock or sleeps."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from engine.records import SYSTEM_ACTOR
from engine.rules.clock import ManualClock
from engine.runtime import Runtime
from engine.store.db import create_db_engine, create_schema, make_session_factory
from engine.store.models import Base

ROOT = Path(__file__).resolve().parents[1]
BPMN_DIR = ROOT / "bpmn"
FORMS_DIR = ROOT / "forms"
SHARED = ROOT.parent / "shared"
POSTGRES_URL = os.environ.get("ALUR_TEST_DATABASE_URL")


def pytest_terminal_summary(terminalreporter):
    from tests.helpers import PATH_COUNTS

    if PATH_COUNTS:
        terminalreporter.section("paths walked per SOP (every gateway branch to an end event)")
        for process_id, count in sorted(PATH_COUNTS.items()):
            terminalreporter.write_line(f"{process_id:40} {count:5d}")
        terminalreporter.write_line(f"{'total':40} {sum(PATH_COUNTS.values()):5d}")


def pytest_report_header(config):
    return f"alur database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite (file per test)'}"


@pytest.fixture(scope="session")
def pg_engine():
    if not POSTGRES_URL:
        yield None
        return
    engine = create_db_engine(POSTGRES_URL)
    Base.metadata.drop_all(engine)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def database_url(tmp_path, pg_engine):
    if pg_engine is not None:
        names = ", ".join(t.name for t in reversed(Base.metadata.sorted_tables))
        with pg_engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'alur.db'}"


@pytest.fixture
def db_engine(database_url, pg_engine):
    if pg_engine is not None:
        yield pg_engine
        return
    engine = create_db_engine(database_url)
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock():
    # Monday 5 January 2026, 09:00 WIB.
    return ManualClock(datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc))


@pytest.fixture
def make_rt(db_engine, clock):
    """Another runtime on the test database with the test clock, built with what a test needs
    (``make_rt(notifier=Notifier(...))``): a runtime's notifier is fixed at construction."""
    def make(**options) -> Runtime:
        options.setdefault("clock", clock)
        options.setdefault("forms_dir", FORMS_DIR)
        return Runtime(make_session_factory(db_engine), **options)

    return make


@pytest.fixture
def rt(make_rt):
    return make_rt()


@pytest.fixture
def admin():
    return SYSTEM_ACTOR
