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

# Who holds a lane in a case (``<alur:party>`` on a lane; bpmn/README.md "Pihak, atas nama,
# dan peran pemulai"):
PARTY_INTERNAL = "internal"      # holders of the lane's role in the case's unit (the default)
PARTY_EXTERNAL = "external"      # only the person bound to the lane in this case (starter, invitee)
PARTY_CROSS_UNIT = "cross-unit"  # holders of the lane's role in any unit
PARTIES = (PARTY_INTERNAL, PARTY_EXTERNAL, PARTY_CROSS_UNIT)
# The case data field a gateway after the start event reads to route by the lane the case was
# started from (the engine sets it at start; katalog_pengaktifan_kembali uses it).
START_LANE_FIELD = "start_lane"


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
class PartyBinding:
    """``<alur:bindParties lane field/>`` on a step: completing it binds the usernames in
    ``field`` of its form to the external ``lane`` of the case (engine.cases.parties).
    ``<alur:chooseParty lane field from/>``: completing it chooses, in ``field``, the one party
    of ``lane`` who goes on (one who completed a ``from_step`` step); the lane's other parties
    end (the case is closed for them)."""

    lane: str
    field: str
    from_step: str | None = None

    def to_dict(self) -> dict:
        data = {"lane": self.lane, "field": self.field}
        if self.from_step:
            data["from"] = self.from_step
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> PartyBinding | None:
        if not data:
            return None
        return cls(lane=data["lane"], field=data["field"], from_step=data.get("from"))


@dataclass(frozen=True)
class Step:
    """What the web app shows about a step: name, lane, Mutu Baku, time limit; and what the
    engine does beyond the lane when it opens or completes: ``assignee`` (``<alur:assignee>``:
    the case data field naming its holder, e.g. the item of a multi-instance step),
    ``binds`` and ``chooses`` (:class:`PartyBinding`). The last three are stored only when set."""

    name: str
    lane: str | None = None
    documentation: str = ""
    kelengkapan: tuple[str, ...] = ()
    waktu: str = ""
    output: tuple[str, ...] = ()
    timers: tuple[StepTimer, ...] = ()
    assignee: str | None = None
    binds: PartyBinding | None = None
    chooses: PartyBinding | None = None

    def to_dict(self) -> dict:
        data = {"name": self.name, "lane": self.lane, "documentation": self.documentation,
                "kelengkapan": list(self.kelengkapan), "waktu": self.waktu, "output": list(self.output),
                "timers": [t.to_dict() for t in self.timers]}
        if self.assignee:
            data["assignee"] = self.assignee
        if self.binds:
            data["binds"] = self.binds.to_dict()
        if self.chooses:
            data["chooses"] = self.chooses.to_dict()
        return data

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
            assignee=data.get("assignee") or None,
            binds=PartyBinding.from_dict(data.get("binds")),
            chooses=PartyBinding.from_dict(data.get("chooses")),
        )


@dataclass(frozen=True)
class LaneSettings:
    """What a lane declares besides its name: its party, the role that acts for it (atas
    nama), whether a case may be started from it. The defaults are what a lane without
    extensions (and every lane of a version deployed before the settings) means."""

    party: str = PARTY_INTERNAL
    proxy: str | None = None
    starts: bool = False

    def is_default(self) -> bool:
        return self == LaneSettings()

    def to_dict(self) -> dict:
        """Only the keys that differ from the defaults."""
        data: dict = {}
        if self.party != PARTY_INTERNAL:
            data["party"] = self.party
        if self.proxy:
            data["proxy"] = self.proxy
        if self.starts:
            data["starts"] = True
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> LaneSettings:
        data = data or {}
        return cls(party=data.get("party") or PARTY_INTERNAL, proxy=data.get("proxy") or None,
                   starts=bool(data.get("starts", False)))


DEFAULT_LANE = LaneSettings()


@dataclass(frozen=True)
class Catalog:
    """Lanes, steps, forms and supervisors of a process version.

    ``called`` and ``called_lanes`` are set when the steps of called processes were merged
    in (:meth:`merged_with`); the stored JSON has those keys only then. ``lane_settings``
    holds the lanes whose settings differ from :class:`LaneSettings`'s defaults (party,
    proxy, start) and is stored (key ``lane_settings``, after ``default_supervisor``) only
    when some lane has any, so the JSON of a version without them is as it was."""

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
    # Lane name -> settings, only for lanes that declare any (alur:party, alur:proxy, alur:start).
    lane_settings: dict[str, LaneSettings] = field(default_factory=dict)

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
        settings = {lane: one.to_dict() for lane, one in self.lane_settings.items() if not one.is_default()}
        if settings:
            data["lane_settings"] = settings
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
            lane_settings={lane: LaneSettings.from_dict(one)
                           for lane, one in (data.get("lane_settings") or {}).items()},
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
        lane_settings = dict(self.lane_settings)
        called_lanes: list[str] = []
        for process_id, sub in called.items():
            for key, step in sub.steps.items():
                steps.setdefault(key if SEPARATOR in key else f"{process_id}{SEPARATOR}{key}", step)
            for key, form in sub.forms.items():
                forms.setdefault(key if SEPARATOR in key else f"{process_id}{SEPARATOR}{key}", form)
            for lane, role in sub.supervisors.items():
                supervisors.setdefault(lane, role)
            for lane, settings in sub.lane_settings.items():
                # The caller's own declaration of a lane wins; a start mark only matters in
                # the process that was started, not in the one it calls.
                if lane not in lane_settings and lane not in self.lanes:
                    lane_settings[lane] = replace(settings, starts=False)
            for lane in sub.all_lanes():
                if lane not in self.lanes and lane not in called_lanes:
                    called_lanes.append(lane)
        lane_settings = {lane: one for lane, one in lane_settings.items() if not one.is_default()}
        return replace(self, steps=steps, forms=forms, supervisors=supervisors,
                       called_lanes=tuple(called_lanes), called=tuple(sorted(called)),
                       lane_settings=lane_settings)

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

    def settings_of(self, lane: str | None) -> LaneSettings:
        """The lane's settings (the defaults for a lane that declares none, or no lane)."""
        return self.lane_settings.get(lane, DEFAULT_LANE) if lane else DEFAULT_LANE

    def party_of(self, lane: str | None) -> str:
        """``internal``, ``external`` or ``cross-unit`` (see :data:`PARTIES`)."""
        return self.settings_of(lane).party

    def proxy_of(self, lane: str | None) -> str | None:
        """The role that does the lane's steps on behalf of its actor (atas nama), or None."""
        return self.settings_of(lane).proxy

    @property
    def start_lanes(self) -> tuple[str, ...]:
        """The lanes a case may be started from: the start lane (that of the first human
        task), then the lanes marked ``alur:start`` in lane order. Empty when the process
        has no start lane and marks none (anyone may start it)."""
        lanes = [self.start_lane] if self.start_lane else []
        for lane in self.lanes:
            if self.settings_of(lane).starts and lane not in lanes:
                lanes.append(lane)
        return tuple(lanes)

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
