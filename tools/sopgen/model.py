"""Declarative building blocks of an SOP spec.

A spec module under ``tools/sopgen/specs/<process_id>.py`` defines ``SOP = Sop(...)``.
The nodes are listed in the SOP's own order; a Step (or Call/TimerEvent/CallActivity) flows to
the node listed after it unless it says ``next=``; a Decision says where each branch goes; an End
ends a path. Merging gateways before loop targets are inserted by the generator.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Union


@dataclass
class Field:
    """One form field (besides the generated ``inputs_checked``, ``note`` and attachments)."""
    name: str                      # English identifier, read by gateway conditions
    title: str                     # Indonesian label
    type: str = "string"           # string | number | integer | boolean | array
    enum: Optional[list] = None    # allowed values (English identifiers)
    labels: Optional[dict] = None  # value -> Indonesian label
    widget: Optional[str] = None   # text, textarea, radio, select, checkboxes, date, datetime, number, checkbox
    required: bool = True
    format: Optional[str] = None   # JSON Schema format: date, date-time
    max_length: Optional[int] = None
    description: Optional[str] = None
    items_enum: Optional[list] = None  # for type=array (checkboxes)
    users_of: Optional[str] = None     # usernames of holders of this lane's role (x-alur-users)
    required_when: Optional[tuple] = None  # (field, value): required when that field has that value


def choice(name: str, title: str, labels: dict, widget: str = "radio", **kw) -> Field:
    """A decision field: ``labels`` maps English value -> Indonesian label, in display order."""
    return Field(name, title, enum=list(labels), labels=dict(labels), widget=widget, **kw)


def approve_correct(name: str = "review_decision", approve: str = "Memberikan persetujuan",
                    correct: str = "Memberikan koreksi", title: str = "Keputusan") -> Field:
    return choice(name, title, {"approve": approve, "correct": correct})


def text(name: str, title: str, required: bool = True, long: bool = False, **kw) -> Field:
    return Field(name, title, widget="textarea" if long else "text", required=required,
                 max_length=4000 if long else 500, **kw)


def date(name: str, title: str, required: bool = True, **kw) -> Field:
    return Field(name, title, format="date", widget="date", required=required, **kw)


def datetime(name: str, title: str, required: bool = True, **kw) -> Field:
    return Field(name, title, format="date-time", widget="datetime", required=required, **kw)


def number(name: str, title: str, required: bool = True, **kw) -> Field:
    return Field(name, title, type="number", widget="number", required=required, **kw)


def users(name: str, title: str, lane: str, many: bool = True, required: bool = True, **kw) -> Field:
    """Usernames of people holding ``lane``'s role: a list (``many``) or one."""
    return Field(name, title, type="array" if many else "string", widget="text", required=required,
                 users_of=lane, **kw)


@dataclass
class MultiInstance:
    """A parallel multi-instance step: one instance per item of the case data list
    ``collection`` (``loopDataInputRef``), the item in the instance's data as ``item``
    (``inputDataItem``)."""
    collection: str
    item: str


@dataclass
class Closes:
    """An interrupting boundary timer at a date (an expression over case data): when it
    fires the step (every instance still open) is cancelled and the case goes to ``target``."""
    id: str
    name: str
    date: str
    target: str


@dataclass
class Step:
    """A numbered SOP activity -> bpmn:userTask ``step_NN``."""
    no: str                         # "5", "5a" (id step_05, step_05a)
    name: str                       # activity in the SOP's words, shortened
    lane: str                       # Pelaksana column (must be one of Sop.lanes)
    kelengkapan: list = field(default_factory=list)
    waktu: str = "-"                # as written in the SOP
    duration: Optional[str] = None  # ISO 8601 duration for the boundary timer, None = no timer
    outputs: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    doc: Optional[str] = None       # Keterangan
    next: Optional[str] = None      # explicit successor id (default: next node in the list)
    attachments: Optional[list] = None  # form attachments; default = outputs
    calendar_days: bool = False     # timer counts calendar days (alur:days="calendar")
    timer_name: Optional[str] = None
    multi: Optional[MultiInstance] = None   # bpmn:multiInstanceLoopCharacteristics (parallel)
    assignee: Optional[str] = None          # alur:assignee: the case data field naming the holder
    binds: Optional[tuple] = None           # alur:bindParties (lane, field): bind the usernames
    chooses: Optional[tuple] = None         # alur:chooseParty (lane, field, from step id)
    closes: Optional[Closes] = None         # interrupting date timer (see Closes)

    @property
    def id(self) -> str:
        m = re.fullmatch(r"(\d+)([a-z]?)", self.no)
        if not m:
            raise ValueError(f"bad step number {self.no!r}")
        return f"step_{int(m.group(1)):02d}{m.group(2)}"


def step_id(no: str) -> str:
    """Task id of a numbered activity: "5" -> step_05, "5a" -> step_05a."""
    m = re.fullmatch(r"(\d+)([a-z]?)", no)
    if not m:
        raise ValueError(f"bad step number {no!r}")
    return f"step_{int(m.group(1)):02d}{m.group(2)}"


@dataclass
class Call:
    """A numbered SOP activity carried out by another SOP -> bpmn:callActivity ``step_NN``.

    Like a Step (name, lane, Mutu Baku, boundary timer when ``duration`` is set) but without a
    form: the called process (``called_element``, its process id) does the work."""
    no: str
    name: str
    lane: str
    called_element: str
    kelengkapan: list = field(default_factory=list)
    waktu: str = "-"
    duration: Optional[str] = None
    outputs: list = field(default_factory=list)
    doc: Optional[str] = None
    next: Optional[str] = None
    calendar_days: bool = False
    timer_name: Optional[str] = None

    @property
    def id(self) -> str:
        return step_id(self.no)


@dataclass
class Branch:
    label: str                      # flow name ("Setuju", "Koreksi")
    condition: Optional[str]        # restricted expression; None = the gateway's default flow
    target: str                     # node id


@dataclass
class Decision:
    """Exclusive gateway (a question) -> bpmn:exclusiveGateway."""
    id: str
    name: str                       # question, e.g. "Disetujui?"
    branches: list
    lane: Optional[str] = None      # default: lane of the node before it


@dataclass
class Parallel:
    """Parallel gateway: fork (``targets``) or join (``next``/following node)."""
    id: str
    name: str
    targets: list = field(default_factory=list)   # fork when non-empty
    lane: Optional[str] = None
    next: Optional[str] = None


@dataclass
class End:
    id: str
    name: str
    lane: Optional[str] = None


@dataclass
class TimerEvent:
    """Intermediate timer catch event; exactly one of date / duration / cycle."""
    id: str
    name: str
    date: Optional[str] = None      # ISO datetime literal or an expression over task data
    duration: Optional[str] = None
    cycle: Optional[str] = None
    lane: Optional[str] = None
    next: Optional[str] = None
    doc: Optional[str] = None
    calendar_days: bool = False


@dataclass
class CallActivity:
    id: str
    name: str
    called: str                     # process id of the called SOP
    lane: Optional[str] = None
    next: Optional[str] = None
    doc: Optional[str] = None


Node = Union[Step, Call, Decision, Parallel, End, TimerEvent, CallActivity]


@dataclass
class Sop:
    process_id: str
    title: str
    pool: str
    documentation: str
    lanes: list
    nodes: list
    start_name: str = "Mulai"
    start_lane: Optional[str] = None   # lane of the start event (layout); default: the first node's
    # Lane settings (bpmn/README.md "Pihak, atas nama, dan peran pemulai"), by lane name:
    parties: dict = field(default_factory=dict)    # lane -> "external" | "cross-unit" (absent: internal)
    proxies: dict = field(default_factory=dict)    # lane -> role that acts on its behalf (alur:proxy)
    also_start: list = field(default_factory=list)  # lanes that may start the case besides the first task's
    source: str = ""                # seed file name, for the README table
    notes: list = field(default_factory=list)    # judgement calls (strings)
