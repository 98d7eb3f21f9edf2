"""Workflow state without its spec, and the spec once per version.

SpiffWorkflow's default serialization holds the whole spec in every instance
(78 KB of which 37 KB is the spec). Alur stores the spec once per process
version and each case's state without it, zlib-compressed.

An adapter module: it extends SpiffWorkflow's converters and switches the registry's
private ``_encoder_mode``, which only ``engine.spiff`` may touch (see ``engine.spiff.workflow``).
"""
from __future__ import annotations

import json
import zlib
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.config import DEFAULT_CONFIG
from SpiffWorkflow.bpmn.serializer.default.event_definition import (
    TimerConditionalEventDefinitionConverter,
)
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

from engine.spiff.compaction import compact
from engine.spiff.timer_events import (
    AlurCycleTimer,
    AlurDurationTimer,
    AlurTimeDateTimer,
)

STATE_FORMAT = "alur-1"


class AlurTimerConverter(TimerConditionalEventDefinitionConverter):
    def to_dict(self, event_definition):
        dct = super().to_dict(event_definition)
        dct["calendar_days"] = event_definition.calendar_days
        return dct


class SpecFreeWorkflowConverter(BpmnWorkflowConverter):
    """A workflow converter that leaves the spec out and takes it back in on restore."""

    def to_dict(self, workflow):
        dct = super(BpmnWorkflowConverter, self).to_dict(workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct, spec=None, subprocess_specs=None, script_engine=None):
        workflow = self.target_class(spec, subprocess_specs, script_engine=script_engine, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def make_registry():
    config = dict(DEFAULT_CONFIG)
    config[AlurTimeDateTimer] = AlurTimerConverter
    config[AlurDurationTimer] = AlurTimerConverter
    config[AlurCycleTimer] = AlurTimerConverter
    return BpmnWorkflowSerializer.configure(config)


_spec_serializer: BpmnWorkflowSerializer | None = None
_state_serializer: BpmnWorkflowSerializer | None = None


def spec_serializer() -> BpmnWorkflowSerializer:
    global _spec_serializer
    if _spec_serializer is None:
        _spec_serializer = BpmnWorkflowSerializer(make_registry())
    return _spec_serializer


def state_serializer() -> BpmnWorkflowSerializer:
    global _state_serializer
    if _state_serializer is None:
        registry = make_registry()
        SpecFreeWorkflowConverter(BpmnWorkflow, registry)
        _state_serializer = BpmnWorkflowSerializer(registry)
    return _state_serializer


def dump_specs(spec, subprocess_specs: dict) -> str:
    serializer = spec_serializer()
    return json.dumps(
        {
            "spec": serializer.to_dict(spec),
            "subprocess_specs": {k: serializer.to_dict(v) for k, v in subprocess_specs.items() if v is not None},
        },
        separators=(",", ":"),
    )


def load_specs(text: str):
    serializer = spec_serializer()
    dct = json.loads(text)
    spec = serializer.from_dict(dct["spec"])
    subprocess_specs = {k: serializer.from_dict(v) for k, v in dct["subprocess_specs"].items()}
    return spec, subprocess_specs


def dump_state(workflow: BpmnWorkflow) -> bytes:
    """The case state to store: compacted (see engine.spiff.compaction), without the spec, compressed."""
    compact(workflow)
    serializer = state_serializer()
    serializer.registry._encoder_mode = True
    try:
        dct = serializer.to_dict(workflow)
    finally:
        serializer.registry._encoder_mode = False
    dct["format"] = STATE_FORMAT
    # Level 1: half the time of level 6 for about 10 % more bytes (the state is a few KB).
    return zlib.compress(json.dumps(dct, separators=(",", ":")).encode("utf-8"), 1)


def load_state(blob: bytes, spec, subprocess_specs, script_engine) -> BpmnWorkflow:
    serializer = state_serializer()
    dct = json.loads(zlib.decompress(blob))
    dct.pop("format", None)
    return serializer.from_dict(dct, spec=spec, subprocess_specs=subprocess_specs, script_engine=script_engine)
