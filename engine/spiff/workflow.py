"""Adapter: what Alur reads and changes on a live SpiffWorkflow workflow.

SpiffWorkflow keeps a waiting timer's due time in the task's internal data
(``event_value``: an ISO time, or for a cycle ``{"cycles": n, "next": ISO time}``),
which it offers only through private methods. Those are used here and in the other
adapter modules of ``engine.spiff`` (timer_events, serializer, compaction) and
nowhere else in Alur.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterator
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from engine.diagrams.catalog import task_key


def ready_human_tasks(workflow) -> list:
    """The steps a person can do now."""
    return workflow.get_tasks(state=TaskState.READY, manual=True)


def find_task(workflow, task_id: str):
    """The task with this id (a UUID as text), or None."""
    try:
        return workflow.get_task_from_id(UUID(task_id))
    except (SpiffWorkflowException, ValueError, KeyError):
        return None


def timer_due(task) -> datetime | None:
    """When a waiting timer task falls due: its due time, a cycle's next firing; None when
    not yet counted or a cycle has no firings left."""
    value = task._get_internal_data("event_value")
    if isinstance(value, dict):  # cycles
        if value.get("cycles", 0) == 0:
            return None
        value = value.get("next")
    if value is None:
        return None
    return datetime.fromisoformat(value)


def set_timer_due(task, due: datetime) -> None:
    """Move a waiting (non-cycle) timer: it now falls due at ``due``."""
    task._set_internal_data(event_value=due.isoformat())


def timer_tasks(workflow) -> Iterator[tuple[object, datetime]]:
    """Waiting timer tasks with their due time (spent cycles and uncounted timers left out)."""
    for task in workflow.event_manager.tasks.values():
        if not isinstance(getattr(task.task_spec, "event_definition", None), TimerEventDefinition):
            continue
        due = timer_due(task)
        if due is not None:
            yield task, due


def waiting_timers(workflow, process_id: str) -> dict[str, tuple[str, datetime]]:
    """Waiting timer tasks: task id → (catalog key of the timer, due time)."""
    return {str(task.id): (task_key(task, process_id), due) for task, due in timer_tasks(workflow)}


def set_start_data(workflow, data: dict) -> None:
    """Case data the start event and the gateways after it read (before any step): put on
    the root task, whose data every task inherits. ``workflow.data`` is not read by
    conditions; this is (e.g. ``start_lane``, the lane a case was started from)."""
    workflow.task_tree.data.update(data)
