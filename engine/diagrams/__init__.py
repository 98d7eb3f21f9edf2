"""BPMN diagrams: validation, the step catalog, deployment of versions, path simulation."""
