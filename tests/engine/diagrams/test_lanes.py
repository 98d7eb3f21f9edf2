"""What a lane declares besides its role (issue 13): its party (alur:party), the role that acts on
its behalf (alur:proxy), whether a case may start from it (alur:start); and that every step is in
a lane. Read into the typed catalog, stored with the version, refused at deploy when wrong."""
from __future__ import annotations

import json

import pytest

from engine.diagrams import deploy
from engine.diagrams.catalog import START_LANE_FIELD, Catalog, LaneSettings, Step
from engine.diagrams.validate import read_diagram
from engine.errors import DeployError
from tests.conftest import BPMN_DIR
from tests.engine.diagrams.test_catalog import (
    CATALOG_KEYS,
    resolve_from_files,
    stored_catalogs,
)
from tests.helpers import tiny_bpmn

DIAGRAMS = sorted(BPMN_DIR.glob("*.bpmn"))

BODY = """
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t1"/>
    <bpmn:userTask id="t1" name="1. Mengajukan"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="t2"/>
    <bpmn:userTask id="t2" name="2. Memeriksa"/>
    <bpmn:sequenceFlow id="f3" sourceRef="t2" targetRef="end"/>
    <bpmn:endEvent id="end"/>"""


def lanes_xml(first_ext: str = "", second_ext: str = "", second_refs: str = "t2 end") -> str:
    def lane(lane_id, name, ext, refs):
        ext = f"<bpmn:extensionElements>{ext}</bpmn:extensionElements>" if ext else ""
        refs = "".join(f"<bpmn:flowNodeRef>{r}</bpmn:flowNodeRef>" for r in refs.split())
        return f'<bpmn:lane id="{lane_id}" name="{name}">{ext}{refs}</bpmn:lane>'

    return ('    <bpmn:laneSet id="ls">' + lane("Lane_1", "Penyedia", first_ext, "start t1")
            + lane("Lane_2", "Tim Monev", second_ext, second_refs) + "</bpmn:laneSet>")


def parse(xml: bytes) -> Catalog:
    (process,) = read_diagram(xml, "x.bpmn").processes
    return process.catalog


def refusal(xml: bytes) -> DeployError:
    with pytest.raises(DeployError) as info:
        read_diagram(xml, "x.bpmn")
    return info.value


# --------------------------------------------------------------------------- parsing


def test_party_proxy_and_start_are_read_from_the_lanes():
    catalog = parse(tiny_bpmn(BODY, lanes=lanes_xml(
        "<alur:party>external</alur:party><alur:proxy>Tim Monev</alur:proxy>",
        "<alur:start/>")))
    assert catalog.lane_settings == {
        "Penyedia": LaneSettings(party="external", proxy="Tim Monev"),
        "Tim Monev": LaneSettings(starts=True),
    }
    assert catalog.party_of("Penyedia") == "external" and catalog.proxy_of("Penyedia") == "Tim Monev"
    assert catalog.party_of("Tim Monev") == "internal" and catalog.proxy_of("Tim Monev") is None
    assert catalog.start_lane == "Penyedia"
    assert catalog.start_lanes == ("Penyedia", "Tim Monev")


def test_start_written_as_true_and_cross_unit():
    catalog = parse(tiny_bpmn(BODY, lanes=lanes_xml(
        "", "<alur:party>cross-unit</alur:party><alur:start>true</alur:start>")))
    assert catalog.settings_of("Tim Monev") == LaneSettings(party="cross-unit", starts=True)
    assert catalog.start_lanes == ("Penyedia", "Tim Monev")


def test_lanes_without_extensions_are_internal_and_not_stored():
    catalog = parse(tiny_bpmn(BODY, lanes=lanes_xml()))
    assert catalog.lane_settings == {}
    assert catalog.party_of("Penyedia") == "internal" and catalog.proxy_of("Penyedia") is None
    assert catalog.party_of(None) == "internal"
    assert catalog.start_lanes == ("Penyedia",)
    assert list(catalog.to_dict()) == CATALOG_KEYS


def test_a_parent_lanes_party_and_proxy_cover_its_child_lanes_but_not_its_start():
    lanes = """
    <bpmn:laneSet id="ls"><bpmn:lane id="Lane_out" name="Luar">
      <bpmn:extensionElements><alur:party>cross-unit</alur:party><alur:proxy>Staf</alur:proxy>
        <alur:start/></bpmn:extensionElements>
      <bpmn:childLaneSet id="cls">
        <bpmn:lane id="Lane_a" name="A"><bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>t1</bpmn:flowNodeRef></bpmn:lane>
        <bpmn:lane id="Lane_b" name="B"><bpmn:extensionElements><alur:party>external</alur:party></bpmn:extensionElements>
          <bpmn:flowNodeRef>t2</bpmn:flowNodeRef><bpmn:flowNodeRef>end</bpmn:flowNodeRef></bpmn:lane>
      </bpmn:childLaneSet></bpmn:lane></bpmn:laneSet>"""
    catalog = parse(tiny_bpmn(BODY, lanes=lanes))
    assert catalog.settings_of("A") == LaneSettings(party="cross-unit", proxy="Staf")
    assert catalog.settings_of("B") == LaneSettings(party="external", proxy="Staf")
    assert catalog.start_lanes == ("A",)


# --------------------------------------------------------------------------- deploy problems


def test_an_unknown_party_is_refused_naming_the_lane_and_line():
    xml = tiny_bpmn(BODY, lanes=lanes_xml("<alur:party>eksternal</alur:party>"))
    (problem,) = refusal(xml).problems
    assert problem.element_id == "Lane_1"
    assert "Penyedia" in problem.message and "eksternal" in problem.message
    assert "internal, external, cross-unit" in problem.message
    line = next(i for i, text in enumerate(xml.decode().splitlines(), 1) if "eksternal" in text)
    assert problem.line == line


def test_an_empty_proxy_and_an_unknown_start_value_are_refused():
    xml = tiny_bpmn(BODY, lanes=lanes_xml("<alur:proxy> </alur:proxy>", "<alur:start>mungkin</alur:start>"))
    problems = refusal(xml).problems
    assert [p.element_id for p in problems] == ["Lane_1", "Lane_2"]
    assert "alur:proxy kosong" in problems[0].message and "mungkin" in problems[1].message


def test_a_user_task_outside_every_lane_is_refused_naming_it():
    xml = tiny_bpmn(BODY, lanes=lanes_xml(second_refs="end"))
    (problem,) = refusal(xml).problems
    assert problem.element_id == "t2" and "2. Memeriksa" in problem.message
    assert "tidak berada di lajur mana pun" in problem.message
    line = next(i for i, text in enumerate(xml.decode().splitlines(), 1) if 'id="t2"' in text)
    assert problem.line == line


def test_a_process_without_lanes_is_refused_for_each_step():
    problems = refusal(tiny_bpmn(BODY, lanes="")).problems
    assert [p.element_id for p in problems] == ["t1", "t2"]
    assert all("tidak punya lajur" in p.message for p in problems)


def test_deploy_refuses_and_writes_nothing(rt, admin):
    with pytest.raises(DeployError):
        deploy.deploy_diagram(rt, admin, tiny_bpmn(BODY, lanes=lanes_xml("<alur:party>x</alur:party>")), "x.bpmn")
    assert deploy.list_processes(rt) == []


# --------------------------------------------------------------------------- stored JSON


def test_a_catalog_stored_before_the_settings_reads_as_all_internal():
    old = {"lanes": ["PPK", "Penyedia"], "start_lane": "PPK", "steps": {}, "documentation": "", "forms": {},
           "supervisors": {}, "default_supervisor": None}
    catalog = Catalog.from_dict(old)
    assert catalog.lane_settings == {}
    assert catalog.party_of("Penyedia") == "internal" and catalog.proxy_of("Penyedia") is None
    assert catalog.start_lanes == ("PPK",)
    assert json.dumps(catalog.to_dict()) == json.dumps(old)
    assert Catalog.from_dict(None).start_lanes == ()


def test_settings_are_stored_after_the_older_keys_with_only_what_differs():
    catalog = Catalog(lanes=("Penyedia", "Tim"), start_lane="Penyedia",
                      lane_settings={"Penyedia": LaneSettings("external", "Tim"), "Tim": LaneSettings(starts=True)})
    data = catalog.to_dict()
    assert list(data) == CATALOG_KEYS + ["lane_settings"]
    assert data["lane_settings"] == {"Penyedia": {"party": "external", "proxy": "Tim"}, "Tim": {"starts": True}}
    assert Catalog.from_dict(json.loads(json.dumps(data))) == catalog


def test_merging_a_called_process_carries_its_lane_settings():
    sub = Catalog(lanes=("PPK", "Pokja"), start_lane="PPK", steps={"step_01": Step("Menyusun", "PPK")},
                  lane_settings={"Pokja": LaneSettings("cross-unit", starts=True),
                                 "PPK": LaneSettings("external")})
    main = Catalog(lanes=("PPK",), start_lane="PPK", steps={"step_01": Step("Memulai", "PPK")})
    merged = main.merged_with({"persiapan": sub})
    # The caller's own lane keeps its own (default) settings; a start mark stays in its process.
    assert merged.lane_settings == {"Pokja": LaneSettings("cross-unit")}
    assert merged.party_of("Pokja") == "cross-unit" and merged.party_of("PPK") == "internal"
    assert merged.start_lanes == ("PPK",)
    assert list(merged.to_dict())[-3:] == ["lane_settings", "called_lanes", "called"]
    assert Catalog.from_dict(merged.to_dict()) == merged


# --------------------------------------------------------------------------- the 17 SOPs


def catalogs_from_files() -> dict[str, Catalog]:
    found = {}
    for path in DIAGRAMS:
        for process in read_diagram(path.read_bytes(), path.name, resolve_process=resolve_from_files).processes:
            found[process.process_id] = process.catalog
    return found


def test_katalog_starts_from_the_penyedia_and_from_tim_monev():
    catalog = catalogs_from_files()["katalog_pengaktifan_kembali"]
    assert catalog.start_lane == "Penyedia"
    assert catalog.start_lanes == ("Penyedia", "Tim Monev Katalog")
    assert catalog.party_of("Penyedia") == "external"
    assert catalog.proxy_of("Penyedia") == "Tim Monev Katalog"
    assert catalog.party_of("LKPP") == "cross-unit"


def test_only_katalog_has_several_start_lanes_and_every_declared_lane_exists():
    catalogs = catalogs_from_files()
    several = {pid for pid, catalog in catalogs.items() if len(catalog.start_lanes) > 1}
    assert several == {"katalog_pengaktifan_kembali"}
    for pid, catalog in catalogs.items():
        for lane, settings in catalog.lane_settings.items():
            assert lane in catalog.lanes, (pid, lane)
            assert settings.party in ("internal", "external", "cross-unit")
            # a proxy is a role of the same SOP: someone holding it works on the case
            assert settings.proxy is None or settings.proxy in catalog.lanes, (pid, lane)


def test_external_lanes_of_the_seventeen():
    external = {(pid, lane) for pid, catalog in catalogs_from_files().items()
                for lane, settings in catalog.lane_settings.items() if settings.party == "external"}
    assert external == {("katalog_pengaktifan_kembali", "Penyedia"), ("mini_kompetisi", "Penyedia"),
                        ("registrasi_verifikasi_pelaku_usaha", "Pelaku Usaha"),
                        ("rekrutmen_registrasi_penyedia", "Pelaku Usaha")}


def test_the_seventeen_round_trip_with_their_lane_settings(rt, admin):
    deploy.deploy_paths(rt, admin, DIAGRAMS)
    stored = stored_catalogs(rt)
    assert len(stored) == 17
    with_settings = {pid for pid, data in stored.items() if "lane_settings" in data}
    assert with_settings >= {"katalog_pengaktifan_kembali", "mini_kompetisi", "rekrutmen_registrasi_penyedia"}
    for process_id, data in stored.items():
        catalog = Catalog.from_dict(data)
        assert json.dumps(catalog.to_dict()) == json.dumps(data), process_id
        assert Catalog.from_dict(catalog.to_dict()) == catalog
    # proses_utama_pengadaan carries the settings of the processes it calls
    main = Catalog.from_dict(stored["proses_utama_pengadaan"])
    assert main.party_of("Jabfung PPBJ") == "cross-unit" and main.party_of("Pokja Pemilihan") == "cross-unit"


def test_a_katalog_case_started_by_the_penyedia_routes_by_its_start_lane(rt, admin):
    from engine.cases import queries, starting
    from tests.helpers import actor

    deploy.deploy_paths(rt, admin, [BPMN_DIR / "katalog_pengaktifan_kembali.bpmn"])
    penyedia = actor("penyedia", "Penyedia")
    info = starting.start_case(rt, penyedia, "katalog_pengaktifan_kembali")
    detail = queries.get_case(rt, admin, info.id)
    assert [t.task_ref for t in detail.open_tasks] == ["step_01"]
    assert START_LANE_FIELD == "start_lane"
