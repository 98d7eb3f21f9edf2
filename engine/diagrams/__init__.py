"""BPMN diagrams: XML (bpmn_xml), validation (validate), the typed step catalog (catalog) and
how it is built from a diagram (catalog_build), deployment of versions (deploy), path simulation."""
