"""Database connections for code that runs without Flask (timer worker, benchmarks, tests)."""
from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine as SAEngine
from sqlalchemy.orm import Session, sessionmaker

from engine.store.models import Base

SQLITE_BUSY_TIMEOUT_MS = 15000
WRITE_OPTION = "alur_write"


def configure_sqlite(sa_engine: SAEngine) -> None:
    """WAL journal, foreign keys and a busy timeout on every SQLite connection."""
    if sa_engine.dialect.name != "sqlite":
        return

    @event.listens_for(sa_engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised through SQLite
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, see below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(sa_engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised through SQLite
        # A unit of work that will write asks for BEGIN IMMEDIATE (see begin_write):
        # it takes the write lock at the start, so two writers queue on busy_timeout
        # instead of failing with "database is locked" when a reader upgrades.
        immediate = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_db_engine(url: str, **kwargs) -> SAEngine:
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    else:
        kwargs.setdefault("pool_pre_ping", True)
    sa_engine = create_engine(url, **kwargs)
    configure_sqlite(sa_engine)
    return sa_engine


def make_session_factory(sa_engine: SAEngine) -> sessionmaker[Session]:
    return sessionmaker(bind=sa_engine, expire_on_commit=False)


def create_schema(sa_engine: SAEngine) -> None:
    """Create all tables directly (tests, benchmarks). Production uses the migrations."""
    Base.metadata.create_all(sa_engine)


def drop_schema(sa_engine: SAEngine) -> None:
    Base.metadata.drop_all(sa_engine)


def begin_write(session: Session) -> None:
    """Start the session's transaction as a writer (BEGIN IMMEDIATE on SQLite)."""
    session.connection(execution_options={WRITE_OPTION: True})


def is_postgres(session: Session) -> bool:
    """Whether the session talks to PostgreSQL (otherwise SQLite)."""
    return session.get_bind().dialect.name == "postgresql"
