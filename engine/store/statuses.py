"""The statuses and kinds stored in the rows, as enums.

They are ``StrEnum``: a member *is* its string (``TaskStatus.READY == "ready"``), so the
values stored, compared in SQL and shown in the API stay exactly the strings they always were.
Which timer rows count as escalated is a rule, not a status: see ``engine.timers.escalation``.
"""
from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class TaskStatus(StrEnum):
    """A ``human_tasks`` row: a step waiting for people, done, or cancelled by the process."""

    READY = "ready"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class TimerStatus(StrEnum):
    """A ``timers`` row: waiting to be due, escalated by the deadline sweep (waiting for the
    engine to catch up), or given up after too many failed attempts."""

    PENDING = "pending"
    ESCALATED = "escalated"
    FAILED = "failed"


class TimerKind(StrEnum):
    """A ``timers`` row is a waiting timer event of a case or a reminder before a step's deadline."""

    TIMER = "timer"
    REMINDER = "reminder"


class TaskScope(StrEnum):
    """Who may act on a step, by its lane's party in the diagram (engine.access): holders of the
    lane's role in the case's unit, in any unit, or only the people bound to the lane in the case."""

    UNIT = "unit"
    ANY = "any"
    PARTY = "party"


class DelegationKind(StrEnum):
    """Pelaksana Tugas (Plt.: the post is vacant) or Pelaksana Harian (Plh.: the official is away)."""

    PLT = "Plt"
    PLH = "Plh"
