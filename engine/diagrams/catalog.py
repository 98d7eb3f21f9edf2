"""The step catalog of a process version, including the steps of the processes it calls.

A step is found by its key: the BPMN id for a step of the process itself
(``step_05``), ``<called process id>:<BPMN id>`` for a step inside a called
process (``persiapan_pengadaan:step_03``), because every SOP numbers its steps
from ``step_01``.
"""
from __future__ import annotations

SEPARATOR = ":"


def task_key(task, process_id: str) -> str:
    """The catalog key of a SpiffWorkflow task of a case of ``process_id``."""
    owner = task.workflow.spec.name
    bpmn_id = task.task_spec.bpmn_id
    return bpmn_id if owner == process_id else f"{owner}{SEPARATOR}{bpmn_id}"


def merge_called(catalog: dict, called: dict[str, dict]) -> dict:
    """The caller's catalog with the steps, forms, lanes and supervisors of called processes."""
    merged = dict(catalog)
    steps = dict(catalog.get("steps", {}))
    forms = dict(catalog.get("forms", {}))
    supervisors = dict(catalog.get("supervisors", {}))
    called_lanes = []
    for process_id, sub in called.items():
        for key, step in sub.get("steps", {}).items():
            steps.setdefault(key if SEPARATOR in key else f"{process_id}{SEPARATOR}{key}", step)
        for key, form in sub.get("forms", {}).items():
            forms.setdefault(key if SEPARATOR in key else f"{process_id}{SEPARATOR}{key}", form)
        for lane, role in (sub.get("supervisors") or {}).items():
            supervisors.setdefault(lane, role)
        for lane in list(sub.get("lanes", [])) + list(sub.get("called_lanes", [])):
            if lane not in catalog.get("lanes", []) and lane not in called_lanes:
                called_lanes.append(lane)
    merged.update(steps=steps, forms=forms, supervisors=supervisors, called_lanes=called_lanes,
                  called=sorted(called))
    return merged


def all_lanes(catalog: dict) -> list[str]:
    return list(catalog.get("lanes", [])) + list(catalog.get("called_lanes", []))


def timer_owners(catalog: dict) -> dict[str, str]:
    """Timer key → key of the step it is attached to (same prefix rules as steps)."""
    owners = {}
    for key, step in catalog.get("steps", {}).items():
        prefix = key.split(SEPARATOR)[0] + SEPARATOR if SEPARATOR in key else ""
        for timer in step.get("timers", []):
            owners[prefix + timer["id"]] = key
    return owners
