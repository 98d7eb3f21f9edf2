"""BPMN XML: namespaces, hardened parsing (no entities, no network, no DTD) and element helpers.

Shared by validation (``engine.diagrams.validate``), catalog building
(``engine.diagrams.catalog_build``) and path simulation.
"""
from __future__ import annotations

from typing import Any

from lxml import etree

from engine.errors import DeployError, Problem

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
ALUR_NS = "http://alur.id/schema/bpmn/1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "alur": ALUR_NS}

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def make_xml_parser() -> etree.XMLParser:
    """lxml with every option that matters set explicitly: no entities, no network, no DTD."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        recover=False,
    )



def local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def text_of(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_xml(data: bytes, filename: str = "diagram.bpmn") -> etree._Element:
    """Parse bytes (any declared encoding) with hardened options; refuse DOCTYPEs."""
    if not isinstance(data, (bytes, bytearray)):
        raise DeployError("Diagram harus diberikan sebagai bytes", [Problem("bukan bytes", file=filename)])
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DeployError(
            "Berkas terlalu besar",
            [Problem(f"ukuran {len(data)} byte melebihi batas {MAX_DOCUMENT_BYTES} byte", file=filename)],
        )
    if not data.strip():
        raise DeployError("Berkas kosong", [Problem("berkas tidak berisi XML", file=filename)])
    try:
        root = etree.fromstring(bytes(data), make_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise DeployError(
            "Berkas bukan XML yang sah",
            [Problem(f"XML tidak sah: {exc.msg}", line=exc.lineno, file=filename)],
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise DeployError(
            "DOCTYPE tidak diizinkan",
            [Problem("dokumen BPMN tidak boleh memuat DOCTYPE/entitas", line=1, file=filename)],
        )
    if etree.QName(root).namespace != BPMN_NS or local(root.tag) != "definitions":
        raise DeployError(
            "Berkas bukan dokumen BPMN 2.0",
            [
                Problem(
                    f"elemen akar adalah <{local(root.tag)}> dalam namespace "
                    f"{etree.QName(root).namespace or '(kosong)'}; yang diharapkan bpmn:definitions "
                    f"dalam namespace {BPMN_NS}",
                    line=root.sourceline,
                    file=filename,
                )
            ],
        )
    return root

