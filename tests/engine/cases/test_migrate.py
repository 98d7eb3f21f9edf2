"""Running cases keep their version, or an admin moves them to a newer one."""
from __future__ import annotations

import pytest

from engine.cases import commands, migrate, queries, starting, worklist
from engine.diagrams import deploy
from engine.errors import Conflict, NotAllowed
from tests.conftest import BPMN_DIR
from tests.helpers import actor, fill_form

EVERYONE = actor("semua", "Kepala OPD", "Kepala UKPBJ", "Sub Koordinator Pengelolaan LPSE")
XML = (BPMN_DIR / "etalase_katalog_lokal.bpmn").read_bytes()


def advance_to(rt, case_id, task_ref):
    for _ in range(10):
        task = queries.get_case(rt, EVERYONE, case_id).open_tasks[0]
        if task.task_ref == task_ref:
            return task
        commands.complete_task(rt, EVERYONE, task.id, fill_form(worklist.get_task(rt, EVERYONE, task.id).form))
    raise AssertionError(task_ref)


def test_cases_keep_their_version_unless_moved(rt, admin):
    deploy.deploy_diagram(rt, admin, XML, "etalase_katalog_lokal.bpmn")
    case = starting.start_case(rt, EVERYONE, "etalase_katalog_lokal")
    advance_to(rt, case.id, "step_03")
    renamed = XML.replace(b"3. Menerima disposisi pembuatan etalase", b"3. Menerima disposisi (revisi)")
    (v2,) = deploy.deploy_diagram(rt, admin, renamed, "etalase_katalog_lokal.bpmn")
    assert v2.version == 2
    assert queries.get_case(rt, EVERYONE, case.id).case.version == 1

    plan = migrate.preview_migration(rt, admin, case.id)
    assert plan.possible and plan.open_steps == ["step_03"] and plan.to_version == 2
    migrate.migrate_case(rt, admin, case.id)
    detail = queries.get_case(rt, EVERYONE, case.id)
    assert detail.case.version == 2
    (task,) = detail.open_tasks
    assert task.task_ref == "step_03" and task.name == "3. Menerima disposisi (revisi)"
    assert "case_migrated" in [h.action for h in detail.history]
    # The migrated case runs to its end on the new version.
    for _ in range(20):
        detail = queries.get_case(rt, EVERYONE, case.id)
        if detail.case.status != "running":
            break
        t = detail.open_tasks[0]
        commands.complete_task(rt, EVERYONE, t.id, fill_form(worklist.get_task(rt, EVERYONE, t.id).form))
    assert detail.case.status == "completed"


def test_a_case_whose_open_step_was_removed_is_refused_and_untouched(rt, admin):
    deploy.deploy_diagram(rt, admin, XML, "etalase_katalog_lokal.bpmn")
    case = starting.start_case(rt, EVERYONE, "etalase_katalog_lokal")
    advance_to(rt, case.id, "step_03")
    renamed_id = XML.replace(b'"step_03"', b'"step_03_new"').replace(b">step_03<", b">step_03_new<")
    deploy.deploy_diagram(rt, admin, renamed_id, "etalase_katalog_lokal.bpmn")
    before = queries.get_case(rt, EVERYONE, case.id)
    plan = migrate.preview_migration(rt, admin, case.id)
    assert not plan.possible and "step_03" in plan.reason
    with pytest.raises(Conflict):
        migrate.migrate_case(rt, admin, case.id)
    after = queries.get_case(rt, EVERYONE, case.id)
    assert after.case.version == 1 and after.history == before.history


def test_bulk_migration_dry_run_then_real(rt, admin):
    deploy.deploy_diagram(rt, admin, XML, "etalase_katalog_lokal.bpmn")
    ids = [starting.start_case(rt, EVERYONE, "etalase_katalog_lokal").id for _ in range(3)]
    deploy.deploy_diagram(rt, admin, XML.replace(b"Batas waktu", b"Batas waktu langkah", 1),
                          "etalase_katalog_lokal.bpmn")
    plans = migrate.migrate_cases(rt, admin, "etalase_katalog_lokal", dry_run=True)
    assert [p.case_id for p in plans] == ids and all(p.possible for p in plans)
    assert all(queries.get_case(rt, EVERYONE, i).case.version == 1 for i in ids)
    migrate.migrate_cases(rt, admin, "etalase_katalog_lokal")
    assert all(queries.get_case(rt, EVERYONE, i).case.version == 2 for i in ids)


def test_only_admins_migrate(rt, admin):
    deploy.deploy_diagram(rt, admin, XML, "etalase_katalog_lokal.bpmn")
    case = starting.start_case(rt, EVERYONE, "etalase_katalog_lokal")
    with pytest.raises(NotAllowed):
        migrate.migrate_case(rt, EVERYONE, case.id)
