"""Helpers for tests."""
from __future__ import annotations

from datetime import datetime, timezone

from engine import simulate
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


def tiny_bpmn(body: str, process_id: str = "tiny", lanes: str = "") -> bytes:
    """A small BPMN document around a process body (no DI), for engine tests."""
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
