"""Compaction keeps joins inside loops correct (parallel, inclusive, sub-processes).

SpiffWorkflow 3.2 alone gets a parallel or inclusive join inside a loop wrong after some iterations
(bench/loop_joins.py measures it); with the finished past cut away each iteration joins only its own
branches. The diagrams and the driver are shared with that benchmark."""
from __future__ import annotations

import pytest

from bench.loop_joins import BODIES, run_once
from engine.spiff.compaction import compact


@pytest.mark.parametrize("kind", sorted(BODIES))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_joins_inside_a_loop_stay_correct_with_compaction(kind, seed):
    assert run_once(kind, 12, seed, compact) == "correct"
