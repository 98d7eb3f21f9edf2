"""Issue 13: the inbox, the group inbox and the case list under the access policy, at scale.

Target: inbox, group inbox and case list "with these rules at 100k active cases and a role with
5k ready steps, p95 <= 30 ms on SQLite and PostgreSQL".

Engine level: direct calls on a Runtime (``engine.cases.worklist.list_tasks`` views mine, group,
all sorted by due date; ``worklist.count_tasks``; ``engine.cases.queries.list_cases`` page 1
and a deep page), one sequential caller, p50/p95 per call after warm-up.

**Seeded data** (written row by row in bulk, not through the engine: the lists only read the
indexed rows; ``cases.state`` is a placeholder blob the lists never read). N active cases
(100,000; ``--quick`` 4,000) over ``UNITS`` organisation units (case i in unit 1 + i % UNITS).
Every case was started by a vendor (``cases.started_by``) who is bound to its external lane
(``case_parties``); a vendor has 5 cases. Each case has 4 completed steps (external lane by
its vendor, Pokja, Kepala, PPK by the unit's staff) and one or two ready steps:

* unit 1 (N / UNITS cases, 5,000 at 100k): a ready step of ``Pokja Pemilihan`` open to the
  group (scope ``unit``) in every case; in one case in 20 also a second Pokja step held by
  the measured staff member ``pokja.u1``; in one in 50 a ``Kepala UKPBJ`` step held by the
  official ``kepala.u1`` (proxy role ``Sekretaris UKPBJ``), in another one in 50 one open;
* other units, by the case's number in its unit (j % 10): 0-3 Pokja (one in 40 held by
  ``pokja.u<unit>``), 4 and 9 PPK, 5 Kepala UKPBJ (open, proxy role), 6 the cross-unit lane
  ``Verifikator LKPP`` (scope ``any``), 7-8 the external lane ``Penyedia`` (scope ``party``,
  open to the case's vendor);
* a Plt. delegation: ``kepala.u1`` (Kepala UKPBJ, unit 1) to ``plt.u1`` (own role PPK, unit 1),
  active today.

Actors measured: ``pokja.u1`` (big role, big unit), ``pokja.u2`` (same role, another unit),
``lkpp`` (the cross-unit role, no unit), ``vendor`` (a vendor with 5 cases), ``plt.u1`` (the
delegate), ``sekretaris.u1`` (the proxy role), ``admin``.
"""
from __future__ import annotations

import time
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from .common import (
    Timer,
    base_parser,
    deploy_source,
    fmt_ms,
    fresh_database,
    katalog_source,
    log,
    machine_info,
    make_runtime,
    resolve_databases,
    summarize,
    workdir,
    write_results,
)

UNITS = 20
CASES_PER_VENDOR = 5
BATCH = 10_000
DEEP_PAGE = 100  # page 100 of 25 rows: offset 2,475
BIG, KEPALA, PPK, LKPP, VENDOR_LANE, PROXY = (
    "Pokja Pemilihan", "Kepala UKPBJ", "PPK", "Verifikator LKPP", "Penyedia", "Sekretaris UKPBJ")


def vendor_name(k: int) -> str:
    return f"vendor.{k:05d}"


MEASURED_VENDOR = vendor_name(147)  # its 5 cases have a ready step of the external lane


def actors():
    from engine.records import Actor

    return {
        "staff, big role, unit 1": Actor("pokja.u1", frozenset({BIG}), 1),
        "staff, same role, unit 2": Actor("pokja.u2", frozenset({BIG}), 2),
        "cross-unit role (LKPP)": Actor("lkpp", frozenset({LKPP}), None),
        "vendor (5 cases)": Actor(MEASURED_VENDOR, frozenset({VENDOR_LANE}), None),
        "Plt. delegate (PPK + Kepala of unit 1)": Actor("plt.u1", frozenset({PPK}), 1),
        "proxy role (Sekretaris, unit 1)": Actor("sekretaris.u1", frozenset({PROXY}), 1),
        "admin": Actor("admin", frozenset({"admin"}), None),
    }


# -- seeding ------------------------------------------------------------------------------------

def _task(case_id: int, k: int, unit: int, lane: str, scope: str, status: str, created: datetime, *,
          assignee=None, proxy=None, completed_by=None, due=None, process_id="") -> dict:
    return {
        "id": f"{case_id:08x}-a11c-4000-8000-{k:012x}", "case_id": case_id, "process_id": process_id,
        "task_ref": f"Step_{k}", "name": f"Langkah {k}", "lane": lane, "status": status,
        "created_at": created, "due_at": due, "late": False,
        "completed_at": created + timedelta(hours=1) if status == "completed" else None,
        "completed_by": completed_by, "data": None, "assignee": assignee, "unit_id": unit, "scope": scope,
        "proxy_role": proxy, "acted_as": None,
    }


def case_rows(i: int, n: int, version, now: datetime):
    """The case row, its step rows and its party row for case number ``i`` (0-based)."""
    case_id = i + 1
    unit = 1 + i % UNITS
    j = i // UNITS
    vendor = vendor_name(i % max(1, n // CASES_PER_VENDOR))
    updated = now - timedelta(seconds=n - i)  # newest last
    started = updated - timedelta(days=3)
    pid = version.process_id
    case = {"id": case_id, "process_version_id": version.id, "process_id": pid, "title": f"Kasus {case_id}",
            "status": "running", "state": STATE, "lock_version": 1, "started_by": vendor, "started_at": started,
            "updated_at": updated, "ended_at": None, "end_event": None, "unit_id": unit}
    staff = lambda role: f"{role.split()[0].lower()}.u{unit}"  # noqa: E731
    t = started
    tasks = [
        _task(case_id, 1, unit, VENDOR_LANE, "party", "completed", t, completed_by=vendor, process_id=pid),
        _task(case_id, 2, unit, BIG, "unit", "completed", t + timedelta(hours=2), completed_by=staff(BIG),
              process_id=pid),
        _task(case_id, 3, unit, KEPALA, "unit", "completed", t + timedelta(hours=4), completed_by=staff(KEPALA),
              proxy=PROXY, process_id=pid),
        _task(case_id, 4, unit, PPK, "unit", "completed", t + timedelta(hours=6), completed_by=staff(PPK),
              process_id=pid),
    ]
    ready_at = t + timedelta(hours=8)
    due = None if i % 10 == 3 else ready_at + timedelta(days=1 + i % 7, minutes=i % 997)

    def ready(k, lane, scope, **kw):
        tasks.append(_task(case_id, k, unit, lane, scope, "ready", ready_at, due=due, process_id=pid, **kw))

    if unit == 1:
        ready(5, BIG, "unit")
        if j % 20 == 0:
            ready(6, BIG, "unit", assignee="pokja.u1")
        if j % 50 == 5:
            ready(7, KEPALA, "unit", assignee="kepala.u1", proxy=PROXY)
        elif j % 50 == 6:
            ready(7, KEPALA, "unit", proxy=PROXY)
    else:
        kind = j % 10
        if kind <= 3:
            ready(5, BIG, "unit", assignee=f"pokja.u{unit}" if j % 40 == 1 else None)
        elif kind in (4, 9):
            ready(5, PPK, "unit")
        elif kind == 5:
            ready(5, KEPALA, "unit", proxy=PROXY)
        elif kind == 6:
            ready(5, LKPP, "any")
        else:
            ready(5, VENDOR_LANE, "party")
    party = {"case_id": case_id, "lane": VENDOR_LANE, "username": vendor, "added_by": vendor, "added_at": started}
    return case, tasks, party


STATE = zlib.compress(b'{"placeholder": "the lists never read the state"}')


def seed(rt, sa_engine, version, n: int) -> dict:
    from sqlalchemy import insert, text

    from engine.store.models import Case, CaseParty, Delegation, HumanTask, OrgUnit, User, UserRole

    now = rt.now()
    started = time.perf_counter()
    with sa_engine.begin() as conn:
        conn.execute(insert(OrgUnit), [{"id": u, "code": f"ukpbj-{u:02d}", "name": f"UKPBJ {u:02d}",
                                        "timezone": "Asia/Jakarta", "office_hours": None, "created_at": now}
                                       for u in range(1, UNITS + 1)])
        users = [("kepala.u1", KEPALA, 1), ("plt.u1", PPK, 1), ("pokja.u1", BIG, 1), ("pokja.u2", BIG, 2),
                 ("sekretaris.u1", PROXY, 1), ("lkpp", LKPP, None), (MEASURED_VENDOR, VENDOR_LANE, None),
                 ("admin", "admin", None)]
        for uid, (name, role, unit) in enumerate(users, start=1):
            conn.execute(insert(User), [{"id": uid, "username": name, "full_name": name, "password_hash": "",
                                         "is_active": True, "created_at": now, "unit_id": unit}])
            conn.execute(insert(UserRole), [{"user_id": uid, "role": role}])
        today = date.today()
        conn.execute(insert(Delegation), [{"official": "kepala.u1", "delegate": "plt.u1", "roles": None,
                                           "kind": "Plt", "decree": "800/12/2026",
                                           "starts_on": today - timedelta(days=10),
                                           "ends_on": today + timedelta(days=30), "created_by": "admin",
                                           "created_at": now}])
    rows = 0
    for lo in range(0, n, BATCH):
        cases, tasks, parties = [], [], []
        for i in range(lo, min(n, lo + BATCH)):
            c, ts, p = case_rows(i, n, version, now)
            cases.append(c)
            tasks += ts
            parties.append(p)
        with sa_engine.begin() as conn:
            conn.execute(insert(Case.__table__), cases)
            conn.execute(insert(HumanTask.__table__), tasks)
            conn.execute(insert(CaseParty.__table__), parties)
        rows += len(cases) + len(tasks) + len(parties)
        log(f"[seed] {min(n, lo + BATCH):,} cases ({time.perf_counter() - started:.0f} s)")
    with sa_engine.connect() as conn:
        if sa_engine.dialect.name == "postgresql":
            conn.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT MAX(id) FROM cases))"))
            conn.commit()
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(text("VACUUM ANALYZE"))
        else:
            conn.execute(text("ANALYZE"))
            conn.commit()
    return {"rows": rows, "seconds": time.perf_counter() - started}


def facts(sa_engine) -> dict:
    """What the seeded data holds, to check the scenario (counted with plain SQL)."""
    from sqlalchemy import text

    q = {
        "cases": "SELECT COUNT(*) FROM cases",
        "human_tasks": "SELECT COUNT(*) FROM human_tasks",
        "ready steps": "SELECT COUNT(*) FROM human_tasks WHERE status = 'ready'",
        "big role ready in unit 1 (open / held)": (
            f"SELECT SUM(CASE WHEN assignee IS NULL THEN 1 ELSE 0 END) || ' / ' || "
            f"SUM(CASE WHEN assignee IS NULL THEN 0 ELSE 1 END) FROM human_tasks "
            f"WHERE status = 'ready' AND lane = '{BIG}' AND unit_id = 1"),
        "cross-unit lane ready": f"SELECT COUNT(*) FROM human_tasks WHERE status = 'ready' AND scope = 'any'",
        "external lane ready": "SELECT COUNT(*) FROM human_tasks WHERE status = 'ready' AND scope = 'party'",
        "case_parties": "SELECT COUNT(*) FROM case_parties",
    }
    with sa_engine.connect() as conn:
        return {k: conn.execute(text(v)).scalar() for k, v in q.items()}


# -- measuring ----------------------------------------------------------------------------------

def queries_for(rt, actor):
    from engine.cases import queries, worklist

    return {
        "inbox mine": lambda: worklist.list_tasks(rt, actor, view="mine", sort="due"),
        "inbox group": lambda: worklist.list_tasks(rt, actor, view="group", sort="due"),
        "inbox all": lambda: worklist.list_tasks(rt, actor, view="all", sort="due"),
        "counts": lambda: worklist.count_tasks(rt, actor),
        "case list p1": lambda: queries.list_cases(rt, actor, page=1),
        f"case list p{DEEP_PAGE}": lambda: queries.list_cases(rt, actor, page=DEEP_PAGE),
    }


def shape(result):
    """What a call answered, to compare forms of a query: ids in order and the total."""
    if isinstance(result, dict):
        return result
    return {"total": result.total, "ids": [item.id for item in result.items]}


# -- the forms before issue 13's rewrite, to check the new ones answer the same ----------------

def reference_step_condition(standing):
    """engine.access.step_condition as it was: parties by a correlated EXISTS, a role's unit
    and any-unit scopes in one branch."""
    from sqlalchemy import and_, exists, or_

    from engine.access import _unit_is
    from engine.store.models import CaseParty, HumanTask

    party = exists().where(CaseParty.case_id == HumanTask.case_id, CaseParty.lane == HumanTask.lane,
                           CaseParty.username == standing.username)
    conditions = [and_(HumanTask.scope == "party", party)]
    for unit_id, roles in standing.roles_by_unit().items():
        conditions.append(and_(HumanTask.lane.in_(roles), or_(
            HumanTask.scope == "any", and_(HumanTask.scope == "unit", _unit_is(HumanTask.unit_id, unit_id)))))
        conditions.append(and_(HumanTask.proxy_role.in_(roles), _unit_is(HumanTask.unit_id, unit_id)))
    return or_(*conditions)


def check_same_answers(rt) -> dict:
    """Every actor: the ready steps of each inbox view and the cases of the case list, in full
    (no page), by the current forms and by the reference forms: the same rows."""
    from unittest import mock

    from sqlalchemy import and_, or_, select, union

    from engine import access
    from engine.cases import queries
    from engine.cases.worklist import inbox_condition
    from engine.org.delegations import load_standing
    from engine.store.models import Case, HumanTask

    checked = {}
    with rt.read() as session:
        for who, actor in actors().items():
            standing = load_standing(rt, session, actor)
            answers = {}
            for form in ("new", "reference"):
                patch = (mock.patch.object(access, "step_condition", reference_step_condition) if form == "reference"
                         else mock.patch.object(access, "step_condition", access.step_condition))
                with patch:
                    got = {}
                    for view in ("mine", "group", "all"):
                        got[view] = set(session.scalars(select(HumanTask.id).where(
                            HumanTask.status == "ready", inbox_condition(standing, view))))
                    if form == "new":
                        cases = Case.id.in_(union(*queries.involved_case_ids(standing, [])))
                    else:
                        cases = queries.involved_condition(standing)
                    got["cases"] = set(session.scalars(select(Case.id).where(cases)))
                answers[form] = got
            for key in answers["new"]:
                assert answers["new"][key] == answers["reference"][key], (who, key)
            checked[who] = {key: len(v) for key, v in answers["new"].items()}
    return checked


def measure(rt, requests: int, warmup: int = 2) -> list[dict]:
    out = []
    for who, actor in actors().items():
        for name, fn in queries_for(rt, actor).items():
            for _ in range(warmup):
                first = fn()
            times = []
            for _ in range(requests):
                with Timer() as t:
                    fn()
                times.append(t.ms)
            s = shape(first)
            total = s if isinstance(first, dict) else s["total"]
            out.append({"actor": who, "username": actor.username, "query": name, "total": total,
                        "rows": len(s.get("ids", [])) if not isinstance(first, dict) else None,
                        "answer": s, **summarize(times)})
    return out


def explain(rt, sa_engine, actor, fn) -> list[dict]:
    """The SQL a call runs and the database's plan for each statement."""
    from sqlalchemy import event

    from .http_api import depth_of

    captured = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    event.listen(sa_engine, "before_cursor_execute", capture)
    try:
        fn()
    finally:
        event.remove(sa_engine, "before_cursor_execute", capture)
    entries = []
    with sa_engine.connect() as conn:
        for statement, params in captured:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            if sa_engine.dialect.name == "postgresql":
                rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + statement, params).all()
                plan = [r[0] for r in rows]
            else:
                rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
                plan = [f"{'  ' * depth_of(rows, r)}{r[-1]}" for r in rows]
            with Timer() as t:
                conn.exec_driver_sql(statement, params).all()
            entries.append({"sql": " ".join(statement.split()), "params": repr(params), "plan": plan,
                            "ms": t.ms})
        conn.rollback()
    return entries


def run_database(kind: str, tmp: Path, pg: str | None, n: int, requests: int) -> dict:
    url = fresh_database(kind, tmp, pg, name="access.db")
    source = katalog_source(tmp)
    rt, sa_engine = make_runtime(url, source["forms_dir"])
    version = deploy_source(rt, source)  # VersionInfo: id, process_id
    log(f"[{kind}] seeding {n:,} cases")
    seeded = seed(rt, sa_engine, version, n)
    seen = facts(sa_engine)
    log(f"[{kind}] {seen}")
    same = check_same_answers(rt)
    log(f"[{kind}] current and reference forms answer the same rows: {same}")
    measured = measure(rt, requests)
    slowest = max(measured, key=lambda m: m["p95"])
    actor = actors()[slowest["actor"]]
    plans = explain(rt, sa_engine, actor, queries_for(rt, actor)[slowest["query"]])
    sa_engine.dispose()
    return {"database": kind, "cases": n, "seed": seeded, "facts": seen, "same_answers": same,
            "measurements": measured,
            "slowest": {"actor": slowest["actor"], "query": slowest["query"], "p95": slowest["p95"],
                        "statements": plans}}


def markdown(results: dict) -> str:
    """The section for BENCHMARKS.md (bench.run renders the same)."""
    from .run import section_access_lists

    return "\n".join(section_access_lists({"data": results}))


def main(argv=None) -> int:
    parser = base_parser("access_lists", __doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=None, help="active cases (default 100,000; --quick 4,000)")
    parser.add_argument("--requests", type=int, default=None, help="timed calls per query (default 30; --quick 10)")
    parser.add_argument("--markdown", default=None, help="also write the Markdown section here")
    args = parser.parse_args(argv)
    n = args.cases or (4_000 if args.quick else 100_000)
    requests = args.requests or (10 if args.quick else 30)
    kinds, pg = resolve_databases(args)
    results = {"cases": n, "units": UNITS, "requests": requests, "deep_page": DEEP_PAGE,
               "machine": machine_info(pg), "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
               "runs": []}
    with workdir("alur-bench-access-") as tmp:
        for kind in kinds:
            run = run_database(kind, tmp, pg, n, requests)
            results["runs"].append(run)
            for m in run["measurements"]:
                print(f"{kind:8} {m['actor']:42} {m['query']:14} total {str(m['total']):>24} "
                      f"p50 {fmt_ms(m['p50']):>6} p95 {fmt_ms(m['p95']):>6} ms", flush=True)
            s = run["slowest"]
            print(f"{kind}: slowest {s['actor']} / {s['query']} p95 {fmt_ms(s['p95'])} ms")
            for e in s["statements"]:
                print(f"  {fmt_ms(e['ms'])} ms  {e['sql'][:200]}")
                for line in e["plan"]:
                    print(f"      {line}")
    write_results(args, results)
    if args.markdown:
        Path(args.markdown).write_text(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
