"""Timer latency and sweep cost: does a timer fire within 0.5 s of its due time, also when 10,000
fall due at once, and does the worker's sweep cost grow with the due timers rather than with all
cases?

    .venv/bin/python -m bench.timer_latency                 # SQLite and PostgreSQL, ~6-8 minutes
    .venv/bin/python -m bench.timer_latency --db sqlite --pending 20000 --burst 2000   # quicker

For each database:

1. **Seeding.** One real case of a minimal SOP (one user task with a non-interrupting PT1H
   boundary timer to a "late" end event, the lane with a supervisor role) is started through
   the engine. Its state is then cloned in bulk: every SpiffWorkflow task id is replaced by a
   fresh UUID and the timer's due time written into the state, and ``cases``, ``human_tasks``
   and ``timers`` rows are inserted directly. So every seeded timer is a real one. The lane has
   two active holders and the supervisor role one user, so every deadline writes three
   notifications, as in an office. Timers not meant to fire are due in a year.
2. **Sweep cost** at 1k, 10k and 100k pending timers (none due), and again with the 10k burst
   due: the worker's per-case claim (``status='pending' AND due_at <= now ORDER BY due_at
   LIMIT 1``, ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), its next-due query and the set-based
   deadline claim (``engine.deadline_sweep.claim_query``, up to 500 rows joined with their
   cases and steps), median of 300 (100 for the deadline claim) runs, and the plans (EXPLAIN)
   showing the ``(status, due_at)`` index.
3. **Steady latency** with 100k pending: a real ``TimerWorker`` thread on the system clock; 300
   timers fall due one every 20 ms.
4. **Burst**: 10k timers fall due at the same instant (with 90k+ others pending), one worker,
   and on PostgreSQL again with two workers in two processes.

A deadline is fired in two phases (``engine.timers``): the worker escalates due deadlines
set-based, hundreds per transaction (step late, notifications, ``deadline_passed``, row set to
``escalated``), then the engine catches up case by case when nothing else is due. A burst it
sees coming (1,000 or more due within 50 ms) it escalates in one transaction prepared shortly
before the due time and committed at it (``engine.deadline_sweep.stage_deadlines``); the 10k
burst here is such a burst, the steady timers are not. **Fired** = the escalation's transaction
committed (the worker's ``on_fired`` hook, kinds ``staged`` and ``deadline``; a timer fired
through the engine directly counts when its transaction committed, kind ``timer``), minus the due
time.
**Caught up** = the engine's transaction for that case committed. The check at the end counts
one ``deadline_passed`` event and one late step per seeded timer, three notifications each, no
case escalated twice and no due timer row left.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from uuid import uuid4

from sqlalchemy import func, insert, select, text

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import machine_info, normalize_url, percentile, workdir  # noqa: E402
from engine.cases import starting
from engine.diagrams import deploy
from engine.org import users  # noqa: E402
from engine.records import SYSTEM_ACTOR, Actor  # noqa: E402
from engine.runtime import Runtime  # noqa: E402
from engine.store.db import create_db_engine, create_schema, make_session_factory  # noqa: E402
from engine.store.models import AuditEvent, Base, Case, HumanTask, Notification, Timer  # noqa: E402
from engine.timers import deadline_sweep
from engine.timers.passes import claim_due_timer, next_due_at  # noqa: E402
from engine.timers.worker import TimerWorker  # noqa: E402

PG_DB_NAME = "alur_bench_timers"  # its own database: never the tests' nor the other benchmarks'
PROCESS_ID = "bench_timer"
LANE = "Pelaksana Bench"
SUPERVISOR = "Kepala Bench"
PEOPLE = {"pelaksana-a": LANE, "pelaksana-b": LANE, "kepala-bench": SUPERVISOR}  # 3 notifications per deadline
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
BATCH = 5000
QUERY_RUNS = 300
SWEEP_QUERY_RUNS = 100

DIAGRAM = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xmlns:alur="http://alur.id/schema/bpmn/1.0"
                  id="Definitions_bench" targetNamespace="http://alur.id/bpmn/bench">
  <bpmn:collaboration id="Collaboration_bench">
    <bpmn:participant id="Participant_bench" name="Unit bench" processRef="{PROCESS_ID}" />
  </bpmn:collaboration>
  <bpmn:process id="{PROCESS_ID}" name="Bench timer" isExecutable="true">
    <bpmn:laneSet id="LaneSet_bench">
      <bpmn:lane id="Lane_a" name="{LANE}">
        <bpmn:extensionElements><alur:supervisor>{SUPERVISOR}</alur:supervisor></bpmn:extensionElements>
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>step_01</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>timer_step_01</bpmn:flowNodeRef><bpmn:flowNodeRef>late_step_01</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="step_01" name="1. Langkah"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:boundaryEvent id="timer_step_01" cancelActivity="false" attachedToRef="step_01">
      <bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition id="timer_def"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="late_step_01" name="Batas waktu terlampaui"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="step_01" />
    <bpmn:sequenceFlow id="f2" sourceRef="step_01" targetRef="end" />
    <bpmn:sequenceFlow id="f3" sourceRef="timer_step_01" targetRef="late_step_01" />
  </bpmn:process>
</bpmn:definitions>
""".encode()


def log(message: str) -> None:
    print(f"[timer_latency {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- databases ----------------------------------------------------------------

def postgres_url(explicit: str | None) -> str | None:
    url = explicit or os.environ.get("ALUR_BENCH_TIMERS_DATABASE_URL")
    if url:
        return normalize_url(url)
    script = ROOT / ".ci" / "start-postgres"
    if not script.exists():
        return None
    try:
        out = subprocess.run([str(script)], env=dict(os.environ, ALUR_PG_DB=PG_DB_NAME), capture_output=True,
                             text=True, timeout=600, check=True)
    except (subprocess.SubprocessError, OSError) as exc:
        log(f"PostgreSQL not available ({exc}); PostgreSQL figures skipped")
        return None
    lines = [line for line in out.stdout.splitlines() if line.startswith("postgresql")]
    return normalize_url(lines[-1]) if lines else None


LOCK_KEY = 7_264_101  # pg_advisory_lock key: one run at a time on the PostgreSQL database


class Exclusive:
    """Holds a PostgreSQL advisory lock for the whole run on that database, so two runs
    (say ``make bench`` and a run by hand) never empty each other's tables."""

    def __init__(self, kind: str, url: str | None):
        self.kind, self.url = kind, url
        self.engine = self.conn = None

    def __enter__(self):
        if self.kind != "postgres":
            return self
        self.engine = create_db_engine(self.url)
        self.conn = self.engine.connect()
        if not self.conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar():
            log("another timer_latency run is using the PostgreSQL database; waiting for it to finish")
            self.conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_KEY})
        self.conn.commit()
        return self

    def __exit__(self, *exc):
        if self.conn is not None:
            self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
            self.conn.commit()
            self.conn.close()
            self.engine.dispose()


def fresh(kind: str, tmp: Path, pg_url: str | None):
    if kind == "sqlite":
        url = f"sqlite:///{tmp / 'timers.db'}"
    else:
        url = pg_url
    engine = create_db_engine(url, pool_size=10) if kind == "postgres" else create_db_engine(url)
    if kind == "postgres":
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        Base.metadata.drop_all(engine)
    create_schema(engine)
    return engine, Runtime(make_session_factory(engine))


# -- seeding ------------------------------------------------------------------

class Template:
    """One real case, cloned with fresh task ids and a chosen due time."""

    def __init__(self, rt: Runtime):
        deploy.deploy_diagram(rt, SYSTEM_ACTOR, DIAGRAM, f"{PROCESS_ID}.bpmn")
        for username, role in PEOPLE.items():
            users.create_user(rt, username, password_hash="x", roles=[role], full_name=username.title())
        info = starting.start_case(rt, Actor("bench", frozenset({LANE})), PROCESS_ID, title="Bench")
        with rt.read() as session:
            case = session.get(Case, info.id)
            task = session.scalars(select(HumanTask).where(HumanTask.case_id == case.id)).one()
            timer = session.scalars(select(Timer).where(Timer.case_id == case.id)).one()
            self.version_id = case.process_version_id
            self.case_id = case.id
            self.task_id, self.timer_id = task.id, timer.id
            self.task_name = task.name
            state = zlib.decompress(case.state).decode()
            self.event_value = timer.due_at.isoformat()
        assert state.count(f'"{self.event_value}"') == 1, "the timer's due time must appear once in the state"
        self.parts = UUID_RE.split(state)
        self.uuids = UUID_RE.findall(state)
        self.next_id = self.case_id + 1

    def clone(self, due: datetime) -> tuple[bytes, dict[str, str]]:
        mapping = {u: str(uuid4()) for u in set(self.uuids)}
        out = [self.parts[0]]
        for u, part in zip(self.uuids, self.parts[1:]):
            out.append(mapping[u])
            out.append(part)
        state = "".join(out).replace(f'"{self.event_value}"', f'"{due.isoformat()}"')
        return zlib.compress(state.encode(), 6), mapping

    def seed(self, rt: Runtime, dues: list[datetime]) -> list[int]:
        """Insert one case per due time; returns the case ids."""
        now = datetime.now(timezone.utc)
        ids = []
        for start in range(0, len(dues), BATCH):
            case_rows, task_rows, timer_rows = [], [], []
            for due in dues[start:start + BATCH]:
                case_id = self.next_id
                self.next_id += 1
                state, mapping = self.clone(due)
                case_rows.append(dict(id=case_id, process_version_id=self.version_id, process_id=PROCESS_ID,
                                      title=f"Bench {case_id}", status="running", state=state, lock_version=1,
                                      started_by="bench", started_at=now, updated_at=now))
                task_rows.append(dict(id=mapping[self.task_id], case_id=case_id, process_id=PROCESS_ID,
                                      task_ref="step_01", name=self.task_name, lane=LANE, status="ready",
                                      created_at=now, due_at=due, late=False))
                timer_rows.append(dict(id=mapping[self.timer_id], case_id=case_id, kind="timer",
                                       task_ref="timer_step_01", attached_to="step_01", due_at=due, status="pending",
                                       attempts=0))
                ids.append(case_id)
            with rt.write() as session:
                session.execute(insert(Case), case_rows)
                session.execute(insert(HumanTask), task_rows)
                session.execute(insert(Timer), timer_rows)
        return ids


def analyze(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT max(id) FROM cases))"))


def pending_count(rt: Runtime) -> int:
    with rt.read() as session:
        return session.scalar(select(func.count()).select_from(Timer).where(Timer.status == "pending"))


# -- sweep cost ---------------------------------------------------------------

def sweep_cost(rt: Runtime, engine) -> dict:
    claim, next_due, sweep = [], [], []
    now = datetime.now(timezone.utc)
    postgres = engine.dialect.name == "postgresql"
    for _ in range(QUERY_RUNS):
        session = rt.session_factory()
        try:
            session.connection()  # the transaction is open before the clock starts
            t0 = time.perf_counter()
            claim_due_timer(session, now)
            claim.append((time.perf_counter() - t0) * 1e6)
        finally:
            session.rollback()
            session.close()
    for _ in range(QUERY_RUNS):
        t0 = time.perf_counter()
        next_due_at(rt)
        next_due.append((time.perf_counter() - t0) * 1e6)
    with rt.read() as session:
        versions = deadline_sweep.escalation_versions(rt, session)
    query = deadline_sweep.claim_query(now, versions, deadline_sweep.BATCH_SIZE, postgres=postgres)
    for _ in range(SWEEP_QUERY_RUNS):
        session = rt.session_factory()
        try:
            session.connection()
            t0 = time.perf_counter()
            session.execute(query).all()
            sweep.append((time.perf_counter() - t0) * 1e6)
        finally:
            session.rollback()
            session.close()
    return {"claim_us": statistics.median(claim), "next_due_us": statistics.median(next_due),
            "sweep_us": statistics.median(sweep), "plan": explain(engine, now),
            "sweep_plan": explain_query(engine, query)}


def explain(engine, now: datetime) -> str:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.execute(text(
                "EXPLAIN SELECT * FROM timers WHERE status = 'pending' AND due_at <= :now "
                "ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED"), {"now": now}).scalars().all()
            plan = " / ".join(r.strip() for r in rows if "Scan" in r or "Limit" in r)
        else:
            rows = conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT * FROM timers WHERE status = 'pending' AND due_at <= :now "
                "ORDER BY due_at LIMIT 1"), {"now": now.replace(tzinfo=None).isoformat(" ")}).all()
            plan = " / ".join(str(r[-1]) for r in rows)
    return plan


def explain_query(engine, query) -> str:
    """The plan of a SQLAlchemy statement as the engine issues it (scans and joins only)."""
    compiled = query.compile(engine, compile_kwargs={"render_postcompile": True})
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.exec_driver_sql(f"EXPLAIN {compiled.string}", compiled.params).scalars().all()
            keep = ("Scan", "Limit", "Loop", "Join", "LockRows", "Sort")
            return " / ".join(r.strip().lstrip("-> ").split("  (cost")[0] for r in rows if any(k in r for k in keep))
        params = tuple(v.replace(tzinfo=None).isoformat(" ") if isinstance(v, datetime) else v
                       for v in (compiled.params[name] for name in compiled.positiontup))
        rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled.string}", params).all()
        return " / ".join(str(r[-1]) for r in rows)


# -- latency ------------------------------------------------------------------

class Recorder:
    """Per expected case: when its deadline fired (escalation committed, or the engine's firing)
    and when the engine had caught up (or fired it), as seconds after the due time."""

    FIRED = ("staged", "deadline", "timer")
    FINISHED = ("catch_up", "timer")

    def __init__(self):
        self.fired: dict[int, float] = {}
        self.finished: dict[int, float] = {}
        self.paths: dict[str, int] = {}
        self.fired_all = threading.Event()
        self.finished_all = threading.Event()
        self.expect: set[int] = set()
        self.lock = threading.Lock()

    def expect_cases(self, ids) -> None:
        with self.lock:
            self.expect = set(ids)
            self.fired, self.finished, self.paths = {}, {}, {}
            self.fired_all.clear()
            self.finished_all.clear()

    def on_fired(self, kind: str, due_at: datetime, case_id: int) -> None:
        self.record(kind, case_id, (datetime.now(timezone.utc) - due_at).total_seconds())

    def record(self, kind: str, case_id: int, latency: float) -> None:
        with self.lock:
            if case_id not in self.expect:
                return
            if kind in self.FIRED and case_id not in self.fired:
                self.fired[case_id] = latency
                self.paths[kind] = self.paths.get(kind, 0) + 1
                if len(self.fired) == len(self.expect):
                    self.fired_all.set()
            if kind in self.FINISHED and case_id not in self.finished:
                self.finished[case_id] = latency
                if len(self.finished) == len(self.expect):
                    self.finished_all.set()


def worker_process(url: str, queue, stop, ready, stage: bool = True) -> None:
    """Another timer worker in a process of its own (PostgreSQL: SKIP LOCKED shares the work)."""
    engine = create_db_engine(url)
    rt = Runtime(make_session_factory(engine))

    def on_fired(kind, due_at, case_id):
        queue.put((kind, case_id, (datetime.now(timezone.utc) - due_at).total_seconds()))

    worker = TimerWorker(rt, on_fired=on_fired, stage=stage)
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    ready.set()
    stop.wait()
    worker.stop()
    thread.join(10)
    engine.dispose()


class ExtraWorkers:
    def __init__(self, url: str, count: int, recorder: Recorder, stage: bool = True):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.queue = context.Queue()
        self.stop = context.Event()
        self.ready = [context.Event() for _ in range(count)]
        self.processes = [context.Process(target=worker_process, args=(url, self.queue, self.stop, r, stage),
                                          daemon=True)
                          for r in self.ready]
        self.recorder = recorder
        self.collected = 0
        self.collector = threading.Thread(target=self._collect, daemon=True)

    def __enter__(self):
        for process in self.processes:
            process.start()
        for ready in self.ready:
            ready.wait(60)
        self.collector.start()
        return self

    def _collect(self):
        while True:
            item = self.queue.get()
            if item is None:
                return
            if item[0] in Recorder.FIRED:
                self.collected += 1
            self.recorder.record(*item)

    def __exit__(self, *exc):
        self.stop.set()
        for process in self.processes:
            process.join(20)
        self.queue.put(None)
        self.collector.join(5)


def latency_row(values: list[float], elapsed: float | None = None) -> dict:
    ms = [v * 1000 for v in values]
    if not ms:
        nan = float("nan")
        return {"n": 0, "p50": nan, "p90": nan, "p99": nan, "max": nan, "within_500ms": nan}
    row = {"n": len(ms), "p50": percentile(ms, 50), "p90": percentile(ms, 90), "p99": percentile(ms, 99),
           "max": max(ms), "within_500ms": sum(1 for v in ms if v <= 500) / len(ms) * 100}
    if elapsed:
        row["rate"] = len(ms) / elapsed
    return row


def scenario_row(scenario: str, pending: int, recorder: Recorder, *, burst: bool) -> dict:
    """The fired latencies, the catch-up, and which path the timers took."""
    fired = list(recorder.fired.values())
    finished = list(recorder.finished.values())
    row = {"scenario": scenario, "pending": pending,
           **latency_row(fired, max(fired) if burst and fired else None),
           "staged": recorder.paths.get("staged", 0), "swept": recorder.paths.get("deadline", 0),
           "engine": recorder.paths.get("timer", 0),
           "caught_up": len(finished), "caught_up_p50": percentile(finished, 50) if finished else float("nan"),
           "caught_up_max": max(finished) if finished else float("nan")}
    if burst and finished:
        first = min(finished)
        row["catch_up_rate"] = len(finished) / max(max(finished) - min(fired or [first]), 1e-9)
    return row


def run_backend(kind: str, tmp: Path, pg_url: str | None, args) -> dict:
    log(f"{kind}: fresh database")
    engine, rt = fresh(kind, tmp, pg_url)
    template = Template(rt)
    far = datetime.now(timezone.utc) + timedelta(days=365)
    result = {"sweep": [], "latency": []}
    # Sweep cost while the pending timers grow (none due).
    have = 1  # the template's timer (due in an hour)
    seed_rate = 2000.0  # rows per second, measured below
    for target in sorted({1000, 10_000, args.pending} - {0}):
        if target > args.pending:
            continue
        t0 = time.perf_counter()
        template.seed(rt, [far + timedelta(seconds=i) for i in range(target - have)])
        seed_rate = (target - have) / (time.perf_counter() - t0)
        have = target
        analyze(engine)
        log(f"{kind}: {pending_count(rt)} pending timers (seeded in {time.perf_counter() - t0:.1f} s)")
        cost = sweep_cost(rt, engine)
        result["sweep"].append({"pending": pending_count(rt), "due": 0, **cost})

    bursts = (2 if args.swept else 1) * (2 if kind == "postgres" and args.pg_workers > 1 else 1)
    expected = args.steady + args.burst * bursts
    recorder = Recorder()
    worker = TimerWorker(rt, on_fired=recorder.on_fired)
    thread = threading.Thread(target=worker.run, name="bench-timers", daemon=True)
    try:
        thread.start()
        # Steady: one timer due every 20 ms, 100k pending.
        lead = 2.0
        base = datetime.now(timezone.utc) + timedelta(seconds=lead)
        dues = [base + timedelta(milliseconds=args.steady_gap_ms * i) for i in range(args.steady)]
        ids = template.seed(rt, dues)
        recorder.expect_cases(ids)
        if datetime.now(timezone.utc) > base:
            log(f"{kind}: seeding the steady timers took longer than {lead} s; latency overstated")
        if not recorder.finished_all.wait(60 + args.steady * args.steady_gap_ms / 1000):
            log(f"{kind}: steady phase incomplete: {len(recorder.fired)} fired, {len(recorder.finished)} caught up "
                f"of {len(ids)}")
        result["latency"].append(scenario_row(f"steady: 1 due every {args.steady_gap_ms} ms",
                                              pending_count(rt) + len(ids), recorder, burst=False))

        def burst(workers: int, stage: bool) -> None:
            """args.burst timers due at the same instant, fired by ``workers`` workers (the others in
            processes of their own), staged before the due time or swept when due."""
            extra = None
            if workers > 1:
                extra = ExtraWorkers(str(engine.url.render_as_string(hide_password=False)), workers - 1, recorder,
                                     stage).__enter__()
            worker.stage = stage
            try:
                t0 = time.perf_counter()
                # Due far enough ahead that seeding (at the rate measured above) finishes first.
                instant = datetime.now(timezone.utc) + timedelta(seconds=2.5 + 1.5 * args.burst / seed_rate)
                ids = template.seed(rt, [instant] * args.burst)
                recorder.expect_cases(ids)
                pending = pending_count(rt)
                log(f"{kind}: burst of {args.burst} seeded in {time.perf_counter() - t0:.1f} s; "
                    f"due at {instant:%H:%M:%S.%f}; {workers} worker(s), {'staged' if stage else 'swept when due'}")
                if datetime.now(timezone.utc) > instant:
                    log(f"{kind}: seeding the burst took longer than planned; latency overstated")
                if not recorder.fired_all.wait(args.burst * 0.02 + 60):
                    log(f"{kind}: burst incomplete: {len(recorder.fired)}/{len(ids)} fired")
                log(f"{kind}: {len(recorder.fired)} fired, the last {max(recorder.fired.values(), default=0):.2f} "
                    "s after the due time; waiting for the engine to catch up")
                if not recorder.finished_all.wait(args.burst * 0.05 + 120):
                    log(f"{kind}: catch-up incomplete: {len(recorder.finished)}/{len(ids)}")
            finally:
                if extra is not None:
                    extra.__exit__(None, None, None)
            where = "1 worker" if workers == 1 else (
                f"{workers} workers in {workers} processes ({extra.collected:,} fired by the other)")
            how = "staging on" if stage else "staging off (swept when due)"
            result["latency"].append(scenario_row(f"burst: {args.burst:,} due at once, {where}, {how}", pending,
                                                  recorder, burst=True))

        if args.burst:
            modes = [True, False] if args.swept else [True]
            for stage in modes:
                burst(1, stage)
            if kind == "postgres" and args.pg_workers > 1:
                for stage in modes:
                    burst(args.pg_workers, stage)
    finally:
        worker.stop()
        thread.join(10)

    # Each seeded timer fired once, and nothing is left for the worker.
    with rt.read() as session:
        fired = session.scalar(select(func.count()).select_from(AuditEvent)
                               .where(AuditEvent.action == "deadline_passed"))
        per_case = session.scalar(select(func.count()).select_from(
            select(AuditEvent.case_id).where(AuditEvent.action == "deadline_passed")
            .group_by(AuditEvent.case_id).having(func.count() > 1).subquery()))
        late = session.scalar(select(func.count()).select_from(HumanTask).where(HumanTask.late.is_(True)))
        notes = session.scalar(select(func.count()).select_from(Notification))
        left = session.scalar(select(func.count()).select_from(Timer).where(Timer.due_at <= datetime.now(timezone.utc)))
    result["check"] = {"deadline_passed": fired, "late_tasks": late, "notifications": notes,
                       "cases_escalated_twice": per_case, "due_rows_left": left, "expected": expected}
    if args.burst:
        # Sweep cost with due timers waiting: re-seed a due burst, measured with no worker running.
        past = datetime.now(timezone.utc) - timedelta(seconds=1)
        template.seed(rt, [past] * args.burst)
        analyze(engine)
        cost = sweep_cost(rt, engine)
        result["sweep"].append({"pending": pending_count(rt), "due": args.burst, **cost})
    engine.dispose()
    return result


# -- report -------------------------------------------------------------------

def fmt(value: float, digits: int = 1) -> str:
    return "-" if value != value else f"{value:,.{digits}f}"


def report(results: dict, args, seconds: float, pg_url: str | None) -> str:
    info = machine_info(pg_url)
    lines = [
        "## Timer latency and sweep cost (`bench/timer_latency.py`)",
        "",
        f"Machine: {info['cpu']}, {info['nproc']} CPUs, {info['memory']}; Python {info['python']}, "
        f"SQLite {info['sqlite']}, PostgreSQL {info['postgresql']}, SpiffWorkflow {info['SpiffWorkflow']}. "
        f"Run time {seconds:.0f} s.",
        "",
        f"Command: `.venv/bin/python -m bench.timer_latency --db {args.db} --pending {args.pending} "
        f"--burst {args.burst} --steady {args.steady} --pg-workers {args.pg_workers}"
        f"{'' if args.swept else ' --no-swept'}`",
        "",
        "### Sweep query cost (median; one worker's queries)",
        "",
        "Per-case claim and next-due: 300 runs; the set-based deadline claim (up to "
        f"{deadline_sweep.BATCH_SIZE} due rows with their cases and steps, locked on PostgreSQL): "
        f"{SWEEP_QUERY_RUNS} runs.",
        "",
        "| database | pending timers | due now | per-case claim (µs) | next-due (µs) | deadline claim (µs) | "
        "plan of the per-case claim |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for kind, result in results.items():
        for row in result["sweep"]:
            lines.append(f"| {kind} | {row['pending']:,} | {row['due']:,} | {row['claim_us']:.0f} | "
                         f"{row['next_due_us']:.0f} | {row['sweep_us']:.0f} | `{row['plan']}` |")
    lines += ["", "Plans of the deadline claim (the same at every size; with the burst due):", ""]
    for kind, result in results.items():
        row = result["sweep"][-1]
        lines.append(f"- {kind}: `{row['sweep_plan']}`")
    lines += [
        "",
        "### Due → fired latency (real TimerWorker thread, system clock)",
        "",
        "Fired = the transaction that escalated the deadline (step late, notifications, audit) "
        "committed. Staged / swept / engine: how many were escalated in a burst staged before the due "
        "time, by the deadline sweep when due, and through the engine directly.",
        "",
        "| database | scenario | pending timers | timers | staged / swept / engine | p50 (ms) | p90 (ms) | p99 (ms) | "
        "max (ms) | within 0.5 s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, result in results.items():
        for row in result["latency"]:
            lines.append(f"| {kind} | {row['scenario']} | {row['pending']:,} | {row['n']:,} | "
                         f"{row['staged']:,} / {row['swept']:,} / {row['engine']:,} | {fmt(row['p50'])} | "
                         f"{fmt(row['p90'])} | "
                         f"{fmt(row['p99'])} | {fmt(row['max'])} | {fmt(row['within_500ms'])} % |")
    lines += [
        "",
        "### The engine catching up (lower priority, after the escalation)",
        "",
        "Caught up = the engine's transaction for the case committed (the workflow fired its "
        "boundary event; the row was deleted without a second escalation), seconds after the due time.",
        "",
        "| database | scenario | caught up | p50 (s) | last (s) | cases/s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for kind, result in results.items():
        for row in result["latency"]:
            rate = f"{row['catch_up_rate']:,.0f}" if row.get("catch_up_rate") else "-"
            lines.append(f"| {kind} | {row['scenario']} | {row['caught_up']:,} | {fmt(row['caught_up_p50'], 2)} | "
                         f"{fmt(row['caught_up_max'], 2)} | {rate} |")
    lines.append("")
    for kind, result in results.items():
        c = result["check"]
        lines.append(f"Check ({kind}): {c['expected']:,} timers seeded to fire; {c['deadline_passed']:,} "
                     f"`deadline_passed` events, {c['late_tasks']:,} steps marked late, {c['notifications']:,} "
                     f"notifications, {c['cases_escalated_twice']:,} cases escalated twice, {c['due_rows_left']:,} "
                     "due timer rows left.")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--postgres-url", default=None, help="default: a local server via .ci/start-postgres, "
                                                              f"database {PG_DB_NAME}")
    parser.add_argument("--pending", type=int, default=100_000, help="pending timers (none due) before the runs")
    parser.add_argument("--burst", type=int, default=10_000, help="timers due at the same instant")
    parser.add_argument("--steady", type=int, default=300, help="timers due one after another")
    parser.add_argument("--steady-gap-ms", type=int, default=20)
    parser.add_argument("--no-swept", dest="swept", action="store_false",
                        help="skip the bursts without staging (the set-based sweep alone, when due)")
    parser.add_argument("--pg-workers", type=int, default=2,
                        help="PostgreSQL: run the burst again with this many workers (processes); 1 = no")
    parser.add_argument("--output", type=Path, default=None, help="also write the markdown table here")
    args = parser.parse_args(argv)

    import logging

    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    pg_url = postgres_url(args.postgres_url) if args.db in ("postgres", "both") else None
    kinds = [k for k in ("sqlite", "postgres") if args.db in (k, "both")]
    if "postgres" in kinds and not pg_url:
        kinds.remove("postgres")
    results = {}
    with workdir("alur-timers-") as tmp:
        for kind in kinds:
            with Exclusive(kind, pg_url):
                results[kind] = run_backend(kind, tmp, pg_url, args)
    text_out = report(results, args, time.perf_counter() - started, pg_url)
    print(text_out)
    if args.output:
        args.output.write_text(text_out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
