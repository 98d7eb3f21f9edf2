"""Compaction: cut the finished past out of a running workflow's task tree.

SpiffWorkflow keeps every task it ever ran in one tree: each loop iteration hangs
below the previous one (six levels per iteration with a boundary timer on each
step). The tree then grows without bound: loading and saving cost grows with
every iteration, ``TaskIterator`` stops seeing tasks deeper than 1,000 levels
(the case would look complete with a step still open) and Python's recursion
limit is hit after about 160 correction loops.

Nothing in the future of a case needs its finished past: a task's data is its
own copy, joins look only below their split, and Alur's audit trail keeps the
history. So before each save the chain of finished tasks between the root and
the lowest task that still leads to every unfinished task is removed, together
with finished side branches (cancelled deadlines, late paths). The tree then
stays as small as what is still open.

An adapter module: it relinks the tree through SpiffWorkflow's private task attributes
(``_children``, ``_parent``), which only ``engine.spiff`` may touch (see ``engine.spiff.workflow``).
"""
from __future__ import annotations

from SpiffWorkflow.util.task import TaskState


def live_tasks(workflow) -> set:
    """Ids of unfinished tasks and of every ancestor of one."""
    live = set()
    for task in workflow.tasks.values():
        if task.has_state(TaskState.FINISHED_MASK):
            continue
        current = task
        while current is not None and current.id not in live:
            live.add(current.id)
            current = current.parent
    return live


def drop_subtree(workflow, task) -> int:
    stack, dropped = [task], 0
    while stack:
        current = stack.pop()
        stack.extend(current.children)
        workflow.tasks.pop(current.id, None)
        dropped += 1
    return dropped


def compact_tree(workflow) -> int:
    """Compact one (sub)workflow in place. Returns how many task records were removed."""
    root = workflow.task_tree
    live = live_tasks(workflow)
    if root is None or root.id not in live:
        return 0  # finished: keep everything (the end event names the outcome)
    node, removed, chain = root, 0, []
    while node.has_state(TaskState.FINISHED_MASK):
        live_children = [c for c in node.children if c.id in live]
        if len(live_children) != 1:
            break
        for child in node.children:
            if child.id not in live:
                removed += drop_subtree(workflow, child)
        if node is not root:
            chain.append(node)
        node = live_children[0]
    if not chain:
        return removed
    for task in chain:
        workflow.tasks.pop(task.id, None)
    removed += len(chain)
    root._children = [node.id]
    node._parent = root.id
    if workflow.last_task is not None and workflow.last_task.id not in workflow.tasks:
        workflow.last_task = None
    return removed


def compact(workflow) -> int:
    """Compact a workflow and its running sub-workflows (call activities, sub-processes)."""
    if workflow.is_completed():
        return 0
    removed = compact_tree(workflow)
    for subprocess in workflow.subprocesses.values():
        removed += compact_tree(subprocess)
    return removed
