"""Posted form texts become the types of the form's schema before validation."""
from __future__ import annotations

from engine.rules.forms import coerce_submission

FORM = {"schema": {"type": "object", "properties": {
    "items": {"type": "array"}, "ok": {"type": "boolean"}, "count": {"type": "integer"},
    "price": {"type": "number"}, "name": {"type": "string"}, "note": {"type": "string", "format": "textarea"},
}}}


def test_texts_become_the_schema_types():
    posted = {"items": ["a", "b"], "ok": ["on"], "count": ["3"], "price": ["1,5"], "name": ["  Budi "],
              "note": ["  baris\n"], "other": ["x"]}
    assert coerce_submission(FORM, posted) == {"items": ["a", "b"], "ok": True, "count": 3, "price": 1.5,
                                               "name": "Budi", "note": "  baris\n"}


def test_empty_and_unparsable_fields():
    assert coerce_submission(FORM, {"count": [""], "price": ["banyak"], "items": []}) == {"ok": False,
                                                                                           "price": "banyak"}
    assert coerce_submission(FORM, {"count": ["tiga"], "ok": ["tidak"]}) == {"count": "tiga", "ok": False}
