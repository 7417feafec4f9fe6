"""The tag store: tags, notes and done marks of sentences per coder, in an SQLite file that never loses a change.

``TagStore`` is the public name (with ``TagStore.backup`` for a safe copy and
``TagStore.recover``, which returns a ``Recovery``, for a damaged file);
:mod:`workbench.store.migrations` holds the schema's named migrations.
"""

from __future__ import annotations

from workbench.store._copies import Recovery
from workbench.store._store import TagStore, default_coder

__all__ = ["Recovery", "TagStore", "default_coder"]
