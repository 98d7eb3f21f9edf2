"""Step deadlines escalated set-based: thousands of due deadlines a second.

Nearly every timer of the SOPs is a step's Waktu: a non-interrupting boundary timer on a user
task whose only outgoing flow goes straight to a none end event (``timer_step_NN`` →
``late_step_NN``). Firing it changes nothing in the process; what matters is the escalation:
the step marked late, its holders and its lane's supervisor role notified, ``deadline_passed``
audited, the step's pending reminder dropped. Through the engine every firing is a transaction
of its own that loads the workflow, fires and saves it, a few hundred a second on two CPUs, so
10,000 deadlines falling due at once would wait for up to a minute.

So the timer worker escalates such deadlines first, in batches (phase 1, :func:`sweep_deadlines`,
called by ``engine.timers.run_pass``). One transaction per batch of up to ``BATCH_SIZE`` due
rows:

1. claim due ``timers`` rows (``status='pending'``, ``kind='timer'``, ``due_at <= now``, by the
   ``(status, due_at)`` index) of running cases whose version marks the timer escalation-only;
   on PostgreSQL ``FOR NO KEY UPDATE OF timers, cases SKIP LOCKED``, so two workers never take
   the same row and a case someone is changing right now is left for later;
2. mark the attached steps late, only those still ready (``UPDATE human_tasks SET late=true
   ... RETURNING``; on PostgreSQL the step rows are locked ``SKIP LOCKED`` first);
3. insert the notifications of the holders and of the lane's supervisor role (users looked up
   once per batch, texts from ``engine.notifications.deadline_notices``, the same as a firing
   through the engine) and the ``deadline_passed`` audit events with the same data, with
   executemany inserts;
4. delete the steps' pending reminders and set the timer rows to ``status='escalated'``.

E-mails are handed to the notifier after the commit. A row whose step is not ready any more is
left pending: the engine fires it as before.

Phase 2: the rows stay in the table with ``status='escalated'`` until the engine catches up
(``engine.timers.run_pass`` fires them through ``engine.cases.fire_timers_of_case`` when no
pending row is due); the save sees the row was escalated already, records nothing and
deletes it. The workflow state, and so the case's history, is the same as if the engine had
fired the timer on time; only its ``updated_at`` moves later.

Which timers qualify is decided at deploy (``engine.diagram.escalation_only``: the flag
``escalation_only`` on a step's timers in the catalog, which travels with the steps of called
processes too). A version deployed before the flag existed has none: its timers fire through
the engine as before.

Crash safety: everything of a batch is one transaction; a worker that dies before the commit
leaves every row pending and the next sweep escalates it, once. Concurrency on PostgreSQL: the
sweep never waits for a lock another writer of a case holds first (it skips locked rows), so it
cannot deadlock with a completion or a firing of the same case; every writer of a case locks
the case row first, and a case the sweep locked is left alone by the others until the commit.
"""
from __future__ import annotations

import logging
import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Callable

from sqlalchemy import and_, delete, insert, or_, select, update

from . import notifications
from .catalog import SEPARATOR
from .models import AuditEvent, Case, HumanTask, Notification, ProcessVersion, Timer

log = logging.getLogger("alur.timers")

BATCH_SIZE = 500
PENDING = "pending"
ESCALATED = "escalated"

TIMERS = Timer.__table__
CASES = Case.__table__
TASKS = HumanTask.__table__
NOTIFICATIONS = Notification.__table__
EVENTS = AuditEvent.__table__
# Every case column but the workflow state: what the notification texts may need of a case.
CASE_COLUMNS = [c for c in CASES.c if c.name != "state"]

# Called after each batch's commit with (due_at, case_id) of every escalated timer.
EscalatedHook = Callable[[datetime, int], None]


@dataclass
class SweepResult:
    escalated: int = 0  # timer rows escalated (now status 'escalated')
    batches: int = 0
    left: int = 0  # claimed but left to the engine: the step was no longer ready


def escalation_timers(catalog: dict) -> dict[str, str]:
    """Timer key → key of its step, for the escalation-only deadlines of a version's catalog
    (the same key rules as ``engine.catalog.timer_owners``)."""
    found = {}
    for key, step in (catalog.get("steps") or {}).items():
        prefix = key.split(SEPARATOR)[0] + SEPARATOR if SEPARATOR in key else ""
        for timer in step.get("timers") or []:
            if timer.get("escalation_only"):
                found[prefix + timer["id"]] = key
    return found


@dataclass(frozen=True)
class VersionDeadlines:
    """What the sweep needs of a process version (immutable, so cached for good)."""

    timers: dict[str, str]  # escalation-only timer key → step key
    catalog: dict  # the catalog's supervisors, for engine.notifications.supervisor_role


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
            catalog = catalog or {}
            found[version_id] = VersionDeadlines(
                timers=escalation_timers(catalog),
                catalog={"supervisors": catalog.get("supervisors") or {},
                         "default_supervisor": catalog.get("default_supervisor")},
            )
        with known.lock:
            known.versions.update(found)
    return {i: known.versions[i] for i in ids if i in known.versions and known.versions[i].timers}


def is_postgres(session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def claim_query(now: datetime, versions: dict[int, VersionDeadlines], limit: int, exclude=(), *,
                postgres: bool = False):
    """Due pending timer rows of running cases whose version marks them escalation-only,
    oldest first, with the case's columns (``c_<name>``); locked on PostgreSQL."""
    groups: dict[frozenset, list[int]] = defaultdict(list)  # versions with the same deadlines
    for version_id, info in versions.items():
        groups[frozenset(info.timers)].append(version_id)
    eligible = or_(*(and_(CASES.c.process_version_id.in_(sorted(ids)), TIMERS.c.task_ref.in_(sorted(keys)))
                     for keys, ids in groups.items()))
    query = (
        select(TIMERS.c.id, TIMERS.c.case_id, TIMERS.c.task_ref, TIMERS.c.attached_to, TIMERS.c.due_at,
               *[c.label(f"c_{c.name}") for c in CASE_COLUMNS])
        .join_from(TIMERS, CASES, CASES.c.id == TIMERS.c.case_id)
        .where(TIMERS.c.status == PENDING, TIMERS.c.due_at <= now, TIMERS.c.kind == "timer",
               TIMERS.c.attached_to.is_not(None), CASES.c.status == "running", eligible)
        .order_by(TIMERS.c.due_at)
        .limit(limit)
    )
    if exclude:
        query = query.where(TIMERS.c.id.not_in(sorted(exclude)))
    if postgres:
        # NO KEY UPDATE on the case row: what every writer of a case takes first
        # (engine.cases.lock_case); rows referencing the case can still be inserted.
        query = query.with_for_update(of=[TIMERS, CASES], key_share=True, skip_locked=True)
    return query


def sweep_deadlines(rt, *, batch: int = BATCH_SIZE, max_batches: int | None = None, exclude: set | None = None,
                    on_escalated: EscalatedHook | None = None) -> SweepResult:
    """Escalate due escalation-only deadlines, one transaction per batch, until fewer than a
    batch are due. ``exclude``: timer ids to leave alone; the ids the sweep leaves to the
    engine are added to it (pass the same set again within a pass of the worker)."""
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


def escalate_batch(rt, *, batch: int = BATCH_SIZE, exclude: set | None = None,
                   on_escalated: EscalatedHook | None = None) -> tuple[int, int, int]:
    """One transaction: claim up to ``batch`` due deadlines and escalate them.
    Returns (rows claimed, rows escalated, rows left to the engine)."""
    exclude = exclude if exclude is not None else set()
    outbox: list = []
    escalated: list[tuple[datetime, int]] = []
    with rt.write() as session:
        session.info[notifications.OUTBOX] = outbox
        now = rt.now()
        versions = escalation_versions(rt, session)
        if not versions:
            return 0, 0, 0
        postgres = is_postgres(session)
        rows = session.execute(claim_query(now, versions, batch, exclude, postgres=postgres)).all()
        if not rows:
            return 0, 0, 0
        escalated = escalate_rows(rt, session, rows, versions, now, exclude, postgres=postgres)
    notifications.deliver(rt, outbox)
    if on_escalated is not None:
        for due_at, case_id in escalated:
            try:
                on_escalated(due_at, case_id)
            except Exception:  # noqa: BLE001
                log.exception("on_escalated hook failed")
    return len(rows), len(escalated), len(rows) - len(escalated)


def escalate_rows(rt, session, rows, versions: dict[int, VersionDeadlines], now: datetime, exclude: set, *,
                  postgres: bool) -> list[tuple[datetime, int]]:
    """Escalate claimed timer rows (see the module's docstring); returns (due_at, case_id) of
    the rows escalated. Rows not escalated are added to ``exclude``."""
    timers = []
    cases: dict[int, SimpleNamespace] = {}
    for row in rows:
        info = versions.get(row.c_process_version_id)
        if info is None or info.timers.get(row.task_ref) != row.attached_to:
            exclude.add(row.id)  # not what the version calls a deadline: the engine's
            continue
        timers.append(row)
        if row.case_id not in cases:
            cases[row.case_id] = SimpleNamespace(**{c.name: getattr(row, f"c_{c.name}") for c in CASE_COLUMNS})
    if not timers:
        return []

    # The steps the deadlines are attached to, if still ready. On PostgreSQL their rows are
    # locked too, skipping any someone else holds (a completion that got there first).
    ready = select(TASKS.c.id, TASKS.c.case_id, TASKS.c.task_ref).where(
        TASKS.c.case_id.in_(sorted(cases)), TASKS.c.status == "ready")
    if postgres:
        ready = ready.with_for_update(key_share=True, skip_locked=True)
    wanted_refs = {(row.case_id, row.attached_to) for row in timers}
    wanted = sorted(t.id for t in session.execute(ready) if (t.case_id, t.task_ref) in wanted_refs)
    late_steps: dict[tuple[int, str], list] = defaultdict(list)
    if wanted:
        for step in session.execute(
            update(TASKS).where(TASKS.c.id.in_(wanted), TASKS.c.status == "ready").values(late=True)
            .returning(TASKS.c.id, TASKS.c.case_id, TASKS.c.task_ref, TASKS.c.name, TASKS.c.lane, TASKS.c.due_at)
        ):
            late_steps[(step.case_id, step.task_ref)].append(step)
    for steps in late_steps.values():
        steps.sort(key=lambda s: s.id)

    roles = set()
    for row in timers:
        catalog = versions[row.c_process_version_id].catalog
        for step in late_steps.get((row.case_id, row.attached_to), ()):
            roles.add(step.lane)
            roles.add(notifications.supervisor_role(catalog, step.lane, rt))
    by_role = notifications.users_by_role(session, roles)

    outbox = session.info.get(notifications.OUTBOX)
    mail = notifications.notifier_of(rt).smtp is not None and outbox is not None
    notes, events, done, reminders, escalated = [], [], [], [], []
    for row in timers:
        steps = late_steps.get((row.case_id, row.attached_to))
        if not steps:
            exclude.add(row.id)  # the step is not ready (any more): the engine decides
            continue
        case = cases[row.case_id]
        catalog = versions[row.c_process_version_id].catalog
        data = {"timer": row.task_ref, "due_at": row.due_at.isoformat()}
        for step in steps:
            data["task_id"] = step.id
            notices, told = notifications.deadline_notices(rt, case, step, catalog, by_role)
            data.update(told)
            for notice in notices:
                for user in notice.users:
                    notes.append({"user_id": user.id, "case_id": case.id, "task_id": step.id, "kind": notice.kind,
                                  "message": notice.message, "created_at": now, "read_at": None})
                    if mail and user.email:
                        outbox.append(notifications.mail_for(user, notice.subject, notice.message, notice.link))
            reminders.append(step.id)  # a reminder not sent yet is pointless now
        events.append({"case_id": case.id, "task_id": data["task_id"], "task_ref": row.attached_to, "actor": "system",
                       "action": "deadline_passed", "data": data, "at": now})
        done.append(row.id)
        escalated.append((row.due_at, row.case_id))
    if notes:
        session.execute(insert(NOTIFICATIONS), notes)
    if events:
        session.execute(insert(EVENTS), events)
    if reminders:
        session.execute(delete(TIMERS).where(TIMERS.c.id.in_(sorted(set(reminders))), TIMERS.c.kind == "reminder"))
    if done:
        session.execute(update(TIMERS).where(TIMERS.c.id.in_(done)).values(status=ESCALATED, fired_at=now))
    return escalated


__all__ = ["sweep_deadlines", "escalate_batch", "escalation_timers", "escalation_versions", "claim_query",
           "SweepResult", "BATCH_SIZE", "ESCALATED"]
