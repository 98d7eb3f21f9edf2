"""Who may do what: the seed of the access policy.

For now one rule: some things only an admin may do. Each caller names the thing in the
words the refusal shows ("mengubah kalender kerja").
"""
from __future__ import annotations

from engine.errors import NotAllowed
from engine.records import Actor


def check_admin(actor: Actor, action: str) -> None:
    """Refuse (:class:`~engine.errors.NotAllowed`) unless ``actor`` is an admin;
    ``action``: what only an admin may do, in Bahasa Indonesia."""
    if not actor.is_admin:
        raise NotAllowed(f"Hanya admin yang boleh {action}")
