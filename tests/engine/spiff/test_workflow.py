"""The adapter for a live workflow: ready steps, tasks by id, timers and their due times."""
from __future__ import annotations

from datetime import timedelta

from engine.diagrams.simulate import Simulator
from engine.diagrams.validate import read_diagram
from engine.rules.calendar import BusinessCalendar
from engine.rules.clock import ManualClock
from engine.runtime import LoadedVersion
from engine.spiff.workflow import (
    find_task,
    ready_human_tasks,
    set_timer_due,
    timer_due,
    waiting_timers,
)
from tests.conftest import BPMN_DIR

SOP = "mini_kompetisi"


def started():
    """A new workflow of an SOP, at its first step (whose deadline waits)."""
    path = BPMN_DIR / f"{SOP}.bpmn"
    [process] = read_diagram(path.read_bytes(), path.name).processes
    version = LoadedVersion(id=0, process_id=SOP, version=1, name=process.name, spec=process.spec,
                            subprocess_specs=process.subprocess_specs, catalog=process.catalog,
                            lane_of_timer=process.catalog.timer_owners())
    simulator = Simulator(version, path.read_bytes(), calendar=BusinessCalendar("Asia/Jakarta"))
    workflow = simulator.new_workflow(ManualClock(simulator.start))
    return workflow, version


def test_the_first_step_is_ready_and_found_by_its_id():
    workflow, _ = started()
    [task] = ready_human_tasks(workflow)
    assert task.task_spec.bpmn_id == "step_01"
    assert find_task(workflow, str(task.id)) is task
    assert find_task(workflow, "bukan-uuid") is None
    assert find_task(workflow, "00000000-0000-0000-0000-000000000000") is None


def test_a_waiting_deadline_is_keyed_like_the_catalog_and_can_be_moved():
    workflow, version = started()
    timers = waiting_timers(workflow, SOP)
    assert len(timers) == 1
    [(task_id, (key, due))] = timers.items()
    assert version.lane_of_timer[key] == "step_01"
    task = find_task(workflow, task_id)
    assert timer_due(task) == due
    later = due + timedelta(days=1)
    set_timer_due(task, later)
    assert timer_due(task) == later
    assert waiting_timers(workflow, SOP) == {task_id: (key, later)}
