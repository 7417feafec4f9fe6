"""The records a store's changes are written as: history rows, the changes undo can take back, timestamps, events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, NamedTuple

Event = dict[str, Any]
"""What subscribers receive: ``action``, ``sentence_id``, ``sentence_ids``, ``tag``, ``coder``."""


def now() -> str:
    """Return the current time as the store writes it: ISO 8601 in UTC, to the microsecond."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Change(NamedTuple):
    """A change made through one store object, as undo finds it: its history batch, its coder, its codebook change.

    ``batch`` is None for a codebook change that touched no tag (adding or retiring a tag);
    ``codebook_change`` is the ``codebook_changes`` row of a change to the codebook, else None.
    """

    batch: int | None
    coder: str
    codebook_change: int | None = None


class Row(NamedTuple):
    """One history row as the store writes it; ``coder`` None means the store's own coder."""

    sentence_id: str
    tag: str | None = None
    note: str | None = None
    previous: str | None = None
    undoes: int | None = None
    coder: str | None = None


class Recorded(NamedTuple):
    """A history row as undo reads it back."""

    change_id: int
    action: str
    sentence_id: str
    tag: str | None
    note: str | None
    previous: str | None
    coder: str
