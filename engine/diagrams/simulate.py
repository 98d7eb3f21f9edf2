"""Simulation: walk every path of a process version in memory, with a controlled clock.

At each human step the simulator fills the step's form the way a careful user
would (every checklist item ticked, required fields filled) and branches on every
value of each decision field that a gateway condition reads. Each (step, choice)
is taken at most once per path (twice when nothing else is left), so every loop
runs once and then leaves. Waiting timers (a deadline from form data, a monthly
report) are reached by moving the clock to their due time.

Process owners use it to see that every branch of a diagram reaches an end event;
the test suite uses it to run every path of every SOP.
"""
from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from lxml import etree
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.diagrams.bpmn_xml import BPMN_NS, parse_xml
from engine.diagrams.catalog import START_LANE_FIELD, task_key
from engine.rules.clock import ManualClock
from engine.rules.expressions import literal_value
from engine.rules.forms import form_for, validate_submission
from engine.runtime import TimerContextImpl
from engine.spiff.script_engine import SafeScriptEngine
from engine.spiff.serializer import dump_state, load_state
from engine.spiff.workflow import ready_human_tasks, set_start_data, timer_tasks

DEFAULT_START = datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc)  # Monday 09:00 WIB
MAX_STEPS_PER_PATH = 400
# A form field holding usernames of people with a lane's role (``"x-alur-users": "<lane>"``;
# the invited vendors of mini_kompetisi): the simulator answers with one made-up user.
USERS_KEY = "x-alur-users"
SIMULATED_USER = "penyedia-simulasi"
MAX_PATHS = 5000


class SimulationError(Exception):
    pass


@dataclass
class PathResult:
    steps: list[tuple[str, dict]]  # (task id, decisions taken)
    end_events: list[str]
    flows: set[str] = field(default_factory=set)


@dataclass
class SimulationReport:
    process_id: str
    paths: list[PathResult]
    end_events: set[str]
    reached_end_events: set[str]
    decision_flows: set[str]
    taken_flows: set[str]

    @property
    def untaken_flows(self) -> set[str]:
        return self.decision_flows - self.taken_flows

    @property
    def unreached_end_events(self) -> set[str]:
        return self.end_events - self.reached_end_events


def condition_names(xml: bytes) -> set[str]:
    """Names read by gateway conditions and timer expressions: the decision fields."""
    root = parse_xml(xml)
    names = set()
    for element in root.iter(f"{{{BPMN_NS}}}conditionExpression", f"{{{BPMN_NS}}}timeDate",
                             f"{{{BPMN_NS}}}timeDuration", f"{{{BPMN_NS}}}timeCycle"):
        text = (element.text or "").strip()
        if not text or literal_value(text) is not None:
            continue
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError:
            continue
        called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        names.update(n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called)
    return names


def decision_flows(xml: bytes, process_id: str) -> tuple[set[str], set[str], dict[str, str]]:
    """Conditioned flows out of exclusive/inclusive gateways, end events (not the late ones)."""
    root = parse_xml(xml)
    process = root.find(f".//{{{BPMN_NS}}}process[@id='{process_id}']")
    flows, ends, names = set(), set(), {}
    outgoing: dict[str, int] = {}
    for flow in process.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        outgoing[flow.get("sourceRef")] = outgoing.get(flow.get("sourceRef"), 0) + 1
    gateways = {g.get("id") for tag in ("exclusiveGateway", "inclusiveGateway")
                for g in process.iter(f"{{{BPMN_NS}}}{tag}") if outgoing.get(g.get("id"), 0) > 1}
    for flow in process.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        if flow.get("sourceRef") in gateways:
            flows.add(flow.get("id"))
    for end in process.iter(f"{{{BPMN_NS}}}endEvent"):
        parent = end.getparent()
        if etree.QName(parent).localname != "process":
            continue  # inside a sub-process
        if not (end.get("id") or "").startswith("late_"):
            ends.add(end.get("id"))
            names[end.get("id")] = end.get("name") or end.get("id")
    return flows, ends, names


def sample_value(prop: dict, dates_at: datetime):
    """A valid answer for one form field, as a careful user would give it."""
    kind = prop.get("type")
    if prop.get(USERS_KEY):  # usernames of people holding a lane's role
        return [SIMULATED_USER] if kind == "array" else SIMULATED_USER
    if kind == "array" and prop.get("minItems"):
        return list(prop.get("items", {}).get("enum", [])) or None
    if "enum" in prop:
        return prop["enum"][0]
    if kind == "string":
        fmt = prop.get("format")
        if fmt == "date-time":
            return dates_at.isoformat(timespec="seconds")
        if fmt == "date":
            return dates_at.date().isoformat()
        return "isi simulasi"
    if kind in ("number", "integer"):
        return prop.get("minimum", 1)
    if kind == "boolean":
        return True
    return None


def fill_form(form: dict, dates_at: datetime, **values) -> dict:
    """Valid data for a step form: every checklist item ticked, required fields answered (the
    first choice of each decision, ``dates_at`` for dates), then ``values`` on top."""
    schema = form["schema"]
    data = {}
    for name, prop in (schema.get("properties") or {}).items():
        if name in schema.get("required", []) or (prop.get("type") == "array" and prop.get("minItems")):
            value = sample_value(prop, dates_at)
            if value is not None:
                data[name] = value
    data.update(values)
    for rule in schema.get("allOf") or ():  # "required when": {"if": {field: const}, "then": required}
        condition = (rule.get("if") or {}).get("properties") or {}
        if condition and all(data.get(k) == c.get("const") for k, c in condition.items()):
            for name in (rule.get("then") or {}).get("required") or ():
                if name not in data:
                    value = sample_value(schema["properties"].get(name, {}), dates_at)
                    if value is not None:
                        data[name] = value
    return data


def base_data(form: dict, now: datetime) -> dict:
    return fill_form(form, now + timedelta(days=7))


def choices_for(form: dict, decision_names: set[str], now: datetime) -> list[dict]:
    props = form["schema"].get("properties") or {}
    decision_fields = [(n, p) for n, p in props.items() if n in decision_names]
    base = base_data(form, now)
    if not decision_fields:
        return [base]
    options = []
    for name, prop in decision_fields:
        if "enum" in prop:
            options.append([(name, v) for v in prop["enum"]])
        elif prop.get("type") == "boolean":
            options.append([(name, True), (name, False)])
        else:
            options.append([(name, base.get(name, sample_value(prop, now + timedelta(days=7))))])
    result = []
    for combo in itertools.product(*options):
        data = dict(base)
        data.update(dict(combo))
        result.append(data)
    return result


class Simulator:
    def __init__(self, version, xml: bytes, *, calendar, start: datetime = DEFAULT_START,
                 called_xml: list[bytes] = ()):
        self.version = version
        self.xml = xml
        self.calendar = calendar
        self.start = start
        self.decision_names = condition_names(xml).union(*(condition_names(x) for x in called_xml))
        self.gateway_flows, self.end_events, self.end_names = decision_flows(xml, version.process_id)
        self.flow_targets = self._flow_targets(xml)

    def _flow_targets(self, xml: bytes) -> dict[tuple[str, str], str]:
        root = parse_xml(xml)
        return {(f.get("sourceRef"), f.get("targetRef")): f.get("id") for f in root.iter(f"{{{BPMN_NS}}}sequenceFlow")}

    def engine_for(self, clock):
        return SafeScriptEngine(context=TimerContextImpl(clock, self.calendar))

    def new_workflow(self, clock, data: dict | None = None) -> BpmnWorkflow:
        workflow = BpmnWorkflow(self.version.spec, self.version.subprocess_specs, script_engine=self.engine_for(clock))
        if data:
            set_start_data(workflow, data)
        workflow.do_engine_steps()
        return workflow

    def start_data(self) -> list[dict]:
        """The case data each way in starts with: one per start lane when the process has
        several (the engine sets ``start_lane``, see engine.diagrams.catalog), else none."""
        catalog = getattr(self.version, "catalog", None)
        lanes = catalog.start_lanes if catalog is not None else ()
        if len(lanes) < 2:
            return [{}]
        return [{START_LANE_FIELD: lane} for lane in lanes]

    def snapshot(self, workflow, clock) -> tuple[bytes, datetime]:
        return dump_state(workflow), clock.now()

    def restore(self, snap) -> tuple[BpmnWorkflow, ManualClock]:
        blob, moment = snap
        clock = ManualClock(moment)
        workflow = load_state(blob, self.version.spec, self.version.subprocess_specs, self.engine_for(clock))
        return workflow, clock

    def followed_flows(self, workflow) -> set[str]:
        taken = set()
        for task in workflow.get_tasks(state=TaskState.COMPLETED | TaskState.READY | TaskState.WAITING):
            if task.task_spec.bpmn_id is None:
                continue
            parent = task.parent
            while parent is not None and parent.task_spec.bpmn_id is None:
                parent = parent.parent  # skip SpiffWorkflow's hidden specs (boundary event splits)
            if parent is None:
                continue
            key = (parent.task_spec.bpmn_id, task.task_spec.bpmn_id)
            flow = self.flow_targets.get(key)
            if flow in self.gateway_flows:
                taken.add(flow)
        return taken

    def end_events_reached(self, workflow) -> list[str]:
        return sorted({
            t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.COMPLETED)
            if isinstance(t.task_spec, EndEvent) and t.task_spec.bpmn_id in self.end_events
        })

    def next_timer_due(self, workflow) -> datetime | None:
        return min((due for _, due in timer_tasks(workflow)), default=None)

    def ready(self, workflow):
        return sorted(ready_human_tasks(workflow), key=lambda t: t.task_spec.bpmn_id)

    def run(self, *, late: bool = False, max_paths: int = MAX_PATHS) -> SimulationReport:
        """Enumerate paths. With ``late``, every step is done after its deadline passed."""
        clock = ManualClock(self.start)
        stack = []
        for data in reversed(self.start_data()):
            workflow = self.new_workflow(clock, data)
            flows, ends = set(), set()
            self.observe(workflow, flows, ends)  # gateways right after the start event
            stack.append((self.snapshot(workflow, clock), [], {}, flows, ends))
        paths: list[PathResult] = []
        taken: set[str] = set()
        while stack:
            if len(paths) >= max_paths:
                raise SimulationError(f"lebih dari {max_paths} jalur; batasi percabangan")
            snap, steps, counts, flows, ends = stack.pop()
            workflow, clock = self.restore(snap)
            flows, ends = set(flows), set(ends)
            for _ in range(MAX_STEPS_PER_PATH):
                ready = self.ready(workflow)
                if not ready:
                    if workflow.is_completed():
                        self.observe(workflow, flows, ends)
                        taken |= flows
                        paths.append(PathResult(steps, sorted(ends), flows))
                        break
                    due = self.next_timer_due(workflow)
                    if due is None:
                        raise SimulationError(
                            f"{self.version.process_id}: macet setelah {[s for s, _ in steps][-5:]}: "
                            "tidak ada langkah siap, tidak ada pewaktu, proses belum selesai")
                    clock.set(max(due, clock.now()) + timedelta(seconds=1))
                    workflow.refresh_timers()
                    workflow.do_engine_steps()
                    self.observe(workflow, flows, ends)
                    continue
                task = ready[0]
                ref = task_key(task, self.version.process_id)
                if late:
                    due = self.next_timer_due(workflow)
                    if due is not None:
                        clock.set(max(due, clock.now()) + timedelta(seconds=1))
                        workflow.refresh_timers()
                        workflow.do_engine_steps()
                        self.observe(workflow, flows, ends)
                        if task.state != TaskState.READY:
                            raise SimulationError(f"{ref}: batas waktu mengakhiri langkah yang masih terbuka")
                form = form_for(self.version.catalog, ref)
                options = choices_for(form, self.decision_names, clock.now())
                keys = [(ref, tuple(sorted((k, str(v)) for k, v in o.items() if k in self.decision_names)))
                        for o in options]
                if len(options) == 1 and not keys[0][1]:
                    allowed = [0]  # no decision here: nothing to bound, the loop's decision step bounds it
                else:
                    allowed = [i for i, k in enumerate(keys) if counts.get(k, 0) < 1] or \
                              [i for i, k in enumerate(keys) if counts.get(k, 0) < 2]
                if not allowed:
                    raise SimulationError(f"{ref}: perulangan tidak berakhir")
                base_snap = self.snapshot(workflow, clock) if len(allowed) > 1 else None
                for i in allowed[1:]:
                    branch_counts = dict(counts)
                    branch_counts[keys[i]] = branch_counts.get(keys[i], 0) + 1
                    branch_snap, branch_flows, branch_ends = self._branch(base_snap, ref, options[i], flows, ends)
                    stack.append((branch_snap, steps + [(ref, dict(keys[i][1]))], branch_counts,
                                  branch_flows, branch_ends))
                choice = options[allowed[0]]
                counts = dict(counts)
                counts[keys[allowed[0]]] = counts.get(keys[allowed[0]], 0) + 1
                self._complete(workflow, task, form, choice)
                self.observe(workflow, flows, ends)
                steps = steps + [(ref, dict(keys[allowed[0]][1]))]
                clock.advance(minutes=1)
            else:
                raise SimulationError(f"{self.version.process_id}: jalur lebih dari {MAX_STEPS_PER_PATH} langkah")
        reached = set().union(*(p.end_events for p in paths)) if paths else set()
        return SimulationReport(self.version.process_id, paths, self.end_events, set(reached),
                                self.gateway_flows, taken)

    def _complete(self, workflow, task, form, data) -> None:
        cleaned = validate_submission(form, data)
        task.data.update(cleaned)
        task.run()
        workflow.do_engine_steps()

    def _branch(self, snap, ref: str, data: dict, flows: set, ends: set):
        """Complete ``ref`` with ``data`` from ``snap``: the new snapshot and what it has seen."""
        workflow, clock = self.restore(snap)
        task = next(t for t in self.ready(workflow) if task_key(t, self.version.process_id) == ref)
        self._complete(workflow, task, form_for(self.version.catalog, ref), data)
        flows, ends = set(flows), set(ends)
        self.observe(workflow, flows, ends)
        clock.advance(minutes=1)
        return self.snapshot(workflow, clock), flows, ends

    def observe(self, workflow, flows: set, ends: set) -> None:
        """Record followed gateway flows and reached end events before compaction drops them."""
        flows |= self.followed_flows(workflow)
        ends.update(self.end_events_reached(workflow))
