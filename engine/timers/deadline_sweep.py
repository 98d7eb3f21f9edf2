"""Step deadlines escalated set-based: thousands of due deadlines a second.

Nearly every timer of the SOPs is a step's Waktu: a non-interrupting boundary timer on a user
task whose only outgoing flow goes straight to a none end event (``timer_step_NN`` →
``late_step_NN``). Firing it changes nothing in the process; what matters is the escalation:
the step marked late, its holders and its lane's supervisor role notified, ``deadline_passed``
audited, the step's pending reminder dropped. Through the engine every firing is a transaction
of its own that loads the workflow, fires and saves it, a few hundred a second on two CPUs, so
10,000 deadlines falling due at once would wait for up to a minute.

So the timer worker escalates such deadlines first, in batches (phase 1, :func:`sweep_deadlines`,
called by ``engine.timers.passes.run_pass``). One transaction per batch of up to ``BATCH_SIZE`` due
rows:

1. claim due ``timers`` rows (``status='pending'``, ``kind='timer'``, ``due_at <= now``, by the
   ``(status, due_at)`` index) of running cases whose version marks the timer escalation-only,
   each joined with its step if that is still ready and with the step's pending reminder; on
   PostgreSQL ``FOR NO KEY UPDATE OF timers, cases, human_tasks SKIP LOCKED``, so two workers
   never take the same row and a case someone is changing right now is left for later. A row
   whose step is not ready is not claimed: the engine fires it as before;
2. mark the steps late, only those still ready (``UPDATE human_tasks SET late=true ...
   RETURNING``);
3. insert the notifications of the holders and of the lane's supervisor role (users looked up
   once per batch, texts from ``engine.notify.recipients.deadline_notices``, the same as a firing
   through the engine) and the ``deadline_passed`` audit events with the same data, each as one
   ``INSERT ... SELECT`` from a JSON parameter;
4. delete the steps' pending reminders and set the timer rows to ``status='escalated'``.

Steps 2 to 4 are the store's bulk writes (``engine.store.sweep_writes``): the tables a case's
rows live in are written only by ``engine.store``. E-mails are queued on the runtime and handed
to the notifier after the commit (``Runtime.send_after_commit``). At about 10,000 deadlines a second on
SQLite and half that on PostgreSQL (two CPUs, three people told per deadline), a burst of
10,000 deadlines falling due at the same moment would still be escalated up to one or two
seconds late. So a burst known in advance is *staged* (:func:`stage_deadlines`, started by
``engine.timers.worker.TimerWorker`` just early enough): the same work in one transaction prepared
before the due time and committed at it.

Phase 2: the rows stay in the table with ``status='escalated'`` until the engine catches up
(``engine.timers.passes.run_pass`` fires them through ``engine.cases.commands.fire_timers_of_case`` when no
pending row is due); the save sees the row was escalated already, records nothing and
deletes it. The workflow moves on as if the engine had fired the timer then (its boundary
event and ``late_step_NN`` end event complete); people see no difference. A step completed
before the catch-up cancels the boundary event instead and the row goes with the completion.

Which timers qualify is decided at deploy (``engine.diagrams.validate.escalation_only``: the flag
``escalation_only`` on a step's timers in the catalog, which travels with the steps of called
processes too). A version deployed before the flag existed has none: its timers fire through
the engine as before.

Crash safety: everything of a batch is one transaction; a worker that dies before the commit
leaves every row pending and the next sweep escalates it, once. Concurrency on PostgreSQL: the
claim skips rows others hold, and every writer of a case locks the case row first, so a case the
sweep claimed is left alone by the others until the commit, and the sweep never waits for a
writer that could be waiting for it: no deadlock with a completion or a firing of the same case.
"""
from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Callable

from sqlalchemy import and_, func, or_, select

from engine.diagrams.catalog import Catalog
from engine.notify import recipients
from engine.notify.mailer import mail_for
from engine.store.db import is_postgres
from engine.store.models import Case, HumanTask, ProcessVersion, Timer
from engine.store.statuses import CaseStatus, TaskStatus, TimerKind, TimerStatus
from engine.store.sweep_writes import SweepWrites, mark_late
from engine.timers.escalation import escalated_values

log = logging.getLogger("alur.timers")

BATCH_SIZE = 500
PENDING = TimerStatus.PENDING
ESCALATED = TimerStatus.ESCALATED

TIMERS = Timer.__table__
CASES = Case.__table__
TASKS = HumanTask.__table__
# What the notification texts need of a case besides its id (recipients.deadline_notices).
CASE_COLUMNS = [c for c in CASES.c if c.name in ("process_id", "process_version_id", "title", "unit_id")]

# Called after each batch's commit with (due_at, case_id) of every escalated timer.
EscalatedHook = Callable[[datetime, int], None]


@dataclass
class SweepResult:
    escalated: int = 0  # timer rows escalated (now status 'escalated')
    batches: int = 0
    left: int = 0  # claimed but left to the engine: the step was no longer ready
    seconds: float = 0.0  # staged: the time the preparation took (without the wait)


def escalation_timers(catalog: Catalog) -> dict[str, str]:
    """Timer key → key of its step, for the escalation-only deadlines of a version's catalog
    (the same key rules as ``Catalog.timer_owners``)."""
    return catalog.escalation_timers()


@dataclass(frozen=True)
class VersionDeadlines:
    """What the sweep needs of a process version (immutable, so cached for good)."""

    timers: dict[str, str]  # escalation-only timer key → step key
    catalog: Catalog  # its supervisors, for engine.notify.recipients.supervisor_role


@dataclass
class _Known:
    versions: dict[int, VersionDeadlines] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_KNOWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Runtime → _Known


def escalation_versions(rt, session) -> dict[int, VersionDeadlines]:
    """The deployed versions that have escalation-only deadlines. Catalogs are read once per
    version and runtime; the list of version ids once per call (a deploy elsewhere shows)."""
    known = _KNOWN.get(rt)
    if known is None:
        known = _KNOWN.setdefault(rt, _Known())
    ids = session.scalars(select(ProcessVersion.id)).all()
    missing = [i for i in ids if i not in known.versions]
    if missing:
        found = {}
        for version_id, catalog in session.execute(
            select(ProcessVersion.id, ProcessVersion.catalog).where(ProcessVersion.id.in_(missing))
        ):
            catalog = Catalog.from_dict(catalog or {})
            found[version_id] = VersionDeadlines(timers=escalation_timers(catalog), catalog=catalog)
        with known.lock:
            known.versions.update(found)
    return {i: known.versions[i] for i in ids if i in known.versions and known.versions[i].timers}


# The claim's columns, in this order (rows are read as tuples).
REMINDERS = TIMERS.alias("reminders")
# The step's pending reminder, looked up by primary key (a correlated subquery: a join lets
# PostgreSQL scan the whole table when its statistics say there are hardly any reminders).
REMINDER_OF_STEP = (select(REMINDERS.c.id).where(REMINDERS.c.id == TASKS.c.id, REMINDERS.c.kind == TimerKind.REMINDER)
                    .correlate(TASKS).scalar_subquery())
CLAIM_COLUMNS = (
    TIMERS.c.id, TIMERS.c.case_id, TIMERS.c.task_ref, TIMERS.c.attached_to, TIMERS.c.due_at,
    CASES.c.process_version_id, TASKS.c.id, TASKS.c.name, TASKS.c.lane, TASKS.c.due_at, REMINDER_OF_STEP,
    TASKS.c.assignee, TASKS.c.scope, TASKS.c.proxy_role,
)
(TIMER_ID, CASE_ID, TIMER_REF, ATTACHED_TO, DUE_AT, VERSION_ID, STEP_ID, STEP_NAME, STEP_LANE, STEP_DUE_AT,
 REMINDER_ID, STEP_ASSIGNEE, STEP_SCOPE, STEP_PROXY) = range(len(CLAIM_COLUMNS))
FIRST_CASE_COLUMN = len(CLAIM_COLUMNS)


def claim_query(now: datetime, versions: dict[int, VersionDeadlines], limit: int, exclude=(), *,
                postgres: bool = False):
    """Due pending timer rows of running cases whose version marks them escalation-only,
    oldest first, each with its step if that is still ready (a row whose step is not ready is
    not claimed: the engine decides), the step's pending reminder if any, and the case's
    columns the texts need. On PostgreSQL the timer, case and step rows are locked, skipping
    rows someone else holds."""
    groups: dict[frozenset, list[int]] = defaultdict(list)  # versions with the same deadlines
    for version_id, info in versions.items():
        groups[frozenset(info.timers)].append(version_id)
    eligible = or_(*(and_(CASES.c.process_version_id.in_(sorted(ids)), TIMERS.c.task_ref.in_(sorted(keys)))
                     for keys, ids in groups.items()))
    query = (
        select(*[c.label(f"k{i}") for i, c in enumerate(CLAIM_COLUMNS)],
               *[c.label(f"c_{c.name}") for c in CASE_COLUMNS])
        .join_from(TIMERS, CASES, CASES.c.id == TIMERS.c.case_id)
        .join(TASKS, and_(TASKS.c.case_id == TIMERS.c.case_id, TASKS.c.status == TaskStatus.READY,
                          TASKS.c.task_ref == TIMERS.c.attached_to))
        .where(TIMERS.c.status == PENDING, TIMERS.c.due_at <= now, TIMERS.c.kind == TimerKind.TIMER,
               TIMERS.c.attached_to.is_not(None), CASES.c.status == CaseStatus.RUNNING, eligible)
        .order_by(TIMERS.c.due_at)
        .limit(limit)
    )
    if exclude:
        query = query.where(TIMERS.c.id.not_in(sorted(exclude)))
    if postgres:
        # NO KEY UPDATE on the case row: what every writer of a case takes first
        # (engine.store.case_store.lock_case); rows referencing the case can still be inserted.
        query = query.with_for_update(of=[TIMERS, CASES, TASKS], key_share=True, skip_locked=True)
    return query


def sweep_deadlines(rt, *, batch: int | None = None, max_batches: int | None = None, exclude: set | None = None,
                    on_escalated: EscalatedHook | None = None) -> SweepResult:
    """Escalate due escalation-only deadlines, one transaction per batch (default
    ``BATCH_SIZE`` rows), until fewer than a batch are due. ``exclude``: timer ids to leave
    alone; the ids the sweep leaves to the engine are added to it (pass the same set again
    within a pass of the worker)."""
    batch = batch or BATCH_SIZE
    result = SweepResult()
    exclude = exclude if exclude is not None else set()
    while max_batches is None or result.batches < max_batches:
        claimed, escalated, left = escalate_batch(rt, batch=batch, exclude=exclude, on_escalated=on_escalated)
        if claimed == 0:
            break
        result.batches += 1
        result.escalated += escalated
        result.left += left
        if claimed < batch:
            break
    return result


def escalate_batch(rt, *, batch: int | None = None, exclude: set | None = None,
                   on_escalated: EscalatedHook | None = None) -> tuple[int, int, int]:
    """One transaction: claim up to ``batch`` due deadlines and escalate them.
    Returns (rows claimed, timers escalated, timers left to the engine)."""
    batch = batch or BATCH_SIZE
    exclude = exclude if exclude is not None else set()
    escalated: list[tuple[datetime, int]] = []
    with rt.write() as session:
        now = rt.now()
        versions = escalation_versions(rt, session)
        if not versions:
            return 0, 0, 0
        postgres = is_postgres(session)
        rows = session.execute(claim_query(now, versions, batch, exclude, postgres=postgres)).all()
        if not rows:
            return 0, 0, 0
        escalated = escalate_rows(rt, session, rows, versions, now, exclude, postgres=postgres)
    tell_escalated(escalated, on_escalated)
    return len(rows), len(escalated), len({row[TIMER_ID] for row in rows}) - len(escalated)


def tell_escalated(escalated: list, on_escalated) -> None:
    """Once a batch committed (its e-mails are on their way already): tell the hook."""
    if on_escalated is not None:
        for due_at, case_id in escalated:
            try:
                on_escalated(due_at, case_id)
            except Exception:  # noqa: BLE001
                log.exception("on_escalated hook failed")


class StageCancelled(Exception):
    """The worker stopped while a staged transaction waited for its due time: rolled back."""


def due_count(rt, due_by: datetime, cap: int) -> int:
    """Pending timer rows due by ``due_by``, counted up to ``cap`` (an index range count)."""
    with rt.read() as session:
        due = (select(TIMERS.c.id).where(TIMERS.c.status == PENDING, TIMERS.c.due_at <= due_by,
                                         TIMERS.c.kind == TimerKind.TIMER).limit(cap).subquery())
        return session.scalar(select(func.count()).select_from(due)) or 0


def stage_deadlines(rt, due_by: datetime, *, batch: int | None = None, max_rows: int | None = None,
                    on_escalated: EscalatedHook | None = None, stop: threading.Event | None = None) -> SweepResult:
    """Escalate the deadlines due by ``due_by`` in one transaction prepared *before* they are due
    and committed when the clock reaches the last of their due times (which is also the time
    the escalations record).

    For a burst known in advance (thousands of deadlines due at the same moment): the work is
    done while nobody can see it, and at the due time only the commit remains, so the burst is
    escalated within milliseconds instead of after as many batches as it takes. Nothing is
    visible before its due time, and a worker that stops or dies before the commit leaves every
    row pending. The price: the claimed cases (on SQLite, every writer) wait for the commit,
    for at most the preparation time the worker allows itself (``engine.timers.worker.STAGE_MAX_LEAD``).
    No batch is started that would not be done by the due time (as long as the last one took):
    what is left is swept once due. ``stop``: set to give up waiting (raises
    :class:`StageCancelled`, nothing committed)."""
    batch = batch or BATCH_SIZE
    escalated: list[tuple[datetime, int]] = []
    result = SweepResult()
    started = time.perf_counter()
    with rt.write() as session:
        versions = escalation_versions(rt, session)
        postgres = is_postgres(session)
        # The moment of the commit: the last due time of the burst.
        commit_at = session.scalar(select(func.max(TIMERS.c.due_at)).where(
            TIMERS.c.status == PENDING, TIMERS.c.due_at <= due_by, TIMERS.c.kind == TimerKind.TIMER))
        exclude: set = set()
        took = timedelta(0)  # how long the last batch took
        while versions and commit_at is not None and (max_rows is None or result.escalated < max_rows):
            if result.batches and rt.now() + took > commit_at:
                break  # this batch would not be ready in time: the sweep takes the rest when due
            size = batch if max_rows is None else max(1, min(batch, max_rows - result.escalated))
            batch_started = time.perf_counter()
            rows = session.execute(claim_query(commit_at, versions, size, exclude, postgres=postgres)).all()
            if not rows:
                break
            done = escalate_rows(rt, session, rows, versions, commit_at, exclude, postgres=postgres)
            escalated += done
            result.batches += 1
            result.escalated += len(done)
            result.left += len({row[TIMER_ID] for row in rows}) - len(done)
            took = timedelta(seconds=time.perf_counter() - batch_started)
            if len(rows) < size:
                break
        result.seconds = time.perf_counter() - started
        if escalated:
            # Nobody may see an escalation before its due time: commit when the clock is there.
            waiting = stop or threading.Event()
            while rt.now() < commit_at:
                if waiting.is_set():
                    raise StageCancelled()
                waiting.wait(min(0.005, max(0.0, (commit_at - rt.now()).total_seconds())))
    tell_escalated(escalated, on_escalated)
    return result


def escalate_rows(rt, session, rows, versions: dict[int, VersionDeadlines], now: datetime, exclude: set, *,
                  postgres: bool) -> list[tuple[datetime, int]]:
    """Escalate claimed rows (see :func:`claim_query` and the module's docstring); returns
    (due_at, case_id) of the timers escalated. Timers not escalated are added to ``exclude``."""
    claimed: dict[str, list] = {}  # timer id → its rows (one per ready step it is attached to)
    for row in rows:
        info = versions.get(row[VERSION_ID])
        if info is None or info.timers.get(row[TIMER_REF]) != row[ATTACHED_TO]:
            exclude.add(row[TIMER_ID])  # not what its version calls a deadline: the engine's
            continue
        claimed.setdefault(row[TIMER_ID], []).append(row)
    if not claimed:
        return []

    # Mark the steps late, only if still ready (on PostgreSQL they are locked already).
    steps = sorted({row[STEP_ID] for found in claimed.values() for row in found})
    late = mark_late(session, steps)

    supervisor: dict[tuple, str | None] = {}  # (version, lane) → the role escalated to
    for found in claimed.values():
        for row in found:
            key = (row[VERSION_ID], row[STEP_LANE])
            if key not in supervisor:
                supervisor[key] = recipients.supervisor_role(versions[key[0]].catalog, key[1], rt)
    def case_of(row) -> SimpleNamespace:
        case = cases.get(row[CASE_ID])
        if case is None:
            case = cases[row[CASE_ID]] = SimpleNamespace(
                id=row[CASE_ID], **{c.name: row[FIRST_CASE_COLUMN + i] for i, c in enumerate(CASE_COLUMNS)})
        return case

    def step_of(row) -> SimpleNamespace:
        return SimpleNamespace(id=row[STEP_ID], name=row[STEP_NAME], lane=row[STEP_LANE], due_at=row[STEP_DUE_AT],
                               assignee=row[STEP_ASSIGNEE], scope=row[STEP_SCOPE], proxy_role=row[STEP_PROXY])

    cases: dict[int, SimpleNamespace] = {}
    audience = recipients.load_audience(
        session, [(case_of(row), [step_of(row)]) for found in claimed.values() for row in found if row[STEP_ID] in late],
        set(supervisor.values()))

    mail = rt.notifier.smtp is not None
    writes, mails, escalated = SweepWrites(), [], []
    for timer_id, found in claimed.items():
        found = sorted((row for row in found if row[STEP_ID] in late), key=lambda row: row[STEP_ID])
        if not found:
            exclude.add(timer_id)  # the step is not ready (any more): the engine decides
            continue
        first = found[0]
        case_id = first[CASE_ID]
        case = case_of(first)
        catalog = versions[first[VERSION_ID]].catalog
        data = {"timer": first[TIMER_REF], "due_at": first[DUE_AT].isoformat()}
        for row in found:
            step = step_of(row)
            data["task_id"] = step.id
            notices, told = recipients.deadline_notices(rt, case, step, catalog, audience)
            data.update(told)
            for notice in notices:
                for user in notice.users:
                    writes.notifications.append((user.id, case_id, step.id, notice.kind, notice.message))
                    if mail and user.email:
                        mails.append(mail_for(user, notice.subject, notice.message, notice.link))
            if row[REMINDER_ID] is not None:
                writes.dropped_reminders.append(row[REMINDER_ID])  # a reminder not sent yet is pointless now
        writes.events.append((case_id, data["task_id"], first[ATTACHED_TO], "system", "deadline_passed", data))
        writes.escalated.append(timer_id)
        escalated.append((first[DUE_AT], case_id))
    writes.save(session, now, escalated_values(now), postgres=postgres)
    rt.send_after_commit(session, mails)
    return escalated


__all__ = ["sweep_deadlines", "stage_deadlines", "due_count", "escalate_batch", "escalation_timers",
           "escalation_versions", "claim_query", "SweepResult", "StageCancelled", "BATCH_SIZE", "ESCALATED"]
