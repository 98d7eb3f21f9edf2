"""Timer event definitions that read Alur's clock and business calendar.

SpiffWorkflow's own timer definitions evaluate the timer value as Python and read
``datetime.now()``. Alur's take plain ISO 8601 literals as modellers write them
(``P1D``, ``PT30M``, ``2026-12-31T23:59:00+07:00``, ``R/P1M``), evaluate anything
else with the restricted evaluator, ask the clock for the time and the business
calendar for working-day arithmetic. The workflow's script engine carries both in
its ``context`` (a :class:`TimerContext`).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Protocol

from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.util.task import TaskState

from engine.rules.expressions import literal_value


class TimerContext(Protocol):
    """What timers need from the engine: the time, the calendar, the office zone."""

    def now(self) -> datetime: ...

    def add_duration(self, start: datetime, duration: str, *, calendar_days: bool = False) -> datetime: ...

    def localize(self, moment: datetime) -> datetime: ...


def timer_context(my_task) -> TimerContext:
    context = getattr(my_task.workflow.script_engine, "context", None)
    if context is None:
        raise RuntimeError("Alur timers need a script engine with a timer context")
    return context


def resolve_timer_value(my_task, expression: str) -> Any:
    """A literal as written, or the value of an expression over task data."""
    value = literal_value(expression)
    if value is not None:
        return value
    return my_task.workflow.script_engine.evaluate(my_task, expression)


def to_datetime(value: Any, context: TimerContext) -> datetime:
    """A timer date from a literal, form data (ISO string) or a date/datetime."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        moment = datetime.fromisoformat(text)
    else:
        raise ValueError(f"nilai waktu {value!r} bukan tanggal")
    if moment.tzinfo is None:
        moment = context.localize(moment)
    return moment.astimezone(timezone.utc)


class OneShotTimer:
    """Shared by date and duration timers: compute the due time once, fire when the clock passes it."""

    def __init__(self, name, expression, calendar_days=False, **kwargs):
        super().__init__(name, expression, **kwargs)
        self.calendar_days = calendar_days

    def due_time(self, my_task, context: TimerContext) -> datetime:
        raise NotImplementedError

    def has_fired(self, my_task):
        context = timer_context(my_task)
        if my_task._get_internal_data("event_value") is None:
            my_task._set_internal_data(event_value=self.due_time(my_task, context).isoformat())
        if datetime.fromisoformat(my_task._get_internal_data("event_value")) <= context.now():
            my_task._set_internal_data(event_fired=True)
        return my_task._get_internal_data("event_fired", False)


class AlurTimeDateTimer(OneShotTimer, TimeDateEventDefinition):
    """A timer at a date: a literal, or an expression such as ``offer_deadline``."""

    def due_time(self, my_task, context):
        return to_datetime(resolve_timer_value(my_task, self.expression), context)


class AlurDurationTimer(OneShotTimer, DurationTimerEventDefinition):
    """A timer after a duration, counted in working time unless ``calendar_days``."""

    def due_time(self, my_task, context):
        duration = resolve_timer_value(my_task, self.expression)
        return context.add_duration(context.now(), str(duration), calendar_days=self.calendar_days)


class AlurCycleTimer(CycleTimerEventDefinition):
    """A repeating timer (``R/P1M``, ``R12/2026-01-31T09:00:00+07:00/P1M``)."""

    def __init__(self, name, expression, calendar_days=True, **kwargs):
        super().__init__(name, expression, **kwargs)
        self.calendar_days = calendar_days

    def cycle_complete(self, my_task):
        context = timer_context(my_task)
        event_value = my_task._get_internal_data("event_value")
        if event_value is None:
            text = str(resolve_timer_value(my_task, self.expression))
            cycles, start, period = parse_cycle(text, context, calendar_days=self.calendar_days)
            event_value = {"cycles": cycles, "next": start.isoformat(), "period": period}

        ready = False
        if event_value["cycles"] != 0:
            next_event = datetime.fromisoformat(event_value["next"])
            if next_event <= context.now():
                following = context.add_duration(
                    next_event, event_value["period"], calendar_days=self.calendar_days
                )
                event_value["next"] = following.isoformat()
                event_value["cycles"] -= 1
                ready = True
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
        my_task._set_internal_data(event_value=event_value)
        return ready

    def update_task(self, my_task):
        if self.cycle_complete(my_task):
            for output in my_task.task_spec.outputs:
                child = my_task._add_child(output, TaskState.FUTURE)
                child.task_spec._predict(child, mask=TaskState.NOT_FINISHED_MASK)
                child.task_spec._update(child)


def parse_cycle(text: str, context: TimerContext, *, calendar_days: bool) -> tuple[int, datetime, str]:
    """``R[n]/[start/]period`` → (cycles, first firing, period literal); -1 = forever."""
    parts = text.strip().upper().split("/")
    if len(parts) not in (2, 3) or not parts[0].startswith("R"):
        raise ValueError(f"siklus tidak sah: {text!r}")
    cycles = int(parts[0][1:]) if parts[0][1:] else -1
    if len(parts) == 2:
        period = parts[1]
        first = context.add_duration(context.now(), period, calendar_days=calendar_days)
    else:
        if parts[1].startswith("P"):
            raise ValueError(f"siklus dengan durasi lalu tanggal akhir belum didukung: {text!r}")
        first = to_datetime(text.strip().split("/")[1], context)
        period = parts[2]
    return cycles, first, period


def timer_kind(definition: TimerEventDefinition) -> str:
    if isinstance(definition, CycleTimerEventDefinition):
        return "cycle"
    if isinstance(definition, DurationTimerEventDefinition):
        return "duration"
    return "date"


ALUR_TIMER_CLASSES = {
    TimeDateEventDefinition: AlurTimeDateTimer,
    DurationTimerEventDefinition: AlurDurationTimer,
    CycleTimerEventDefinition: AlurCycleTimer,
}


def to_alur_timer(definition: TimerEventDefinition, *, calendar_days: bool = False) -> TimerEventDefinition:
    """The Alur equivalent of a timer definition SpiffWorkflow's parser made."""
    for base, alur_class in ALUR_TIMER_CLASSES.items():
        if type(definition) is base:
            kwargs = {"description": definition.description}
            if isinstance(definition, CycleTimerEventDefinition):
                return alur_class(definition.name, definition.expression, **kwargs)
            return alur_class(definition.name, definition.expression, calendar_days=calendar_days, **kwargs)
    return definition
