"""The step catalog of a process version, including the steps of the processes it calls.

A step is found by its key: the BPMN id for a step of the process itself
(``step_05``), ``<called process id>:<BPMN id>`` for a step inside a called
process (``persiapan_pengadaan:step_03``), because every SOP numbers its steps
from ``step_01``. A timer's key follows the same rule.

The catalog is built from the diagram at deploy (``engine.diagrams.catalog_build``) and
stored as JSON with the version (``ProcessVersion.catalog``): :meth:`Catalog.to_dict` gives
that JSON, :meth:`Catalog.from_dict` reads it back, also for versions deployed before a
field existed. The objects are frozen and built once per version load (the spec cache
holds them); the dicts and tuples they hold are not to be changed either.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

SEPARATOR = ":"


def task_key(task, process_id: str) -> str:
    """The catalog key of a SpiffWorkflow task of a case of ``process_id``."""
    owner = task.workflow.spec.name
    bpmn_id = task.task_spec.bpmn_id
    return bpmn_id if owner == process_id else f"{owner}{SEPARATOR}{bpmn_id}"


def key_prefix(step_key: str) -> str:
    """``"<called process id>:"`` for a key of a called process's step, else ``""``."""
    return step_key.split(SEPARATOR)[0] + SEPARATOR if SEPARATOR in step_key else ""


@dataclass(frozen=True)
class StepTimer:
    """A boundary timer on a step (its Waktu)."""

    id: str
    value: str = ""
    interrupting: bool = True
    # Firing it does nothing in the process but escalate (engine.timers.deadline_sweep);
    # False for versions deployed before the flag existed.
    escalation_only: bool = False

    def to_dict(self) -> dict:
        return {"id": self.id, "value": self.value, "interrupting": self.interrupting,
                "escalation_only": self.escalation_only}

    @classmethod
    def from_dict(cls, data: dict) -> StepTimer:
        return cls(id=data["id"], value=data.get("value", ""), interrupting=data.get("interrupting", True),
                   escalation_only=bool(data.get("escalation_only", False)))


@dataclass(frozen=True)
class Step:
    """What the web app shows about a step: name, lane, Mutu Baku, time limit."""

    name: str
    lane: str | None = None
    documentation: str = ""
    kelengkapan: tuple[str, ...] = ()
    waktu: str = ""
    output: tuple[str, ...] = ()
    timers: tuple[StepTimer, ...] = ()

    def to_dict(self) -> dict:
        return {"name": self.name, "lane": self.lane, "documentation": self.documentation,
                "kelengkapan": list(self.kelengkapan), "waktu": self.waktu, "output": list(self.output),
                "timers": [t.to_dict() for t in self.timers]}

    @classmethod
    def from_dict(cls, key: str, data: dict) -> Step:
        return cls(
            name=data.get("name", key),
            lane=data.get("lane"),
            documentation=data.get("documentation", ""),
            kelengkapan=tuple(data.get("kelengkapan") or ()),
            waktu=data.get("waktu", ""),
            output=tuple(data.get("output") or ()),
            timers=tuple(StepTimer.from_dict(t) for t in data.get("timers") or ()),
        )


@dataclass(frozen=True)
class Catalog:
    """Lanes, steps, forms and supervisors of a process version.

    ``called`` and ``called_lanes`` are set when the steps of called processes were merged
    in (:meth:`merged_with`); the stored JSON has those keys only then."""

    lanes: tuple[str, ...] = ()
    start_lane: str | None = None
    steps: dict[str, Step] = field(default_factory=dict)
    documentation: str = ""
    forms: dict[str, dict] = field(default_factory=dict)
    # Escalation: who is told when a step of a lane is late (alur:supervisor).
    supervisors: dict[str, str] = field(default_factory=dict)
    default_supervisor: str | None = None
    called_lanes: tuple[str, ...] = ()
    called: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON stored with the version."""
        data = {
            "lanes": list(self.lanes),
            "start_lane": self.start_lane,
            "steps": {key: step.to_dict() for key, step in self.steps.items()},
            "documentation": self.documentation,
            "forms": dict(self.forms),
            "supervisors": dict(self.supervisors),
            "default_supervisor": self.default_supervisor,
        }
        if self.called:
            data.update(called_lanes=list(self.called_lanes), called=list(self.called))
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> Catalog:
        """Read a stored catalog; keys a version deployed earlier lacks take their defaults."""
        data = data or {}
        return cls(
            lanes=tuple(data.get("lanes") or ()),
            start_lane=data.get("start_lane"),
            steps={key: Step.from_dict(key, step) for key, step in (data.get("steps") or {}).items()},
            documentation=data.get("documentation", ""),
            forms=dict(data.get("forms") or {}),
            supervisors=dict(data.get("supervisors") or {}),
            default_supervisor=data.get("default_supervisor"),
            called_lanes=tuple(data.get("called_lanes") or ()),
            called=tuple(data.get("called") or ()),
        )

    def with_forms(self, forms: dict[str, dict]) -> Catalog:
        return replace(self, forms=dict(forms))

    def with_start_lane(self, start_lane: str | None) -> Catalog:
        return replace(self, start_lane=start_lane)

    def merged_with(self, called: dict[str, Catalog]) -> Catalog:
        """This catalog with the steps, forms, lanes and supervisors of called processes."""
        steps = dict(self.steps)
        forms = dict(self.forms)
        supervisors = dict(self.supervisors)
        called_lanes: list[str] = []
        for process_id, sub in called.items():
            for key, step in sub.steps.items():
                steps.setdefault(key if SEPARATOR in key else f"{process_id}{SEPARATOR}{key}", step)
            for key, form in sub.forms.items():
                forms.setdefault(key if SEPARATOR in key else f"{process_id}{SEPARATOR}{key}", form)
            for lane, role in sub.supervisors.items():
                supervisors.setdefault(lane, role)
            for lane in sub.all_lanes():
                if lane not in self.lanes and lane not in called_lanes:
                    called_lanes.append(lane)
        return replace(self, steps=steps, forms=forms, supervisors=supervisors,
                       called_lanes=tuple(called_lanes), called=tuple(sorted(called)))

    def all_lanes(self) -> list[str]:
        """The lanes of the process, then those only its called processes have."""
        return list(self.lanes) + list(self.called_lanes)

    def timer_owners(self) -> dict[str, str]:
        """Timer key → key of the step it is attached to (same prefix rules as steps)."""
        return {key_prefix(key) + timer.id: key for key, step in self.steps.items() for timer in step.timers}

    def escalation_timers(self) -> dict[str, str]:
        """Timer key → step key, for the timers whose firing only escalates."""
        return {key_prefix(key) + timer.id: key for key, step in self.steps.items()
                for timer in step.timers if timer.escalation_only}

    def supervisor_of(self, lane: str | None) -> str | None:
        """The lane's supervisor role, else the process's (None when neither names one)."""
        return (self.supervisors.get(lane) if lane else None) or self.default_supervisor


def merge_called(catalog: Catalog, called: dict[str, Catalog]) -> Catalog:
    """The caller's catalog with the steps, forms, lanes and supervisors of called processes."""
    return catalog.merged_with(called)


def all_lanes(catalog: Catalog) -> list[str]:
    return catalog.all_lanes()


def timer_owners(catalog: Catalog) -> dict[str, str]:
    """Timer key → key of the step it is attached to (same prefix rules as steps)."""
    return catalog.timer_owners()
