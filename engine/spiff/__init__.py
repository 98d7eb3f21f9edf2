"""Adapters to SpiffWorkflow: operations on a live workflow (ready steps, tasks by id,
timers' due times), state serialization, compaction, Alur's timer events.

SpiffWorkflow's private API is touched only in this package."""
