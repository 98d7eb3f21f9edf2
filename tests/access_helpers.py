"""A small offer process for the access tests (issue 13): an external lane Penyedia (with a
proxy role), an internal lane Pejabat Pengadaan and a cross-unit lane LKPP; step t1 asks for
an offer document."""
from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import tiny_bpmn

VENDOR, STAFF, LKPP, PROXY = "Penyedia", "Pejabat Pengadaan", "LKPP", "Subbag Pengelolaan LPSE"

BODY = """
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t1"/>
    <bpmn:userTask id="t1" name="1. Mengajukan penawaran"/>
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="t2"/>
    <bpmn:userTask id="t2" name="2. Memeriksa penawaran"/>
    <bpmn:sequenceFlow id="f3" sourceRef="t2" targetRef="t3"/>
    <bpmn:userTask id="t3" name="3. Menetapkan hasil"/>
    <bpmn:sequenceFlow id="f4" sourceRef="t3" targetRef="t4"/>
    <bpmn:userTask id="t4" name="4. Menandatangani kontrak"/>
    <bpmn:sequenceFlow id="f5" sourceRef="t4" targetRef="end"/>
    <bpmn:endEvent id="end"/>"""

OFFER_FORM = {"title": "1. Mengajukan penawaran", "schema": {"type": "object", "properties": {}},
              "attachments": [{"name": "penawaran", "title": "Dokumen penawaran", "required": False}]}


def lanes(vendor_ext: str = f"<alur:party>external</alur:party><alur:proxy>{PROXY}</alur:proxy>",
          lkpp_ext: str = "<alur:party>cross-unit</alur:party>") -> str:
    def lane(lane_id, name, ext, refs):
        ext = f"<bpmn:extensionElements>{ext}</bpmn:extensionElements>" if ext else ""
        return (f'<bpmn:lane id="{lane_id}" name="{name}">{ext}'
                + "".join(f"<bpmn:flowNodeRef>{r}</bpmn:flowNodeRef>" for r in refs.split()) + "</bpmn:lane>")

    return ('<bpmn:laneSet id="ls">' + lane("L1", VENDOR, vendor_ext, "start t1 t4")
            + lane("L2", STAFF, "", "t2 end") + lane("L3", LKPP, lkpp_ext, "t3") + "</bpmn:laneSet>")


def offer_diagram(process_id: str = "penawaran", **lane_options) -> bytes:
    return tiny_bpmn(BODY, process_id, lanes=lanes(**lane_options))


def write_offer_forms(forms_dir: Path, process_id: str = "penawaran") -> Path:
    """The offer step's form (with its document) in a forms folder for the runtime."""
    folder = Path(forms_dir) / process_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t1.json").write_text(json.dumps(OFFER_FORM))
    return Path(forms_dir)
