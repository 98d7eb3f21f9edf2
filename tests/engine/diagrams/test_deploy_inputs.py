"""Bad and foreign diagrams: accepted, or refused with a message naming element and line.
Never a crash, a hang or a half-written version."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.diagrams import deploy
from engine.errors import DeployError, NotAllowed
from engine.records import Actor
from tests.conftest import BPMN_DIR, SHARED
from tests.helpers import linear_body, tiny_bpmn

MIWG = sorted((SHARED / "corpus" / "miwg").glob("*.bpmn"))
ETALASE = (BPMN_DIR / "etalase_katalog_lokal.bpmn").read_bytes()


def refused(rt, admin, data: bytes, name="x.bpmn") -> DeployError:
    with pytest.raises(DeployError) as info:
        deploy.deploy_diagram(rt, admin, data, name)
    assert info.value.problems, "a refusal always lists its problems"
    for problem in info.value.problems:
        assert problem.message
    return info.value


@pytest.mark.skipif(not MIWG, reason="../shared/corpus/miwg not present")
@pytest.mark.parametrize("path", MIWG, ids=[p.name for p in MIWG])
def test_miwg_reference_files_are_accepted_or_clearly_refused(rt, admin, path: Path):
    data = path.read_bytes()
    try:
        results = deploy.deploy_diagram(rt, admin, data, path.name)
    except DeployError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line is not None or problem.element_id is not None, str(problem)
        assert deploy.list_processes(rt) == []  # nothing half-written
    else:
        assert results and all(r.version == 1 for r in results)


def test_not_xml(rt, admin):
    error = refused(rt, admin, b"<bpmn:definitions")
    assert error.problems[0].line == 1


def test_xml_but_not_bpmn(rt, admin):
    error = refused(rt, admin, b'<?xml version="1.0"?><html><body/></html>')
    assert "BPMN" in error.message


def test_no_executable_process(rt, admin):
    data = ETALASE.replace(b'isExecutable="true"', b'isExecutable="false"')
    error = refused(rt, admin, data)
    assert error.problems[0].element_id == "etalase_katalog_lokal"


def test_external_entities_are_never_resolved(rt, admin, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA")
    data = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://' + str(secret).encode()
            + b'">]>' + ETALASE.split(b"?>", 1)[1].replace(b'name="Mulai"', b'name="&x;"', 1))
    error = refused(rt, admin, data)
    assert "RAHASIA" not in str(error)


def test_billion_laughs_is_refused_quickly(rt, admin):
    lol = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10) for i in range(8)
    ) + b']><l>&i;</l>'
    refused(rt, admin, lol)


def test_latin1_declared_file_is_read_by_its_declaration(rt, admin):
    data = ETALASE.replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'").replace(
        "Pembuatan Etalase".encode(), "Pembuatan Etalase \u00e9".encode("latin-1"))
    assert b"ISO-8859-1" in data
    (info,) = deploy.deploy_diagram(rt, admin, data, "etalase_katalog_lokal.bpmn")
    assert "\u00e9" in info.name


def test_script_task_is_refused_naming_it(rt, admin):
    body = linear_body().replace('<bpmn:userTask id="t1" name="1. Langkah"></bpmn:userTask>',
                                 '<bpmn:scriptTask id="t1" name="1. Skrip"><bpmn:script>import os</bpmn:script></bpmn:scriptTask>')
    error = refused(rt, admin, tiny_bpmn(body))
    assert any(p.element_id == "t1" and p.line for p in error.problems)


@pytest.mark.parametrize("value", ["PT1X", "P", "1 hari", "P1D2", "R/P1Q", "2026-13-45T00:00:00"])
def test_invalid_timer_value_is_refused_naming_the_event(rt, admin, value):
    error = refused(rt, admin, tiny_bpmn(linear_body(timer=value)))
    assert error.problems[0].element_id == "timer_t1" and error.problems[0].line


@pytest.mark.parametrize("value", ["PT1H", "P1D", "PT30M", "'P3D'", '"PT10M"', "P1W"])
def test_timer_literals_as_modellers_write_them_are_accepted(rt, admin, value):
    (info,) = deploy.deploy_diagram(rt, admin, tiny_bpmn(linear_body(timer=value)), "tiny.bpmn")
    assert info.version == 1


def test_call_activity_calling_itself_is_refused(rt, admin):
    body = linear_body().replace('<bpmn:userTask id="t1" name="1. Langkah"></bpmn:userTask>',
                                 '<bpmn:callActivity id="t1" name="1. Panggil" calledElement="tiny"/>')
    error = refused(rt, admin, tiny_bpmn(body))
    assert any(p.element_id == "t1" for p in error.problems)


def test_call_activity_to_an_unknown_process_is_refused(rt, admin):
    body = linear_body().replace('<bpmn:userTask id="t1" name="1. Langkah"></bpmn:userTask>',
                                 '<bpmn:callActivity id="t1" name="1. Panggil" calledElement="belum_ada"/>')
    error = refused(rt, admin, tiny_bpmn(body))
    assert any(p.element_id == "t1" and "belum_ada" in p.message for p in error.problems)


def test_flow_to_a_missing_element_names_the_flow(rt, admin):
    body = linear_body().replace('targetRef="end"', 'targetRef="nowhere"')
    error = refused(rt, admin, tiny_bpmn(body))
    assert error.problems[0].element_id == "f2" and "nowhere" in error.problems[0].message


def test_only_admins_deploy(rt):
    with pytest.raises(NotAllowed):
        deploy.deploy_diagram(rt, Actor("x", frozenset({"Kepala OPD"})), ETALASE, "x.bpmn")
