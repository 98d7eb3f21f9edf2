"""Alur benchmarks: ``python -m bench.run`` (or ``make bench``) runs them all and writes
bench/BENCHMARKS.md; each module also runs alone (``python -m bench.engine_overhead --help``)."""
