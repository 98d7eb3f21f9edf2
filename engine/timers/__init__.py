"""Time: the timer worker, the set-based deadline sweep and recounting deadlines."""
