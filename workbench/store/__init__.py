"""The tag store: tags, notes and done marks of sentences per coder, in an SQLite file that never loses a change.

Corrections of the extracted actors and claims are kept beside them, per coder, with the same
history, undo and merging (``TagStore.correct``, ``TagStore.reject``, ``TagStore.corrections``).

``TagStore`` is the public name (with ``TagStore.backup`` for a safe copy, ``TagStore.recover``,
which returns a ``Recovery``, for a damaged file, and ``TagStore.merge_from``, which returns a
``Merge``, to gather coders' stores); :func:`merge` merges several stores into a team store;
:mod:`workbench.store.migrations` holds the schema's named migrations.
"""

from __future__ import annotations

from workbench.store._copies import Recovery
from workbench.store._evolve import CodebookAction
from workbench.store._merge import Conflict, Merge
from workbench.store._store import TagStore, default_coder
from workbench.store._tagging import MAX_NOTE_CHARS
from workbench.store._team import merge

__all__ = ["MAX_NOTE_CHARS", "CodebookAction", "Conflict", "Merge", "Recovery", "TagStore", "default_coder", "merge"]
