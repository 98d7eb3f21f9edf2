"""Adapters to SpiffWorkflow: state serialization, compaction, Alur's timer events.

SpiffWorkflow's private API is touched only in this package."""
