"""A process that calls another (proses_utama_pengadaan calls three SOPs)."""
from __future__ import annotations

from engine.cases import commands, queries, starting, worklist
from engine.diagrams import deploy
from tests.helpers import CHILD_LANES, PARENT, actor, linear_body, tiny_bpmn


def test_steps_of_a_called_process_run_in_its_lanes(rt, admin, clock):
    deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body(timer="PT1H"), "child", CHILD_LANES), "child.bpmn")
    (parent,) = deploy.deploy_diagram(rt, admin, tiny_bpmn(PARENT, "parent"), "parent.bpmn")
    assert parent.start_lane == "Pokja Pemilihan"  # the first step is inside the called process
    pokja, ppk = actor("pokja", "Pokja Pemilihan"), actor("ppk", "PPK")
    case = starting.start_case(rt, pokja, "parent")
    (task,) = queries.get_case(rt, pokja, case.id).open_tasks
    assert task.task_ref == "child:t1" and task.lane == "Pokja Pemilihan" and task.due_at is not None
    detail = worklist.get_task(rt, pokja, task.id)
    assert detail.step.name == "1. Langkah" and detail.step.timer == "PT1H"
    assert [t.id for t in worklist.list_tasks(rt, pokja).items] == [task.id]
    commands.complete_task(rt, pokja, task.id, {})
    (task,) = queries.get_case(rt, ppk, case.id).open_tasks
    assert task.task_ref == "p2" and task.lane == "PPK"
    commands.complete_task(rt, ppk, task.id, {"note": "selesai"})
    assert queries.get_case(rt, ppk, case.id).case.status == "completed"


def test_called_process_deadline_marks_its_step_late(rt, admin, clock):
    from engine.timers.passes import fire_due_timers

    deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body(timer="PT1H"), "child", CHILD_LANES), "child.bpmn")
    deploy.deploy_diagram(rt, admin, tiny_bpmn(PARENT, "parent"), "parent.bpmn")
    pokja = actor("pokja", "Pokja Pemilihan")
    case = starting.start_case(rt, pokja, "parent")
    (task,) = queries.get_case(rt, pokja, case.id).open_tasks
    clock.set(task.due_at)
    assert fire_due_timers(rt) == 1
    (late,) = queries.get_case(rt, pokja, case.id).open_tasks
    assert late.id == task.id and late.late
