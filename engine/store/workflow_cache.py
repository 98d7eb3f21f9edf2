"""Live workflows of recently changed cases, so the next step of a case skips deserializing.

A case's stored state is the truth; this cache only holds, per case, the workflow object
that was saved last *by this process*, under the case's ``lock_version`` at that save. Every
write of a case (in any process) bumps ``lock_version``, so an entry is used only when the
row still has exactly the version this process wrote: otherwise the state is deserialized
as usual.

Entries are *taken* (removed) by the writer that uses them and put back only after its
transaction committed: two threads never share a workflow object, and a step that fails
half-way (its transaction rolled back, its workflow object possibly changed) never leaves
an entry behind.
"""
from __future__ import annotations

from collections import OrderedDict
from threading import Lock

DEFAULT_SIZE = 512


class WorkflowCache:
    def __init__(self, size: int = DEFAULT_SIZE):
        self.size = size
        self._items: OrderedDict[int, tuple[int, object, object]] = OrderedDict()
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def take(self, case_id: int, lock_version: int):
        """``(workflow, extra)`` of ``case_id`` if this process saved it at ``lock_version``
        (removed from the cache), else None. ``extra``: what the saver put with it."""
        with self._lock:
            entry = self._items.pop(case_id, None)
            if entry is not None and entry[0] == lock_version:
                self.hits += 1
                return entry[1], entry[2]
            self.misses += 1
            return None

    def put(self, case_id: int, lock_version: int, workflow, extra=None) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[case_id] = (lock_version, workflow, extra)
            self._items.move_to_end(case_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def discard(self, case_id: int) -> None:
        with self._lock:
            self._items.pop(case_id, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
