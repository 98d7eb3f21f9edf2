"""A correction loop taken hundreds of times: the case never ends silently, its state stays small.

Bare SpiffWorkflow 3.2 loses sight of tasks deeper than 1,000 levels of its task tree (about 500
loop iterations) and hits Python's recursion limit after about 160 iterations of a loop whose steps
carry boundary timers; Alur compacts the finished past out of the tree before each save."""
from __future__ import annotations

from engine.cases import commands, queries, starting, worklist
from engine.diagrams import deploy
from engine.store.models import Case
from tests.conftest import BPMN_DIR
from tests.helpers import actor, fill_form

EVERYONE = actor("semua", "Kepala OPD", "Kepala UKPBJ", "Sub Koordinator Pengelolaan LPSE")
ITERATIONS = 520


def test_correction_loop_past_spiffworkflows_depth_limit(rt, admin, clock):
    deploy.deploy_paths(rt, admin, [BPMN_DIR / "etalase_katalog_lokal.bpmn"])
    case = starting.start_case(rt, EVERYONE, "etalase_katalog_lokal")
    forms = {}

    def do(expected_ref, **values):
        (task,) = worklist.list_tasks(rt, EVERYONE).items
        assert task.task_ref == expected_ref
        if expected_ref not in forms:
            forms[expected_ref] = worklist.get_task(rt, EVERYONE, task.id).form
        commands.complete_task(rt, EVERYONE, task.id, fill_form(forms[expected_ref], **values))
        clock.advance(minutes=1)

    for ref in ("step_01", "step_02", "step_03"):
        do(ref)
    sizes = {}
    for iteration in range(1, ITERATIONS + 1):
        do("step_04")
        do("step_05", review_decision="correct")
        if iteration in (10, 100, ITERATIONS):
            with rt.read() as session:
                sizes[iteration] = len(session.get(Case, case.id).state)
    assert sizes[ITERATIONS] <= sizes[10] * 1.5, sizes  # flat, not growing with the iterations
    do("step_04")
    do("step_05", review_decision="approve")
    for ref in ("step_06", "step_07"):
        do(ref)
    do("step_08", review_decision="approve")
    do("step_09")
    detail = queries.get_case(rt, EVERYONE, case.id)
    assert detail.case.status == "completed" and detail.case.end_event == "Surat pemberitahuan terkirim"
