"""Helpers for tests."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from engine.diagrams import simulate
from engine.records import Actor

# Paths walked per SOP by tests/engine/test_sop_paths.py, reported at the end of the run.
PATH_COUNTS: dict[str, int] = {}


def actor(username: str, *roles: str) -> Actor:
    return Actor(username, frozenset(roles))


# Date fields of test forms: Friday 30 January 2026, 10:00 WIB.
FORM_DATES_AT = datetime(2026, 1, 30, 3, 0, tzinfo=timezone.utc)


def fill_form(form: dict, **values) -> dict:
    """Valid data for a step form: every checklist ticked, the given decision values."""
    return simulate.fill_form(form, FORM_DATES_AT, **values)


TINY_LANE = "Pelaksana Uji"


def one_lane(body: str, name: str = TINY_LANE) -> str:
    """A laneSet with one lane holding every flow node of ``body`` (deploy refuses a step
    outside every lane)."""
    ids = re.findall(r'<bpmn:(?!sequenceFlow)\w+ id="([^"]+)"', body)
    refs = "".join(f"<bpmn:flowNodeRef>{i}</bpmn:flowNodeRef>" for i in ids)
    return f'    <bpmn:laneSet id="LaneSet_tiny"><bpmn:lane id="Lane_tiny" name="{name}">{refs}</bpmn:lane></bpmn:laneSet>'


def tiny_bpmn(body: str, process_id: str = "tiny", lanes: str | None = None) -> bytes:
    """A small BPMN document around a process body (no DI), for engine tests. Without
    ``lanes`` (and without a laneSet in ``body``) every node is in one lane, ``Pelaksana Uji``."""
    if lanes is None:
        lanes = "" if "<bpmn:laneSet" in body else one_lane(body)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:alur="http://alur.id/schema/bpmn/1.0"
  id="defs_{process_id}" targetNamespace="http://alur.id/test">
  <bpmn:process id="{process_id}" name="Proses {process_id}" isExecutable="true">
{lanes}
{body}
  </bpmn:process>
</bpmn:definitions>
""".encode("utf-8")


def linear_body(task_body: str = "", timer: str | None = None) -> str:
    """start → user task t1 (optional boundary timer) → end."""
    boundary = ""
    if timer is not None:
        boundary = f"""
    <bpmn:boundaryEvent id="timer_t1" name="Batas" cancelActivity="false" attachedToRef="t1">
      <bpmn:outgoing>f_late</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{timer}</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f_late" sourceRef="timer_t1" targetRef="late_t1"/>
    <bpmn:endEvent id="late_t1" name="Batas waktu terlampaui"/>"""
    return f"""
    <bpmn:startEvent id="start" name="Mulai"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t1"/>
    <bpmn:userTask id="t1" name="1. Langkah">{task_body}</bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="end"/>
    <bpmn:endEvent id="end" name="Selesai"/>{boundary}"""


def as_the_user(rt, who: Actor, form: dict, data: dict) -> dict:
    """``data`` with every field naming people of a lane (``x-alur-users``: the invited vendors,
    the winner) naming ``who`` instead, who is made a user holding that lane's role."""
    from engine.org import users

    for name, prop in (form["schema"].get("properties") or {}).items():
        lane = prop.get("x-alur-users")
        if lane and name in data:
            users.create_user(rt, who.username, password_hash="x", roles=[lane], update=True)
            data[name] = [who.username] if prop.get("type") == "array" else who.username
    return data


def ahead(value, now: datetime):
    """``value``, or, when it is a date-time text before ``now``, one 60 days after ``now``."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) and "T" in value else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or moment > now:
        return value
    return (now + timedelta(days=60)).isoformat(timespec="seconds")


def closing_timers(rt, case_id: int) -> set[str]:
    """The interrupting boundary timers of a case's diagram (mini_kompetisi's offer deadline)."""
    from engine.cases import queries
    from engine.diagrams.deploy import load_version

    with rt.read() as session:
        catalog = load_version(rt, session, queries.read_case(session, case_id).process_version_id).catalog
    return {t.id for step in catalog.steps.values() for t in step.timers if t.interrupting}


def replay_steps(rt, clock, who: Actor, case_id: int, steps, *, late: bool = False) -> None:
    """Drive a case through the database along simulated ``steps`` ((step, decisions) pairs):
    complete each step with a filled form, three minutes apart; when the case waits for a timer
    (or, with ``late``, before every step that has one pending) move the clock to it and let the
    timer worker fire it."""
    from engine.cases import commands, queries, worklist
    from engine.timers.passes import fire_due_timers

    steps = list(steps)
    closing = closing_timers(rt, case_id)
    for _ in range(len(steps) * 3 + 50):
        detail = queries.get_case(rt, who, case_id, with_history=False)
        if detail.case.status != "running":
            break
        # with ``late``, a step is done after its deadline, but before a timer that closes it
        deadlines = [t for t in detail.pending_timers if t["timer"] not in closing]
        if not detail.open_tasks or (late and deadlines):
            assert detail.pending_timers, "a running case waits for a person or a timer"
            clock.set(min(t["due_at"] for t in (deadlines if detail.open_tasks else detail.pending_timers)))
            fire_due_timers(rt)
            continue
        ref, decisions = steps.pop(0)
        task = next((t for t in detail.open_tasks if t.task_ref == ref), None)
        assert task is not None, (ref, [t.task_ref for t in detail.open_tasks])
        form = worklist.get_task(rt, who, task.id).form
        if late:  # a date the form sets (the offer deadline) still lies ahead of the late clock
            decisions = {k: ahead(v, clock.now()) for k, v in decisions.items()}
        commands.complete_task(rt, who, task.id, as_the_user(rt, who, form, fill_form(form, **decisions)))
        clock.advance(minutes=3)
    assert not steps, f"steps never reached: {steps}"


# A called process (child) and its caller (parent), for tiny_bpmn: call activities, deadlines inside.
CHILD_LANES = """
    <bpmn:laneSet id="ls_child"><bpmn:lane id="lane_child" name="Pokja Pemilihan">
      <bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>t1</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>end</bpmn:flowNodeRef><bpmn:flowNodeRef>timer_t1</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>late_t1</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>"""

PARENT = """
    <bpmn:laneSet id="ls_parent"><bpmn:lane id="lane_parent" name="PPK">
      <bpmn:flowNodeRef>p_start</bpmn:flowNodeRef><bpmn:flowNodeRef>call</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>p2</bpmn:flowNodeRef><bpmn:flowNodeRef>p_end</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="p_start" name="Mulai"/>
    <bpmn:sequenceFlow id="pf1" sourceRef="p_start" targetRef="call"/>
    <bpmn:callActivity id="call" name="1. Persiapan" calledElement="child"/>
    <bpmn:sequenceFlow id="pf2" sourceRef="call" targetRef="p2"/>
    <bpmn:userTask id="p2" name="2. Langkah induk"/>
    <bpmn:sequenceFlow id="pf3" sourceRef="p2" targetRef="p_end"/>
    <bpmn:endEvent id="p_end" name="Selesai"/>"""
