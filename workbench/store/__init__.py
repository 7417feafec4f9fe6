"""The tag store: tags, notes and done marks of sentences per coder, in an SQLite file that never loses a change.

``TagStore`` is the public name; :mod:`workbench.store.migrations` holds the schema's named
migrations.
"""

from __future__ import annotations

from workbench.store._store import TagStore, default_coder

__all__ = ["TagStore", "default_coder"]
