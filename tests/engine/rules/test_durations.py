"""engine.rules.durations: the one ISO 8601 duration grammar, and who uses it."""
from __future__ import annotations

import pytest

from engine.rules.durations import DURATION_FIELDS, match_duration, parse_duration
from engine.rules.expressions import is_iso8601_literal


@pytest.mark.parametrize("text", ["P3D", "PT30M", "P1Y2M10DT2H30M", "P2W", "PT1.5H", "P1WT2H", "P1W2D", "P0.5D",
                                  "P1,5Y2M", "PT0S"])
def test_match_duration_accepts_the_grammar(text):
    match = match_duration(text)
    assert match is not None
    assert [n for n in DURATION_FIELDS if match.group(n) is not None]


@pytest.mark.parametrize("text", ["", "P", "PT", "P1DT", "PT1H2", "p3d", " P3D", "P3D ", "P1D1D", "PT1S1H", "P1H",
                                  "-P1D", "P0001-02-03", "3D"])
def test_match_duration_refuses_what_is_not(text):
    assert match_duration(text) is None


def test_each_user_adds_its_own_rules_on_top():
    # Weeks combined with days: in the grammar, not a literal, refused by the strict parser.
    assert match_duration("P1W2D") is not None
    assert not is_iso8601_literal("P1W2D")
    with pytest.raises(ValueError, match="minggu"):
        parse_duration("P1W2D")
    # A fraction of a day: an expression literal, but not a working-time duration.
    assert is_iso8601_literal("P0.5D")
    with pytest.raises(ValueError, match="P4H|PT4H"):
        parse_duration("P0.5D")
    # A fraction before the last component: neither.
    assert match_duration("PT1.5H30M") is not None
    assert not is_iso8601_literal("PT1.5H30M")
    with pytest.raises(ValueError, match="satuan terkecil"):
        parse_duration("PT1.5H30M")


def test_parse_duration_reads_lowercase_and_whitespace():
    assert str(parse_duration(" p1dt2h ")) == "P1DT2H"
