"""Fixtures of the timer tests: the people of the deadline diagrams and a local SMTP sink."""
from __future__ import annotations

import pytest

from tests.timer_helpers import LANE_A, LANE_B, SmtpSink, person


@pytest.fixture
def smtp_sink():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def staff(rt):
    person(rt, "andi", LANE_A, email="andi@ukpbj.example")
    person(rt, "budi", LANE_A)
    person(rt, "cuti", LANE_A, email="cuti@ukpbj.example", active=False)
    person(rt, "kepala", "Kepala Uji", email="kepala@ukpbj.example")
    person(rt, "pimpinan", "Pimpinan Uji", email="pimpinan@ukpbj.example")
    person(rt, "rina", LANE_B, email="rina@ukpbj.example")
    person(rt, "lain", "Peran Lain", email="lain@ukpbj.example")
