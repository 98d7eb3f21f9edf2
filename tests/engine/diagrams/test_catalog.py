"""The typed step catalog: built from the diagram, stored as JSON with each version, read back."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from engine.diagrams import deploy
from engine.diagrams.catalog import Catalog, Step, StepTimer
from engine.diagrams.validate import read_diagram
from engine.store.models import ProcessVersion
from tests.conftest import BPMN_DIR

DIAGRAMS = sorted(BPMN_DIR.glob("*.bpmn"))
CATALOG_KEYS = ["lanes", "start_lane", "steps", "documentation", "forms", "supervisors", "default_supervisor"]
STEP_KEYS = ["name", "lane", "documentation", "kelengkapan", "waktu", "output", "timers"]
TIMER_KEYS = ["id", "value", "interrupting", "escalation_only"]


def stored_catalogs(rt) -> dict[str, dict]:
    with rt.read() as session:
        return {row.process_id: row.catalog for row in session.scalars(select(ProcessVersion))}


def test_all_seventeen_sops_are_there():
    assert len(DIAGRAMS) == 17


def test_every_stored_catalog_reads_back_to_the_same_json(rt, admin):
    deploy.deploy_paths(rt, admin, DIAGRAMS)
    stored = stored_catalogs(rt)
    assert len(stored) == 17
    for process_id, data in stored.items():
        catalog = Catalog.from_dict(data)
        assert catalog.to_dict() == data, process_id
        # Key order too: the JSON text written for a version is the same as before the type.
        assert json.dumps(catalog.to_dict()) == json.dumps(data), process_id
        assert Catalog.from_dict(catalog.to_dict()) == catalog


def test_the_stored_json_keeps_its_shape(rt, admin):
    deploy.deploy_paths(rt, admin, DIAGRAMS)
    stored = stored_catalogs(rt)
    callers = {pid for pid, data in stored.items() if "called" in data}
    assert callers, "some SOP calls another"
    for process_id, data in stored.items():
        # lane_settings only when a lane declares a party, proxy or start (tests/engine/diagrams/test_lanes.py)
        extra = (["lane_settings"] if "lane_settings" in data else []) + (
            ["called_lanes", "called"] if process_id in callers else [])
        assert list(data) == CATALOG_KEYS + extra, process_id
        for step in data["steps"].values():
            # assignee, binds, chooses only on a step that declares them (mini_kompetisi)
            assert list(step) == STEP_KEYS + [k for k in ("assignee", "binds", "chooses") if k in step]
            assert isinstance(step["kelengkapan"], list) and isinstance(step["output"], list)
            for timer in step["timers"]:
                assert list(timer) == TIMER_KEYS
    for process_id in callers:
        assert stored[process_id]["called"] == sorted(stored[process_id]["called"])
        assert all(pid in stored for pid in stored[process_id]["called"])


def resolve_from_files(process_id: str):
    """A called process read from ``bpmn/<id>.bpmn`` (as deploy would find it deployed)."""
    path = BPMN_DIR / f"{process_id}.bpmn"
    for process in read_diagram(path.read_bytes(), path.name, resolve_process=resolve_from_files).processes:
        if process.process_id == process_id:
            return process.spec, process.subprocess_specs
    return None


@pytest.mark.parametrize("path", DIAGRAMS, ids=lambda p: p.stem)
def test_a_parsed_catalog_round_trips(path):
    for process in read_diagram(path.read_bytes(), path.name, resolve_process=resolve_from_files).processes:
        assert isinstance(process.catalog, Catalog)
        assert Catalog.from_dict(process.catalog.to_dict()) == process.catalog


def test_the_spec_cache_holds_the_typed_catalog(rt, admin):
    infos = {v.process_id: v for v in deploy.deploy_paths(rt, admin, DIAGRAMS)}
    with rt.read() as session:
        loaded = [deploy.load_version(rt, session, info.id) for info in infos.values()]
    for version in loaded:
        assert isinstance(version.catalog, Catalog)
        assert all(isinstance(step, Step) for step in version.catalog.steps.values())
        assert version.lane_of_timer == version.catalog.timer_owners()
    with rt.read() as session:
        again = deploy.load_version(rt, session, loaded[0].id)
    assert again.catalog is loaded[0].catalog  # built once per version load


def test_a_version_deployed_before_later_fields_still_loads():
    old = {"lanes": ["Pejabat Pengadaan"], "start_lane": "Pejabat Pengadaan", "documentation": "",
           "steps": {"step_01": {"name": "Menyusun", "lane": "Pejabat Pengadaan", "documentation": "",
                                 "kelengkapan": [], "waktu": "1 hari", "output": [],
                                 "timers": [{"id": "timer_step_01", "value": "P1D", "interrupting": False}]}},
           "forms": {}}
    catalog = Catalog.from_dict(old)
    assert catalog.supervisors == {} and catalog.default_supervisor is None
    assert catalog.steps["step_01"].timers == (StepTimer("timer_step_01", "P1D", False, False),)
    assert catalog.escalation_timers() == {}
    assert catalog.timer_owners() == {"timer_step_01": "step_01"}
    assert catalog.all_lanes() == ["Pejabat Pengadaan"]
    assert Catalog.from_dict(None) == Catalog()


def test_merging_a_called_process_prefixes_its_steps_and_timers():
    sub = Catalog(lanes=("PPK",), start_lane="PPK", supervisors={"PPK": "KPA"},
                  steps={"step_01": Step("Menyusun", "PPK", timers=(StepTimer("timer_step_01", "P1D", False, True),))},
                  forms={"step_01": {"schema": {"type": "object"}}})
    main = Catalog(lanes=("Pejabat Pengadaan",), steps={"step_01": Step("Memulai", "Pejabat Pengadaan")},
                   default_supervisor="Kepala")
    merged = main.merged_with({"persiapan": sub})
    assert list(merged.steps) == ["step_01", "persiapan:step_01"]
    assert list(merged.forms) == ["persiapan:step_01"]
    assert merged.all_lanes() == ["Pejabat Pengadaan", "PPK"]
    assert merged.called == ("persiapan",)
    assert merged.timer_owners() == {"persiapan:timer_step_01": "persiapan:step_01"}
    assert merged.escalation_timers() == {"persiapan:timer_step_01": "persiapan:step_01"}
    assert merged.supervisor_of("PPK") == "KPA" and merged.supervisor_of("Pejabat Pengadaan") == "Kepala"
    assert list(merged.to_dict())[-2:] == ["called_lanes", "called"]
    assert main.to_dict().keys() == set(CATALOG_KEYS)
