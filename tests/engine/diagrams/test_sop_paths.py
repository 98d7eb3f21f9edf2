"""Every SOP diagram: deployed through the engine, every path through every gateway walked
to an end event, every step's deadline exercised by moving the controlled clock."""
from __future__ import annotations

import pytest

from engine.cases import queries, starting
from engine.diagrams import deploy
from engine.diagrams.deploy import load_version
from engine.diagrams.simulate import Simulator
from engine.rules.calendar import BusinessCalendar
from tests.conftest import BPMN_DIR
from tests.helpers import PATH_COUNTS, actor, replay_steps

DIAGRAMS = sorted(BPMN_DIR.glob("*.bpmn"))


@pytest.fixture
def all_deployed(rt, admin):
    return {v.process_id: v for v in deploy.deploy_paths(rt, admin, DIAGRAMS)}


def simulator(rt, info) -> Simulator:
    with rt.read() as session:
        version = load_version(rt, session, info.id)
    _, xml = deploy.get_version_xml(rt, info.process_id, info.version)
    called = [deploy.get_version_xml(rt, pid)[1] for pid in version.catalog.called]
    return Simulator(version, xml, calendar=BusinessCalendar("Asia/Jakarta"), called_xml=called)


@pytest.mark.parametrize("path", DIAGRAMS, ids=[p.stem for p in DIAGRAMS])
def test_every_path_reaches_an_end_event(rt, all_deployed, path):
    info = all_deployed[path.stem]
    report = simulator(rt, info).run()
    PATH_COUNTS[path.stem] = len(report.paths)
    assert report.paths
    for result in report.paths:
        assert result.end_events, f"path ended without an end event: {result.steps}"
    assert not report.untaken_flows, f"gateway flows never taken: {sorted(report.untaken_flows)}"
    assert not report.unreached_end_events, f"end events never reached: {sorted(report.unreached_end_events)}"


@pytest.mark.parametrize("path", DIAGRAMS, ids=[p.stem for p in DIAGRAMS])
def test_late_steps_stay_open_and_the_case_still_ends(rt, all_deployed, path):
    info = all_deployed[path.stem]
    # Every path again, each step done only after its deadline fired.
    report = simulator(rt, info).run(late=True)
    assert report.paths and all(p.end_events for p in report.paths)


@pytest.mark.parametrize("path", DIAGRAMS, ids=[p.stem for p in DIAGRAMS])
def test_a_simulated_path_runs_through_the_database(rt, all_deployed, path, clock):
    """The longest simulated path of each SOP, replayed through start_case / complete_task."""
    info = all_deployed[path.stem]
    report = simulator(rt, info).run()
    chosen = max(report.paths, key=lambda p: len(p.steps))
    with rt.read() as session:
        catalog = load_version(rt, session, info.id).catalog
    everyone = actor("semua", *catalog.all_lanes())
    case = starting.start_case(rt, everyone, info.process_id, title="Uji jalur")
    replay_steps(rt, clock, everyone, case.id, chosen.steps)
    final = queries.get_case(rt, everyone, case.id)
    assert final.case.status == "completed"
    names = simulator(rt, info).end_names
    assert final.case.end_event in {names[k] for k in chosen.end_events}
