"""Seeding many active cases fast: one real case, copied in bulk with SQL.

A template case is started and driven half-way through Alur's engine (so its state, inbox rows,
timers and audit trail are exactly what the engine writes). ``copy_cases`` then inserts N copies
with ``INSERT ... SELECT`` over a generated series (PostgreSQL ``generate_series``, SQLite a
recursive CTE), in batches of 10,000 per transaction:

* ``cases``: explicit ids after the current maximum, the template's compressed state byte for
  byte, status ``running``, staggered ``updated_at``;
* every table with a ``case_id`` column except ``notifications`` (per person, not per case):
  ``human_tasks``, ``timers``, ``audit_events``, ``attachments`` (none at half-way), with new
  UUID-shaped ids where the key is a string and database-assigned ids where it is an integer.

The copies are spread over ``UNITS`` offices: every lane name in a copied row gets the suffix
`` @NN`` (NN = copy number mod UNITS), so with 100,000 copies the role ``<lane of the ready step>
@00`` has 5,000 ready tasks and is involved in 5,000 cases, while the live benchmark cases use
the plain lane names. The copies are ballast: they are never completed (their internal task ids
are the template's), they only make the tables and indexes as large as an office's would be.
"""
from __future__ import annotations

import time

from sqlalchemy import Integer, MetaData, select, text

UNITS = 20
BATCH = 10_000
SKIP_TABLES = {"notifications"}


def unit_role(lane: str, unit: int = 0) -> str:
    return f"{lane} @{unit:02d}"


def _series(dialect: str, start: int, stop: int) -> str:
    """SQL for the rows n = start..stop (inclusive) as a table ``seq(n)``."""
    if dialect == "postgresql":
        return f"SELECT generate_series({start}, {stop}) AS n"
    return (f"WITH RECURSIVE s(n) AS (SELECT {start} UNION ALL SELECT n + 1 FROM s WHERE n < {stop}) "
            "SELECT n FROM s")


def _uuid_expr(dialect: str, case_expr: str, k: int) -> str:
    """A UUID-shaped, unique id from the new case id and the row's index in the template."""
    if dialect == "postgresql":
        return (f"lpad(to_hex({case_expr}), 8, '0') || '-5eed-4000-8000-' || lpad(to_hex({k}), 12, '0')")
    return f"printf('%08x-5eed-4000-8000-%012x', {case_expr}, {k})"


def _lane_expr(dialect: str, column: str, unit_expr: str) -> str:
    if dialect == "postgresql":
        return f"CASE WHEN {column} IS NULL THEN NULL ELSE {column} || ' @' || lpad(({unit_expr})::text, 2, '0') END"
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE {column} || ' @' || printf('%02d', {unit_expr}) END"


def _shift(dialect: str, column: str) -> str:
    """The template's time minus n seconds, so the copies are older than the live cases and
    ordered (oldest first = lowest copy number last)."""
    if dialect == "postgresql":
        return f"{column} - (seq.n * interval '1 second')"
    return f"CASE WHEN {column} IS NULL THEN NULL ELSE datetime({column}, '-' || seq.n || ' seconds') END"


def _is_time(column) -> bool:
    from sqlalchemy import DateTime

    return isinstance(column.type, DateTime)


def copy_cases(sa_engine, template_case_id: int, count: int, *, first_copy: int = 0, log=None) -> dict:
    """Insert ``count`` copies of the template case (copy numbers first_copy .. first_copy+count-1)."""
    dialect = sa_engine.dialect.name
    meta = MetaData()
    meta.reflect(sa_engine)
    cases = meta.tables["cases"]
    children = [t for t in meta.sorted_tables if "case_id" in t.c and t.name != "cases" and t.name not in SKIP_TABLES]
    started = time.perf_counter()
    rows = 0
    with sa_engine.connect() as conn:
        template_rows = {}
        for table in children:
            pk = list(table.primary_key.columns)
            order = pk[0] if pk else list(table.c)[0]
            template_rows[table.name] = conn.execute(
                select(*[table.c[name] for name in table.c.keys()]).where(table.c.case_id == template_case_id)
                .order_by(order)
            ).all()
        conn.rollback()
    done = 0
    while done < count:
        n = min(BATCH, count - done)
        with sa_engine.begin() as conn:
            base = conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM cases")).scalar()
            lo, hi = first_copy + done, first_copy + done + n - 1
            offset = base - lo + 1  # new case id = n + offset
            unit = f"(seq.n % {UNITS})"
            # cases
            cols = [c for c in cases.c.keys()]
            exprs = []
            for c in cols:
                if c == "id":
                    exprs.append(f"seq.n + {offset}")
                elif c == "title":
                    exprs.append("'Kasus contoh ' || seq.n")
                elif c == "status":
                    exprs.append("'running'")
                elif _is_time(cases.c[c]):
                    exprs.append(_shift(dialect, f"t.{c}"))
                else:
                    exprs.append(f"t.{c}")
            sql = (f"INSERT INTO cases ({', '.join(cols)}) SELECT {', '.join(exprs)} "
                   f"FROM ({_series(dialect, lo, hi)}) AS seq, cases AS t WHERE t.id = {template_case_id}")
            rows += conn.execute(text(sql)).rowcount or 0
            # children
            for table in children:
                template = template_rows[table.name]
                if not template:
                    continue
                pk = list(table.primary_key.columns)
                string_key = len(pk) == 1 and not isinstance(pk[0].type, Integer)
                key_name = pk[0].name if len(pk) == 1 else None
                cols = [c for c in table.c.keys() if not (c == key_name and not string_key)]
                # one INSERT ... SELECT per template row, so each gets its own index k
                key_values = [getattr(r, key_name) for r in template] if key_name else [None] * len(template)
                for k, key_value in enumerate(key_values):
                    exprs = []
                    for c in cols:
                        if c == key_name:
                            exprs.append(_uuid_expr(dialect, f"(seq.n + {offset})", k + 1))
                        elif c == "case_id":
                            exprs.append(f"seq.n + {offset}")
                        elif c in ("lane",):
                            exprs.append(_lane_expr(dialect, f"t.{c}", unit))
                        elif _is_time(table.c[c]):
                            exprs.append(_shift(dialect, f"t.{c}"))
                        else:
                            exprs.append(f"t.{c}")
                    if key_name:
                        where = f"t.{key_name} = :key"
                        params = {"key": key_value}
                    else:
                        where = "1 = 1"
                        params = {}
                    sql = (f"INSERT INTO {table.name} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
                           f"FROM ({_series(dialect, lo, hi)}) AS seq, {table.name} AS t "
                           f"WHERE t.case_id = {template_case_id} AND {where}")
                    rows += conn.execute(text(sql), params).rowcount or 0
            if dialect == "postgresql":
                conn.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT MAX(id) FROM cases))"))
        done += n
        if log:
            log(f"[seed] {first_copy + done} copies ({time.perf_counter() - started:.1f} s)")
    if dialect == "postgresql":
        with sa_engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("VACUUM ANALYZE"))
    return {"copies": count, "rows": rows, "seconds": time.perf_counter() - started}


def table_counts(sa_engine) -> dict:
    meta = MetaData()
    meta.reflect(sa_engine)
    out = {}
    with sa_engine.connect() as conn:
        for name in ("cases", "human_tasks", "timers", "audit_events"):
            if name in meta.tables:
                out[name] = conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar()
    return out


def database_size(sa_engine, sqlite_path=None) -> int | None:
    if sa_engine.dialect.name == "postgresql":
        with sa_engine.connect() as conn:
            return conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
    if sqlite_path:
        import os

        return sum(os.path.getsize(p) for p in (sqlite_path, f"{sqlite_path}-wal") if os.path.exists(p))
    return None
